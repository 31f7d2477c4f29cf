// /training/jobs/{id}: phases, live charts per epoch and per trial, trials, log, final metrics, actions, "try it".
(function () {
  'use strict';
  const { api, el, fmtTime, fmtNumber } = window.TL;
  const jobId = document.getElementById('job').getAttribute('data-job-id');
  const updates = new Map();   // seq -> update
  const logSeqs = new Set();
  let job = null;

  const statusBadge = document.getElementById('job-status');
  const logBox = document.getElementById('log');

  function setStatus(status) {
    statusBadge.textContent = status;
    statusBadge.className = 'badge ' + status;
    document.getElementById('cancel-job').disabled = !(status === 'queued' || status === 'running');
    document.getElementById('retry-job').disabled = !(status === 'failed' || status === 'cancelled' || status === 'completed');
    document.getElementById('try-submit').disabled = status !== 'completed';
  }

  function renderPhases() {
    const latest = [...updates.values()].sort((a, b) => a.seq - b.seq);
    let phase = job.phase || 0;
    latest.forEach(u => { if (u.phase) phase = u.phase; });
    const done = job.status === 'completed';
    document.querySelectorAll('#phases li').forEach(li => {
      const p = Number(li.getAttribute('data-phase'));
      li.className = done || p < phase ? 'done' : p === phase ? (job.status === 'running' ? 'current' : 'reached') : '';
    });
    document.getElementById('phases').setAttribute('data-phase', String(done ? 4 : phase));
  }

  function renderCharts() {
    const list = [...updates.values()].sort((a, b) => a.seq - b.seq);
    // phase 2 is the architecture search (trials, each with its epochs and a summary), phase 3 the final training
    let phase = null;
    const epochs = [];
    const byTrial = new Map();
    list.forEach(u => {
      if (u.phase) phase = u.phase;
      if (!Object.keys(u.metrics || {}).length) return;
      if (phase === 3 && u.epoch != null) epochs.push({ x: u.epoch, metrics: u.metrics });
      if (phase === 2 && u.trial != null) {
        const prev = byTrial.get(u.trial);
        // a trial's summary (no epoch) wins over its epochs; otherwise its latest epoch
        if (!prev || u.epoch == null || (prev.epoch != null && u.epoch >= prev.epoch)) byTrial.set(u.trial, u);
      }
    });
    const trials = [...byTrial.entries()].sort((a, b) => a[0] - b[0]).map(([t, u]) => ({ x: t, metrics: u.metrics }));
    TLCharts.draw(document.getElementById('epoch-charts'), 'epoch', 'epoch', epochs);
    TLCharts.draw(document.getElementById('trial-charts'), 'trial', 'trial', trials);
    document.getElementById('epoch-empty').hidden = epochs.length > 0;
    if (!trialsFromTrainer) renderTrialsFrom(byTrial);
  }

  let trialsFromTrainer = false;
  function renderTrialsFrom(byTrial) {
    const body = document.querySelector('#trials tbody');
    body.replaceChildren();
    [...byTrial.entries()].sort((a, b) => a[0] - b[0]).forEach(([t, u]) => body.appendChild(el('tr', {},
      el('td', { text: String(t) }), el('td', { text: (u.params && u.params.architecture) || '' }),
      el('td', { text: u.epoch == null ? '' : String(u.epoch) }), el('td', { text: metricsText(u.metrics) }))));
  }

  async function loadTrials() {
    try {
      const trials = await api('/api/jobs/' + encodeURIComponent(jobId) + '/trials');
      const list = Array.isArray(trials) ? trials : (trials && trials.items) || [];
      if (!list.length) return;
      trialsFromTrainer = true;
      const body = document.querySelector('#trials tbody');
      body.replaceChildren();
      list.forEach((t, i) => body.appendChild(el('tr', {},
        el('td', { text: String(t.trial != null ? t.trial : (t.number != null ? t.number : i + 1)) }),
        el('td', { text: typeof t.architecture === 'string' ? t.architecture : JSON.stringify(t.architecture || t.spec || '') }),
        el('td', { text: t.bestEpoch != null ? String(t.bestEpoch) : '' }),
        el('td', { text: metricsText(t.metrics || t.bestMetrics || {}) }))));
      document.getElementById('trials-note').textContent = '';
    } catch (e) {
      document.getElementById('trials-note').textContent = 'Trial table from the trainer: ' + e.message
        + ' (showing the trials seen in the job updates).';
    }
  }

  function metricsText(m) {
    return Object.entries(m || {}).map(([k, v]) => k + '=' + fmtNumber(v)).join('  ');
  }

  function renderFinal() {
    const body = document.querySelector('#final-metrics tbody');
    body.replaceChildren();
    // once completed: what the evaluation reported; before that, the latest value of every metric
    const done = [...updates.values()].filter(u => u.status === 'completed' && Object.keys(u.metrics || {}).length);
    const m = done.length ? done[done.length - 1].metrics : (job.metrics || {});
    Object.keys(m).sort().forEach(k => body.appendChild(el('tr', { 'data-metric': k },
      el('th', { text: k }), el('td', { text: fmtNumber(m[k]) }))));
    if (!Object.keys(m).length) body.appendChild(el('tr', {}, el('td', { className: 'muted', text: 'No metrics yet.' })));
  }

  function renderLink() {
    const link = document.getElementById('mlflow-link');
    if (job.mlflowUrl) { link.href = job.mlflowUrl; link.hidden = false; }
  }

  function addLog(line) {
    if (logSeqs.has(line.seq)) return;
    logSeqs.add(line.seq);
    const atBottom = logBox.scrollTop + logBox.clientHeight >= logBox.scrollHeight - 4;
    logBox.appendChild(el('div', { className: 'log-line ' + String(line.level || '').toLowerCase(), 'data-seq': String(line.seq) },
      fmtTime(line.at) + ' ' + (line.level || '') + ' ' + line.line));
    if (atBottom) logBox.scrollTop = logBox.scrollHeight;
  }

  function applyUpdate(u) {
    if (updates.has(u.seq)) return;
    updates.set(u.seq, u);
    if (u.seq > (job.lastSeq == null ? -1 : job.lastSeq)) {
      job.lastSeq = u.seq;
      job.status = u.status;
      if (u.phase) job.phase = u.phase;
      if (u.message) document.getElementById('job-message').textContent = u.message;
      setStatus(u.status);
    }
    job.metrics = Object.assign({}, job.metrics || {}, u.metrics || {});
    renderPhases();
    renderCharts();
    renderFinal();
    if (u.status === 'completed' && !trialsFromTrainer) loadTrials();
  }

  async function load() {
    const detail = await api('/api/jobs/' + encodeURIComponent(jobId));
    job = detail.job;
    setStatus(job.status);
    if (job.message) document.getElementById('job-message').textContent = job.message;
    detail.updates.forEach(u => updates.set(u.seq, u));
    logBox.replaceChildren();
    logSeqs.clear();
    detail.logs.forEach(addLog);
    renderPhases();
    renderCharts();
    renderFinal();
    renderLink();
    return detail.position;
  }

  async function act(action) {
    document.getElementById('action-error').textContent = '';
    try {
      const outcome = await api('/api/jobs/' + encodeURIComponent(jobId) + '/' + action, { method: 'POST' });
      const msg = document.getElementById('action-error');
      msg.className = 'form-error notice';
      msg.textContent = outcome.message;
      if (outcome.jobId && outcome.jobId !== jobId) {
        msg.appendChild(document.createTextNode(' '));
        msg.appendChild(el('a', { href: '/training/jobs/' + encodeURIComponent(outcome.jobId), text: 'open it' }));
      }
    } catch (e) {
      const msg = document.getElementById('action-error');
      msg.className = 'form-error';
      msg.textContent = e.message;
    }
  }
  document.getElementById('cancel-job').addEventListener('click', () => act('cancel'));
  document.getElementById('retry-job').addEventListener('click', () => act('retry'));

  document.getElementById('try-it').addEventListener('submit', async ev => {
    ev.preventDefault();
    const answer = document.getElementById('try-answer');
    document.getElementById('error-text').textContent = '';
    answer.textContent = 'Asking…';
    try {
      const r = await api('/api/jobs/' + encodeURIComponent(jobId) + '/predict', { method: 'POST',
        json: { text: document.getElementById('try-text').value } });
      if (r.label != null) {
        const probs = Object.entries(r.probabilities || {}).sort((a, b) => b[1] - a[1])
          .map(([k, v]) => k + ' ' + (100 * v).toFixed(1) + '%').join(', ');
        answer.textContent = r.label + (probs ? '  (' + probs + ')' : '');
      } else {
        answer.textContent = r.completion != null ? r.completion : JSON.stringify(r);
      }
    } catch (e) {
      answer.textContent = '';
      TL.showError(e.body && e.body.field ? e.body.field : 'text', e.message);
    }
  });

  load().then(position => {
    loadTrials();
    TL.stream({ job: jobId, after: position }, {
      'job-update': applyUpdate,
      'job-log': addLog,
      'job-run': run => { job.mlflowUrl = run.runUrl; renderLink(); },
      'resync': () => load()
    });
    document.body.setAttribute('data-ready', 'true');
  }).catch(e => { document.getElementById('action-error').textContent = 'Cannot load the job: ' + e.message; });
})();
