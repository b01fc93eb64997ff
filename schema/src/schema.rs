// Portable diesel schema shared by the SQLite and PostgreSQL migrations.

diesel::table! {
    rooms (id) {
        id -> Text,
        name -> Text,
        topic -> Text,
        created_at -> BigInt,
        settings -> Text,
        paused -> Bool,
        archived_at -> Nullable<BigInt>,
        updated_at -> BigInt,
        prices -> Text,
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
        beliefs -> Text,
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
        fence -> Nullable<BigInt>,
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

diesel::table! {
    room_fences (room_id) {
        room_id -> Text,
        token -> BigInt,
        worker -> Text,
        taken_at -> BigInt,
    }
}

diesel::table! {
    forget_requests (id) {
        id -> BigInt,
        person_id -> Text,
        requested_at -> BigInt,
    }
}

diesel::joinable!(room_members -> rooms (room_id));
diesel::joinable!(room_members -> bots (bot_id));
diesel::joinable!(messages -> rooms (room_id));

diesel::allow_tables_to_appear_in_same_query!(rooms, bots, room_members, messages, settings);
diesel::allow_tables_to_appear_in_same_query!(
    telegram_bots,
    telegram_chats,
    telegram_outbox,
    telegram_message_map,
    telegram_seen_updates,
    telegram_inbox
);

diesel::table! {
    telegram_inbox (id) {
        id -> BigInt,
        room_id -> Text,
        bot_id -> Text,
        person_id -> Nullable<Text>,
        update_json -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    telegram_bots (bot_id) {
        bot_id -> Text,
        tg_user_id -> BigInt,
        tg_username -> Text,
        token_cipher -> Text,
        listener -> Bool,
        created_at -> BigInt,
    }
}

diesel::table! {
    telegram_chats (room_id) {
        room_id -> Text,
        chat_id -> BigInt,
        thread_id -> Nullable<Integer>,
        paused_reason -> Nullable<Text>,
        updated_at -> BigInt,
    }
}

diesel::table! {
    telegram_outbox (id) {
        id -> BigInt,
        room_id -> Text,
        message_id -> Nullable<BigInt>,
        bot_id -> Text,
        chat_id -> BigInt,
        thread_id -> Nullable<Integer>,
        reply_to_tg -> Nullable<Integer>,
        text -> Text,
        status -> Text,
        reason -> Nullable<Text>,
        tg_message_id -> Nullable<Integer>,
        attempts -> Integer,
        created_at -> BigInt,
        updated_at -> BigInt,
        traceparent -> Nullable<Text>,
    }
}

diesel::table! {
    telegram_message_map (chat_id, tg_message_id) {
        chat_id -> BigInt,
        tg_message_id -> Integer,
        message_id -> BigInt,
    }
}

diesel::table! {
    telegram_seen_updates (bot_id, update_id) {
        bot_id -> Text,
        update_id -> BigInt,
        seen_at -> BigInt,
    }
}

diesel::table! {
    operators (id) {
        id -> BigInt,
        username -> Text,
        password_hash -> Text,
        role -> Text,
        disabled -> Bool,
        totp_secret -> Nullable<Text>,
        totp_enabled -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<BigInt>,
        created_at -> BigInt,
        updated_at -> BigInt,
    }
}

diesel::table! {
    operator_recovery_codes (id) {
        id -> BigInt,
        operator_id -> BigInt,
        code_hash -> Text,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    operator_sessions (id_hash) {
        id_hash -> Text,
        operator_id -> BigInt,
        csrf_token -> Text,
        created_at -> BigInt,
        last_seen_at -> BigInt,
        expires_at -> BigInt,
        ip -> Nullable<Text>,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        role -> Text,
        created_by -> Text,
        created_at -> BigInt,
        last_used_at -> Nullable<BigInt>,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> BigInt,
        actor -> Text,
        actor_kind -> Text,
        ip -> Nullable<Text>,
        action -> Text,
        target -> Nullable<Text>,
        summary_before -> Nullable<Text>,
        summary_after -> Nullable<Text>,
    }
}

diesel::table! {
    person_names (room_id, name_key) {
        room_id -> Text,
        name_key -> Text,
        person_id -> Text,
        claimed_at -> BigInt,
        last_seen_at -> BigInt,
    }
}

diesel::table! {
    server_secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> BigInt,
    }
}

diesel::joinable!(operator_recovery_codes -> operators (operator_id));
diesel::joinable!(operator_sessions -> operators (operator_id));
diesel::allow_tables_to_appear_in_same_query!(operators, operator_recovery_codes, operator_sessions);

diesel::table! {
    market_quotes (book, symbol) {
        book -> Text,
        symbol -> Text,
        price -> Double,
        reference -> Double,
        change_pct -> Nullable<Double>,
        source -> Text,
        updated_at -> BigInt,
    }
}

diesel::table! {
    market_events (id) {
        id -> BigInt,
        due_at -> BigInt,
        headline -> Nullable<Text>,
        shocks -> Text,
        origin -> Text,
        created_at -> BigInt,
        applied_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    trades (id) {
        id -> BigInt,
        bot_id -> Text,
        symbol -> Text,
        side -> Text,
        qty -> Double,
        price -> Double,
        reason -> Text,
        at_ms -> BigInt,
    }
}

diesel::joinable!(trades -> bots (bot_id));

diesel::table! {
    news_seen (key) {
        key -> Text,
        seen_at -> BigInt,
    }
}
