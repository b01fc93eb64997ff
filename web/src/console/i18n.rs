//! The console's words in Turkish (the default) and English. The language
//! is the `piyasa_lang` cookie (`tr` or `en`), set by the switch in the
//! header; a key missing from [`WORDS`] shows as itself (a test checks that
//! every key the templates and the script use is here, in both languages).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The cookie that holds the language.
pub const LANG_COOKIE: &str = "piyasa_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Tr,
    En,
}

impl Lang {
    /// From the cookie's value: Turkish unless it says English.
    pub fn from_cookie(v: Option<&str>) -> Lang {
        if v == Some("en") { Lang::En } else { Lang::Tr }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Tr => "tr",
            Lang::En => "en",
        }
    }

    /// The other language (what the switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Tr => Lang::En,
            Lang::En => Lang::Tr,
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Tr => "Türkçe",
            Lang::En => "English",
        }
    }
}

/// A word in the language; the key itself when there is none.
pub fn t(lang: Lang, key: &str) -> &str {
    static MAP: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    let map = MAP.get_or_init(|| WORDS.iter().map(|(k, tr, en)| (*k, (*tr, *en))).collect());
    match (map.get(key), lang) {
        (Some((tr, _)), Lang::Tr) => tr,
        (Some((_, en)), Lang::En) => en,
        (None, _) => key,
    }
}

/// The words the script needs, as a JSON object for the page.
pub fn script_words(lang: Lang) -> String {
    let words: serde_json::Map<String, serde_json::Value> = WORDS
        .iter()
        .filter(|(k, _, _)| k.starts_with("js."))
        .map(|(k, _, _)| ((*k).into(), t(lang, k).into()))
        .collect();
    // `</` cannot end the JSON's <script> element early.
    serde_json::Value::Object(words).to_string().replace("</", "<\\/")
}

