//! `piyasa run` and `piyasa migrate`.

use web::settings::Settings;
use web::startup::Application;

/// Starts Piyasa and serves until Ctrl-C or SIGTERM, then stops gracefully.
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
    let llm = super::config::llm_summary(&settings)?;
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
    if !settings.ignored_env.is_empty() {
        println!("  not read (not Piyasa keys): {}", settings.ignored_env.join(", "));
    }
    println!("  stop with Ctrl-C (or SIGTERM)");
    println!();
    let stopper = app.stopper();
    actix_web::rt::spawn(async move {
        let signal = stop_signal().await;
        tracing::info!(signal, "stopping: no new turns, finishing the requests in flight");
        stopper.stop().await;
    });
    app.run_until_stopped().await?;
    Ok(())
}

/// Waits for Ctrl-C (SIGINT) or SIGTERM (what Kubernetes and Docker send);
/// the signal's name.
async fn stop_signal() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => tokio::select! {
            Ok(()) = tokio::signal::ctrl_c() => "SIGINT",
            _ = term.recv() => "SIGTERM",
        },
        Err(e) => {
            tracing::warn!(error = %e, "SIGTERM cannot be caught; stopping on Ctrl-C only");
            let _ = tokio::signal::ctrl_c().await;
            "SIGINT"
        }
    }
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
