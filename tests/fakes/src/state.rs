//! State shared between the [`FakeLlm`](crate::FakeLlm) handle and the
//! server's handlers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::fault::Fault;
use crate::latency::Latency;
use crate::reply::{self, Reply};
use crate::wire::RecordedRequest;

/// Knobs and records; one per server.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    inner: Mutex<Inner>,
    next_id: AtomicU64,
}

#[derive(Debug, Default)]
struct Inner {
    fault: Fault,
    latency: Latency,
    reply: Reply,
    script_pos: usize,
    requests: Vec<RecordedRequest>,
}

/// What to do with one request, decided when it arrives.
#[derive(Debug)]
pub(crate) struct Plan {
    /// Number for `chatcmpl-N`.
    pub id: u64,
    /// Delay before answering.
    pub latency: Duration,
    /// The fault in force; never [`Fault::FailNext`] (resolved to `Status`).
    pub fault: Fault,
    /// Reply content, when the fault lets content through.
    pub content: String,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking test thread must not wedge the fake for other tests.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_fault(&self, fault: Fault) {
        self.lock().fault = fault;
    }

    pub fn set_latency(&self, latency: Latency) {
        self.lock().latency = latency;
    }

    pub fn set_reply(&self, reply: Reply) {
        let mut inner = self.lock();
        inner.reply = reply;
        inner.script_pos = 0;
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    pub fn request_count(&self) -> usize {
        self.lock().requests.len()
    }

    /// Records `request` and decides how to answer it. An invalid request
    /// (`valid == false`) leaves faults and scripts untouched.
    pub fn admit(&self, request: RecordedRequest, valid: bool) -> Plan {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut inner = self.lock();
        let fault = if valid { inner.take_fault() } else { Fault::None };
        let content = if valid && fault.needs_content() { inner.next_content(&request) } else { String::new() };
        inner.requests.push(request);
        Plan { id, latency: inner.latency.sample(id), fault, content }
    }
}

impl Inner {
    /// The fault for this request, counting down [`Fault::FailNext`].
    fn take_fault(&mut self) -> Fault {
        let Fault::FailNext { count, code } = self.fault else {
            return self.fault.clone();
        };
        self.fault = match count {
            0 | 1 => Fault::None,
            _ => Fault::FailNext { count: count - 1, code },
        };
        if count == 0 {
            return Fault::None;
        }
        Fault::Status { code, retry_after_secs: None }
    }

    fn next_content(&mut self, request: &RecordedRequest) -> String {
        match &self.reply {
            Reply::Fixed(text) => text.clone(),
            Reply::Script(lines) if !lines.is_empty() => {
                let text = lines[self.script_pos % lines.len()].clone();
                self.script_pos = self.script_pos.wrapping_add(1);
                text
            }
            Reply::Weak(weak) => crate::weak::reply(*weak, request, self.requests.len() as u64),
            Reply::Varied => crate::varied::line(&request.prompt_text()),
            Reply::Echo | Reply::Script(_) => reply::echo(request.last_user_message()).to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> RecordedRequest {
        crate::wire::parse(br#"{"messages":[{"role":"user","content":"x"}]}"#, None).0
    }

    #[test]
    fn fail_next_counts_down_then_clears() {
        let shared = Shared::default();
        shared.set_fault(Fault::FailNext { count: 2, code: 503 });
        let faults: Vec<_> = (0..3).map(|_| shared.admit(request(), true).fault).collect();
        let failed = Fault::Status { code: 503, retry_after_secs: None };
        assert_eq!(faults, [failed.clone(), failed, Fault::None]);
    }

    #[test]
    fn a_script_cycles_and_restarts_when_set() {
        let shared = Shared::default();
        shared.set_reply(Reply::Script(vec!["a".into(), "b".into()]));
        let got: Vec<_> = (0..3).map(|_| shared.admit(request(), true).content).collect();
        assert_eq!(got, ["a", "b", "a"]);
        shared.set_reply(Reply::Script(vec!["c".into(), "d".into()]));
        assert_eq!(shared.admit(request(), true).content, "c");
    }

    #[test]
    fn invalid_requests_are_recorded_without_consuming_faults() {
        let shared = Shared::default();
        shared.set_fault(Fault::FailNext { count: 1, code: 500 });
        let plan = shared.admit(request(), false);
        assert_eq!(plan.fault, Fault::None);
        assert_eq!(shared.request_count(), 1);
        assert_ne!(shared.admit(request(), true).fault, Fault::None);
    }
}
