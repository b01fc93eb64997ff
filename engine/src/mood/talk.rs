//! How the room takes what a bot says: a reply agrees with it, contradicts
//! it or just answers it, and a question nobody takes up is ignored. Read
//! from the room's lines a bot sees at its turn ([`Heed::hear`]), each line
//! judged once; each reception moves the mood ([`super::Mood::on_talk`]).

use crate::text::{Phrases, Words, fold};
use crate::transcript::{AuthorKind, Line};

/// What became of something the bot said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reception {
    Agreed,
    Contradicted,
    Answered,
    /// A question of the bot's went unanswered while the room talked on.
    Ignored,
}

/// A question with this many later lines and no reply was ignored.
pub const IGNORED_AFTER: usize = 5;

/// Agreement and contradiction, folded (see [`crate::text::Words`]); a
/// contradiction is looked for first ("doğru değil" is not agreement).
static AGREE: Words = Words::new(
    "katiliyorum|katiliyom|katildim|haklisin|haklisiniz|aynen|kesinlikle|dogru|dogrusun|mantikli|\
     tesekkur*|tesekkurler|sagol*|eyvallah|bravo|super|harika|yerinde",
);
static AGREE_PHRASES: Phrases = Phrases::new("bence de; ben de oyle; ayni fikirdeyim; cok dogru; iyi dedin");
static CONTRA: Words = Words::new(
    "katilmiyorum|katilmiyom|katilamiyorum|yanlis*|sanmiyorum|sanmam|sacma*|abartiyorsun|abartma|\
     alakasiz|hayir|itiraz*",
);
static CONTRA_PHRASES: Phrases =
    Phrases::new("hic sanmam; ne alaka; bos yapma; oyle degil; dogru degil; emin degilim; ben tam tersi*");

/// How a reply takes the message it answers.
pub fn read(text: &str) -> Reception {
    let folded = fold(text);
    let ws: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if CONTRA.any(&ws) || CONTRA_PHRASES.find(&ws).is_some() {
        Reception::Contradicted
    } else if AGREE.any(&ws) || AGREE_PHRASES.find(&ws).is_some() {
        Reception::Agreed
    } else {
        Reception::Answered
    }
}

/// What a bot has already judged of the room's lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Heed {
    /// Replies up to this line id are counted.
    replies_to: i64,
    /// The bot's own questions up to this id are judged.
    questions_to: i64,
    /// Lines from before this were judged by an earlier run of the bot
    /// (how people took it then is read back into its memory instead).
    since: crate::ids::Millis,
}

impl Heed {
    /// A bot starting at `at`: the room's older lines are not judged again.
    pub fn since(at: crate::ids::Millis) -> Heed {
        Heed { since: at, ..Heed::default() }
    }

