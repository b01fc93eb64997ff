//! `piyasa run` and `piyasa migrate`.

use web::settings::Settings;
use web::startup::Application;

/// Starts Piyasa and serves until Ctrl-C.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(&settings).await?;
    let c = &app.state.community;
    let bots: usize = {
        let mut n = 0;
        for r in &c.rooms() {
            n += r.members().await.map(|m| m.len()).unwrap_or(0);
        }
        n
    };
    let llm = settings
        .providers()?
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                p.name,
                p.options.model.clone().unwrap_or_else(|| p
                    .options
                    .model_path
                    .as_ref()
                    .map(|m| m.display().to_string())
                    .unwrap_or_default())
            )
        })
        .collect::<Vec<_>>()
        .join(" → ");
    println!();
    println!("  Piyasa is live: open {}", app.url());
    println!("  rooms: {}", c.rooms().iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "));
    println!("  bots: {bots} (every one an AI persona, marked {})", settings.ai_marker);
    println!("  llm: {llm}");
    println!("  database: {}", schema::store::redact(&settings.database.url));
    if app.telegram.is_some() {
        println!("  telegram: on ({:?}, {})", settings.telegram.mode, settings.telegram.api_base_url);
    }
    println!("  operator console: {}console", app.url());
    println!("  API docs: {}docs", app.url());
    match c.store.operators().await {
        Ok(users) if users.is_empty() => {
            println!("  operators: none yet; create the first admin with");
            println!("    ADMIN_PASSWORD=… piyasa admin create --username NAME --role admin");
        }
        Ok(users) => println!("  operators: {} accounts (log in at POST /api/auth/login)", users.len()),
        Err(e) => println!("  operators: unknown ({e})"),
    }
    if let (Some(addr), Some(_)) = (&settings.metrics.listen, app.metrics_port()) {
        println!("  metrics: http://{addr}/metrics");
    }
    println!("  stop with Ctrl-C");
    println!();
    let handle = app.server_handle();
    actix_web::rt::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("stopping");
            handle.stop(true).await;
        }
    });
    app.run_until_stopped().await?;
    Ok(())
}

/// Runs pending migrations.
pub async fn migrate(settings: Settings) -> anyhow::Result<()> {
    let done = schema::store::migrate(&settings.database.url).await?;
    if done.is_empty() {
        println!("database is up to date");
    } else {
        for m in done {
            println!("applied {m}");
        }
    }
    Ok(())
}
