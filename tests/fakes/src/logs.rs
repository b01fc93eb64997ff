//! [`LogCapture`]: a log sink for tests that check what reaches the logs
//! (no secrets, no people's text). Give a clone to the subscriber's writer:
//! `tracing_subscriber::fmt().with_writer(move || capture.clone())`.

use std::sync::{Arc, Mutex};

/// A shared, clonable buffer of formatted log output.
#[derive(Debug, Clone, Default)]
pub struct LogCapture(Arc<Mutex<Vec<u8>>>);

impl LogCapture {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)).into_owned()
    }
}

impl std::io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
