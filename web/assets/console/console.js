// Piyasa operator console. Pages are rendered on the server; this script
// only calls the operators' API (with the session's CSRF token), keeps the
// live parts live (the dashboard's numbers and plots, a room's stream) and
// switches language and theme. No inline script anywhere (the CSP).
(function () {
  'use strict';

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const WORDS = (() => { try { return JSON.parse($('#words').textContent); } catch (e) { return {}; } })();
  const t = (k) => WORDS['js.' + k] || k;
  const csrf = () => ($('meta[name="csrf-token"]') || {}).content || '';

  // ---------- the API ----------
  // Returns {ok, status, data}; a lost session goes back to the login page.
  async function api(method, url, body) {
    const opts = { method, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' };
    if (method !== 'GET' && method !== 'HEAD') opts.headers['X-CSRF-Token'] = csrf();
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    const r = await fetch(url, opts);
    let data = null;
    const text = await r.text();
    if (text) { try { data = JSON.parse(text); } catch (e) { data = text; } }
    if (r.status === 401 && document.body.dataset.page !== 'login') {
      location.assign('/console/login?next=' + encodeURIComponent(location.pathname));
    }
    return { ok: r.ok, status: r.status, data };
  }

  function toast(msg) {
    const el = $('#toast');
    if (!el) return;
    el.textContent = msg;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { el.textContent = ''; }, 6000);
  }

  // Shows an API error in the form and marks the field it names.
  function showError(form, res) {
    const d = res.data || {};
    const msg = (d && d.message) || ('HTTP ' + res.status);
    const out = form && $('.form-error', form);
    if (out) out.textContent = t('failed') + ' ' + msg; else toast(t('failed') + ' ' + msg);
    if (form && d.field) {
      const input = form.elements[d.field];
      if (input && input.setAttribute) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
    }
  }

  function clearError(form) {
    const out = $('.form-error', form);
    if (out) out.textContent = '';
    $$('[aria-invalid]', form).forEach((i) => i.removeAttribute('aria-invalid'));
  }

  // A form's fields as a JSON body; `{name}` in the URL takes that field out of the body.
  // A form with `data-json-body="NAME"` sends the JSON written in its field NAME
  // as the whole body; an input with `data-json` sends its value read as JSON.
  function formBody(form, url) {
    if (form.dataset.jsonBody) {
      const name = form.dataset.jsonBody;
      try { return { url, body: JSON.parse(form.elements[name].value) }; } catch (e) {
        return { url, error: { status: 400, data: { field: name, message: name + ': ' + e.message } } };
      }
    }
    const body = {};
    for (const el of form.elements) {
      if (!el.name || el.disabled) continue;
      let v = el.type === 'checkbox' ? el.checked : el.value;
      if (el.type === 'number') v = el.value === '' ? null : Number(el.value);
      else if (el.dataset.json !== undefined) { try { v = JSON.parse(el.value); } catch (e) { v = el.value; } }
      if (url.includes('{' + el.name + '}')) { url = url.replace('{' + el.name + '}', encodeURIComponent(v)); continue; }
      if (v === '' && !el.required) continue;
      body[el.name] = v;
    }
    return { url, body };
  }

  // What happens after a change succeeded.
  function then(how, el, res) {
    const form = el.closest('form') || el;
    if (!how || how === 'reload') { location.reload(); return; }
    if (how === 'login') { location.assign('/console/login'); return; }
    if (how.startsWith('clear:')) {
      const f = form.elements[how.slice(6)];
      if (f) { f.value = ''; f.focus(); }
      window.dispatchEvent(new CustomEvent('posted', { detail: res.data }));
      return;
    }
    if (how === 'show') { const o = $('output.result', form); if (o) o.textContent = JSON.stringify(res.data); toast(t('saved')); return; }
    if (how === 'show-key') {
      const box = $('.once', form);
      $('output.secret', box).textContent = res.data.key;
      box.hidden = false;
      return;
    }
    if (how === 'totp-secret') {
      const f = $('#totp-enable');
      $('#totp-secret').textContent = res.data.secret;
      $('#totp-secret').dataset.uri = res.data.otpauth_uri;
      f.hidden = false;
      el.hidden = true;
      f.elements.code.focus();
      return;
    }
    if (how === 'recovery') {
      const box = $('.once', form);
      $('#recovery-codes').textContent = res.data.recovery_codes.join('\n');
      box.hidden = false;
      $$('input, button[type="submit"]', form).forEach((i) => { i.disabled = true; });
      return;
    }
    if (how === 'preview') { showPlan(form, res.data); return; }
    if (how === 'rehearsal') { showRehearsal(form, res.data); return; }
    if (how === 'csrf') {
      const m = $('meta[name="csrf-token"]');
      if (m && res.data && res.data.csrf_token) m.content = res.data.csrf_token;
      form.reset();
      toast(t('saved'));
    }
  }

  async function act(el, method, url, body) {
    if (el.dataset.confirm && !window.confirm(t('confirm'))) return;
    const form = el.tagName === 'FORM' ? el : null;
    const buttons = form ? $$('button', form) : [el];
    buttons.forEach((b) => { b.disabled = true; });
    if (form) clearError(form);
    try {
      const res = await api(method, url, body);
      if (res.ok) then(el.dataset.then, el, res); else showError(form, res);
    } catch (e) {
      showError(form, { status: 0, data: { message: t('offline') } });
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  // A dry run: each sample's drafts (with why each was refused), what would be
  // sent, and the exact prompt with its token counts. Text only (textContent).
  function make(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function showRehearsal(form, r) {
    const box = $('.rehearsal', form);
    box.replaceChildren();
    const goal = r.intent && r.intent.goal;
    box.append(make('p', 'muted', t('dry.goal') + ' ' + (typeof goal === 'string' ? goal : Object.keys(goal || {})[0] || '—') + ' · ' + t('dry.tier') + ' ' + r.tier));
    if (r.rule) box.append(make('p', 'rule', t('dry.rule') + ' ' + r.rule + (r.rule_text ? ': ' + r.rule_text : '')));
    (r.samples || []).forEach((s, i) => {
      const sec = make('section', 'sample');
      sec.append(make('h4', null, t('dry.sample') + ' ' + (i + 1) + ' — ' + t('dry.' + s.outcome) + (s.reason ? ' (' + s.reason + ')' : '')));
      const ol = make('ol', 'attempts');
      s.attempts.forEach((a) => {
        const li = make('li', a.refused ? 'refused' : 'taken');
        li.append(make('q', null, a.text));
        li.append(make('span', 'muted small', ' ' + (a.refused ? t('dry.refused') + ' ' + a.refused : t('dry.taken')) +
          ' · ' + a.tokens_in + '→' + a.tokens_out + ' token · ' + a.latency_ms + ' ms · ' + a.provider + (a.cached ? ' (cache)' : '')));
        ol.append(li);
      });
      sec.append(ol);
      if (s.sent) sec.append(make('p', 'sent', t('dry.would_send') + ' ' + s.sent));
      box.append(sec);
    });
    const p = r.prompt;
    const d = make('details', 'prompt');
    d.open = !(r.samples || []).length;
    d.append(make('summary', null, t('dry.prompt') + ' — system ' + p.system_tokens + ' + user ' + p.user_tokens + ' token, ' +
      t('dry.stable') + ' ' + Math.round(p.stable_prefix_share * 100) + '%, max ' + p.max_tokens));
    d.append(make('pre', 'prompt-system', p.system));
    d.append(make('pre', 'prompt-user', p.user));
    box.append(d);
  }

  function wireRehearsals() {
    $$('form.rehearse').forEach((form) => {
      const b = $('.show-prompt', form);
      if (!b) return;
      b.addEventListener('click', () => {
        const q = new URLSearchParams({ room: form.elements.room.value });
        if (form.elements.text.value.trim()) q.set('text', form.elements.text.value);
        b.dataset.then = 'rehearsal';
        act(b, 'GET', form.dataset.prompt + '?' + q.toString());
      });
    });
  }

  // An import's preview: what will change, and the button that applies exactly that.
  function showPlan(form, plan) {
    const names = (xs) => xs.map((x) => x.username || x).join(', ') || '—';
    const lines = [
      t('plan.added') + ' ' + names(plan.added),
      t('plan.changed') + ' ' + (plan.changed.map((c) => c.username + ' (' + c.fields.map((f) => f.field).join(', ') + ')').join('; ') || '—'),
      t('plan.unchanged') + ' ' + names(plan.unchanged),
      t('plan.joining') + ' ' + names(plan.joining),
      (plan.remove_missing ? t('plan.leaving') : t('plan.not_in_file')) + ' ' + names(plan.not_in_file),
    ].concat(plan.notes || []);
    const box = $('.plan', form);
    $('.plan-text', box).textContent = lines.join('\n');
    box.hidden = false;
    const apply = $('.apply-import', box);
    apply.onclick = () => {
      const { body } = formBody(form, form.dataset.api);
      body.fingerprint = plan.fingerprint;
      apply.dataset.then = 'reload';
      act(apply, 'POST', '/api/import', body);
    };
  }

  function wireActions() {
    $$('form[data-api]').forEach((form) => form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const { url, body, error } = formBody(form, form.dataset.api);
      if (error) { clearError(form); showError(form, error); return; }
      const method = form.dataset.method || 'POST';
      act(form, method, url, method === 'DELETE' ? undefined : body);
    }));
    $$('button[data-api]').forEach((b) => b.addEventListener('click', () => {
      const body = b.dataset.body ? JSON.parse(b.dataset.body) : undefined;
      act(b, b.dataset.method || 'POST', b.dataset.api, body);
    }));
  }

  // ---------- frame: language, theme, logout ----------
  function setCookie(name, value) {
    document.cookie = name + '=' + value + '; Path=/; Max-Age=31536000; SameSite=Strict';
  }

  function wireFrame() {
    $$('[data-lang]').forEach((b) => b.addEventListener('click', () => { setCookie('piyasa_lang', b.dataset.lang); location.reload(); }));
    $$('[data-theme-toggle]').forEach((b) => b.addEventListener('click', () => {
      const root = document.documentElement;
      const dark = root.dataset.theme === 'dark' ||
        (root.dataset.theme === 'auto' && window.matchMedia('(prefers-color-scheme: dark)').matches);
      root.dataset.theme = dark ? 'light' : 'dark';
      setCookie('piyasa_theme', root.dataset.theme);
      window.dispatchEvent(new Event('themechange'));
    }));
    $$('[data-logout]').forEach((b) => b.addEventListener('click', async () => {
      await api('POST', '/api/auth/logout');
      location.assign('/console/login');
    }));
  }

  // ---------- login ----------
  function wireLogin() {
    const form = $('#login');
    if (!form) return;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearError(form);
      const body = { username: form.elements.username.value.trim(), password: form.elements.password.value };
      const code = form.elements.code.value.trim();
      if (code) {
        if (/^\d{6}$/.test(code.replace(/\s/g, ''))) body.totp_code = code.replace(/\s/g, ''); else body.recovery_code = code;
      }
      const button = $('button', form);
      button.disabled = true;
      try {
        const res = await api('POST', '/api/auth/login', body);
        if (res.ok) { location.assign(form.dataset.next || '/console'); return; }
        if (res.data && res.data.code === 'totp_required') {
          $('.form-error', form).textContent = res.data.message;
          form.elements.code.setAttribute('aria-invalid', 'true');
          form.elements.code.focus();
          return;
        }
        showError(form, res);
      } catch (e) {
        showError(form, { status: 0, data: { message: t('offline') } });
      } finally {
        button.disabled = false;
      }
    });
  }

  // ---------- dashboard ----------
  const fmt = {
    ms: (v) => (v === null || v === undefined ? '—' : v + ' ms'),
    usd: (v) => '$' + Number(v || 0).toFixed(4),
    pct: (v) => Math.round((v || 0) * 100) + '%',
    blocks: (b) => { const e = Object.entries(b || {}); return e.length ? e.map(([k, v]) => k + ': ' + v).join(', ') : '0'; },
  };
  const sum = (a) => a.reduce((x, y) => x + y, 0);

  function boardValues(r) {
    return {
      msgs10: sum(r.messages_per_minute),
      mpm: r.messages_per_minute[r.messages_per_minute.length - 1] || 0,
      people_waiting: r.people_waiting,
      people_answered: r.people_answered,
      first_reply_ms_p50: fmt.ms(r.first_reply_ms_p50),
      first_reply_ms_p90: fmt.ms(r.first_reply_ms_p90),
      llm_calls_last_hour: r.llm_calls_last_hour,
      tokens_last_hour: r.tokens_last_hour,
      usd_today: fmt.usd(r.usd_today),
      outbox_backlog: r.outbox_backlog,
      telegram_429s: r.telegram_429s,
      guard_blocks: fmt.blocks(r.guard_blocks),
    };
  }

  const PALETTE = ['#0b5cad', '#d1495b', '#2a9d8f', '#e9a03b', '#7b4fb0', '#3d8b37'];

  function chartSize(el) { return { width: Math.max(260, el.clientWidth - 4), height: 200 }; }

  function makeChart(el, series, data, opts) {
    if (!window.uPlot || !el) return null;
    const fg = getComputedStyle(document.body).color;
    const axis = { stroke: fg, grid: { stroke: 'rgba(128,128,128,.2)' }, ticks: { stroke: 'rgba(128,128,128,.3)' } };
    const o = Object.assign({
      ...chartSize(el),
      series: [{}].concat(series.map((s, i) => Object.assign({ stroke: PALETTE[i % PALETTE.length], width: 2 }, s))),
      axes: [Object.assign({}, axis), Object.assign({}, axis)],
      legend: { live: false },
    }, opts || {});
    o.axes = o.axes.map((a) => Object.assign({}, axis, a));
    return new window.uPlot(o, data, el);
  }

  function wireDashboard() {
    const status = $('#dash-status');
    if (!status) return;
    const pollMs = Number(status.dataset.pollMs) || 3000;
    let d = JSON.parse($('#dash-data').textContent);
    const rooms = d.rooms.map((r) => r.slug);
    const names = d.rooms.map((r) => r.name);
    // Latency and tokens: one point per poll, since the page opened.
    const hist = { t: [], p50: rooms.map(() => []), p90: rooms.map(() => []), tokens: rooms.map(() => []), usd: rooms.map(() => []) };
    let charts = {};

    function mpmData(d) {
      const now = Math.floor(d.at_ms / 60000) * 60;
      const xs = d.rooms[0] ? d.rooms[0].messages_per_minute.map((_, i, a) => now - (a.length - 1 - i) * 60) : [];
      return [xs].concat(d.rooms.map((r) => r.messages_per_minute));
    }

    function record(d) {
      hist.t.push(Math.floor(d.at_ms / 1000));
      d.rooms.forEach((r, i) => {
        hist.p50[i].push(r.first_reply_ms_p50);
        hist.p90[i].push(r.first_reply_ms_p90);
        hist.tokens[i].push(r.tokens_last_hour);
        hist.usd[i].push(r.usd_today);
      });
      if (hist.t.length > 600) { hist.t.shift(); for (const k of ['p50', 'p90', 'tokens', 'usd']) hist[k].forEach((s) => s.shift()); }
    }

    function latencyData() { return [hist.t].concat(hist.p50, hist.p90); }
    function tokenData() { return [hist.t].concat(hist.tokens, hist.usd); }

    // One point (a page just opened) still gets a minute's width, not years.
    const x = { range: (u, lo, hi) => (lo === hi ? [lo - 60, hi + 60] : [lo, hi]) };

    function build() {
      for (const c of Object.values(charts)) if (c) c.destroy();
      $$('.chart').forEach((el) => { el.textContent = ''; });
      charts = {
        mpm: makeChart($('#chart-mpm'), names.map((n) => ({ label: n })), mpmData(d)),
        latency: makeChart($('#chart-latency'),
          names.map((n) => ({ label: n + ' p50' })).concat(names.map((n, i) => ({ label: n + ' p90', dash: [6, 4], stroke: PALETTE[i % PALETTE.length] }))),
          latencyData(), { scales: { x } }),
        tokens: makeChart($('#chart-tokens'),
          names.map((n) => ({ label: n + ' token', scale: 'tok' })).concat(names.map((n, i) => ({ label: n + ' $', scale: '$', dash: [6, 4], stroke: PALETTE[i % PALETTE.length] }))),
          tokenData(),
          { axes: [{}, { scale: 'tok' }, { scale: '$', side: 1, grid: { show: false } }], scales: { x, tok: {}, $: {} } }),
      };
    }

    function update(next) {
      d = next;
      for (const r of d.rooms) {
        const card = document.getElementById('board-' + r.slug);
        if (!card) continue;
        const vals = boardValues(r);
        for (const [k, v] of Object.entries(vals)) {
          const el = $('[data-k="' + k + '"]', card);
          if (el && el.textContent !== String(v)) el.textContent = v;
        }
      }
      $('#llm-usd').textContent = fmt.usd(d.llm.usd_last_hour);
      $('#llm-tokens').textContent = d.llm.tokens_last_hour;
      $('#llm-cache').textContent = fmt.pct(d.llm.cache_hit_rate);
      const ul = $('#breakers');
      ul.textContent = '';
      for (const [name, state] of d.llm.breakers) {
        const li = document.createElement('li');
        li.className = 'breaker ' + state;
        li.textContent = name + ': ' + state;
        ul.append(li);
      }
      const at = $('#dash-at');
      at.dataset.ms = d.at_ms;
      at.textContent = new Date(d.at_ms).toLocaleTimeString();
      record(d);
      if (charts.mpm) charts.mpm.setData(mpmData(d));
      if (charts.latency) charts.latency.setData(latencyData());
      if (charts.tokens) charts.tokens.setData(tokenData());
    }

    async function poll() {
      try {
        const res = await api('GET', '/api/dashboard');
        if (res.ok) update(res.data); else toast(t('failed') + ' ' + ((res.data && res.data.message) || res.status));
      } catch (e) {
        toast(t('offline'));
      }
      setTimeout(poll, pollMs);
    }

    record(d);
    $('#dash-at').textContent = new Date(d.at_ms).toLocaleTimeString();
    build();
    window.addEventListener('themechange', build);
    let resizeTimer;
    window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(build, 200); });
    setTimeout(poll, pollMs);
  }

  // ---------- a room, live ----------
  function wireRoom() {
    const feed = $('#feed');
    if (!feed) return;
    const room = feed.dataset.room;
    const seen = new Set();
    const typing = new Map();

    function line(m) {
      if (seen.has(m.id)) return;
      seen.add(m.id);
      const li = document.createElement('li');
      const a = m.author || {};
      li.className = a.kind === 'bot' ? 'bot' : 'human';
      li.dataset.id = m.id;
      if (m.reply_to) {
        const r = document.createElement('span');
        r.className = 'reply';
        r.textContent = '↪ ' + (m.reply_to.author || '') + ': ' + String(m.reply_to.text || '').slice(0, 80);
        li.append(r);
      }
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = a.display_name || '?';
      li.append(who, document.createTextNode(m.text || ''));
      const atBottom = feed.scrollTop + feed.clientHeight >= feed.scrollHeight - 20;
      feed.append(li);
      while (feed.children.length > 300) feed.firstElementChild.remove();
      if (atBottom) feed.scrollTop = feed.scrollHeight;
      if (a.kind === 'bot') { typing.delete(a.id); showTyping(); }
    }

    function note(text) {
      const li = document.createElement('li');
      li.className = 'headline';
      li.textContent = text;
      feed.append(li);
    }

    function showTyping() {
      const now = Date.now();
      for (const [id, v] of typing) if (v.until <= now) typing.delete(id);
      $('#typing').textContent = Array.from(typing.values()).map((v) => v.name + ' ' + t('typing')).join(' · ');
    }

    async function history() {
      const res = await api('GET', '/api/rooms/' + encodeURIComponent(room) + '/messages?limit=50');
      if (res.ok && Array.isArray(res.data)) res.data.forEach(line);
      feed.scrollTop = feed.scrollHeight;
    }

    const es = new EventSource('/api/rooms/' + encodeURIComponent(room) + '/stream');
    const on = (type, fn) => es.addEventListener(type, (ev) => { try { fn(JSON.parse(ev.data)); } catch (e) { /* one bad event */ } });
    es.onopen = history;
    // What the operator posted shows at once (the answer is the stored message).
    window.addEventListener('posted', (ev) => { if (ev.detail && ev.detail.id) line(ev.detail); });
    on('message', line);
    on('typing', (d) => { if (d.bot) { typing.set(d.bot.id, { name: d.bot.display_name, until: Date.now() + 8000 }); showTyping(); } });
    on('headline', (d) => note('📰 ' + (d.text || '')));
    setInterval(showTyping, 2000);
  }

  document.addEventListener('DOMContentLoaded', () => {
    wireFrame();
    wireActions();
    wireRehearsals();
    wireLogin();
    wireDashboard();
    wireRoom();
  });
})();