/// (key, Türkçe, English).
pub const WORDS: &[(&str, &str, &str)] = &[
    // Frame.
    ("console", "Operatör konsolu", "Operator console"),
    ("skip", "İçeriğe geç", "Skip to content"),
    ("nav.label", "Bölümler", "Sections"),
    ("nav.dashboard", "Pano", "Dashboard"),
    ("nav.rooms", "Odalar", "Rooms"),
    ("nav.personas", "Personalar", "Personas"),
    ("nav.llm", "LLM", "LLM"),
    ("nav.guard", "Koruma ve gizlilik", "Guard and privacy"),
    ("nav.settings", "Ayarlar", "Settings"),
    ("nav.telegram", "Telegram", "Telegram"),
    ("nav.audit", "Denetim kaydı", "Audit log"),
    ("nav.users", "Kullanıcılar ve anahtarlar", "Users and keys"),
    ("nav.account", "Hesabım", "My account"),
    ("theme", "Açık/koyu", "Light/dark"),
    ("logout", "Çıkış", "Log out"),
    ("role.viewer", "izleyici", "viewer"),
    ("role.operator", "operatör", "operator"),
    ("role.admin", "yönetici", "admin"),
    ("none", "yok", "none"),
    ("yes", "evet", "yes"),
    ("no", "hayır", "no"),
    // Login.
    ("login.title", "Giriş", "Log in"),
    ("login.username", "Kullanıcı adı", "Username"),
    ("login.password", "Parola", "Password"),
    (
        "login.code",
        "Doğrulama kodu (TOTP ya da kurtarma kodu; varsa)",
        "Verification code (TOTP or recovery code, if set)",
    ),
    ("login.submit", "Giriş yap", "Log in"),
    ("login.first", "İlk yönetici komut satırından oluşturulur:", "The first admin is made on the command line:"),
    // Dashboard.
    ("dash.title", "Pano", "Dashboard"),
    ("dash.live", "Canlı: birkaç saniyede bir yenilenir.", "Live: refreshed every few seconds."),
    ("dash.msgs10", "Son 10 dakikada mesaj", "Messages, last 10 minutes"),
    ("dash.mpm", "Mesaj/dakika (şimdi)", "Messages/minute (now)"),
    ("dash.waiting", "Cevap bekleyen kişi (1 saat)", "People waiting (1 hour)"),
    ("dash.answered", "Cevaplanan kişi (1 saat)", "People answered (1 hour)"),
    ("dash.p50", "İlk cevap p50", "First reply p50"),
    ("dash.p90", "İlk cevap p90", "First reply p90"),
    ("dash.calls", "LLM çağrısı (1 saat)", "LLM calls (1 hour)"),
    ("dash.tokens", "Token (1 saat)", "Tokens (1 hour)"),
    ("dash.usd_today", "Bugün $", "$ today"),
    ("dash.blocks", "Koruma engelleri", "Guard blocks"),
    ("dash.backlog", "Telegram kuyruğu", "Telegram backlog"),
    ("dash.429", "Telegram 429", "Telegram 429s"),
    ("dash.paused_chat", "Telegram sohbeti duraklatıldı", "Telegram chat paused"),
    ("dash.llm", "LLM, tüm odalar", "LLM, all rooms"),
    ("dash.usd_hour", "Son 1 saatte $", "$ in the last hour"),
    ("dash.tokens_hour", "Son 1 saatte token", "Tokens in the last hour"),
    ("dash.cache", "Önbellek isabet oranı", "Cache hit rate"),
    ("dash.breakers", "Devre kesiciler", "Circuit breakers"),
    (
        "dash.activity",
        "Haftanın günü × saat etkinliği (son 4 hafta, oda saati)",
        "Activity by weekday × hour (last 4 weeks, room time)",
    ),
    ("dash.chart_mpm", "Dakikada mesaj (son 10 dakika)", "Messages per minute (last 10 minutes)"),
    (
        "dash.chart_latency",
        "İlk cevap gecikmesi, ms (bu sayfa açıldığından beri)",
        "First-reply latency, ms (since this page opened)",
    ),
    (
        "dash.chart_tokens",
        "Oda başına token (1 saat) ve bugün $ (bu sayfa açıldığından beri)",
        "Tokens (1 hour) and $ today per room (since this page opened)",
    ),
    ("dash.updated", "Güncellendi", "Updated"),
    ("day.0", "Pzt", "Mon"),
    ("day.1", "Sal", "Tue"),
    ("day.2", "Çar", "Wed"),
    ("day.3", "Per", "Thu"),
    ("day.4", "Cum", "Fri"),
    ("day.5", "Cmt", "Sat"),
    ("day.6", "Paz", "Sun"),
    // Rooms.
    ("rooms.title", "Odalar", "Rooms"),
    ("rooms.slug", "Kısa ad", "Slug"),
    ("rooms.name", "Ad", "Name"),
    ("rooms.topic", "Konu", "Topic"),
    ("rooms.members", "Botlar (canlı / toplam)", "Bots (alive / all)"),
    ("rooms.open", "Canlı izle", "Watch live"),
    ("rooms.export", "Personaları dışa aktar (YAML)", "Export personas (YAML)"),
    ("room.live", "Canlı akış", "Live stream"),
    ("room.members", "Üyeler", "Members"),
    ("room.alive", "çalışıyor", "alive"),
    ("room.down", "durdu", "down"),
    ("room.left", "ayrıldı", "left"),
    ("room.restarts", "yeniden başlama", "restarts"),
    ("room.post", "Bir kişi olarak yaz", "Post as a person"),
    ("room.author", "Görünen ad", "Display name"),
    ("room.text", "Mesaj", "Message"),
    ("room.send", "Gönder", "Send"),
    ("room.public", "Herkese açık oda sayfası", "The public room page"),
    ("room.pause", "Odayı duraklat", "Pause the room"),
    ("room.resume", "Odayı sürdür", "Resume the room"),
    ("room.restore", "Arşivden geri al", "Restore from the archive"),
    ("room.archive", "Arşivle", "Archive"),
    ("room.archive_help", "Oda durur; geçmişi kalır.", "The room stops; its history stays."),
    ("room.headline", "Bir haber başlığı ver", "Inject a headline"),
    ("room.headline_text", "Başlık", "Headline"),
    ("room.symbol", "Sembol", "Symbol"),
    ("room.inject", "Yayınla", "Publish"),
    ("room.per_hour", "mesaj son saatte", "messages in the last hour"),
    ("quiet.silenced", "susturuldu", "silenced"),
    ("quiet.down", "çalışmıyor", "down"),
    ("quiet.asleep", "aktif saatleri dışında", "outside its active hours"),
    ("quiet.hourly_limit", "saatlik sınırında", "at its hourly limit"),
    ("quiet.cooling_down", "konuştu, biraz bekliyor", "just spoke, waiting a little"),
    ("quiet.other", "şu an konuşamıyor", "cannot speak now"),
    ("room.shock", "Fiyat şoku (simülasyon)", "A price shock (simulated)"),
    ("room.jump", "Sıçrama %", "Jump %"),
    ("room.scenario", "Senaryo zamanla", "Schedule a scenario"),
    ("room.scenario_file", "Senaryo (YAML)", "Scenario (YAML)"),
    ("room.schedule", "Zamanla", "Schedule"),
    ("room.remove", "Çıkar", "Remove"),
    ("room.add_member", "Odaya bot ekle", "Add a bot to the room"),
    ("room.add", "Ekle", "Add"),
    ("room.settings", "Odanın ayarları", "The room's settings"),
    (
        "room.settings_help",
        "Tempo ve söz sırası; bir sonraki turdan itibaren geçerli. Odanın kendi değeri topluluğunkinin yerine geçer.",
        "Pacing and floor, in effect from the next turn. The room's own value replaces the community's.",
    ),
    ("room.edit", "Adı ve konusu", "Name and topic"),
    ("rooms.state", "Durum", "State"),
    ("rooms.running", "çalışıyor", "running"),
    ("rooms.paused", "duraklatıldı", "paused"),
    ("rooms.archived", "arşivde", "archived"),
    ("rooms.create", "Yeni oda", "New room"),
    ("rooms.create_button", "Odayı aç", "Create the room"),
    ("rooms.prices", "Fiyatlar", "Prices"),
    ("rooms.simulated", "simülasyon", "simulated"),
    ("rooms.live_prices", "canlı", "live"),
    ("settings.title", "Çalışırken değişen ayarlar", "Run-time settings"),
    (
        "settings.help",
        "Yöneticinin değeri saklanır, hemen her odada geçerli olur ve yeniden başlatmada da kalır; sıfırlanınca dosyadaki değer döner.",
        "An admin's value is stored, in effect at once in every room and after restarts; a reset brings back the file's value.",
    ),
    ("settings.key", "Anahtar", "Key"),
    ("settings.value", "Geçerli değer", "In effect"),
    ("settings.origin", "Kaynak", "From"),
    ("settings.own", "odanın kendi değeri", "the room's own"),
    ("settings.community", "topluluk", "community"),
    ("settings.operator", "operatör", "operator"),
    ("settings.file", "dosya", "file"),
    ("settings.config", "Başlangıç yapılandırması", "The configuration at start"),
    (
        "settings.config_help",
        "Her anahtar, değeri ve nereden geldiği: varsayılan, dosya, ortam değişkeni (PIYASA_…) ya da komut satırı. Gizli değerler gösterilmez. Yukarıdaki çalışırken değişen ayarların operatör değerleri burada değil, yukarıda.",
        "Every key, its value and where it came from: default, file, environment variable (PIYASA_…) or command line. Secrets are never shown. Operators' run-time values are in the table above, not here.",
    ),
    ("settings.save", "Kaydet", "Save"),
    ("settings.reset", "Sıfırla", "Reset"),
    ("llm.recording", "Kayıt / tekrar", "Record / replay"),
    ("llm.replaying", "yalnız kayıttan cevaplıyor:", "answering only from the recording:"),
    ("llm.recording_to", "her çağrı kaydediliyor:", "every call is recorded to:"),
    ("llm.not_recording", "kapalı (sağlayıcılar canlı)", "off (live providers)"),
    ("llm.edit", "Sağlayıcı zinciri", "The provider chain"),
    (
        "llm.edit_help",
        "Sıra, modeller, katmanlar ve fiyatlar; kaydedince kurulur, saklanır ve bir sonraki çağrıdan itibaren kullanılır. api_key alanına yazılan anahtar şifreli saklanır ve bir daha gösterilmez; yazılmazsa aynı adlı sağlayıcının anahtarı kalır.",
        "Order, models, tiers and prices: on save it is built, stored and used from the next call. A key typed in api_key is stored encrypted and never shown again; left out, the same-named provider keeps its key.",
    ),
    (
        "llm.stored",
        "Şu an operatörün zinciri kullanılıyor (dosyadaki değil).",
        "The chain in use is an operator's (not the file's).",
    ),
    ("llm.chain", "Zincir (JSON)", "Chain (JSON)"),
    ("llm.reset", "Dosyadakine dön", "Back to the file's"),
    ("tg.title", "Telegram hesapları ve grupları", "Telegram accounts and groups"),
    (
        "tg.off",
        "Telegram kapalı (telegram.enabled = false). Açmak için yapılandırmada telegram.enabled ve telegram.token_key verin ve yeniden başlatın; hesaplar ve gruplar ondan sonra buradan eklenir.",
        "Telegram is off (telegram.enabled = false). To turn it on, set telegram.enabled and telegram.token_key in the configuration and restart; accounts and groups are then added here.",
    ),
    ("tg.reports", "Müdahale gerektirenler", "Needs your attention"),
    ("tg.accounts", "Bot hesapları", "Bot accounts"),
    ("tg.username", "Telegram adı", "Telegram name"),
    ("tg.listener", "Grubu dinler", "Listens to the group"),
    ("tg.note", "Not", "Note"),
    ("tg.profile", "Profil adı", "Profile name"),
    ("tg.poller", "Okuma", "Polling"),
    ("tg.poller_running", "çalışıyor", "running"),
    ("tg.poller_stopped", "durdu (bildirimlere bakın)", "stopped (see the reports)"),
    ("tg.poller_webhook", "webhook", "webhook"),
    ("tg.left", "ayrıldı", "left"),
    ("tg.add", "Hesap ekle", "Add an account"),
    ("tg.persona", "Persona", "Persona"),
    ("tg.token", "BotFather anahtarı", "BotFather token"),
    (
        "tg.token_help",
        "Anahtar getMe ile denenir, şifreli saklanır ve bir daha gösterilmez; profil hemen yapay zekâ işaretiyle ayarlanır.",
        "The token is checked with getMe, stored encrypted and never shown again; the profile is set with the AI marker at once.",
    ),
    ("tg.chats", "Odaların grupları", "The rooms' groups"),
    ("tg.chat", "Grup kimliği", "Chat id"),
    ("tg.topic", "Konu (forum)", "Topic (forum)"),
    ("tg.map", "Odayı bir gruba bağla", "Link a room to a group"),
    ("tg.unmap", "Bağlantıyı kes", "Unlink"),
    // Personas.
    ("personas.title", "Personalar ve botlar", "Personas and bots"),
    ("personas.id", "Kimlik", "Id"),
    ("personas.display", "Görünen ad", "Display name"),
    ("personas.role", "Rol", "Role"),
    ("personas.active", "Etkin", "Active"),
    ("personas.mood", "Ruh hâli", "Mood"),
    ("personas.export", "Dışa aktar", "Export"),
    ("personas.rooms", "Odalar", "Rooms"),
    ("personas.state", "Durum", "State"),
    ("personas.silenced", "susturuldu", "silenced"),
    ("personas.speaking", "konuşuyor", "speaking"),
    ("personas.silence", "Sustur", "Silence"),
    ("personas.resume", "Konuştur", "Let speak"),
    ("personas.edit", "Düzenle", "Edit"),
    ("personas.fields", "Persona (JSON)", "Persona (JSON)"),
    ("personas.create", "Yeni persona", "New persona"),
    (
        "personas.create_help",
        "Alanlar persona dosyasındakilerle aynı; bot hiçbir odada değildir, bir odanın sayfasından eklenir.",
        "The fields are those of a persona file; the bot is in no room until it is added on a room's page.",
    ),
    ("personas.create_button", "Personayı oluştur", "Create the persona"),
    ("personas.import", "Persona dosyası içe aktar", "Import a persona file"),
    (
        "personas.import_help",
        "Topluluk YAML'ı ya da seed JSON. Önce ne değişeceği gösterilir; uygulanan tam olarak odur.",
        "Community YAML or seed JSON. What will change is shown first; exactly that is applied.",
    ),
    ("personas.file", "Dosyanın metni", "The file's text"),
    ("personas.into_room", "Oda", "Room"),
    ("personas.format", "Biçim", "Format"),
    ("personas.remove_missing", "Dosyada olmayan üyeler odadan çıksın", "Members not in the file leave the room"),
    ("personas.preview", "Önizle", "Preview"),
    ("personas.plan", "Ne değişecek", "What will change"),
    ("personas.apply", "Uygula", "Apply"),
    ("personas.dry_run", "Deneme (gönderilmez)", "Dry run (nothing sent)"),
    (
        "personas.no_room",
        "Bot hiçbir odada değil; denemek için önce bir odaya ekleyin.",
        "The bot is in no room; add it to one to try it.",
    ),
    ("personas.situation", "Bir kişinin mesajı (isteğe bağlı)", "A person's message (optional)"),
    (
        "personas.situation_hint",
        "@bot bugün bankalar için ne düşünüyorsun?",
        "@bot what do you think of the banks today?",
    ),
    ("personas.samples", "Taslak", "Drafts"),
    ("personas.run", "Dene", "Try it"),
    ("personas.prompt", "Yalnız promptu göster", "Show the prompt only"),
    // LLM.
    ("llm.title", "LLM", "LLM"),
    ("llm.providers", "Sağlayıcı zinciri", "Provider chain"),
    ("llm.provider", "Sağlayıcı", "Provider"),
    ("llm.model", "Model", "Model"),
    ("llm.breaker", "Kesici", "Breaker"),
    ("llm.tiers", "Katmanlar", "Tiers"),
    ("llm.calls", "Çağrı", "Calls"),
    ("llm.failures", "Hata", "Failures"),
    ("llm.cache_hits", "Önbellekten", "Cache hits"),
    ("llm.tokens_in", "Giren token", "Tokens in"),
    ("llm.tokens_out", "Çıkan token", "Tokens out"),
    ("llm.usd", "$", "$"),
    ("llm.latency", "Ort. gecikme ms", "Mean latency ms"),
    ("llm.rooms", "Odalar", "Rooms"),
    ("llm.room", "Oda", "Room"),
    ("llm.tpm", "Mesaj başına token", "Tokens per message"),
    ("llm.today", "Bugün $", "$ today"),
    ("llm.pressure", "Bütçe baskısı", "Budget pressure"),
    ("llm.degrade", "Kısma", "Degrade"),
    ("llm.totals", "Toplamlar", "Totals"),
    ("llm.usd_hour", "Son 1 saatte $", "$ in the last hour"),
    ("llm.tokens_hour", "Son 1 saatte token", "Tokens in the last hour"),
    ("llm.cache_rate", "Önbellek isabet oranı", "Cache hit rate"),
    ("llm.prefix", "Sabit önek payı", "Stable prefix share"),
    ("llm.budget", "Bütçeler", "Budgets"),
    // Guard and privacy.
    ("guard.title", "Koruma ve gizlilik", "Guard and privacy"),
    ("guard.total", "Toplam engellenen taslak", "Drafts blocked in all"),
    ("guard.reason", "Sebep", "Reason"),
    ("guard.count", "Adet", "Count"),
    ("guard.rooms", "Odalara göre", "By room"),
    ("guard.by_day", "Günlere göre (son iki hafta)", "By day (the last two weeks)"),
    ("guard.day", "Gün", "Day"),
    ("guard.forget", "Bir kişiyi unut", "Forget a person"),
    (
        "guard.forget_help",
        "Kişinin tüm mesajları silinir; botların cevapları kalır, bağlantısız.",
        "Every message of the person is deleted; bots' replies stay, unlinked.",
    ),
    ("guard.person", "Kişi (web:AD ya da tg:NUMARA)", "Person (web:NAME or tg:NUMBER)"),
    ("guard.forget_submit", "Unut", "Forget"),
    // Audit.
    ("audit.title", "Denetim kaydı", "Audit log"),
    ("audit.when", "Zaman", "When"),
    ("audit.who", "Kim", "Who"),
    ("audit.action", "Eylem", "Action"),
    ("audit.target", "Hedef", "Target"),
    ("audit.change", "Değişiklik", "Change"),
    ("audit.filter", "Süz", "Filter"),
    ("audit.older", "Daha eskiler", "Older"),
    // Users and keys.
    ("users.title", "Kullanıcılar ve API anahtarları", "Users and API keys"),
    ("users.users", "Operatörler", "Operators"),
    ("users.username", "Kullanıcı adı", "Username"),
    ("users.role", "Rol", "Role"),
    ("users.state", "Durum", "State"),
    ("users.disabled", "kapalı", "disabled"),
    ("users.locked", "kilitli", "locked"),
    ("users.active", "etkin", "active"),
    ("users.totp", "TOTP", "TOTP"),
    ("users.actions", "İşlemler", "Actions"),
    ("users.disable", "Kapat", "Disable"),
    ("users.enable", "Aç", "Enable"),
    ("users.delete", "Sil", "Delete"),
    ("users.set_role", "Rolü değiştir", "Change role"),
    ("users.create", "Hesap oluştur", "Create an account"),
    ("users.password", "Parola (en az 12 karakter)", "Password (12 characters or more)"),
    ("keys.title", "API anahtarları", "API keys"),
    ("keys.name", "Ad", "Name"),
    ("keys.prefix", "Önek", "Prefix"),
    ("keys.created_by", "Oluşturan", "Created by"),
    ("keys.last_used", "Son kullanım", "Last used"),
    ("keys.revoked", "iptal", "revoked"),
    ("keys.revoke", "İptal et", "Revoke"),
    ("keys.create", "Anahtar oluştur", "Create a key"),
    ("keys.once", "Anahtar yalnızca şimdi gösterilir; kopyalayın:", "The key is shown only now; copy it:"),
    // Account.
    ("account.title", "Hesabım", "My account"),
    ("account.totp", "İki adımlı doğrulama (TOTP)", "Two-step verification (TOTP)"),
    ("account.totp_on", "TOTP açık.", "TOTP is on."),
    ("account.totp_off", "TOTP kapalı.", "TOTP is off."),
    ("account.totp_setup", "TOTP kur", "Set up TOTP"),
    ("account.totp_secret", "Bu anahtarı doğrulayıcı uygulamanıza girin:", "Enter this key in your authenticator app:"),
    ("account.totp_code", "Uygulamadaki 6 haneli kod", "The app's 6-digit code"),
    ("account.totp_enable", "TOTP'yi aç", "Turn TOTP on"),
    ("account.totp_disable", "TOTP'yi kapat", "Turn TOTP off"),
    ("account.recovery", "Kurtarma kodları (yalnızca şimdi gösterilir):", "Recovery codes (shown only now):"),
    ("account.password", "Parola değiştir", "Change password"),
    ("account.current", "Şimdiki parola", "Current password"),
    ("account.new", "Yeni parola (en az 12 karakter)", "New password (12 characters or more)"),
    ("account.save", "Kaydet", "Save"),
    ("account.logout_all", "Her yerde çıkış yap", "Log out everywhere"),
    // Script.
    ("js.saved", "Kaydedildi.", "Saved."),
    ("js.failed", "Olmadı:", "Failed:"),
    ("js.confirm", "Emin misiniz?", "Are you sure?"),
    ("js.offline", "Sunucuya ulaşılamıyor; yeniden deneniyor.", "The server cannot be reached; retrying."),
    ("js.updated", "Güncellendi", "Updated"),
    ("js.typing", "yazıyor…", "is typing…"),
    ("js.plan.added", "Eklenecek:", "Added:"),
    ("js.plan.changed", "Değişecek:", "Changed:"),
    ("js.plan.unchanged", "Aynı kalacak:", "Unchanged:"),
    ("js.plan.joining", "Odaya katılacak:", "Joining the room:"),
    ("js.plan.leaving", "Odadan çıkacak:", "Leaving the room:"),
    ("js.plan.not_in_file", "Dosyada yok (kalacak):", "Not in the file (staying):"),
    ("js.dry.goal", "Amaç:", "Goal:"),
    ("js.dry.tier", "katman:", "tier:"),
    ("js.dry.rule", "Modelsiz, kuralla cevap:", "Answered by rule, without the model:"),
    ("js.dry.sample", "Tur", "Turn"),
    ("js.dry.sent", "gönderilirdi", "would be sent"),
    (
        "js.dry.fallback",
        "her taslak reddedildi; hazır cümle giderdi",
        "every draft refused; the templated line would go",
    ),
    ("js.dry.dropped", "koruma engelledi; hiçbir şey gitmezdi", "blocked by the guard; nothing would go"),
    ("js.dry.failed", "model cevap veremedi", "the model did not answer"),
    ("js.dry.refused", "reddedildi:", "refused:"),
    ("js.dry.taken", "alındı", "taken"),
    ("js.dry.would_send", "Odada görünecek:", "The room would see:"),
    ("js.dry.prompt", "Prompt", "Prompt"),
    ("js.dry.stable", "sabit önek", "stable prefix"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn turkish_is_the_default_and_english_the_switch() {
        assert_eq!(Lang::from_cookie(None), Lang::Tr);
        assert_eq!(Lang::from_cookie(Some("fr")), Lang::Tr);
        assert_eq!(Lang::from_cookie(Some("en")), Lang::En);
        assert_eq!(t(Lang::Tr, "logout"), "Çıkış");
        assert_eq!(t(Lang::En, "logout"), "Log out");
        assert_eq!(t(Lang::En, "no.such.key"), "no.such.key");
    }

    #[test]
    fn every_word_has_both_languages_and_one_row() {
        let mut seen = HashSet::new();
        for (k, tr, en) in WORDS {
            assert!(seen.insert(*k), "{k} twice");
            assert!(!tr.is_empty() && !en.is_empty(), "{k} is missing a language");
        }
    }

    #[test]
    fn every_key_the_templates_use_is_in_the_table() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/console");
        let keys: HashSet<&str> = WORDS.iter().map(|(k, _, _)| *k).collect();
        let mut used = 0;
        for entry in std::fs::read_dir(dir).expect("the templates folder") {
            let path = entry.expect("an entry").path();
            let text = std::fs::read_to_string(&path).expect("a template");
            for part in text.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                assert!(keys.contains(key), "{}: {key} is not in WORDS", path.display());
                used += 1;
            }
        }
        assert!(used > 100, "only {used} keys found: the scan is broken");
    }

    #[test]
    fn the_script_words_cannot_close_their_script_element() {
        let json = script_words(Lang::En);
        assert!(json.contains("\"js.saved\":\"Saved.\""), "{json}");
        assert!(!json.contains("</"));
    }
}