    /// What became of the bot's (`me`) messages in `lines` (oldest first)
    /// since it last looked: each reply to one of them, by someone else,
    /// once; each of its questions that went [`IGNORED_AFTER`] lines with
    /// no reply, once. A reply from a person comes with their id.
    pub fn hear(&mut self, me: &str, lines: &[&Line]) -> Vec<(Reception, Option<String>)> {
        let mine = |id: Option<i64>| id.is_some_and(|id| lines.iter().any(|l| l.id == id && l.author_id == me));
        let person = |l: &Line| (l.kind == AuthorKind::Human).then(|| l.author_id.clone());
        let mut out: Vec<(Reception, Option<String>)> = lines
            .iter()
            .filter(|l| l.id > self.replies_to && l.at >= self.since && l.author_id != me && mine(l.reply_to))
            .map(|l| (read(&l.text), person(l)))
            .collect();
        if let Some(last) = lines.iter().map(|l| l.id).max() {
            self.replies_to = self.replies_to.max(last);
        }
        for (i, q) in lines.iter().enumerate() {
            if q.id <= self.questions_to || q.at < self.since || q.author_id != me || !q.text.contains('?') {
                continue;
            }
            let later = &lines[i + 1..];
            let answered = later.iter().any(|l| l.reply_to == Some(q.id) && l.author_id != me);
            if !answered && later.len() < IGNORED_AFTER {
                break; // too early to tell; judged at a later turn
            }
            if !answered {
                out.push((Reception::Ignored, None));
            }
            self.questions_to = q.id;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Millis;

    fn line(id: i64, who: &str, text: &str, reply_to: Option<i64>) -> Line {
        let kind = if who.starts_with("bot") { AuthorKind::Bot } else { AuthorKind::Human };
        Line {
            id,
            author_id: who.into(),
            author_name: who.into(),
            kind,
            text: text.into(),
            reply_to,
            at: Millis(id * 1000),
            bot_depth: 0,
        }
    }

    #[test]
    fn replies_read_as_agreement_contradiction_or_an_answer() {
        assert_eq!(read("Aynen abi, bence de bankalar pahalı"), Reception::Agreed);
        assert_eq!(read("Haklısın, teşekkürler!"), Reception::Agreed);
        assert_eq!(read("Hiç sanmam, bilanço zayıf"), Reception::Contradicted);
        assert_eq!(read("Bu doğru değil ki"), Reception::Contradicted);
        assert_eq!(read("Katılmıyorum, THY ucuz"), Reception::Contradicted);
        assert_eq!(read("Peki hedefin ne?"), Reception::Answered);
    }

    #[test]
    fn each_reply_counts_once_and_an_unanswered_question_is_ignored_once() {
        let mut heed = Heed::default();
        let mut room = vec![
            line(1, "bot_a", "GARAN bence pahalı.", None),
            line(2, "ayse", "Katılıyorum, çok koştu", Some(1)),
            line(3, "bot_b", "Saçma, daha yolu var", Some(1)),
            line(4, "bot_a", "Sizce faiz ne olur?", None),
            line(5, "bot_b", "Bankalar yine güçlü", Some(2)),
        ];
        let seen: Vec<&Line> = room.iter().collect();
        let ayse = Some("ayse".to_string());
        assert_eq!(heed.hear("bot_a", &seen), [(Reception::Agreed, ayse), (Reception::Contradicted, None)]);
        assert_eq!(heed.hear("bot_a", &seen), [], "the same lines again: nothing new");
        // The question has had too few lines after it to be judged ignored.
        for id in 6..10 {
            room.push(line(id, "bot_c", "altın sakin", None));
        }
        let seen: Vec<&Line> = room.iter().collect();
        assert_eq!(heed.hear("bot_a", &seen), [(Reception::Ignored, None)]);
        assert_eq!(heed.hear("bot_a", &seen), []);
        // Another bot's lines: its own receptions, not bot_a's.
        assert_eq!(Heed::default().hear("bot_b", &seen), []);
    }

    #[test]
    fn a_restarted_bot_does_not_take_the_old_replies_again() {
        let room = [
            line(1, "bot_a", "Sizce faiz ne olur?", None),
            line(2, "ayse", "Aynen, haklısın", Some(1)),
            line(3, "bot_a", "GARAN pahalı.", None),
            line(9, "ayse", "Hiç sanmam", Some(3)),
        ];
        let seen: Vec<&Line> = room.iter().collect();
        // Started at line 3's time: only the reply after it counts.
        let heard = Heed::since(Millis(3_000)).hear("bot_a", &seen);
        assert_eq!(heard, [(Reception::Contradicted, Some("ayse".to_string()))]);
    }

    #[test]
    fn an_answered_question_is_not_ignored() {
        let room = [
            line(1, "bot_a", "THY'de hedef ne sizce?", None),
            line(2, "ali", "350 bence", Some(1)),
            line(3, "x", "a", None),
            line(4, "x", "b", None),
            line(5, "x", "c", None),
            line(6, "x", "d", None),
            line(7, "x", "e", None),
        ];
        let seen: Vec<&Line> = room.iter().collect();
        assert_eq!(Heed::default().hear("bot_a", &seen), [(Reception::Answered, Some("ali".to_string()))]);
    }
}
