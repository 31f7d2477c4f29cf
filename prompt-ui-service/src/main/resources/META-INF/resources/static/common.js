// Shared by every page: calls to the page's JSON API (with the CSRF token), the live event stream, the
// troubleshooting badges and the UPM panel. Text from users or services is only ever set as textContent.
window.TL = (function () {
  'use strict';
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  async function api(path, options) {
    const o = options || {};
    const method = o.method || 'GET';
    const headers = Object.assign({ 'X-Requested-With': 'fetch', 'Accept': 'application/json' }, o.headers || {});
    let body = o.body;
    if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-TOKEN'] = csrf;
    if (o.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(o.json);
    }
    const response = await fetch(path, { method: method, headers: headers, body: body, credentials: 'same-origin' });
    if (response.status === 401) {
      window.location.href = '/login';
      throw new Error('Your session has ended: sign in again.');
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { message: text }; }
    if (!response.ok) {
      const error = new Error((data && data.message) || ('The server answered ' + response.status));
      error.status = response.status;
      error.body = data;
      throw error;
    }
    return data;
  }

  /** Builds an element; children that are strings become text nodes (never HTML). */
  function el(tag, attrs) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') node.textContent = v;
      else if (k === 'className') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    });
    for (let i = 2; i < arguments.length; i++) {
      const child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function shortId(id) { return id ? String(id).substring(0, 8) : ''; }

  function fmtTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleTimeString();
  }

  function fmtDuration(ms) {
    if (ms == null || ms < 0) return '';
    const s = Math.floor(ms / 1000);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + r + 's';
  }

  function fmtNumber(v) {
    if (v == null || v === '') return '–';
    const n = Number(v);
    if (!isFinite(n)) return String(v);
    return Math.abs(n) >= 100 || Number.isInteger(n) ? String(Math.round(n * 100) / 100) : n.toFixed(4);
  }

  // ---- troubleshooting badges and UPM panel, from the "system-status" events ----
  function renderStatus(s) {
    const bar = document.getElementById('problems');
    if (bar) {
      bar.replaceChildren();
      (s.problems || []).forEach(p => bar.appendChild(
        el('div', { className: 'problem', 'data-code': p.code },
          el('strong', { text: p.title }), ' ', el('span', { text: p.detail || '' }))));
    }
    const badge = document.getElementById('upm-badge');
    if (!badge || !s.upm) return;
    const u = s.upm;
    badge.textContent = u.disabled ? 'UPM disabled' : 'UPM enabled';
    badge.className = 'badge ' + (u.disabled ? 'disabled' : 'completed');
    badge.setAttribute('data-disabled', u.disabled ? 'true' : 'false');
    setText('upm-reason', u.reason || '');
    setText('upm-trainers', u.activeTrainers == null ? '–' : u.activeTrainers);
    setText('upm-snapshots', u.snapshots24h == null ? '–' : u.snapshots24h);
    setText('upm-drift', u.driftP95 == null ? '–' : fmtNumber(u.driftP95));
    setText('upm-agents', u.agentsTotal == null ? '–' : u.agentsSynced + ' / ' + u.agentsTotal);
    setText('upm-at', u.at ? fmtTime(u.at) : '–');
    const drift = document.querySelector('#drift-table tbody');
    if (drift) {
      drift.replaceChildren();
      (s.drift || []).forEach(d => drift.appendChild(el('tr', {},
        el('td', { text: d.family }), el('td', { text: String(d.version) }), el('td', { text: fmtNumber(d.p95) }),
        el('td', { text: fmtNumber(d.psi) }), el('td', {}, el('span', { className: 'badge ' + d.verdict, text: d.verdict })))));
    }
  }

  function setText(id, value) {
    const node = document.getElementById(id);
    if (node) node.textContent = value == null ? '' : String(value);
  }

  /**
   * Opens the page's event stream. `after` is the position the page read its state at; on a dropped connection the
   * browser reconnects by itself with Last-Event-ID; if the stream is refused (e.g. a restart) we reopen it with the
   * last id we saw. `handlers` maps event names to functions; "resync" means: reload your state over REST.
   */
  function stream(params, handlers) {
    let lastId = null;
    let source = null;
    const state = document.getElementById('stream-state');
    function open(extra) {
      const q = new URLSearchParams();
      Object.entries(Object.assign({}, params, extra || {})).forEach(([k, v]) => { if (v) q.set(k, v); });
      source = new EventSource('/api/jobs/stream' + (q.toString() ? '?' + q.toString() : ''));
      source.onopen = () => { if (state) state.textContent = 'live'; document.body.setAttribute('data-stream', 'open'); };
      source.onerror = () => {
        if (state) state.textContent = 'reconnecting…';
        document.body.setAttribute('data-stream', 'reconnecting');
        if (source.readyState === EventSource.CLOSED) {
          setTimeout(() => open(lastId ? { lastEventId: lastId, after: null } : {}), 2000);
        }
      };
      const names = ['job-update', 'job-log', 'job-run', 'resync', 'system-status'];
      names.forEach(name => source.addEventListener(name, e => {
        if (e.lastEventId) lastId = e.lastEventId;
        let data;
        try { data = JSON.parse(e.data); } catch (err) { return; }
        if (name === 'system-status') renderStatus(data);
        if (handlers[name]) handlers[name](data, e.lastEventId);
      }));
    }
    open();
    return { close: () => source && source.close() };
  }

  /** Shows an error next to its field (or in the form's banner) and returns the element used. */
  function showError(field, message, fallbackId) {
    const target = document.getElementById('error-' + field) || document.getElementById(fallbackId || 'form-error');
    if (target) target.textContent = message;
    return target;
  }

  api('/api/status').then(renderStatus).catch(() => {});
  return { api, el, shortId, fmtTime, fmtDuration, fmtNumber, stream, showError, renderStatus, csrf };
})();
