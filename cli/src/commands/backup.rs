//! `piyasa backup` and `piyasa restore` (see `schema::backup`).

use std::path::Path;
use web::settings::Settings;

pub async fn backup(settings: &Settings, out: &Path) -> anyhow::Result<()> {
    let r = schema::backup::backup(&settings.database.url, out).await?;
    println!(
        "backed up {} to {} ({} messages)",
        schema::store::redact(&settings.database.url),
        r.file.display(),
        r.messages
    );
    Ok(())
}

pub async fn restore(settings: &Settings, file: &Path, force: bool) -> anyhow::Result<()> {
    let url = &settings.database.url;
    let r = schema::backup::restore(url, file, force).await?;
    // A backup from an older Piyasa gets this one's migrations now.
    let migrated = schema::store::migrate(url).await?;
    println!("restored {} into {} ({} messages)", r.file.display(), schema::store::redact(url), r.messages);
    if let Some(kept) = r.kept {
        println!("  the data it replaced is kept in {}", kept.display());
    }
    for m in migrated {
        println!("  applied {m}");
    }
    Ok(())
}
