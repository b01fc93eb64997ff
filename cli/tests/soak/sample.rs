//! The process as the kernel sees it, every 10 s, and the verdict on the
//! samples after the warm-up.

use crate::stack::Stack;
use std::fmt;
use std::time::Duration;

pub struct Sample {
    pub minute: f64,
    /// Resident set, its anonymous and its file-backed parts (MiB).
    pub rss: f64,
    pub anon: f64,
    pub file: f64,
    pub fds: usize,
    pub threads: usize,
    pub posts: usize,
    pub sent: usize,
    pub llm_calls: usize,
    pub fault: Option<&'static str>,
}

/// The number on a line of /proc/PID/status.
fn status_field(status: &str, key: &str) -> f64 {
    let line = status.lines().find(|l| l.starts_with(key)).unwrap_or_else(|| panic!("{key} in /proc status"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A `kB` line of /proc/PID/status, in MiB.
fn status_mib(status: &str, key: &str) -> f64 {
    status_field(status, key) / 1024.0
}

impl Sample {
    pub fn take(pid: u32, t: Duration, s: &Stack, fault: Option<&'static str>) -> Sample {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the process is running");
        Sample {
            minute: t.as_secs_f64() / 60.0,
            rss: status_mib(&status, "VmRSS:"),
            anon: status_mib(&status, "RssAnon:"),
            file: status_mib(&status, "RssFile:"),
            fds: std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap().count(),
            threads: status_field(&status, "Threads:") as usize,
            posts: s.acknowledged.len(),
            sent: s.sent_to_group().len(),
            llm_calls: s.llm.request_count(),
            fault,
        }
    }

    pub fn line(&self) -> String {
        format!(
            "soak {:6.1} min: rss {:7.1} MiB (anon {:7.1}, file {:5.1}), fds {:4}, threads {:3}, posts {:6}, sent {:5}, llm calls {:6}{}",
            self.minute,
            self.rss,
            self.anon,
            self.file,
            self.fds,
            self.threads,
            self.posts,
            self.sent,
            self.llm_calls,
            self.fault.map(|f| format!(" [{f}]")).unwrap_or_default()
        )
    }
}

pub fn write_csv(path: &std::path::Path, samples: &[Sample]) {
    let mut out = String::from("minute,rss_mib,anon_mib,file_mib,fds,threads,posts,sent,llm_calls,fault\n");
    for s in samples {
        out += &format!(
            "{:.2},{:.1},{:.1},{:.1},{},{},{},{},{},{}\n",
            s.minute,
            s.rss,
            s.anon,
            s.file,
            s.fds,
            s.threads,
            s.posts,
            s.sent,
            s.llm_calls,
            s.fault.unwrap_or("")
        );
    }
    std::fs::write(path, out).unwrap();
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Memory and open files after the warm-up (the first sixth of the soak):
/// the first twelfth after it is the base; the last twelfth is the end.
pub struct Verdict {
    pub warm_up: f64,
    pub base_rss: f64,
    pub end_rss: f64,
    pub max_rss: f64,
    pub base_fds: f64,
    pub max_fds: f64,
    /// Group messages and people's posts in the last sixth: the rooms still going.
    pub late_sent: usize,
    pub late_posts: usize,
}

impl Verdict {
    pub fn of(samples: &[Sample]) -> Verdict {
        let length = samples.last().expect("samples").minute;
        let warm_up = length / 6.0;
        let window = |from: f64, to: f64| samples.iter().filter(move |s| s.minute >= from && s.minute <= to);
        let base: Vec<&Sample> = window(warm_up, warm_up + length / 12.0).collect();
        let end: Vec<&Sample> = window(length - length / 12.0, length).collect();
        let after = || window(warm_up, length);
        let late = samples.iter().find(|s| s.minute >= length - length / 6.0).expect("a late sample");
        let last = samples.last().unwrap();
        Verdict {
            warm_up,
            base_rss: median(base.iter().map(|s| s.rss).collect()),
            end_rss: median(end.iter().map(|s| s.rss).collect()),
            max_rss: after().map(|s| s.rss).fold(0.0, f64::max),
            base_fds: median(base.iter().map(|s| s.fds as f64).collect()),
            max_fds: after().map(|s| s.fds as f64).fold(0.0, f64::max),
            late_sent: last.sent - late.sent,
            late_posts: last.posts - late.posts,
        }
    }

    pub fn assert_flat(&self) {
        assert!(self.max_rss <= self.base_rss * 1.10, "memory grew after the warm-up: {self}");
        assert!(self.max_fds <= self.base_fds + 16.0, "open files grew after the warm-up: {self}");
        assert!(self.late_sent > 0 && self.late_posts > 0, "the rooms stopped: {self}");
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "after the warm-up ({:.0} min): RSS base {:.1} MiB, end {:.1} MiB ({:+.1} %), max {:.1} MiB ({:+.1} %); \
             open files base {:.0}, max {:.0}; last sixth: {} posts, {} group messages",
            self.warm_up,
            self.base_rss,
            self.end_rss,
            (self.end_rss / self.base_rss - 1.0) * 100.0,
            self.max_rss,
            (self.max_rss / self.base_rss - 1.0) * 100.0,
            self.base_fds,
            self.max_fds,
            self.late_posts,
            self.late_sent
        )
    }
}
