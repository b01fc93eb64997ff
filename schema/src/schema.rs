// Portable diesel schema shared by the SQLite and PostgreSQL migrations.

diesel::table! {
    rooms (id) {
        id -> Text,
        name -> Text,
        topic -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    bots (id) {
        id -> Text,
        display_name -> Text,
        persona -> Text,
        mood -> Text,
        active -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    room_members (room_id, bot_id) {
        room_id -> Text,
        bot_id -> Text,
        active -> Bool,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    messages (id) {
        id -> BigInt,
        room_id -> Text,
        author_kind -> Text,
        author_id -> Text,
        author_name -> Text,
        reply_to -> Nullable<BigInt>,
        bot_depth -> Integer,
        text -> Text,
        status -> Text,
        status_reason -> Nullable<Text>,
        created_at -> BigInt,
        sent_at -> Nullable<BigInt>,
        provider -> Nullable<Text>,
        model -> Nullable<Text>,
        tokens_in -> Nullable<Integer>,
        tokens_out -> Nullable<Integer>,
        latency_ms -> Nullable<Integer>,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> BigInt,
    }
}

diesel::table! {
    guard_blocks (id) {
        id -> BigInt,
        room_id -> Text,
        bot_id -> Text,
        reason -> Text,
        created_at -> BigInt,
    }
}

diesel::joinable!(room_members -> rooms (room_id));
diesel::joinable!(room_members -> bots (bot_id));
diesel::joinable!(messages -> rooms (room_id));

diesel::allow_tables_to_appear_in_same_query!(rooms, bots, room_members, messages, settings);
