//! [`FakeLlm`]: the handle to a running fake OpenAI-compatible server.

use std::net::SocketAddr;
use std::thread::JoinHandle;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::web::Data;

use crate::fault::Fault;
use crate::latency::Latency;
use crate::reply::Reply;
use crate::server;
use crate::state::Shared;
use crate::wire::RecordedRequest;

/// A fake OpenAI-compatible chat-completions server on `127.0.0.1`.
///
/// Runs on its own thread with its own actix `System`; dropping the handle
/// stops it (without waiting for hung requests).
pub struct FakeLlm {
    shared: Data<Shared>,
    addr: SocketAddr,
    server: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FakeLlm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeLlm").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl FakeLlm {
    /// Starts a server on a free port; it answers every request normally
    /// with [`Reply::Echo`] until told otherwise.
    ///
    /// # Panics
    ///
    /// If the port cannot be bound or the server thread cannot start.
    pub fn start() -> FakeLlm {
        let shared = Data::new(Shared::default());
        let app_shared = shared.clone();
        let (addr, server, thread) =
            crate::serve::serve("fake-llm", move |cfg| server::configure(app_shared.clone())(cfg));
        FakeLlm { shared, addr, server, thread: Some(thread) }
    }

    /// Base URL for an OpenAI client, e.g. `http://127.0.0.1:PORT/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// The fault for subsequent requests (requests already waiting keep theirs).
    pub fn set_fault(&self, fault: Fault) {
        self.shared.set_fault(fault);
    }

    /// Delay before each subsequent answer (including faulted ones).
    pub fn set_latency(&self, latency: Duration) {
        self.shared.set_latency(Latency::Fixed(latency));
    }

    /// Delays drawn from a distribution for each subsequent answer
    /// (benchmarks: `Latency::LogNormal` looks like a real API).
    pub fn set_latency_distribution(&self, latency: Latency) {
        self.shared.set_latency(latency);
    }

    /// How the content of subsequent successful replies is produced.
    pub fn set_reply(&self, reply: Reply) {
        self.shared.set_reply(reply);
    }

    /// Every chat-completion request seen so far, in arrival order,
    /// including faulted and invalid ones.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests()
    }

    /// Number of chat-completion requests seen so far.
    pub fn request_count(&self) -> usize {
        self.shared.request_count()
    }
}

impl Drop for FakeLlm {
    fn drop(&mut self) {
        // Non-graceful: a `Fault::Hang` request must not hold up the drop.
        crate::serve::stop(&self.server, self.thread.take());
    }
}
