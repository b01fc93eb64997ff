//! Process and thread CPU time and peak RSS, read from `/proc` (Linux; on
//! other systems every figure reads 0). The fake LLM server runs in this
//! process on threads of its own (`fake-llm`, its HTTP workers
//! `actix-rt|system:…` and acceptor `actix-server …`: Piyasa itself starts
//! no arbiter threads and no HTTP server in `piyasa bench`), so Piyasa's own
//! CPU is the process's minus those threads'.

/// `/proc` reports CPU time in clock ticks of `USER_HZ`, 100 on Linux.
const TICKS_PER_S: f64 = 100.0;

/// CPU seconds at one moment.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sample {
    /// The whole process, exited threads included.
    pub process_cpu_s: f64,
    /// The fake LLM server's threads.
    pub fake_llm_cpu_s: f64,
}

impl Sample {
    pub fn now() -> Sample {
        Sample { process_cpu_s: cpu_s("/proc/self/stat").unwrap_or(0.0), fake_llm_cpu_s: fake_threads_cpu_s() }
    }
}

/// utime + stime of a `stat` file, in seconds.
fn cpu_s(path: &str) -> Option<f64> {
    let text = std::fs::read_to_string(path).ok()?;
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of stat(5); `rest` starts at field 3.
    let (utime, stime): (u64, u64) = (fields.get(11)?.parse().ok()?, fields.get(12)?.parse().ok()?);
    Some((utime + stime) as f64 / TICKS_PER_S)
}

fn is_fake_thread(comm: &str) -> bool {
    comm.starts_with("fake-llm") || comm.starts_with("actix-server") || comm.starts_with("actix-rt|")
}

fn fake_threads_cpu_s() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    tasks
        .flatten()
        .filter_map(|t| {
            let dir = t.path();
            let comm = std::fs::read_to_string(dir.join("comm")).ok()?;
            is_fake_thread(comm.trim()).then(|| cpu_s(&dir.join("stat").to_string_lossy())).flatten()
        })
        .sum()
}

/// CPU seconds another process (a worker) has used so far.
pub fn cpu_s_of(pid: u32) -> Option<f64> {
    cpu_s(&format!("/proc/{pid}/stat"))
}

/// Peak resident set size (`VmHWM`), in MiB.
pub fn peak_rss_mib() -> f64 {
    peak_rss_mib_of("self")
}

/// The same for process `pid` (`self` for this one).
pub fn peak_rss_mib_of(pid: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_cpu_time_and_a_peak_rss() {
        let busy: u64 = (0..5_000_000u64).fold(0, |a, b| a.wrapping_add(b * b));
        assert!(busy > 0);
        assert!(cpu_s("/proc/self/stat").is_some());
        assert!(peak_rss_mib() > 1.0);
    }

    #[test]
    fn the_fake_servers_threads_are_told_apart_by_name() {
        assert!(is_fake_thread("fake-llm") && is_fake_thread("actix-server ac") && is_fake_thread("actix-rt|system"));
        assert!(!is_fake_thread("tokio-runtime-w") && !is_fake_thread("piyasa"));
    }
}
