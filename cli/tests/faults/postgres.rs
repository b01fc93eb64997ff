//! PostgreSQL restarted under a running Piyasa: a server of the test's own
//! (initdb in a temporary folder, a free port), restarted with `pg_ctl
//! restart -m fast` (every connection dropped) while people post and bots
//! talk. Recovery: from the server back to the next bot message stored.

use crate::row;
use crate::stack::{Stack, serial};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct OwnPg {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

/// Runs a PostgreSQL tool as a user it accepts (initdb refuses root).
fn as_pg(tool: &Path) -> Command {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(tool);
        c
    } else {
        Command::new(tool)
    }
}

impl OwnPg {
    fn start() -> OwnPg {
        let bin = which("initdb")
            .or_else(|| {
                let mut found: Vec<PathBuf> =
                    std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).collect();
                found.sort();
                found.pop()
            })
            .expect("PostgreSQL's initdb (make test installs PostgreSQL when missing)");
        let dir = tempfile::tempdir().unwrap();
        Command::new("chmod").arg("777").arg(dir.path()).status().unwrap();
        let data = dir.path().join("data");
        let out = as_pg(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-A", "trust", "--no-sync"])
            .output()
            .unwrap();
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let pg = OwnPg { bin, dir, port };
        pg.ctl("start");
        pg
    }

    fn ctl(&self, what: &str) {
        let opts =
            format!("-p {} -k {} -c fsync=off -c listen_addresses=127.0.0.1", self.port, self.dir.path().display());
        let log = self.dir.path().join("pg.log");
        let out = as_pg(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "fast", "-w", "-o", &opts, "-l"])
            .arg(&log)
            .arg(what)
            .output()
            .unwrap();
        assert!(out.status.success(), "pg_ctl {what}: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for OwnPg {
    fn drop(&mut self) {
        let _ = as_pg(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

fn which(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join(tool).is_file())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarted_mid_run() {
    let _one = serial().await;
    let pg = OwnPg::start();
    let mut s = Stack::on(tempfile::tempdir().unwrap(), pg.url()).await;
    s.until("the room talks", Duration::from_secs(30), || async { !s.bot_messages_after(0).await.is_empty() }).await;
    s.post("Defne", "@mehmet_bist bankalar neden düştü? (önce)").await.expect("stored");
    pg.ctl("restart");
    let back = Instant::now();
    // Posts right after the restart: each is either acknowledged (and then kept) or refused.
    for i in 0..5 {
        let _ = s.post("Defne", &format!("@ayse_makro faiz ne olur? ({i})")).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mark = s.acknowledged.iter().map(|a| a.id).max().unwrap();
    s.until("a bot message is stored again", Duration::from_secs(60), || async {
        !s.bot_messages_after(mark).await.is_empty()
    })
    .await;
    let recovery = back.elapsed();
    let refused = 6 - s.acknowledged.len();
    let note = format!("the pool reconnects; {refused} of 5 posts in the first second refused (503/500), none lost");
    row("PostgreSQL restarted (pg_ctl restart -m fast)", recovery, &note);
    s.check_nothing_lost_or_doubled().await;
}
