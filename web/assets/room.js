// Piyasa — live room client. No dependencies, no build step.
// All user/bot text is rendered with textContent; never innerHTML.
'use strict';
(() => {
  const LS_NAME = 'piyasa.name', LS_LANG = 'piyasa.lang';
  const MAX_TEXT = 1000, MAX_NODES = 600, BOTTOM_SLACK = 80, HISTORY_LIMIT = 100;

  // UI strings live in room.html (<script id="i18n" type="application/json">).
  const I18N = JSON.parse(document.getElementById('i18n').textContent);

  const S = {
    slug: null, lang: load(LS_LANG) === 'en' ? 'en' : 'tr', name: load(LS_NAME) || '',
    replyTo: null, ids: new Set(), typing: new Map(), quotes: new Map(), headline: null,
    skew: 0, es: null, retryMs: 1000, retryTimer: null, sending: false,
  };

  // ---------- small helpers ----------
  const $ = (id) => document.getElementById(id);
  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = String(text);
    return n;
  }
  function button(cls, text, onClick) {
    const b = el('button', cls, text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }
  function load(key) { try { return localStorage.getItem(key); } catch (_) { return null; } }
  function store(key, val) { try { localStorage.setItem(key, val); } catch (_) { /* private mode */ } }
  function t(key, vars) {
    let s = I18N[S.lang][key] || I18N.tr[key] || key;
    for (const k of Object.keys(vars || {})) s = s.replace('{' + k + '}', vars[k]);
    return s;
  }
  const chars = (s) => Array.from(s || '').length;
  const snippet = (s, n = 80) => { const a = Array.from(s || ''); return a.length > n ? a.slice(0, n).join('') + '…' : a.join(''); };
  const roomPath = (tail) => '/api/rooms/' + encodeURIComponent(S.slug) + tail;

  function makeFmt(opts) {
    try { return new Intl.DateTimeFormat('tr-TR', Object.assign({ timeZone: 'Europe/Istanbul' }, opts)); }
    catch (_) { return new Intl.DateTimeFormat('tr-TR', opts); }
  }
  const TIME_FMT = makeFmt({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const FULL_FMT = makeFmt({ dateStyle: 'medium', timeStyle: 'medium' });
  const fmtTime = (ms) => TIME_FMT.format(new Date(ms));
  const msOf = (m) => Number(m.sent_at_ms) || Date.parse(m.sent_at) || Date.now();

  async function api(path, opts) {
    const res = await fetch(path, Object.assign({ headers: { Accept: 'application/json' } }, opts));
    let body = null;
    try { body = await res.json(); } catch (_) { /* empty or non-JSON body */ }
    if (res.ok) return body;
    const err = new Error((body && body.message) || res.statusText || 'HTTP ' + res.status);
    Object.assign(err, { status: res.status, code: body && body.code });
    throw err;
  }

  function showError(msg) { const p = $('error'); p.textContent = msg || ''; p.hidden = !msg; }

  // ---------- language ----------
  function applyLang() {
    document.documentElement.lang = S.lang;
    document.querySelectorAll('[data-i18n]').forEach((n) => { n.textContent = t(n.dataset.i18n); });
    document.querySelectorAll('[data-i18n-ph]').forEach((n) => { n.placeholder = t(n.dataset.i18nPh); });
    document.querySelectorAll('[data-i18n-aria]').forEach((n) => n.setAttribute('aria-label', t(n.dataset.i18nAria)));
    document.querySelectorAll('.msg .badge').forEach((b) => { b.textContent = t('badge'); b.title = t('badge_title'); });
    document.querySelectorAll('.msg .reply-btn').forEach((b) => { b.textContent = t('reply'); });
    $('lang-toggle').textContent = S.lang === 'tr' ? 'EN' : 'TR';
    S.quotes.forEach(formatQuote);
    if (S.headline) $('headline-symbol').textContent = symbolLabel(S.headline.symbol);
    renderTyping();
  }

  // ---------- room & history ----------
  async function pickRoom() {
    const wanted = new URLSearchParams(location.search).get('room');
    let rooms = [];
    try { rooms = (await api('/api/rooms')) || []; } catch (e) { console.warn('rooms:', e.message); }
    let room = rooms.find((r) => r.slug === wanted);
    if (!room && wanted && rooms.length) showError(t('err_room'));
    room = room || rooms[0] || { slug: wanted || 'piyasa-sohbet', name: 'Piyasa Sohbet', topic: '' };
    S.slug = room.slug;
    $('room-name').textContent = room.name || room.slug;
    $('room-topic').textContent = room.topic || '';
    showPrices(room.prices || 'simulated');
    document.title = (room.name || room.slug) + ' · Piyasa';
  }

  async function loadHistory(forceBottom) {
    try {
      const list = await api(roomPath('/messages?limit=' + HISTORY_LIMIT));
      if (Array.isArray(list)) addMessages(list, forceBottom);
    } catch (e) { console.warn('history:', e.message); }
  }

  // ---------- messages ----------
  function atBottom() { const l = $('messages'); return l.scrollHeight - l.scrollTop - l.clientHeight < BOTTOM_SLACK; }
  function scrollToBottom() { const l = $('messages'); l.scrollTop = l.scrollHeight; $('jump').hidden = true; }

  function addMessages(list, forceBottom) {
    const stick = forceBottom || atBottom();
    let added = 0;
    for (const m of list) if (addOne(m)) added++;
    if (!added) return;
    $('empty').hidden = true;
    if (stick) { pruneOld(); scrollToBottom(); } else $('jump').hidden = false;
  }

  function addOne(m) {
    if (!m || m.id == null || S.ids.has(m.id)) return false;
    if (m.room && S.slug && m.room !== S.slug) return false;
    S.ids.add(m.id);
    insertOrdered(buildMessage(m), Number(m.id));
    if (m.author && m.author.kind === 'bot' && S.typing.delete(m.author.id)) renderTyping();
    return true;
  }

  function insertOrdered(node, id) {
    const list = $('messages');
    let ref = null;
    for (let n = list.lastElementChild; n && n.classList.contains('msg'); n = n.previousElementSibling) {
      if (Number(n.dataset.id) < id) break;
      ref = n;
    }
    list.insertBefore(node, ref);
  }

  function pruneOld() {
    const nodes = $('messages').querySelectorAll('.msg');
    for (let i = 0; i < nodes.length - MAX_NODES; i++) nodes[i].remove();
  }

  function isMine(author) { return !!S.name && author.kind !== 'bot' && author.display_name === S.name; }

  function buildMessage(m) {
    const a = m.author || { display_name: '?', kind: 'human' };
    const isBot = a.kind === 'bot';
    const root = el('article', 'msg ' + (isBot ? 'bot' : 'human') + (isMine(a) ? ' mine' : ''));
    root.dataset.id = m.id;
    root.dataset.author = a.display_name || '';
    const bubble = el('div', 'bubble');
    bubble.append(buildMeta(m, a, isBot));
    if (m.reply_to) bubble.append(buildQuote(m.reply_to));
    bubble.append(el('p', 'text', m.text || ''));
    root.append(avatar(a), bubble);
    return root;
  }

  function buildMeta(m, a, isBot) {
    const meta = el('div', 'meta');
    meta.append(el('span', 'author', a.display_name || '?'));
    if (isBot) { const b = el('span', 'badge', t('badge')); b.title = t('badge_title'); meta.append(b); }
    const ms = msOf(m);
    const time = Object.assign(el('time', 'time', fmtTime(ms)),
      { dateTime: new Date(ms).toISOString(), title: FULL_FMT.format(new Date(ms)) });
    meta.append(time, button('reply-btn', t('reply'), () => setReply(m)));
    return meta;
  }

  function buildQuote(r) {
    const q = button('quote-ref', null, () => jumpTo(r.id));
    q.append(el('b', null, r.author || ''), document.createTextNode(snippet(r.text)));
    return q;
  }

  function avatar(a) {
    const name = (a.display_name || '?').replace('🤖', '').trim();
    const av = el('span', 'avatar', (Array.from(name)[0] || '?').toLocaleUpperCase('tr'));
    let h = 0;
    for (const ch of String(a.id || name)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
    av.style.background = 'hsl(' + (h % 360) + ', 52%, 44%)';
    av.setAttribute('aria-hidden', 'true');
    return av;
  }

  function jumpTo(id) {
    const n = $('messages').querySelector('.msg[data-id="' + Number(id) + '"]');
    if (!n) return;
    n.scrollIntoView({ block: 'center', behavior: 'smooth' });
    n.classList.add('highlight');
    setTimeout(() => n.classList.remove('highlight'), 1600);
  }

  function refreshMine() {
    document.querySelectorAll('.msg.human').forEach((n) => {
      n.classList.toggle('mine', isMine({ kind: 'human', display_name: n.dataset.author }));
    });
  }

  // ---------- typing ----------
  function onTyping(d) {
    if (!d || !d.bot || d.bot.id == null) return;
    const until = Math.min(Number(d.until_ms) - S.skew, Date.now() + 60000);
    S.typing.set(d.bot.id, { name: d.bot.display_name, until });
    renderTyping(); // also drops entries whose time has passed
  }

  function renderTyping() {
    const now = Date.now();
    for (const [id, v] of S.typing) if (v.until <= now) S.typing.delete(id);
    const [a, b] = Array.from(S.typing.values(), (v) => v.name), n = S.typing.size;
    $('typing').textContent = !n ? '' : n === 1 ? t('typing_one', { a }) : n === 2 ? t('typing_two', { a, b }) : t('typing_many', { n });
  }

  // ---------- market ticker & headlines ----------
  const numLocale = () => (S.lang === 'en' ? 'en-US' : 'tr-TR');
  const fmtNum = (v, d) => Number(v).toLocaleString(numLocale(), { minimumFractionDigits: d, maximumFractionDigits: d });
  const priceDigits = (sym) => (/TRY$/.test(sym) ? 4 : sym === 'BTCUSD' ? 0 : 2);

  function fmtPct(c) {
    const arrow = c > 0 ? '▲' : c < 0 ? '▼' : '•';
    const v = fmtNum(Math.abs(c), 2);
    return arrow + ' ' + (S.lang === 'en' ? v + '%' : '%' + v);
  }

  // Honest prices: a room on simulated prices says so above its ticker.
  function showPrices(mode) { $('prices-badge').hidden = mode !== 'simulated'; }

  function renderMarket(data) {
    if (!data || !Array.isArray(data.quotes)) return;
    if (data.prices) showPrices(data.prices);
    if (!S.quotes.size) $('ticker-track').textContent = '';
    data.quotes.forEach(updateQuote);
  }

  function updateQuote(q) {
    if (!q || !q.symbol) return;
    let item = S.quotes.get(q.symbol);
    if (!item) S.quotes.set(q.symbol, (item = makeQuote(q.symbol)));
    const prev = item.q && item.q.price;
    item.q = q;
    formatQuote(item);
    if (prev != null && prev !== q.price) flash(item.root, q.price > prev ? 'flash-up' : 'flash-down');
  }

  function makeQuote(sym) {
    const item = { root: el('span', 'quote'), px: el('span', 'px'), chg: el('span', 'chg'), q: null };
    item.root.append(el('span', 'sym', sym), item.px, item.chg);
    $('ticker-track').append(item.root);
    return item;
  }

  function formatQuote(item) {
    const q = item.q, c = Number(q.change_pct) || 0;
    item.root.title = q.name || q.symbol;
    item.px.textContent = fmtNum(q.price, priceDigits(q.symbol));
    item.chg.textContent = fmtPct(c);
    item.chg.className = 'chg ' + (c > 0 ? 'up' : c < 0 ? 'down' : 'flat');
  }

  function flash(node, cls) {
    node.classList.remove('flash-up', 'flash-down', 'fresh');
    void node.offsetWidth; // restart the animation
    node.classList.add(cls);
    setTimeout(() => node.classList.remove(cls), 800);
  }

  const symbolLabel = (sym) => (!sym || sym === 'MACRO' ? t('macro') : sym);

  function showHeadline(h) {
    if (!h || !h.text) return;
    S.headline = h;
    const txt = $('headline-text');
    delete txt.dataset.i18n; // from now on it shows data, not UI text
    $('headline-symbol').textContent = symbolLabel(h.symbol);
    Object.assign(txt, { textContent: h.text, title: h.text });
    flash(txt, 'fresh');
    $('headline-time').textContent = h.at_ms ? fmtTime(h.at_ms) : '';
  }

  function noteServerTime(atMs) {
    const skew = Number(atMs) - Date.now();
    if (Number.isFinite(skew)) S.skew = Math.abs(skew) > 3000 ? skew : 0;
  }

  // ---------- live stream ----------
  function setConn(state) {
    const label = $('conn-label');
    $('conn').dataset.state = state;
    label.dataset.i18n = 'conn_' + state;
    $('conn').title = label.textContent = t(label.dataset.i18n);
  }

  function listen(es, type, fn) { // one bad event must not break the stream
    es.addEventListener(type, (ev) => { try { fn(JSON.parse(ev.data)); } catch (e) { console.warn(type, e); } });
  }

  function connect() {
    if (S.es) S.es.close();
    setConn('connecting');
    const es = (S.es = new EventSource(roomPath('/stream')));
    es.onopen = () => { S.retryMs = 1000; setConn('live'); loadHistory(false); };
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED) { setConn('connecting'); return; }
      setConn('down'); // the browser gave up; retry ourselves with backoff
      clearTimeout(S.retryTimer);
      S.retryTimer = setTimeout(connect, S.retryMs);
      S.retryMs = Math.min(S.retryMs * 2, 30000);
    };
    listen(es, 'message', (m) => addMessages([m], false));
    listen(es, 'typing', onTyping);
    listen(es, 'market', (d) => { noteServerTime(d.at_ms); renderMarket(d); });
    listen(es, 'headline', (d) => { noteServerTime(d.at_ms); showHeadline(d); });
  }

  // ---------- join & compose ----------
  function nameError(name) {
    if (chars(name) < 2 || chars(name) > 32) return 'err_name_len';
    if (name.includes('🤖')) return 'err_name_bot';
    return null;
  }

  function showCompose(focus) {
    const joined = !!S.name;
    $('join-form').hidden = joined;
    $('send-form').hidden = !joined;
    $('me-name').textContent = S.name;
    if (focus) (joined ? $('text-input') : $('name-input')).focus();
  }

  async function onJoin(ev) {
    ev.preventDefault();
    const name = $('name-input').value.trim(), err = nameError(name);
    if (err) { showError(t(err)); return; }
    try { // claims the name for this browser (a signed cookie); someone else's name is refused
      await api(roomPath('/join'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ name }),
      });
    } catch (e) { showError(e.status ? e.message : t('err_send')); return; }
    store(LS_NAME, (S.name = name));
    showError('');
    showCompose(true);
    refreshMine();
  }

  function onChangeName() {
    $('name-input').value = S.name;
    S.name = '';
    showCompose(true);
    refreshMine();
  }

  function setReply(m) {
    const author = (m.author && m.author.display_name) || '?';
    S.replyTo = { id: m.id };
    $('reply-bar-text').textContent = author + ': ' + snippet(m.text);
    $('reply-bar').hidden = false;
    (S.name ? $('text-input') : $('name-input')).focus();
  }

  function clearReply() { S.replyTo = null; $('reply-bar').hidden = true; $('reply-bar-text').textContent = ''; }

  function onInput() { // auto-grow the textarea and update the counter
    const ta = $('text-input'), n = chars(ta.value);
    ta.style.height = 'auto';
    ta.style.height = Math.min(ta.scrollHeight, 160) + 'px';
    $('char-count').textContent = n + '/' + MAX_TEXT;
    $('char-count').classList.toggle('near', n > MAX_TEXT - 100);
  }

  async function onSend(ev) {
    ev.preventDefault();
    if (S.sending) return;
    const input = $('text-input'), text = input.value.trim();
    if (!text) { showError(t('err_empty')); return; }
    if (chars(text) > MAX_TEXT) { showError(t('err_long')); return; }
    $('send-btn').disabled = S.sending = true;
    showError('');
    try {
      const msg = await api(roomPath('/messages'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ author: S.name, text, reply_to: S.replyTo ? S.replyTo.id : null }),
      });
      input.value = '';
      onInput();
      clearReply();
      if (msg) addMessages([msg], true);
    } catch (e) {
      showError(e.status ? e.message : t('err_send'));
    } finally {
      $('send-btn').disabled = S.sending = false;
      input.focus();
    }
  }

  function bindUi() {
    $('join-form').addEventListener('submit', onJoin);
    $('send-form').addEventListener('submit', onSend);
    $('change-name').addEventListener('click', onChangeName);
    $('reply-cancel').addEventListener('click', clearReply);
    $('jump').addEventListener('click', scrollToBottom);
    $('messages').addEventListener('scroll', () => { if (atBottom()) $('jump').hidden = true; });
    const ta = $('text-input');
    ta.addEventListener('input', onInput);
    ta.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) onSend(e);
      else if (e.key === 'Escape') clearReply();
    });
    $('lang-toggle').addEventListener('click', () => {
      S.lang = S.lang === 'tr' ? 'en' : 'tr';
      store(LS_LANG, S.lang);
      applyLang();
    });
    setInterval(renderTyping, 1000);
  }

  async function init() {
    bindUi();
    applyLang();
    showCompose(false);
    await pickRoom();
    api('/api/market?room=' + encodeURIComponent(S.slug)).then(renderMarket).catch((e) => console.warn('market:', e.message));
    await loadHistory(true);
    connect();
  }

  init();
})();
