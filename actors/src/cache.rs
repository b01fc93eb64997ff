//! The response cache and the call key. A call is identified by (model,
//! prompt, sampling parameters, seed): the same key gives the same answer
//! within the TTL without asking anyone. The key without the model is what
//! `--replay` looks calls up by.

use crate::llm::{Completion, TEMPERATURE, fnv};
use engine::ids::Millis;
use engine::prompt::Prompt;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// Config `llm.cache.*`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CacheSettings {
    /// How long an answer is reused; 0 turns the cache off.
    pub ttl_secs: u64,
    /// Answers kept at most (the oldest go first).
    pub capacity: usize,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings { ttl_secs: 600, capacity: 10_000 }
    }
}

/// The key of a call to `model` (empty: any model).
pub fn call_key(model: &str, prompt: &Prompt, seed: u64) -> u64 {
    let mut bytes = Vec::with_capacity(model.len() + prompt.system.len() + prompt.user.len() + 32);
    for part in [model.as_bytes(), prompt.system.as_bytes(), prompt.user.as_bytes()] {
        bytes.extend_from_slice(part);
        bytes.push(0);
    }
    bytes.extend_from_slice(&prompt.max_tokens.to_le_bytes());
    bytes.extend_from_slice(&TEMPERATURE.to_le_bytes());
    bytes.extend_from_slice(&seed.to_le_bytes());
    fnv(&bytes)
}

/// A bounded map of recent answers with a TTL.
pub struct ResponseCache {
    settings: CacheSettings,
    map: HashMap<u64, (Completion, Millis)>,
    order: VecDeque<u64>,
}

impl ResponseCache {
    pub fn new(settings: CacheSettings) -> Self {
        ResponseCache { settings, map: HashMap::new(), order: VecDeque::new() }
    }

    fn enabled(&self) -> bool {
        self.settings.ttl_secs > 0 && self.settings.capacity > 0
    }

    /// The answer stored under `key`, if it has not expired.
    pub fn get(&mut self, key: u64, now: Millis) -> Option<Completion> {
        match self.map.get(&key) {
            Some((c, expires)) if *expires > now => Some(c.clone()),
            Some(_) => {
                self.map.remove(&key);
                None
            }
            None => None,
        }
    }

    pub fn put(&mut self, key: u64, completion: Completion, now: Millis) {
        if !self.enabled() {
            return;
        }
        let expires = now.plus_ms(self.settings.ttl_secs as i64 * Millis::SECOND);
        if self.map.insert(key, (completion, expires)).is_none() {
            self.order.push_back(key);
        }
        while self.map.len() > self.settings.capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.map.remove(&old);
                }
                None => break,
            }
        }
        // Keys whose entries expired and were removed may linger in `order`.
        if self.order.len() > 2 * self.settings.capacity {
            let map = &self.map;
            self.order.retain(|k| map.contains_key(k));
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(user: &str) -> Prompt {
        Prompt { system: "s".into(), user: user.into(), max_tokens: 48 }
    }

    fn text(t: &str) -> Completion {
        Completion { text: t.into(), model: "m".into(), tokens_in: 1, tokens_out: 1 }
    }

    #[test]
    fn key_changes_with_model_prompt_and_seed() {
        let k = call_key("m", &prompt("a"), 1);
        assert_eq!(k, call_key("m", &prompt("a"), 1));
        assert_ne!(k, call_key("n", &prompt("a"), 1));
        assert_ne!(k, call_key("m", &prompt("b"), 1));
        assert_ne!(k, call_key("m", &prompt("a"), 2));
        assert_ne!(k, call_key("m", &Prompt { max_tokens: 10, ..prompt("a") }, 1));
    }

    #[test]
    fn answers_expire_after_the_ttl() {
        let mut c = ResponseCache::new(CacheSettings { ttl_secs: 10, capacity: 4 });
        let t = Millis(1_000_000);
        c.put(1, text("x"), t);
        assert_eq!(c.get(1, t.plus_ms(9_999)).map(|c| c.text), Some("x".into()));
        assert_eq!(c.get(1, t.plus_ms(10_000)), None);
        assert!(c.is_empty());
    }

    #[test]
    fn the_oldest_answers_go_when_full_and_zero_ttl_disables() {
        let mut c = ResponseCache::new(CacheSettings { ttl_secs: 60, capacity: 2 });
        let t = Millis(0);
        for k in 1..=3 {
            c.put(k, text("x"), t);
        }
        assert_eq!((c.len(), c.get(1, t)), (2, None));
        assert!(c.get(3, t).is_some());
        let mut off = ResponseCache::new(CacheSettings { ttl_secs: 0, capacity: 10 });
        off.put(1, text("x"), t);
        assert!(off.get(1, t).is_none());
    }
}
