// /training/jobs/{id}: phases, live charts per epoch and per trial, trials, log, final metrics, actions, "try it".
(function () {
  'use strict';
  const { api, el, fmtTime, fmtNumber, mlflowHref } = window.TL;
  const jobId = document.getElementById('job').getAttribute('data-job-id');
  const modelType = document.getElementById('job').getAttribute('data-model-type');
  const languageModel = modelType === 'instruction_following' || modelType === 'general_chat';
  const updates = new Map();   // seq -> update
  const logSeqs = new Set();
  let job = null;

  const statusBadge = document.getElementById('job-status');
  const logBox = document.getElementById('log');

  function setStatus(status) {
    statusBadge.textContent = status;
    statusBadge.className = 'badge ' + status;
    document.getElementById('cancel-job').disabled = !(status === 'queued' || status === 'running');
    // failed and cancelled jobs go back in the queue; a completed one runs again as a new job (same dataset and options)
    const retry = document.getElementById('retry-job');
    retry.disabled = !(status === 'failed' || status === 'cancelled' || status === 'completed');
    retry.textContent = status === 'completed' ? 'Run again' : 'Retry';
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
    TLCharts.draw(document.getElementById('epoch-charts'), 'epoch', 'epoch', epochs, { languageModel });
    TLCharts.draw(document.getElementById('trial-charts'), 'trial', 'trial', trials, { languageModel });
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
    const params = done.length ? (done[done.length - 1].params || {}) : {};
    const shown = renderEvaluation(done.length ? m : {}, params);
    renderLmExamples(params);
    // the table of every metric is open unless an estimate above is the number to read
    document.getElementById('all-metrics').open = !shown;
    Object.keys(m).sort().forEach(k => body.appendChild(el('tr', { 'data-metric': k },
      el('th', { text: k }), el('td', { text: fmtNumber(m[k]) }))));
    if (!Object.keys(m).length) body.appendChild(el('tr', {}, el('td', { className: 'muted', text: 'No metrics yet.' })));
  }

  function renderLink() {
    const link = document.getElementById('mlflow-link');
    if (job.mlflowUrl) { link.href = mlflowHref(job.mlflowUrl); link.hidden = false; }
  }

  const SMALL_DATA = 500;   // below this the trainer cross-validates instead of holding examples out
  const FEW_EXAMPLES = 30;  // a held-out score on fewer examples than this is not a model's accuracy
  function two(v) { return Number(v).toFixed(2); }
  function num(v) { return v == null || v === '' || !isFinite(Number(v)) ? null : Number(v); }

  /**
   * The evaluation as a person should read it: a cross-validated estimate with its spread (and a small-data
   * notice), or a held-out score with the number of examples it was measured on; per-class precision and recall.
   * Returns true if something was shown.
   */
  function renderEvaluation(m, params) {
    const box = document.getElementById('evaluation');
    const estimate = document.getElementById('estimate');
    const note = document.getElementById('small-data');
    const perClass = document.getElementById('per-class');
    note.hidden = true;
    perClass.hidden = true;
    if (languageModel || !Object.keys(m).length) { box.hidden = true; return false; }
    const n = num(m.evaluated_examples);
    const cv = params.evaluated_on === 'cross_validation' || num(m.cv_f1_mean) != null || num(m.cv_accuracy_mean) != null;
    const parts = [];
    if (cv) {
      const folds = num(m.cv_folds);
      if (num(m.cv_f1_mean) != null) parts.push('macro F1 ' + two(m.cv_f1_mean) + (num(m.cv_f1_std) != null ? ' ± ' + two(m.cv_f1_std) : ''));
      if (num(m.cv_accuracy_mean) != null) parts.push('accuracy ' + two(m.cv_accuracy_mean) + (num(m.cv_accuracy_std) != null ? ' ± ' + two(m.cv_accuracy_std) : ''));
      estimate.textContent = (n != null ? n + ' examples, ' : '') + (folds != null ? folds + '-fold' : 'cross-validated')
        + ' estimate: ' + parts.join(', ');
      estimate.setAttribute('data-kind', 'cross_validation');
      if (n == null || n < SMALL_DATA) {
        note.textContent = 'An estimate from few examples (± is the spread across the folds); add more lines for a firmer number.';
        note.hidden = false;
      }
    } else if (num(m.f1) != null || num(m.accuracy) != null || num(m.val_f1) != null) {
      const f1 = num(m.f1) != null ? m.f1 : m.val_f1;
      const acc = num(m.accuracy) != null ? m.accuracy : m.val_accuracy;
      if (f1 != null) parts.push('macro F1 ' + two(f1));
      if (acc != null) parts.push('accuracy ' + two(acc));
      estimate.textContent = (params.evaluated_on === 'held_out' ? 'Held-out evaluation' : 'Evaluation')
        + (n != null ? ' on ' + n + ' examples' : '') + ': ' + parts.join(', ');
      estimate.setAttribute('data-kind', params.evaluated_on || 'evaluation');
      if (n != null && n < FEW_EXAMPLES) {
        note.textContent = 'Measured on only ' + n + ' example' + (n === 1 ? '' : 's') + ': not a reliable accuracy of the model. '
          + 'Add more lines for a firmer number.';
        note.hidden = false;
      }
    } else {
      box.hidden = true;
      return false;
    }
    const labels = new Set();
    Object.keys(m).forEach(k => {
      const x = /^(?:cv_)?(precision|recall)_(.+)$/.exec(k);
      if (x && !/^(macro|micro|weighted|mean|std)$/.test(x[2])) labels.add(x[2]);
    });
    const body = perClass.querySelector('tbody');
    body.replaceChildren();
    [...labels].sort().forEach(label => {
      const p = m['cv_precision_' + label] != null ? m['cv_precision_' + label] : m['precision_' + label];
      const r = m['cv_recall_' + label] != null ? m['cv_recall_' + label] : m['recall_' + label];
      body.appendChild(el('tr', { 'data-class': label }, el('td', { text: label }),
        el('td', { text: p == null ? '–' : two(p) }), el('td', { text: r == null ? '–' : two(r) })));
    });
    perClass.hidden = labels.size === 0;
    box.hidden = false;
    return true;
  }

  /** A language model's per-example results (param lm_examples: a JSON list), when the trainer sends them. */
  function renderLmExamples(params) {
    const box = document.getElementById('lm-examples');
    let list = null;
    try { list = params.lm_examples ? (typeof params.lm_examples === 'string' ? JSON.parse(params.lm_examples) : params.lm_examples) : null; } catch (e) { list = null; }
    if (!languageModel || !Array.isArray(list) || !list.length) { box.hidden = true; return; }
    const pick = (o, names) => { for (const n of names) if (o[n] != null) return o[n]; return ''; };
    const body = document.querySelector('#lm-example-table tbody');
    body.replaceChildren();
    list.forEach(x => {
      const scores = Object.entries(x).filter(([k, v]) => typeof v === 'number').map(([k, v]) => k + ' ' + fmtNumber(v)).join('  ');
      body.appendChild(el('tr', {}, el('td', { text: String(pick(x, ['prompt', 'input', 'question'])) }),
        el('td', { text: String(pick(x, ['expected', 'reference', 'target'])) }),
        el('td', { text: String(pick(x, ['generated', 'output', 'answer', 'prediction'])) }), el('td', { text: scores })));
    });
    box.hidden = false;
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

  // ---------- try it: a classifier's label with every class probability; a language model's streamed answer ----------
  function showProbabilities(r) {
    const answer = document.getElementById('try-answer');
    const probs = Object.entries(r.probabilities || {}).sort((a, b) => b[1] - a[1]);
    answer.replaceChildren(el('p', { id: 'try-label' }, 'Top label: ', el('strong', { text: String(r.label) }),
      probs.length ? ' (' + (100 * probs[0][1]).toFixed(1) + '%)' : ''));
    const list = el('ul', { className: 'probs', id: 'try-probs' });
    probs.forEach(([k, v]) => list.appendChild(el('li', { 'data-label': k, className: k === r.label ? 'top' : '' },
      el('span', { text: k }), el('span', { className: 'bar' }, el('span', { style: 'width:' + (100 * v).toFixed(1) + '%' })),
      el('span', { text: (100 * v).toFixed(1) + '%' }))));
    answer.appendChild(list);
    // the answer is logged: say whether it was right (counted as this model's online accuracy)
    if (r.predictionId) {
      answer.appendChild(el('p', { id: 'try-feedback' }, 'Was it right? ',
        window.TL.feedbackControls(r.predictionId, probs.map(p => p[0]), r.label)));
    }
  }

  if (!languageModel) {
    document.getElementById('try-it').addEventListener('submit', async ev => {
      ev.preventDefault();
      const answer = document.getElementById('try-answer');
      document.getElementById('error-text').textContent = '';
      answer.textContent = 'Asking…';
      try {
        const r = await api('/api/jobs/' + encodeURIComponent(jobId) + '/predict', { method: 'POST',
          json: { text: document.getElementById('try-text').value } });
        if (r.label != null) showProbabilities(r);
        else answer.textContent = r.completion != null ? r.completion : JSON.stringify(r);
      } catch (e) {
        answer.textContent = '';
        TL.showError(e.body && e.body.field ? e.body.field : 'text', e.message);
      }
    });
  } else {
    const chat = document.getElementById('chat');
    const input = document.getElementById('try-text');
    const send = document.getElementById('try-submit');
    const stop = document.getElementById('try-stop');
    const state = document.getElementById('try-state');
    let history = [];       // the turns of this conversation: [{role, content}]
    let controller = null;

    function turn(role, text) {
      const node = el('div', { className: 'turn ' + role, 'data-role': role }, text);
      chat.appendChild(node);
      return node;
    }
    function busy(on) { send.disabled = on || job.status !== 'completed'; stop.disabled = !on; }

    document.getElementById('try-reset').addEventListener('click', () => {
      if (controller) controller.abort();
      history = [];
      chat.replaceChildren();
      state.textContent = '';
    });
    stop.addEventListener('click', () => { if (controller) controller.abort(); });
    input.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) document.getElementById('try-it').requestSubmit(); });

    document.getElementById('try-it').addEventListener('submit', async ev => {
      ev.preventDefault();
      const prompt = input.value;
      document.getElementById('error-text').textContent = '';
      if (!prompt.trim()) { TL.showError('text', 'Write a message for the model first.'); return; }
      turn('user', prompt);
      const out = turn('assistant', '');
      out.setAttribute('data-streaming', 'true');
      input.value = '';
      controller = new AbortController();
      busy(true);
      state.textContent = 'answering…';
      let text = '';
      let finished = false;
      try {
        const response = await fetch('/api/jobs/' + encodeURIComponent(jobId) + '/generate', {
          method: 'POST', signal: controller.signal, credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream', 'X-CSRF-TOKEN': TL.csrf,
                     'X-Requested-With': 'fetch' },
          body: JSON.stringify({ prompt: prompt, history: history, maxTokens: 256 }) });
        if (!response.ok) {
          let body = null;
          try { body = await response.json(); } catch (e) { body = null; }
          throw Object.assign(new Error(TL.problemDetail(body) || ('The server answered ' + response.status)), { body });
        }
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
            let name = 'message';
            const data = [];
            block.split(/\r?\n/).forEach(line => {
              if (line.startsWith('event:')) name = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            });
            let payload = {};
            try { payload = JSON.parse(data.join('\n')); } catch (e) { payload = { text: data.join('\n') }; }
            if (name === 'token') { text += payload.text || ''; out.textContent = text; }
            else if (name === 'draft') {
              // the model writes a second draft without the examples and keeps the one nearer the request
              text = ''; out.textContent = ''; out.setAttribute('data-draft', String(payload.draft));
              state.textContent = 'answering… (second draft, without the examples; the better one is kept)';
            }
            else if (name === 'done') {
              finished = true;
              if (payload.answer != null) { text = payload.answer; out.textContent = text; }
              if (payload.drafts) out.title = 'Kept ' + (payload.drafts.indexOf(text) === 1 ? 'the draft written without'
                  : 'the draft written with') + ' your examples (the one nearer your request and their answers).';
            }
            else if (name === 'error') throw new Error(TL.problemDetail(payload) || 'The model stopped with an error.');
          }
        }
        state.textContent = finished ? '' : 'the answer ended early';
      } catch (e) {
        if (e.name === 'AbortError') { state.textContent = 'stopped'; out.setAttribute('data-stopped', 'true'); }
        else { state.textContent = ''; TL.showError('text', e.message); if (!text) out.remove(); }
      } finally {
        out.removeAttribute('data-streaming');
        controller = null;
        busy(false);
        if (text) history = history.concat([{ role: 'user', content: prompt }, { role: 'assistant', content: text }]);
        else history = history.concat([]);
        chat.setAttribute('data-turns', String(history.length));
      }
    });
  }

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
