//! Prices and headlines reaching a bot: its mood follows what it holds
//! (saved now and then), its beliefs follow the moves and the news.

use super::{BeliefsOf, BotActor, MOOD_SAVE_EVERY_MS, MarketMoved};
use actix::prelude::*;

impl Handler<MarketMoved> for BotActor {
    type Result = ();

    fn handle(&mut self, msg: MarketMoved, ctx: &mut Self::Context) {
        let now = self.clock.now();
        let mut mood = self.current_mood(now);
        for m in &msg.moves {
            mood = mood.on_move(&self.persona, &m.symbol, m.step_pct);
        }
        self.mood = mood;
        self.current_beliefs(now);
        for m in &msg.moves {
            self.beliefs.on_move(&self.persona, m);
        }
        if let Some(h) = &msg.headline {
            self.beliefs.on_headline(&self.persona, h);
        }
        if now.since(self.mood_saved_at) >= MOOD_SAVE_EVERY_MS {
            self.mood_saved_at = now;
            let (store, id) = (self.store.clone(), self.persona.username.to_string());
            ctx.spawn(
                async move {
                    if let Err(e) = store.save_mood(&id, mood, now.0).await {
                        tracing::warn!(bot = %id, error = %e, "could not save mood");
                    }
                }
                .into_actor(self),
            );
        }
    }
}

impl Handler<BeliefsOf> for BotActor {
    type Result = MessageResult<BeliefsOf>;

    fn handle(&mut self, _: BeliefsOf, _: &mut Self::Context) -> Self::Result {
        let now = self.clock.now();
        MessageResult(self.current_beliefs(now).all().clone())
    }
}
