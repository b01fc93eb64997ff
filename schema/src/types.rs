//! Columns that hold one of a fixed set of values: stored as text on both
//! backends, typed everywhere else. Each engine enum gets a column type here
//! (the orphan rule keeps diesel's traits off engine's types), used through
//! `#[diesel(serialize_as, deserialize_as)]` on the row structs, so a row
//! carries the engine enum and an unknown stored value is a clear error, not
//! a string passed along.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

/// Declares the text column type `$db` for the engine enum `$ty`, named
/// `$what` in errors (the enum has `as_str() -> &'static str` and `FromStr`).
macro_rules! text_enum {
    ($(#[$doc:meta])* $db:ident => $ty:ty, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
        #[diesel(sql_type = Text)]
        pub struct $db(pub $ty);

        impl<DB: Backend> FromSql<Text, DB> for $db
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let s = String::from_sql(bytes)?;
                <$ty as std::str::FromStr>::from_str(&s)
                    .ok()
                    .map($db)
                    .ok_or_else(|| format!("unknown {} '{s}' in the database", $what).into())
            }
        }

        impl<DB: Backend> ToSql<Text, DB> for $db
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <str as ToSql<Text, DB>>::to_sql(self.0.as_str(), out)
            }
        }

        impl From<$ty> for $db {
            fn from(v: $ty) -> Self {
                $db(v)
            }
        }

        impl From<$db> for $ty {
            fn from(v: $db) -> Self {
                v.0
            }
        }
    };
}

text_enum!(
    /// `messages.author_kind`: `bot` or `human`.
    AuthorKindColumn => engine::transcript::AuthorKind, "author kind"
);
text_enum!(
    /// `rooms.prices` and `market_quotes.book`: `simulated` or `live`.
    PriceModeColumn => engine::market::PriceMode, "price mode"
);
text_enum!(
    /// `messages.status` and `telegram_outbox.status`: the delivery lifecycle.
    StatusColumn => engine::telegram::outbox::OutboxStatus, "delivery status"
);
text_enum!(
    /// `operators.role` and `api_keys.role`.
    RoleColumn => engine::role::Role, "role"
);
