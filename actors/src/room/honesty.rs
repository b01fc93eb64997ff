//! The room's part in honesty and privacy: `/start` and `/privacy` answered
//! by the room from [`engine::disclosure`] (no model), the stance ledger of
//! its bot messages and the [`TurnGuard`] each turn carries, and forgetting
//! people's lines.

use super::ChatRoomActor;
use crate::events::{MessageView, ReplyView, RoomEvent};
use crate::guard::{self, TurnGuard};
use actix::prelude::*;
use engine::guard::stance::{self, StanceLedger};
use engine::transcript::AuthorKind;
use schema::{MessageRow, MessageStatus, NewMessage};

/// Drop people's lines from the transcript: one person's (`author_id`), or
/// all older than `before_ms`. Answers how many lines went.
#[derive(Message, Clone)]
#[rtype(result = "usize")]
pub struct ForgetHumans {
    pub author_id: Option<String>,
    pub before_ms: Option<i64>,
}

/// A command a person can type in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Command {
    Start,
    Privacy,
}

/// `/start` or `/privacy` (Telegram style, `/start@bot` too), alone on the line.
pub(super) fn command_of(text: &str) -> Option<Command> {
    let first = text.split_whitespace().next()?;
    let (cmd, rest) = first.split_once('@').unwrap_or((first, ""));
    if text.split_whitespace().count() > 1 || rest.contains('/') {
        return None;
    }
    match cmd.to_ascii_lowercase().as_str() {
        "/start" => Some(Command::Start),
        "/privacy" => Some(Command::Privacy),
        _ => None,
    }
}

impl ChatRoomActor {
    /// The guard the next turn carries.
    pub(super) fn turn_guard(&self) -> TurnGuard {
        TurnGuard {
            room_id: self.room.id.clone(),
            settings: self.settings.guard.clone(),
            ledger: self.stance.clone(),
            secrets: guard::secrets_of(self.members.iter().map(|m| &*m.persona)),
            metrics: self.meter.metrics().clone(),
        }
    }

    /// The ledger rebuilt from stored history (the topic of old messages is
    /// unknown, so only tickers they name count).
    pub(super) fn ledger_from(&self, history: &[MessageRow]) -> StanceLedger {
        let cap = self.settings.guard.stance();
        let mut ledger = StanceLedger::default();
        for row in history.iter().filter(|r| r.author_kind == AuthorKind::Bot) {
            ledger.record(stance::classify(&row.text, None), &cap);
        }
        ledger
    }

    /// A person typed `/start` or `/privacy`: shown, and answered at once by
    /// the first bot of the room from the disclosure texts. Neither line
    /// enters the transcript, so no model ever answers a command.
    pub(super) fn answer_command(
        &mut self,
        cmd: Command,
        row: MessageRow,
        parent: Option<ReplyView>,
        ctx: &mut Context<Self>,
    ) -> MessageView {
        let view = MessageView::from_row(&row, parent);
        self.broadcast(RoomEvent::Message(Box::new(view.clone())));
        // A paused room answers nothing, not even commands.
        let Some(bot) = self.members.first().filter(|_| !self.is_paused()) else { return view };
        let text = match cmd {
            Command::Start => engine::disclosure::start_reply(&bot.display_name),
            Command::Privacy => engine::disclosure::privacy_reply(&self.settings.privacy_policy),
        };
        let now = self.clock.now().0;
        let answer = NewMessage {
            room_id: self.room.id.clone(),
            author_kind: AuthorKind::Bot,
            author_id: bot.persona.username.to_string(),
            author_name: bot.display_name.clone(),
            reply_to: Some(row.id),
            bot_depth: 0,
            text,
            status: MessageStatus::Sent,
            status_reason: None,
            created_at: now,
            sent_at: Some(now),
            provider: Some("rule".into()),
            model: None,
            tokens_in: None,
            tokens_out: None,
            latency_ms: None,
        };
        let quote = ReplyView::from_row(&row);
        ctx.spawn(self.store_message(answer).into_actor(self).map(move |res, act, ctx| match res {
            Ok(stored) => act.broadcast(RoomEvent::Message(Box::new(MessageView::from_row(&stored, Some(quote))))),
            Err(e) if act.stop_if_fenced(&e, ctx) => {}
            Err(e) => tracing::error!(room = %act.room.id, error = %e, "command answer could not be stored"),
        }));
        view
    }
}

impl Handler<ForgetHumans> for ChatRoomActor {
    type Result = usize;

    fn handle(&mut self, msg: ForgetHumans, _: &mut Self::Context) -> usize {
        // The bots forget them too (their memory and relationship cards).
        for bot in self.members.iter().filter_map(|m| m.bot.as_ref()) {
            let _ = bot.forget.try_send(msg.clone());
        }
        self.transcript.forget(|l| {
            l.kind == AuthorKind::Human
                && (msg.author_id.as_deref() == Some(l.author_id.as_str()) || msg.before_ms.is_some_and(|b| l.at.0 < b))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bare_command_is_a_command() {
        assert_eq!(command_of(" /start "), Some(Command::Start));
        assert_eq!(command_of("/PRIVACY"), Some(Command::Privacy));
        assert_eq!(command_of("/start@kaan_bot"), Some(Command::Start));
        assert_eq!(command_of("/start bence THYAO"), None);
        assert_eq!(command_of("start"), None);
        assert_eq!(command_of("/help"), None);
    }
}
