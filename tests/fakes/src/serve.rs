//! Starting a fake: an actix-web server on `127.0.0.1:0`, on its own thread
//! with its own actix `System`, so any test runtime can use it.

use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use actix_web::web::ServiceConfig;
use actix_web::{App, HttpServer};

const WORKERS: usize = 2;

/// Serves the routes `configure` mounts; the bound address, the server and its thread.
pub(crate) fn serve<F>(name: &str, configure: F) -> (SocketAddr, ServerHandle, JoinHandle<()>)
where
    F: Fn(&mut ServiceConfig) + Clone + Send + 'static,
{
    let (ready_tx, ready_rx) = mpsc::channel();
    let thread = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let bound = HttpServer::new(move || App::new().configure(configure.clone()))
                    .workers(WORKERS)
                    .disable_signals()
                    .shutdown_timeout(0)
                    .bind(("127.0.0.1", 0));
                let bound = match bound {
                    Ok(bound) => bound,
                    Err(err) => {
                        let _ = ready_tx.send(Err(err));
                        return;
                    }
                };
                // Indexing: a successful bind to one address yields one addr.
                let addr = bound.addrs()[0];
                let running = bound.run();
                let _ = ready_tx.send(Ok((addr, running.handle())));
                let _ = running.await;
            });
        })
        // expect: without a thread there is no fake; tests cannot go on.
        .expect("spawn a fake server thread");
    let (addr, server) = match ready_rx.recv() {
        Ok(Ok(ready)) => ready,
        Ok(Err(err)) => panic!("{name} could not bind 127.0.0.1:0: {err}"),
        Err(_) => panic!("{name} thread died before it was ready"),
    };
    (addr, server, thread)
}

/// Stops a fake without waiting for requests in flight (a hanging request
/// must not hold up the drop), then joins its thread.
pub(crate) fn stop(server: &ServerHandle, thread: Option<JoinHandle<()>>) {
    // The command is sent right away; the returned future only waits.
    drop(server.stop(false));
    if let Some(thread) = thread {
        let _ = thread.join();
    }
}
