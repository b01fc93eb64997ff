//! What a persona keeps once per process whatever the number of its rooms
//! (its actor, limiter, books, memory, mind), kept by bot id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// One `T` per persona, by bot id (cheap to clone).
#[derive(Clone)]
pub struct PerPersona<T>(Arc<Mutex<HashMap<String, T>>>);

impl<T> Default for PerPersona<T> {
    fn default() -> Self {
        PerPersona(Arc::default())
    }
}

/// A persona of the bundled community file, for tests.
#[cfg(test)]
pub(super) fn bundled(username: &str) -> engine::persona::Persona {
    let c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    c.personas.into_iter().find(|p| p.username.as_str() == username).unwrap()
}

impl<T: Clone> PerPersona<T> {
    /// The persona's, if a bot of it has started.
    pub fn get(&self, bot: &str) -> Option<T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).get(bot).cloned()
    }

    /// Every persona's, by bot id.
    pub fn all(&self) -> Vec<(String, T)> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// The persona's while `keep` holds for it, else a new one from `make`
    /// (in one step: two rooms starting the persona at once get one).
    pub fn get_or_replace(&self, bot: &str, keep: impl Fn(&T) -> bool, make: impl FnOnce() -> T) -> T {
        let mut all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match all.get(bot).filter(|t| keep(t)) {
            Some(t) => t.clone(),
            None => {
                let t = make();
                all.insert(bot.to_string(), t.clone());
                t
            }
        }
    }

    /// The persona's, made with `make` the first time.
    pub fn get_or(&self, bot: &str, make: impl FnOnce() -> T) -> T {
        let mut all = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        all.entry(bot.to_string()).or_insert_with(make).clone()
    }
}
