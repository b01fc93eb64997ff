//! Injectable failure modes of the fake LLM server.

/// What goes wrong with the next chat-completion requests.
///
/// A fault stays in force until replaced with [`FakeLlm::set_fault`]
/// (except [`Fault::FailNext`], which wears off by itself).
///
/// [`FakeLlm::set_fault`]: crate::FakeLlm::set_fault
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Fault {
    /// Answer normally.
    #[default]
    None,
    /// Answer with this HTTP status and an OpenAI error body
    /// (`{"error":{"message","type","param","code"}}`), e.g. 429, 500, 503.
    /// `retry_after_secs` adds a `Retry-After` header.
    Status { code: u16, retry_after_secs: Option<u64> },
    /// Never answer: the handler sleeps for an hour (the client must time out).
    Hang,
    /// 200 with `application/json` (or an SSE `data:` line when streaming)
    /// whose JSON does not parse.
    MalformedJson,
    /// 200 with a well-formed completion (or chunk) whose `choices` is empty.
    EmptyChoices,
    /// 200 with a `text/html` body, as from a proxy or captive portal.
    WrongContentType,
    /// Streaming: the role chunk and a couple of content chunks, then the
    /// body ends cleanly with no `finish_reason` chunk and no `data: [DONE]`.
    /// Non-streaming: the JSON body cut off halfway.
    TruncatedStream,
    /// The next `count` requests get status `code` (no `Retry-After`); after
    /// that the fault resets to [`Fault::None`].
    FailNext { count: usize, code: u16 },
}

impl Fault {
    /// Whether a request under this fault gets reply content (so a
    /// [`Reply::Script`](crate::Reply::Script) advances).
    pub(crate) fn needs_content(&self) -> bool {
        matches!(self, Fault::None | Fault::TruncatedStream)
    }
}

/// OpenAI-style `(type, code)` of the error body for an HTTP status.
pub(crate) fn error_kind(status: u16) -> (&'static str, Option<&'static str>) {
    match status {
        401 => ("invalid_request_error", Some("invalid_api_key")),
        404 => ("invalid_request_error", Some("model_not_found")),
        429 => ("requests", Some("rate_limit_exceeded")),
        503 => ("server_error", Some("overloaded")),
        500..=599 => ("server_error", None),
        _ => ("invalid_request_error", None),
    }
}
