//! What a bot remembers, read back from the messages: what it said and,
//! where it answered a person, what that person had asked. Nothing here is
//! stored twice: forgetting a person (their messages deleted, replies
//! unlinked) and retention take it out of every bot's memory too.

use crate::schema::messages;
use crate::types::AuthorKindColumn;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use engine::transcript::AuthorKind;

/// A bot's message, with the person's message it answered and people's
/// replies to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Remembered {
    pub text: String,
    pub at_ms: i64,
    pub asked: Option<Asked>,
    /// People's replies to it, oldest first: (their id, their text). How
    /// each took the bot is read from these (agreed, argued), so it comes
    /// back after a restart and goes with a forgotten person's messages.
    pub replies: Vec<(String, String)>,
}

/// A person's message a bot answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    pub author_id: String,
    pub author_name: String,
    pub text: String,
    pub at_ms: i64,
}

impl Store {
    /// The bot's last `limit` messages (every room), oldest first, each with
    /// the person's message it answered when it answered one, and people's
    /// replies to it.
    pub async fn bot_memory(&self, bot: &str, limit: i64) -> Result<Vec<Remembered>, StoreError> {
        let mut said: Vec<(i64, String, i64, Option<i64>)> = with_conn!(self, |c| messages::table
            .filter(messages::author_id.eq(bot))
            .filter(messages::author_kind.eq(AuthorKindColumn(AuthorKind::Bot)))
            .order(messages::id.desc())
            .limit(limit)
            .select((messages::id, messages::text, messages::created_at, messages::reply_to))
            .load(c)
            .await)?;
        said.reverse();
        let mine: Vec<i64> = said.iter().map(|s| s.0).collect();
        let replies: Vec<(Option<i64>, String, String)> = if mine.is_empty() {
            Vec::new()
        } else {
            with_conn!(self, |c| messages::table
                .filter(messages::reply_to.eq_any(&mine))
                .filter(messages::author_kind.eq(AuthorKindColumn(AuthorKind::Human)))
                .order(messages::id.asc())
                .select((messages::reply_to, messages::author_id, messages::text))
                .load(c)
                .await)?
        };
        let ids: Vec<i64> = said.iter().filter_map(|s| s.3).collect();
        let asked: Vec<(i64, String, String, String, i64)> = if ids.is_empty() {
            Vec::new()
        } else {
            with_conn!(self, |c| messages::table
                .filter(messages::id.eq_any(&ids))
                .filter(messages::author_kind.eq(AuthorKindColumn(AuthorKind::Human)))
                .select((
                    messages::id,
                    messages::author_id,
                    messages::author_name,
                    messages::text,
                    messages::created_at,
                ))
                .load(c)
                .await)?
        };
        Ok(said
            .into_iter()
            .map(|(id, text, at_ms, reply_to)| Remembered {
                replies: (replies.iter()).filter(|r| r.0 == Some(id)).map(|r| (r.1.clone(), r.2.clone())).collect(),
                text,
                at_ms,
                asked: reply_to.and_then(|id| asked.iter().find(|a| a.0 == id)).map(|a| Asked {
                    author_id: a.1.clone(),
                    author_name: a.2.clone(),
                    text: a.3.clone(),
                    at_ms: a.4,
                }),
            })
            .collect())
    }
}
