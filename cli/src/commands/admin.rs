//! `piyasa admin create|list|reset-password`: operator accounts from the
//! command line. This is how the first admin comes to be (there is no
//! unauthenticated set-up route). Passwords come from an environment
//! variable or standard input, never from the command line.

use super::telegram::secret_from;
use crate::cli::AdminCommand;
use schema::Store;
use secrecy::ExposeSecret as _;
use web::audit::{self, Entry, Who};
use web::auth::{Role, accounts, password};
use web::clock::Clock;
use web::settings::Settings;

pub async fn admin(settings: &Settings, cmd: AdminCommand) -> anyhow::Result<()> {
    let store = Store::connect(&settings.database.url).await?;
    let clock = Clock::system();
    match cmd {
        AdminCommand::Create { username, role, password_env } => {
            let role = Role::parse(&role).map_err(|e| anyhow::anyhow!("--role: {e}"))?;
            let pw = secret_from(&password_env, "password")?;
            let u = accounts::create(&store, &settings.auth, &username, pw.expose_secret(), role, clock.now_ms())
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            let summary = serde_json::json!({"username": u.username, "role": u.role, "disabled": false});
            let e = Entry::new("user.create", Some(u.username.clone())).after(summary);
            audit::record(&store, &clock, Who::cli(), e).await.map_err(|e| anyhow::anyhow!("{}", e.message))?;
            println!("created {} ({}): log in at /console (or POST /api/auth/login)", u.username, u.role);
        }
        AdminCommand::List => {
            let users = store.operators().await?;
            if users.is_empty() {
                println!("no accounts yet: piyasa admin create --username NAME --role admin");
            }
            for u in users {
                let state = if u.disabled { " (disabled)" } else { "" };
                let totp = if u.totp_enabled { ", totp" } else { "" };
                println!("{}\t{}\t{}{totp}{state}", u.id, u.username, u.role);
            }
        }
        AdminCommand::ResetPassword { username, password_env } => {
            let Some(u) = store.operator_by_username(&username).await? else {
                anyhow::bail!("--username: no account '{username}'");
            };
            let pw = secret_from(&password_env, "new password")?;
            accounts::check_password("password", pw.expose_secret()).map_err(|e| anyhow::anyhow!("{}", e.message))?;
            let hash = password::hash_blocking(pw.expose_secret().to_string(), settings.auth.clone()).await?;
            let now = clock.now_ms();
            store.set_password_hash(u.id, &hash, now).await?;
            let ended = store.revoke_sessions_of(u.id, now).await?;
            let e = Entry::new("user.update", Some(u.username.clone()))
                .after(serde_json::json!({"password": "reset", "sessions_ended": ended}));
            audit::record(&store, &clock, Who::cli(), e).await.map_err(|e| anyhow::anyhow!("{}", e.message))?;
            println!("password of {} reset; {ended} sessions ended, lockout cleared", u.username);
        }
    }
    Ok(())
}
