//! An operator's rehearsal of a member's turn: the room gives the bot the
//! same context as for a real turn (the last lines, quotes, news, budget
//! tier, guard), optionally with a person's line for it to answer, and
//! hands back what the bot would write. The room's floor, pacing and
//! transcript are not touched.

use super::{ChatRoomActor, RoomError};
use crate::bot::GrantFloor;
use crate::bot::rehearse::{Rehearsal, Rehearse};
use actix::prelude::*;
use engine::floor::{Grant, Reason};
use engine::ids::BotId;
use engine::transcript::{AuthorKind, Line};

/// The id of the rehearsal's made-up line: never a stored message's.
const SITUATION_ID: i64 = i64::MAX - 1;

/// Rehearse `bot`'s turn now; with `situation`, a person (`author`) has just
/// written `text` to it and the bot answers.
#[derive(Message)]
#[rtype(result = "Result<Rehearsal, RoomError>")]
pub struct RehearseTurn {
    pub bot: String,
    pub situation: Option<(String, String)>,
    pub samples: u8,
}

impl Handler<RehearseTurn> for ChatRoomActor {
    type Result = ResponseFuture<Result<Rehearsal, RoomError>>;

    fn handle(&mut self, msg: RehearseTurn, _: &mut Self::Context) -> Self::Result {
        let link = self.members.iter().find(|m| m.persona.username.as_str() == msg.bot).map(|m| m.bot.clone());
        let Some(Some(link)) = link else {
            let err = if link.is_none() { RoomError::NotMember(msg.bot) } else { RoomError::Stopped };
            return Box::pin(async move { Err(err) });
        };
        let Ok(bot) = BotId::parse(&msg.bot) else {
            return Box::pin(async move { Err(RoomError::NotMember(msg.bot)) });
        };
        let mut lines: Vec<Line> = self.transcript.recent(engine::prompt::PROMPT_LINES + 4).cloned().collect();
        let grant = match msg.situation {
            Some((author, text)) => {
                lines.push(Line {
                    id: SITUATION_ID,
                    author_id: format!("web:{author}"),
                    author_name: author,
                    kind: AuthorKind::Human,
                    text,
                    reply_to: None,
                    at: self.clock.now(),
                    bot_depth: 0,
                });
                Grant { bot, reply_to: Some(SITUATION_ID), reason: Reason::Mentioned }
            }
            None => Grant { bot, reply_to: None, reason: Reason::Fresh },
        };
        let floor = GrantFloor {
            room: self.room.id.clone(),
            span: tracing::info_span!("room.rehearse", room.id = %self.room.id, bot = %grant.bot),
            grant,
            lines,
            quotes: self.quotes.clone(),
            events: self.recent.iter().cloned().collect(),
            max_tier: self.meter.degrade(&self.budget, &self.room.id, self.clock.now()).max_tier,
            guard: self.turn_guard(),
            topic_first: self.settings.topic_answers_first.unwrap_or(false),
        };
        let request = link.rehearse.send(Rehearse { floor, samples: msg.samples });
        Box::pin(async move { request.await.map_err(|_| RoomError::Stopped) })
    }
}
