// /training/prompt: the form (counter, live preview, draft, templates, CSV upload) and the live list of recent jobs.
(function () {
  'use strict';
  const { api, el, shortId, fmtTime, fmtDateTime, fmtDuration, mlflowHref } = window.TL;
  const PAGE_SIZE = 20;
  const user = document.body.getAttribute('data-user') || 'anonymous';
  const DRAFT_KEY = 'thunderline.draft.v1.' + user;
  const PREVIEW_EVERY_MS = 300;

  const form = document.getElementById('training-prompt-form');
  const text = document.getElementById('prompt-text');
  const counter = document.getElementById('counter');
  const count = document.getElementById('char-count');
  const max = Number(document.getElementById('char-max').getAttribute('data-max'));
  document.getElementById('char-max').textContent = max.toLocaleString('en');
  const preview = document.getElementById('preview');
  const submit = document.getElementById('submit');
  const modelType = document.getElementById('model-type');
  const priority = document.getElementById('priority');
  const useUpm = document.getElementById('use-upm');
  const trackMlflow = document.getElementById('track-mlflow');
  const draftStatus = document.getElementById('draft-status');
  const discard = document.getElementById('discard-draft');
  const textError = document.getElementById('error-promptText');
  const formError = document.getElementById('form-error');

  // ---------- draft: text and options survive a reload and a browser restart ----------
  function saveDraft() {
    const draft = { text: text.value, modelType: modelType.value, priority: priority.value, useUpm: useUpm.checked,
                    trackMlflow: trackMlflow.checked, savedAt: new Date().toISOString() };
    if (!draft.text) { localStorage.removeItem(DRAFT_KEY); discard.hidden = true; draftStatus.textContent = ''; return; }
    localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    discard.hidden = false;
    draftStatus.textContent = 'Draft saved ' + fmtTime(draft.savedAt);
  }
  function loadDraft() {
    let draft = null;
    try { draft = JSON.parse(localStorage.getItem(DRAFT_KEY) || 'null'); } catch (e) { draft = null; }
    if (!draft) return;
    text.value = draft.text || '';
    if (draft.modelType) modelType.value = draft.modelType;
    if (draft.priority) priority.value = draft.priority;
    useUpm.checked = !!draft.useUpm;
    trackMlflow.checked = draft.trackMlflow !== false;
    updateUpmToggle();
    discard.hidden = false;
    draftStatus.textContent = 'Draft restored (saved ' + fmtTime(draft.savedAt) + ')';
  }
  discard.addEventListener('click', () => {
    localStorage.removeItem(DRAFT_KEY);
    text.value = '';
    discard.hidden = true;
    draftStatus.textContent = 'Draft discarded';
    touched = false;
    onTextChanged();
  });

  // ---------- counter and preview (at most one preview request every 300 ms, the latest text wins) ----------
  let touched = false;
  let previewTimer = null;
  let previewInFlight = false;
  let previewPending = false;
  let previewSeq = 0;
  let previewOk = false;
  let previewedText = null;

  function updateCounter() {
    const n = text.value.length;
    count.textContent = n.toLocaleString('en');
    counter.classList.toggle('over', n > max);
    counter.setAttribute('data-over', n > max ? 'true' : 'false');
  }

  function updateSubmit() {
    const n = text.value.length;
    submit.disabled = !(n > 0 && n <= max && previewOk && previewedText === text.value);
  }

  function onTextChanged() {
    updateCounter();
    previewOk = false;
    updateSubmit();
    const n = text.value.length;
    if (n === 0) {
      preview.textContent = '';
      preview.className = 'preview';
      textError.textContent = touched ? 'Training text is empty: type or paste examples, one per line '
        + '(e.g. "I love this product!" -> positive), or upload a CSV file.' : '';
      return;
    }
    if (n > max) {
      textError.textContent = 'The text has ' + n.toLocaleString('en') + ' characters; the limit is '
        + max.toLocaleString('en') + '. Shorten it or upload a CSV file.';
      preview.textContent = '';
      return;
    }
    textError.textContent = '';
    schedulePreview();
  }

  function schedulePreview() {
    if (previewTimer) return;
    previewTimer = setTimeout(() => { previewTimer = null; runPreview(); }, PREVIEW_EVERY_MS);
  }

  async function runPreview() {
    if (previewInFlight) { previewPending = true; return; }
    const sent = text.value;
    if (!sent || sent.length > max) return;
    const seq = ++previewSeq;
    previewInFlight = true;
    preview.textContent = 'Checking…';
    preview.className = 'preview checking';
    try {
      const answer = await api('/api/preview', { method: 'POST', json: { text: sent, modelType: modelType.value } });
      if (seq === previewSeq && sent === text.value) showPreview(answer, sent);
    } catch (e) {
      if (seq === previewSeq) {
        preview.className = 'preview error';
        preview.textContent = e.message;
        previewOk = false;
        updateSubmit();
      }
    } finally {
      previewInFlight = false;
      if (previewPending || sent !== text.value) { previewPending = false; schedulePreview(); }
    }
  }

  function showPreview(p, sent) {
    previewedText = sent;
    previewOk = !!p.ok;
    if (p.ok) {
      const labels = Object.entries(p.labels || {}).map(([k, v]) => k + ' ' + v).join(', ');
      preview.className = 'preview ok';
      preview.textContent = p.examples + ' example' + (p.examples === 1 ? '' : 's')
        + (labels ? ', labels: ' + labels : '') + ((p.warnings || []).length ? ' · ' + p.warnings.length + ' warning(s): '
        + describeIssue(p.warnings[0]) : '');
    } else {
      const first = (p.errors || [])[0];
      preview.className = 'preview error';
      preview.textContent = first ? describeIssue(first) + ((p.errors.length > 1) ? ' (+' + (p.errors.length - 1) + ' more)' : '')
        : 'The text cannot be used for training.';
    }
    updateSubmit();
  }

  function describeIssue(i) {
    if (typeof i === 'string') return i;
    const where = i.line ? 'Line ' + i.line + (i.column ? ', column ' + i.column : '') + ': ' : '';
    return where + (i.message || '') + (i.hint ? ' — ' + i.hint : '');
  }

  let draftTimer = null;
  text.addEventListener('input', () => {
    touched = true;
    onTextChanged();
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 300);
  });
  // "Use UPM": UPM's online learner is a classifier, so the toggle is off (with the reason) for language models
  const upmReason = document.getElementById('use-upm-reason');
  function updateUpmToggle() {
    const option = modelType.options[modelType.selectedIndex];
    const classifier = !option || option.getAttribute('data-classification') !== 'false';
    useUpm.disabled = !classifier;
    if (!classifier) useUpm.checked = false;
    upmReason.hidden = classifier;
    document.getElementById('use-upm-label').classList.toggle('muted', !classifier);
  }
  [modelType, priority, useUpm, trackMlflow].forEach(c => c.addEventListener('change', () => {
    if (c === modelType) updateUpmToggle();
    saveDraft();
    if (c === modelType) { loadTemplates(); onTextChanged(); }
  }));

  // ---------- submit ----------
  function clearErrors() {
    document.querySelectorAll('.field-error, .form-error').forEach(n => { n.textContent = ''; });
  }

  function showFailure(e) {
    const field = e.body && e.body.field;
    let message = e.message;
    // the message usually is the first error already (dataset-service): print it once
    if (e.body && Array.isArray(e.body.errors) && e.body.errors.length) {
      const first = describeIssue(e.body.errors[0]);
      const core = typeof e.body.errors[0] === 'string' ? e.body.errors[0] : (e.body.errors[0].message || '');
      if (!message.includes(core) && !message.includes(first)) message += ' — ' + first;
    }
    TL.showError(field || 'form', message, 'form-error');
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clearErrors();
    touched = true;
    submit.disabled = true;
    try {
      const job = await api('/api/submissions', { method: 'POST', json: {
        promptText: text.value, modelType: modelType.value, priority: priority.value,
        useUpm: useUpm.checked, trackMlflow: trackMlflow.checked } });
      jobSubmitted(job);
      localStorage.removeItem(DRAFT_KEY);
      text.value = '';
      touched = false;
      discard.hidden = true;
      draftStatus.textContent = '';
      onTextChanged();
      formError.className = 'form-error notice';
      formError.textContent = 'Job ' + shortId(job.jobId) + ' submitted (' + job.examples + ' examples).';
    } catch (e) {
      formError.className = 'form-error';
      showFailure(e);
      updateSubmit();
    }
  });

  // ---------- templates and CSV upload ----------
  const templateSelect = document.getElementById('template');
  let templates = [];
  async function loadTemplates() {
    try {
      templates = await api('/api/templates?modelType=' + encodeURIComponent(modelType.value)) || [];
      templateSelect.replaceChildren(el('option', { value: '', text: 'Choose a template…' }));
      templates.forEach(t => templateSelect.appendChild(el('option', { value: t.id, text: t.name })));
      document.getElementById('error-template').textContent = '';
    } catch (e) {
      document.getElementById('error-template').textContent = 'Templates unavailable: ' + e.message;
    }
  }
  document.getElementById('use-template').addEventListener('click', () => {
    const t = templates.find(x => String(x.id) === templateSelect.value);
    if (!t) { document.getElementById('error-template').textContent = 'Choose a template first.'; return; }
    if (t.modelType) modelType.value = t.modelType;
    text.value = t.text || '';
    touched = true;
    onTextChanged();
    saveDraft();
  });

  document.getElementById('upload-csv').addEventListener('click', async () => {
    clearErrors();
    const file = document.getElementById('csv-file').files[0];
    if (!file) { TL.showError('file', 'Choose a CSV file first.'); return; }
    const data = new FormData();
    data.append('file', file, file.name);
    data.append('modelType', modelType.value);
    data.append('priority', priority.value);
    data.append('useUpm', String(useUpm.checked));
    data.append('trackMlflow', String(trackMlflow.checked));
    try {
      const job = await api('/api/submissions/upload', { method: 'POST', body: data });
      jobSubmitted(job);
      formError.className = 'form-error notice';
      formError.textContent = 'CSV job ' + shortId(job.jobId) + ' submitted (' + job.examples + ' examples).';
    } catch (e) {
      formError.className = 'form-error';
      showFailure(e.body && e.body.field ? e : Object.assign(e, { body: Object.assign({}, e.body || {}, { field: 'file' }) }));
    }
  });

  // ---------- recent jobs, live ----------
  const rows = document.querySelector('#recent-jobs tbody');
  const noJobs = document.getElementById('no-jobs');
  const jobs = new Map();
  const seenStatuses = new Map(); // every status a row has shown, kept across reloads of the list
  const selected = new Set();
  const compareButton = document.getElementById('compare-selected');

  function statusBadge(status) { return el('span', { className: 'badge ' + (status || ''), 'data-role': 'status', text: status || '' }); }

  function render(job) {
    let tr = document.getElementById('job-' + job.jobId);
    if (!tr) {
      tr = el('tr', { id: 'job-' + job.jobId, 'data-job-id': job.jobId });
      const before = [...rows.children].find(r => {
        const other = jobs.get(r.getAttribute('data-job-id'));
        return other && (other.submittedAt || '') < (job.submittedAt || '');
      });
      rows.insertBefore(tr, before || null);
    }
    const check = el('input', { type: 'checkbox', 'aria-label': 'select ' + job.jobId });
    check.checked = selected.has(job.jobId);
    check.addEventListener('change', () => {
      if (check.checked) selected.add(job.jobId); else selected.delete(job.jobId);
      compareButton.disabled = selected.size < 2;
    });
    const mlflow = job.mlflowUrl ? el('a', { href: mlflowHref(job.mlflowUrl), target: '_blank', rel: 'noopener', className: 'mlflow-link', text: 'MLflow ↗' }) : '';
    tr.replaceChildren(
      el('td', {}, check),
      el('td', {}, el('a', { href: '/training/jobs/' + encodeURIComponent(job.jobId), className: 'job-link', text: shortId(job.jobId) })),
      el('td', { text: job.datasetName || '' }),
      el('td', { text: job.modelType || '' }),
      el('td', { text: job.priority || '' }),
      el('td', {}, statusBadge(job.status)),
      el('td', { 'data-role': 'phase', text: job.phase ? job.phase + '/4 ' + (job.phaseName || '') : '' }),
      el('td', { 'data-role': 'started', className: 'time', text: fmtDateTime(job.startedAt) }),
      el('td', { 'data-role': 'duration', text: duration(job) }),
      el('td', {}, mlflow));
    // every status this row has shown, in order (read by the browser tests)
    const seen = seenStatuses.get(job.jobId) || [];
    if (job.status && seen.slice(-1)[0] !== job.status) seen.push(job.status);
    seenStatuses.set(job.jobId, seen);
    tr.setAttribute('data-statuses', seen.join(' '));
    noJobs.hidden = jobs.size > 0;
  }

  function duration(job) {
    if (!job.startedAt) return '';
    const end = job.finishedAt ? new Date(job.finishedAt) : new Date();
    return fmtDuration(end - new Date(job.startedAt));
  }

  function remember(job) {
    const old = jobs.get(job.jobId);
    if (old && old.lastSeq != null && job.lastSeq != null && job.lastSeq < old.lastSeq) {
      job = Object.assign({}, job, { status: old.status, phase: old.phase, phaseName: old.phaseName, lastSeq: old.lastSeq,
        startedAt: old.startedAt, finishedAt: old.finishedAt });
    }
    jobs.set(job.jobId, Object.assign({}, old || {}, job));
    render(jobs.get(job.jobId));
  }

  function jobSubmitted(s) {
    if (jobs.has(s.jobId)) return;
    if (page !== 0 || searching()) { page = 0; searchText.value = ''; searchStatus.value = ''; searchType.value = ''; loadJobs(); return; }
    remember({ jobId: s.jobId, datasetName: s.datasetName, modelType: s.modelType, priority: s.priority,
      status: 'queued', lastSeq: -1, submittedAt: s.submittedAt });
  }

  function applyUpdate(u) {
    if (!jobs.has(u.jobId)) {
      // a job this page does not list: on the first page of an unfiltered list it is a new one (e.g. "run again")
      if (page === 0 && !searching()) fetchAndInsert(u.jobId);
      return;
    }
    const job = jobs.get(u.jobId);
    if (job.lastSeq != null && u.seq <= job.lastSeq) return;
    job.lastSeq = u.seq;
    job.status = u.status;
    if (u.phase) { job.phase = u.phase; job.phaseName = u.phaseName; }
    if (u.status === 'running' && !job.startedAt) job.startedAt = u.at;
    if (u.status === 'queued') { job.startedAt = null; job.finishedAt = null; }
    if (['completed', 'failed', 'cancelled'].includes(u.status)) job.finishedAt = u.at;
    jobs.set(u.jobId, job);
    render(job);
  }

  const fetching = new Set();
  async function fetchAndInsert(id) {
    if (fetching.has(id)) return;
    fetching.add(id);
    try {
      const detail = await api('/api/jobs/' + encodeURIComponent(id));
      if (!jobs.has(id)) remember(detail.job);
    } catch (e) { /* not ours */ } finally { fetching.delete(id); }
  }

  // ---------- paging and search ----------
  let page = 0;
  let total = 0;
  const searchText = document.getElementById('search-text');
  const searchStatus = document.getElementById('search-status');
  const searchType = document.getElementById('search-model-type');
  function searching() { return !!(searchText.value.trim() || searchStatus.value || searchType.value); }
  function query() {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(page * PAGE_SIZE) });
    if (searchText.value.trim()) q.set('q', searchText.value.trim());
    if (searchStatus.value) q.set('status', searchStatus.value);
    if (searchType.value) q.set('modelType', searchType.value);
    return q.toString();
  }

  async function loadJobs() {
    const list = await api('/api/jobs?' + query());
    total = list.total;
    jobs.clear();
    rows.replaceChildren();
    list.items.slice().reverse().forEach(remember);
    noJobs.hidden = jobs.size > 0;
    noJobs.textContent = searching() || page > 0 ? 'No jobs match.' : 'No jobs yet: submit one above.';
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    document.getElementById('jobs-page').textContent = 'page ' + (page + 1) + ' of ' + pages + ' · ' + total + ' job(s)';
    document.getElementById('jobs-newer').disabled = page === 0;
    document.getElementById('jobs-older').disabled = page + 1 >= pages;
    document.getElementById('recent-jobs').setAttribute('data-page', String(page + 1));
    return list.position;
  }
  document.getElementById('jobs-newer').addEventListener('click', () => { page = Math.max(0, page - 1); loadJobs(); });
  document.getElementById('jobs-older').addEventListener('click', () => { page += 1; loadJobs(); });
  document.getElementById('job-search').addEventListener('submit', ev => { ev.preventDefault(); page = 0; loadJobs(); });
  document.getElementById('search-clear').addEventListener('click', () => {
    searchText.value = ''; searchStatus.value = ''; searchType.value = ''; page = 0; loadJobs();
  });

  compareButton.addEventListener('click', () => {
    window.location.href = '/training/compare?jobs=' + encodeURIComponent([...selected].join(','));
  });

  setInterval(() => {
    jobs.forEach(job => {
      if (job.status !== 'running') return;
      const cell = document.querySelector('#job-' + CSS.escape(job.jobId) + ' [data-role="duration"]');
      if (cell) cell.textContent = duration(job);
    });
  }, 1000);

  // ---------- start ----------
  updateUpmToggle();
  loadDraft();
  updateCounter();
  if (text.value) onTextChanged();
  loadTemplates();
  loadJobs().then(position => {
    TL.stream({ after: position }, {
      'job-update': applyUpdate,
      'job-run': run => {
        const job = jobs.get(run.jobId);
        if (job) { job.mlflowUrl = run.runUrl; render(job); }
      },
      'resync': () => loadJobs()
    });
    document.body.setAttribute('data-ready', 'true');
  }).catch(e => { formError.textContent = 'Cannot load your jobs: ' + e.message; });
})();
