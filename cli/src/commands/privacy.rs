//! `piyasa privacy forget --user ID`: deletes one person's messages from the
//! store and says how many rows went. A running server on the same database
//! drops the person's lines from its rooms' memory within a second (it
//! follows the store's forget requests), as `DELETE /api/privacy/users/{id}`
//! does at once.

use actors::privacy::PersonId;
use anyhow::Context as _;
use schema::Store;
use web::settings::Settings;

pub async fn forget(settings: &Settings, user: &str) -> anyhow::Result<()> {
    let who = PersonId::parse(user).map_err(|e| anyhow::anyhow!("--user: {e}"))?;
    let store = Store::connect(&settings.database.url)
        .await
        .with_context(|| format!("database.url: {}", schema::store::redact(&settings.database.url)))?;
    let done = store.forget_human(who.as_str()).await.context("deleting the person's messages")?;
    let now = actors::clock::Clock::system().now().0;
    store.request_forget(who.as_str(), now).await.context("telling running servers")?;
    println!("forgot {}: {} messages deleted, {} replies unlinked", who.as_str(), done.messages, done.replies_unlinked);
    Ok(())
}
