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
  // lines the user added by accepting proposed labels: while one is in the text, the submission's source is "auto-label"
  const autoLabelled = new Set();
  const formError = document.getElementById('form-error');

  // ---------- draft: text and options survive a reload and a browser restart ----------
  function saveDraft() {
    const draft = { text: text.value, modelType: modelType.value, priority: priority.value, useUpm: useUpm.checked,
                    trackMlflow: trackMlflow.checked, autoLabelled: [...autoLabelled], savedAt: new Date().toISOString() };
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
    (draft.autoLabelled || []).forEach(l => autoLabelled.add(l));
    updateUpmToggle();
    discard.hidden = false;
    draftStatus.textContent = 'Draft restored (saved ' + fmtTime(draft.savedAt) + ')';
  }
  discard.addEventListener('click', () => {
    localStorage.removeItem(DRAFT_KEY);
    text.value = '';
    autoLabelled.clear();
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
    suggestionsStale();
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
      scheduleSuggestions();
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
        useUpm: useUpm.checked, trackMlflow: trackMlflow.checked, source: submissionSource(),
        datasetId: editing ? editing.datasetId : null } });
      jobSubmitted(job);
      stopEditing();
      localStorage.removeItem(DRAFT_KEY);
      text.value = '';
      autoLabelled.clear();
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

  // ---------- suggestions: checked after each good preview (one request at a time, the latest text wins) ----------
  const SUGGEST_AFTER_MS = 700;
  const KINDS = { IMBALANCE: 'Class imbalance', DUPLICATE: 'Duplicate', CONFLICTING_DUPLICATE: 'Same text, other label',
    NEAR_DUPLICATE: 'Near-duplicate', LIKELY_MISLABELLED: 'Likely mislabelled', TOO_SHORT: 'Too short',
    TOO_LONG: 'Too long', CONFUSED_CLASSES: 'Classes confused', INCONSISTENT_FORMAT: 'Inconsistent format' };
  const suggestionsBox = document.getElementById('suggestions');
  const suggestionList = document.getElementById('suggestion-list');
  const suggestionsStatus = document.getElementById('suggestions-status');
  let suggestTimer = null;
  let suggestInFlight = false;
  let suggestPending = false;

  function suggestionsStale() {
    if (!text.value) { suggestionsBox.hidden = true; suggestionList.replaceChildren(); suggestionsBox.setAttribute('data-state', 'idle'); }
    else if (!suggestionsBox.hidden) suggestionsBox.setAttribute('data-state', 'stale');
  }

  function scheduleSuggestions() {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(runSuggestions, SUGGEST_AFTER_MS);
  }

  async function runSuggestions() {
    if (suggestInFlight) { suggestPending = true; return; }
    const sent = text.value;
    const type = modelType.value;
    if (!sent || !previewOk || previewedText !== sent) return;
    suggestInFlight = true;
    suggestionsBox.hidden = false;
    suggestionsBox.setAttribute('data-state', 'checking');
    suggestionsStatus.textContent = 'Checking the examples…';
    try {
      const found = await api('/api/assist/suggestions', { method: 'POST', json: { text: sent, modelType: type } });
      if (sent === text.value && type === modelType.value) showSuggestions(found);
    } catch (e) {
      if (sent === text.value) {
        suggestionsBox.setAttribute('data-state', 'error');
        suggestionList.replaceChildren();
        suggestionsStatus.textContent = 'Suggestions unavailable: ' + e.message;
      }
    } finally {
      suggestInFlight = false;
      if (suggestPending || sent !== text.value) { suggestPending = false; if (previewOk) scheduleSuggestions(); }
    }
  }

  function linesLabel(lines) {
    if (!lines || !lines.length) return '';
    return (lines.length === 1 ? 'Line ' : 'Lines ') + lines.join(', ');
  }

  function fixLabel(fix) {
    if (fix.action === 'RELABEL') return 'Relabel line ' + fix.line + ' as ' + fix.label;
    return fix.line === fix.lastLine ? 'Remove line ' + fix.line : 'Remove lines ' + fix.line + '–' + fix.lastLine;
  }

  function showSuggestions(found) {
    const items = found.suggestions || [];
    suggestionList.replaceChildren(...items.map(s => {
      const li = el('li', { 'data-kind': s.kind, 'data-lines': (s.lines || []).join(' ') },
        el('span', { className: 'badge warn', text: KINDS[s.kind] || s.kind }),
        el('span', { className: 'where', text: linesLabel(s.lines) }),
        el('span', { className: 'message', text: s.message }));
      if (s.fix) {
        const button = el('button', { type: 'button', className: 'fix', 'data-action': s.fix.action, text: fixLabel(s.fix) });
        button.addEventListener('click', () => applyFix(s.fix));
        li.appendChild(button);
      }
      return li;
    }));
    suggestionsBox.setAttribute('data-state', 'done');
    suggestionsStatus.textContent = items.length
      ? items.length + ' suggestion' + (items.length === 1 ? '' : 's') + ' for ' + found.checked + ' examples'
      : 'No suggestions for ' + found.checked + ' examples: they look consistent.';
  }

  /** Applies a fix where its lines still are (the text may have changed since the check); false if they are gone. */
  function applyFix(fix) {
    const lines = text.value.split('\n');
    const count = fix.lastLine - fix.line + 1;
    const block = i => lines.slice(i, i + count).join('\n');
    let at = fix.line - 1;
    if (block(at) !== fix.original) {
      const found = [];
      for (let i = 0; i + count <= lines.length; i++) if (block(i) === fix.original) found.push(i);
      if (found.length !== 1) {
        suggestionsStatus.textContent = 'The text has changed since the check: wait for the new suggestions.';
        return false;
      }
      at = found[0];
    }
    if (fix.action === 'RELABEL') lines[at] = fix.replacement;
    else lines.splice(at, count);
    text.value = lines.join('\n');
    touched = true;
    onTextChanged();
    saveDraft();
    suggestionsStatus.textContent = fixLabel(fix).replace(/^Remove/, 'Removed').replace(/^Relabel/, 'Relabelled')
      + ' (checking again…)';
    return true;
  }

  // ---------- auto-labelling: proposals for unlabelled lines, accepted ones join the training text ----------
  const unlabelledText = document.getElementById('unlabelled-text');
  const labelSource = document.getElementById('label-source');
  const proposalPanel = document.getElementById('proposal-panel');
  const proposalRows = document.querySelector('#proposals tbody');
  const proposalStatus = document.getElementById('proposal-status');
  const threshold = document.getElementById('accept-threshold');
  const CLASSIFIERS = ['text_classification', 'sentiment_analysis'];

  /** A labelled line as the classification parser reads it (PromptAssist.labelledLine on the server). */
  function labelledLine(t, label) { return '"' + t.trim() + '" -> ' + label.trim(); }

  function submissionSource() {
    if (!autoLabelled.size) return undefined;
    const present = new Set(text.value.split('\n'));
    return [...autoLabelled].some(l => present.has(l)) ? 'auto-label' : undefined;
  }

  async function loadLabelJobs() {
    try {
      const list = await api('/api/jobs?status=completed&limit=200');
      const chosen = labelSource.value;
      labelSource.replaceChildren(el('option', { value: '', text: 'the labelled lines of the training text' }));
      list.items.filter(j => CLASSIFIERS.includes(j.modelType)).forEach(j => labelSource.appendChild(
        el('option', { value: j.jobId, text: 'job ' + shortId(j.jobId) + ' · ' + (j.datasetName || '') + ' (' + j.modelType + ')' })));
      if ([...labelSource.options].some(o => o.value === chosen)) labelSource.value = chosen;
    } catch (e) { /* the labelled lines still work */ }
  }
  document.getElementById('auto-label').addEventListener('toggle', ev => { if (ev.target.open) loadLabelJobs(); });

  function autoLabelError(e) {
    const field = e.body && e.body.field;
    ['unlabelled', 'jobId', 'autolabel'].forEach(f => { document.getElementById('error-' + f).textContent = ''; });
    const target = document.getElementById('error-' + (field === 'unlabelled' || field === 'jobId' ? field : 'autolabel'));
    target.textContent = (field === 'promptText' ? 'Training text: ' : field === 'modelType' ? 'Model type: ' : '') + e.message;
  }

  document.getElementById('propose-labels').addEventListener('click', async () => {
    ['unlabelled', 'jobId', 'autolabel'].forEach(f => { document.getElementById('error-' + f).textContent = ''; });
    const lines = unlabelledText.value.split('\n').map(l => l.trim()).filter(l => l);
    if (!lines.length) { document.getElementById('error-unlabelled').textContent = 'Paste the lines to label, one text per line.'; return; }
    proposalStatus.textContent = 'Proposing labels for ' + lines.length + ' line' + (lines.length === 1 ? '' : 's') + '…';
    proposalPanel.setAttribute('data-state', 'proposing');
    try {
      const p = await api('/api/assist/labels', { method: 'POST', json: {
        text: text.value, modelType: modelType.value, unlabelled: lines, jobId: labelSource.value || null } });
      showProposals(p);
    } catch (e) {
      proposalStatus.textContent = '';
      autoLabelError(e);
    }
  });

  function showProposals(p) {
    const sorted = (p.proposals || []).slice().sort((a, b) => b.confidence - a.confidence || a.index - b.index);
    proposalRows.replaceChildren(...sorted.map(x => proposalRow(x, p.labels || [])));
    document.getElementById('proposal-source').textContent = 'Proposed by ' + p.source
      + (p.calibrated ? ' (confidences calibrated on them)' : '');
    proposalPanel.hidden = sorted.length === 0;
    proposalPanel.setAttribute('data-state', 'proposed');
    proposalStatus.textContent = sorted.length + ' proposal' + (sorted.length === 1 ? '' : 's') + ', most confident first.';
  }

  function proposalRow(x, labels) {
    const choices = labels.includes(x.label) ? labels : labels.concat([x.label]);
    const select = el('select', { 'aria-label': 'label for line ' + (x.index + 1) });
    choices.forEach(l => select.appendChild(el('option', { value: l, text: l })));
    select.value = x.label;
    const percent = Math.round(x.confidence * 100);
    const tr = el('tr', { 'data-index': x.index, 'data-confidence': x.confidence, 'data-proposed': x.label,
                          className: x.confidence < 0.5 ? 'low' : '' },
      el('td', { className: 'text', text: x.text }),
      el('td', {}, select),
      el('td', { className: 'confidence', text: percent + '%' }));
    const accept = el('button', { type: 'button', className: 'accept', text: 'Accept' });
    const reject = el('button', { type: 'button', className: 'reject link', text: 'Reject' });
    accept.addEventListener('click', () => acceptRows([tr]));
    reject.addEventListener('click', () => { tr.remove(); afterRowsChanged('Rejected 1 line.'); });
    tr.appendChild(el('td', {}, accept, ' ', reject));
    tr._text = x.text;
    tr._select = select;
    return tr;
  }

  function acceptRows(rowsToAccept) {
    if (!rowsToAccept.length) { afterRowsChanged('No proposal at or above ' + threshold.value + '%.'); return; }
    const added = rowsToAccept.map(tr => labelledLine(tr._text, tr._select.value));
    let value = text.value;
    if (value && !value.endsWith('\n')) value += '\n';
    text.value = value + added.join('\n') + '\n';
    added.forEach(l => autoLabelled.add(l));
    rowsToAccept.forEach(tr => tr.remove());
    touched = true;
    onTextChanged();
    saveDraft();
    afterRowsChanged('Added ' + added.length + ' line' + (added.length === 1 ? '' : 's') + ' to the training text.');
  }

  function afterRowsChanged(message) {
    proposalStatus.textContent = message;
    if (!proposalRows.children.length) proposalPanel.hidden = true;
  }

  document.getElementById('accept-above').addEventListener('click', () => {
    const min = Number(threshold.value) / 100;
    acceptRows([...proposalRows.children].filter(tr => Number(tr.getAttribute('data-confidence')) >= min - 1e-9));
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
      job.datasetId ? el('td', {}, el('a', { href: '/training/datasets/' + encodeURIComponent(job.datasetId),
        className: 'dataset-link', text: job.datasetName || job.datasetId })) : el('td', { text: job.datasetName || '' }),
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
    remember({ jobId: s.jobId, datasetId: s.datasetId, datasetName: s.datasetName, modelType: s.modelType, priority: s.priority,
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

  // ---------- "edit and retrain": ?dataset=ID&version=N pre-fills a version's text; submitting makes the next version ----------
  let editing = null;
  const editingBox = document.getElementById('editing-version');
  function stopEditing() {
    editing = null;
    editingBox.hidden = true;
    if (window.location.search) history.replaceState(null, '', '/training/prompt');
  }
  document.getElementById('editing-stop').addEventListener('click', stopEditing);
  async function prefillFromVersion() {
    const params = new URLSearchParams(window.location.search);
    const dataset = params.get('dataset');
    const version = params.get('version');
    if (!dataset || !version) return;
    try {
      const v = await api('/api/datasets/' + encodeURIComponent(dataset) + '/versions/' + encodeURIComponent(version) + '/prompt');
      text.value = v.text;
      modelType.value = v.modelType;
      autoLabelled.clear();
      updateUpmToggle();
      editing = { datasetId: v.datasetId, version: v.version };
      document.getElementById('editing-text').textContent = 'Editing version ' + v.version + ' of dataset ' + v.datasetId
        + ' (' + v.examples + ' examples): submitting stores the next version of the same dataset and trains on it. ';
      editingBox.hidden = false;
      editingBox.setAttribute('data-dataset-id', v.datasetId);
      editingBox.setAttribute('data-version', String(v.version));
      updateCounter();
      onTextChanged();
      loadTemplates();
    } catch (e) {
      formError.className = 'form-error';
      formError.textContent = 'Cannot open version ' + version + ' of dataset ' + dataset + ': ' + e.message;
    }
  }

  // ---------- start ----------
  updateUpmToggle();
  loadDraft();
  updateCounter();
  if (text.value) onTextChanged();
  prefillFromVersion();
  loadTemplates();
  loadLabelJobs();
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
