//! OpenAI chat-completions JSON: request parsing and response bodies.

use serde_json::{Value, json};

use crate::FAKE_MODEL;
use crate::fault::error_kind;

/// One chat-completion request as the fake saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    /// `model` from the body (empty when absent).
    pub model: String,
    /// `(role, content)` of each message; content parts are joined.
    pub messages: Vec<(String, String)>,
    /// The raw `Authorization` header, e.g. `Bearer sk-...`.
    pub authorization: Option<String>,
    /// `stream` from the body (false when absent).
    pub stream: bool,
    /// The whole body; a body that is not JSON is kept as a JSON string.
    pub body: Value,
}

impl RecordedRequest {
    /// Content of the last `user` message, or `""`.
    pub fn last_user_message(&self) -> &str {
        self.messages.iter().rev().find(|(role, _)| role == "user").map_or("", |(_, content)| content.as_str())
    }

    /// Every message's content, one after the other (the facts of a prompt
    /// may sit in the system message or in the user's).
    pub fn prompt_text(&self) -> String {
        self.messages.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>().join("\n")
    }

    /// Whether the streamed reply should end with a usage chunk.
    pub(crate) fn include_usage(&self) -> bool {
        self.body["stream_options"]["include_usage"].as_bool() == Some(true)
    }

    /// The model to report back.
    pub(crate) fn reply_model(&self) -> &str {
        if self.model.is_empty() { FAKE_MODEL } else { &self.model }
    }
}

/// Parses a request body. The request is always returned (for recording);
/// the error says why it is not a valid chat-completion request.
pub(crate) fn parse(raw: &[u8], authorization: Option<String>) -> (RecordedRequest, Result<(), String>) {
    let body = serde_json::from_slice::<Value>(raw)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(raw).into_owned()));
    let messages = body["messages"].as_array().map(|list| {
        list.iter()
            .map(|m| {
                let role = m["role"].as_str().unwrap_or_default().to_owned();
                (role, content_text(&m["content"]))
            })
            .collect::<Vec<_>>()
    });
    let valid = match (&body, &messages) {
        (Value::Object(_), Some(list)) if !list.is_empty() => Ok(()),
        (Value::Object(_), _) => Err("'messages' must be a non-empty array".to_owned()),
        _ => Err("request body is not a JSON object".to_owned()),
    };
    let request = RecordedRequest {
        model: body["model"].as_str().unwrap_or_default().to_owned(),
        messages: messages.unwrap_or_default(),
        authorization,
        stream: body["stream"].as_bool().unwrap_or(false),
        body,
    };
    (request, valid)
}

/// Text of a message `content`: a string, or the `text` of its parts.
fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts.iter().filter_map(|p| p["text"].as_str()).collect(),
        _ => String::new(),
    }
}

/// Prompt token estimate over all message contents.
pub(crate) fn prompt_tokens(request: &RecordedRequest) -> u64 {
    let all: String = request.messages.iter().map(|(_, c)| c.as_str()).collect();
    crate::reply::estimate_tokens(&all)
}

/// `usage` object.
pub(crate) fn usage(prompt: u64, completion: u64) -> Value {
    json!({
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    })
}

/// Non-streaming completion body; `content: None` gives empty `choices`.
pub(crate) fn completion(id: u64, created: u64, req: &RecordedRequest, content: Option<&str>) -> Value {
    let text = content.unwrap_or_default();
    let choices = match content {
        Some(text) => json!([{
            "index": 0,
            "message": {"role": "assistant", "content": text},
            "finish_reason": "stop",
        }]),
        None => json!([]),
    };
    json!({
        "id": format!("chatcmpl-{id}"),
        "object": "chat.completion",
        "created": created,
        "model": req.reply_model(),
        "choices": choices,
        "usage": usage(prompt_tokens(req), crate::reply::estimate_tokens(text)),
    })
}

/// One streaming chunk with the given `choices`.
pub(crate) fn chunk(id: u64, created: u64, req: &RecordedRequest, choices: Value) -> Value {
    let mut chunk = json!({
        "id": format!("chatcmpl-{id}"),
        "object": "chat.completion.chunk",
        "created": created,
        "model": req.reply_model(),
        "choices": choices,
    });
    if req.include_usage() {
        chunk["usage"] = Value::Null;
    }
    chunk
}

/// `choices` of a chunk carrying `delta`, with an optional finish reason.
pub(crate) fn delta_choice(delta: Value, finish_reason: Option<&str>) -> Value {
    json!([{"index": 0, "delta": delta, "finish_reason": finish_reason}])
}

/// One SSE event line for a JSON payload.
pub(crate) fn sse(payload: &Value) -> String {
    format!("data: {payload}\n\n")
}

/// The SSE end marker.
pub(crate) const SSE_DONE: &str = "data: [DONE]\n\n";

/// OpenAI error body for an HTTP status.
pub(crate) fn error(status: u16, message: &str) -> Value {
    let (kind, code) = error_kind(status);
    json!({"error": {"message": message, "type": kind, "param": null, "code": code}})
}

/// `GET /v1/models` body.
pub(crate) fn models() -> Value {
    json!({
        "object": "list",
        "data": [{"id": FAKE_MODEL, "object": "model", "created": 0, "owned_by": "fakes"}],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_keeps_roles_contents_and_flags() {
        let raw = br#"{"model":"m","stream":true,"messages":[
            {"role":"system","content":"sen bir yatirimcisin"},
            {"role":"user","content":[{"type":"text","text":"selam"},{"type":"text","text":"!"}]}]}"#;
        let (req, valid) = parse(raw, Some("Bearer k".into()));
        assert!(valid.is_ok());
        assert_eq!(req.model, "m");
        assert!(req.stream);
        assert_eq!(req.last_user_message(), "selam!");
        assert_eq!(req.messages[0], ("system".into(), "sen bir yatirimcisin".into()));
        assert_eq!(req.authorization.as_deref(), Some("Bearer k"));
    }

    #[test]
    fn parse_rejects_non_json_but_keeps_the_text() {
        let (req, valid) = parse(b"not json", None);
        assert!(valid.is_err());
        assert_eq!(req.body, Value::String("not json".into()));
    }

    #[test]
    fn parse_rejects_missing_messages() {
        let (_, valid) = parse(br#"{"model":"m"}"#, None);
        assert!(valid.is_err());
    }
}
