// Piyasa API reference: renders /api/openapi.json. No dependencies, no
// build step, no inline script (it runs under the server's CSP). All text
// from the document is set with textContent.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = String(text);
    return n;
  }

  function resolve(spec, s) {
    if (s && s.$ref) return spec.components.schemas[s.$ref.split('/').pop()] || s;
    return s;
  }

  function operation(spec, path, method, op) {
    const d = el('details', 'op');
    d.dataset.text = (method + ' ' + path + ' ' + (op.summary || '') + ' ' + (op['x-access'] || '')).toLowerCase();
    const s = el('summary');
    s.append(el('span', 'method ' + method, method.toUpperCase()), el('span', 'path', path), el('span', null, op.summary || ''));
    s.append(el('span', 'role', op['x-access'] || 'public'));
    d.append(s);
    const b = el('div', 'body');
    for (const p of op.parameters || []) {
      b.append(el('p', null, p.in + ' parameter ' + p.name + (p.required ? ' (required)' : '') + (p.description ? ': ' + p.description : '')));
    }
    const body = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
    if (body) {
      b.append(el('p', null, 'JSON body:'));
      b.append(el('pre', null, JSON.stringify(resolve(spec, body.schema), null, 2)));
    }
    for (const [code, r] of Object.entries(op.responses || {})) b.append(el('p', null, code + ': ' + (r.description || '')));
    d.append(b);
    return d;
  }

  function render(spec) {
    const main = $('ops');
    main.textContent = '';
    const byTag = new Map();
    for (const [path, item] of Object.entries(spec.paths || {})) {
      for (const [method, op] of Object.entries(item)) {
        const tag = (op.tags && op.tags[0]) || 'other';
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(operation(spec, path, method, op));
      }
    }
    for (const [tag, ops] of byTag) {
      const sec = el('section', 'tag');
      sec.append(el('h2', null, tag), ...ops);
      main.append(sec);
    }
  }

  function filter() {
    const q = $('filter').value.trim().toLowerCase();
    document.querySelectorAll('details.op').forEach((d) => { d.hidden = !!q && !d.dataset.text.includes(q); });
  }

  $('filter').addEventListener('input', filter);
  fetch('/api/openapi.json', { headers: { Accept: 'application/json' } })
    .then((r) => r.json())
    .then(render)
    .catch((e) => { $('status').textContent = 'Could not load the API document: ' + e.message; });
})();
