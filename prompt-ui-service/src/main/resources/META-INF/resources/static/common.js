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
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
    if (!response.ok) {
      // every error of the API is a problem (RFC 9457): detail says what is wrong, field where, errors the rest
      const error = new Error(problemDetail(data) || ('The server answered ' + response.status));
      error.status = response.status;
      error.body = data;
      throw error;
    }
    return data;
  }

  /** What a problem body says (the page's API answers every error with one). */
  function problemDetail(body) {
    return body && body.detail ? String(body.detail) : '';
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

  /** Date and time to the second (today's date too): "2026-12-05 14:03:27". */
  function fmtDateTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    const p = n => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':'
      + p(d.getMinutes()) + ':' + p(d.getSeconds());
  }

  /** MLflow links point at the address MLflow was started with; if that is a loopback address and the page was
   *  reached by another host name, the link uses the page's host name (same port), so it works from other machines. */
  function mlflowHref(url) {
    if (!url) return url;
    try {
      const u = new URL(url, window.location.href);
      const loop = h => h === '127.0.0.1' || h === 'localhost' || h === '0.0.0.0' || h === '[::1]';
      if (loop(u.hostname) && !loop(window.location.hostname)) u.hostname = window.location.hostname;
      return u.toString();
    } catch (e) { return url; }
  }

  function fmtDuration(ms) {
    if (ms == null || ms < 0) return '';
    if (ms < 1000) return (ms / 1000).toFixed(1) + 's';
    if (ms < 10000) return (Math.floor(ms / 100) / 10).toFixed(1) + 's';
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
    setText('upm-offline', u.agentsOffline == null ? '–' : u.agentsOffline
      + (u.offlineAfterSeconds ? ' (silent > ' + u.offlineAfterSeconds + ' s)' : ''));
    renderFamilies(u.families);
    renderAgents(u.agents, u.offlineAfterSeconds);
    setText('upm-at', u.at ? fmtTime(u.at) : '–');
    const drift = document.querySelector('#drift-table tbody');
    if (drift) {
      drift.replaceChildren();
      (s.drift || []).forEach(d => drift.appendChild(el('tr', {},
        el('td', { text: d.family }), el('td', { text: String(d.version) }), el('td', { text: fixed(d.p95, 3) }),
        el('td', { text: fixed(d.psi, 2) }), el('td', {}, el('span', { className: 'badge ' + d.verdict, text: d.verdict })))));
    }
  }

  function renderFamilies(families) {
    const body = document.querySelector('#upm-families tbody');
    if (!body || !families) return;
    body.replaceChildren();
    families.forEach(f => body.appendChild(el('tr', { 'data-family': f.family },
      el('td', { className: 'family', text: f.family }),
      el('td', { 'data-role': 'windows', text: f.windowsReceived + (f.windowsPending ? ' (' + f.windowsPending + ' pending)' : '') }),
      el('td', { 'data-role': 'next', text: f.windowsToNextSnapshot === 0 ? 'due now'
        : f.windowsToNextSnapshot + ' more (' + f.windowsSinceSnapshot + '/' + f.snapshotEvery + ')' }),
      el('td', { 'data-role': 'active', text: f.activeVersion == null ? 'none yet' : 'v' + f.activeVersion }))));
    const note = document.getElementById('upm-families-note');
    if (note) note.hidden = families.length > 0;
  }

  const STATE_TEXT = { waiting: 'waiting for a first model', synced: 'synced', behind: 'behind', offline: 'offline' };
  function renderAgents(agents, offlineAfter) {
    const list = document.getElementById('upm-agent-list');
    if (!list || !agents) return;
    list.replaceChildren();
    agents.forEach(a => {
      const held = Object.entries(a.heldVersions || {}).map(([f, v]) => f + ' v' + v).join(', ');
      const title = a.state === 'offline' ? 'nothing heard for more than ' + (offlineAfter || '?') + ' s; last seen '
        + fmtDateTime(a.lastSeen) : (held || 'holds no model yet');
      list.appendChild(el('li', { 'data-agent-id': a.agentId, 'data-state': a.state, title: title },
        el('span', { text: a.agentId }), el('span', { className: 'badge ' + a.state, text: STATE_TEXT[a.state] || a.state })));
    });
    const note = document.getElementById('upm-agents-note');
    if (note) note.hidden = agents.length > 0;
  }

  function fixed(v, digits) {
    const n = Number(v);
    return v == null || !isFinite(n) ? '–' : n.toFixed(digits);
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
  /**
   * "Right" / "Wrong" buttons and a "right label" choice for one logged prediction (an A/B test's answer or a job's
   * "Try it"): the judgement is posted once; {@code done(feedback)} runs after it is recorded.
   */
  function feedbackControls(predictionId, labels, predicted, done) {
    const box = el('span', { className: 'feedback', 'data-prediction-id': predictionId });
    const say = (body) => api('/api/predictions/' + encodeURIComponent(predictionId) + '/feedback', { method: 'POST', json: body })
      .then(f => {
        box.replaceChildren(el('span', { className: 'judged ' + (f.correct ? 'right' : 'wrong'), 'data-role': 'judged',
          text: f.correct ? 'judged right' : 'judged wrong' + (f.label ? ' (right label: ' + f.label + ')' : '') }));
        if (done) done(f);
      })
      .catch(e => box.appendChild(el('span', { className: 'field-error', 'data-role': 'feedback-error', text: ' ' + e.message })));
    const right = el('button', { type: 'button', 'data-role': 'right', text: '✓ Right' });
    const wrong = el('button', { type: 'button', 'data-role': 'wrong', text: '✗ Wrong' });
    const choose = el('select', { 'data-role': 'right-label', title: 'the right label' },
      el('option', { value: '', text: 'right label…' }),
      ...labels.filter(l => l !== predicted).map(l => el('option', { value: l, text: l })));
    right.addEventListener('click', () => say({ correct: true }));
    wrong.addEventListener('click', () => say({ correct: false }));
    choose.addEventListener('change', () => { if (choose.value) say({ label: choose.value }); });
    box.append(right, ' ', wrong, ' ', choose);
    return box;
  }

  return { api, problemDetail, el, shortId, fmtTime, fmtDateTime, mlflowHref, fmtDuration, fmtNumber, stream, showError, renderStatus, csrf, feedbackControls };
})();
