//! `piyasa config check`: the configuration `piyasa run` would start with,
//! checked without starting anything; a wrong key is named, Kubernetes'
//! service-link variables are not read, nothing is written.

use crate::support::{piyasa, text};

#[test]
fn a_good_config_is_summarised_with_service_links_left_alone_and_secrets_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(&file, "[server]\nhost = \"0.0.0.0\"\n[llm]\nprovider = \"openai\"\npreset = \"openai\"\nmodel = \"gpt-4o-mini\"\napi_key_env = \"PIYASA_CHECK_KEY\"\n").unwrap();
    let out = piyasa(dir.path())
        .args(["config", "check", "--config"])
        .arg(&file)
        .env_remove("PIYASA_LLM__PROVIDER")
        .env("PIYASA_DATABASE__URL", "postgres://piyasa:hunter2@db:5432/piyasa")
        // What a pod of a release named `piyasa` gets from Kubernetes.
        .env("PIYASA_PORT", "tcp://10.0.0.1:8080")
        .env("PIYASA_SERVICE_HOST", "10.0.0.1")
        .env("PIYASA_SERVICE_PORT_HTTP", "8080")
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.starts_with("config ok\n"), "{stdout}");
    assert!(stdout.contains("server: 0.0.0.0:8080"), "{stdout}");
    assert!(stdout.contains("llm: openai (gpt-4o-mini)"), "{stdout}");
    assert!(stdout.contains("workers: off (one process runs every room)"), "{stdout}");
    assert!(
        stdout.contains("not read (not Piyasa keys): PIYASA_PORT, PIYASA_SERVICE_HOST, PIYASA_SERVICE_PORT_HTTP"),
        "{stdout}"
    );
    assert!(stdout.contains("api_key_env PIYASA_CHECK_KEY is not set here"), "{stdout}");
    assert!(stdout.contains("db:5432") && !stdout.contains("hunter2"), "the password is never shown: {stdout}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing but the config file: no database made");
}

#[test]
fn a_wrong_key_or_value_fails_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    const WORKERS: &str = "[database]\nurl = \"postgres://db/piyasa\"\n[redis]\nurl = \"redis://redis:6379\"\n";
    let short_lease = format!("{WORKERS}lease_ttl_ms = 100\n");
    let cases: [Case; 8] = [
        ("[server]\nprot = 1\n", &[], "server.prot"),
        ("", &[("PIYASA_SERVER__PROT", "1")], "server.prot"),
        // Workers share PostgreSQL: not the default SQLite file.
        ("", &[("PIYASA_REDIS__URL", "redis://redis:6379")], "redis.url"),
        (&short_lease, &[], "redis.lease_ttl_ms"),
        (WORKERS, &[("PIYASA_REDIS__LEASE", "9")], "redis.lease"),
        (WORKERS, &[("PIYASA_TELEGRAM__ENABLED", "true")], "telegram.token_key"),
        ("[llm]\nprovider = \"openai\"\n", &[], "llm.model"),
        ("[community]\nfile = \"nowhere.yaml\"\n", &[], "community.file"),
    ];
    for (toml, env, key) in cases {
        let file = dir.path().join("p.toml");
        std::fs::write(&file, toml).unwrap();
        let mut cmd = piyasa(dir.path());
        cmd.args(["config", "check", "--config"]).arg(&file).env_remove("PIYASA_LLM__PROVIDER");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{toml} {env:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.to_lowercase().contains(key),
            "{toml} {env:?} should name {key}: {stderr}"
        );
        assert!(text(&out.stdout).is_empty(), "no 'config ok' for {toml} {env:?}");
    }
}
