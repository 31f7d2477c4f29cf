// /training/ab-tests: the viewer's A/B tests and the form for a new one (two completed classification jobs, B's share).
// /training/ab-tests/{id}: each side's calls, judged answers and online accuracy with its 95 % Wilson interval, B's
// share, "Promote B", and "Try it" whose answers are judged right or wrong.
(function () {
  'use strict';
  const { api, el, shortId, fmtDateTime, feedbackControls } = window.TL;
  const CLASSIFIERS = ['text_classification', 'sentiment_analysis'];

  function pct(x) { return (100 * x).toFixed(1) + ' %'; }

  function clearErrors() {
    document.querySelectorAll('.field-error, .form-error').forEach(e => { e.textContent = ''; });
  }

  /** A problem's detail next to the field it names, else in the card's banner. */
  function fail(e, fallback) {
    const field = e.body && e.body.field;
    const target = (field && document.getElementById('error-' + field)) || document.getElementById(fallback);
    target.textContent = e.message;
  }

  // ------------------------------------------------------------------ list and new test
  const newCard = document.getElementById('ab-new');
  if (newCard) {
    const active = document.getElementById('ab-active');
    const candidate = document.getElementById('ab-candidate');
    const start = newCard.getAttribute('data-start-job');

    api('/api/jobs?status=completed&limit=200').then(page => {
      const jobs = page.items.filter(j => CLASSIFIERS.includes(j.modelType));
      [active, candidate].forEach(s => {
        s.textContent = '';
        jobs.forEach(j => s.appendChild(el('option', { value: j.jobId, text: shortId(j.jobId) + ' · ' + j.modelType
          + ' · ' + (j.datasetName || j.datasetId || '') + (j.datasetVersion ? ' v' + j.datasetVersion : '')
          + ' · ' + fmtDateTime(j.finishedAt || j.submittedAt) })));
      });
      if (start && jobs.some(j => j.jobId === start)) active.value = start;
      const other = jobs.find(j => j.jobId !== active.value);
      if (other) candidate.value = other.jobId;
      if (jobs.length < 2) {
        document.getElementById('ab-error').textContent = 'An A/B test needs two completed classification jobs of yours; '
          + 'you have ' + jobs.length + '.';
      }
    }).catch(e => { document.getElementById('ab-error').textContent = e.message; });

    api('/api/deployments').then(list => {
      const body = document.querySelector('#ab-list tbody');
      document.getElementById('ab-list-empty').hidden = list.length > 0;
      list.forEach(d => body.appendChild(el('tr', { 'data-deployment-id': d.id },
        el('td', {}, el('a', { href: '/training/ab-tests/' + encodeURIComponent(d.id), text: d.name })),
        el('td', { text: shortId(d.active.jobId) }),
        el('td', { text: d.candidate ? shortId(d.candidate.jobId) : '—' }),
        el('td', { text: pct(d.candidateShare) }),
        el('td', { text: String(d.active.calls + (d.candidate ? d.candidate.calls : 0)) }),
        el('td', { text: fmtDateTime(d.createdAt) }))));
    }).catch(e => { document.getElementById('ab-error').textContent = e.message; });

    document.getElementById('ab-form').addEventListener('submit', async ev => {
      ev.preventDefault();
      clearErrors();
      const share = document.getElementById('ab-share').value;
      try {
        const d = await api('/api/deployments', { method: 'POST', json: {
          name: document.getElementById('ab-name').value, activeJobId: active.value, candidateJobId: candidate.value,
          candidateShare: share === '' ? null : Number(share) / 100 } });
        window.location.href = '/training/ab-tests/' + encodeURIComponent(d.id);
      } catch (e) {
        fail(e, 'ab-error');
      }
    });
  }

  // ------------------------------------------------------------------ one test
  const card = document.getElementById('ab-test');
  if (!card) return;
  const id = card.getAttribute('data-deployment-id');
  const base = '/api/deployments/' + encodeURIComponent(id);
  const shareInput = document.getElementById('ab-share');

  function accuracyCell(v) {
    if (v.accuracy == null) return el('td', { 'data-role': 'accuracy', text: 'no answers judged yet' });
    const bar = el('span', { className: 'interval', title: '95 % Wilson interval' },
      el('span', { className: 'range', style: 'left:' + (100 * v.low).toFixed(1) + '%;width:' + (100 * (v.high - v.low)).toFixed(1) + '%' }),
      el('span', { className: 'point', style: 'left:' + (100 * v.accuracy).toFixed(1) + '%' }));
    return el('td', { 'data-role': 'accuracy' }, el('strong', { text: pct(v.accuracy) }),
      ' (' + pct(v.low) + ' – ' + pct(v.high) + ')', bar);
  }

  function versionRow(v) {
    return el('tr', { className: 'version-' + v.version, 'data-version': v.version, 'data-job-id': v.jobId },
      el('td', { text: v.version + (v.version === 'A' ? ' · active' : ' · candidate') }),
      el('td', {}, el('a', { href: '/training/jobs/' + encodeURIComponent(v.jobId), text: 'job ' + shortId(v.jobId) })),
      el('td', { 'data-role': 'calls', text: String(v.calls) }),
      el('td', { 'data-role': 'judged', text: String(v.judged) }),
      el('td', { 'data-role': 'correct', text: String(v.correct) }),
      accuracyCell(v));
  }

  /** What the intervals say: a side is better only when its interval lies wholly above the other's. */
  function verdict(a, b) {
    if (!b) return 'No candidate: A answers every call.';
    if (a.accuracy == null || b.accuracy == null) return 'Judge answers of both versions to compare them.';
    if (b.low > a.high) return 'B is more accurate: its interval lies above A\u2019s.';
    if (a.low > b.high) return 'A is more accurate: its interval lies above B\u2019s.';
    return 'Not distinguishable yet: the intervals overlap. Judge more answers.';
  }

  function render(d) {
    document.getElementById('ab-name').textContent = d.name;
    const body = document.querySelector('#ab-versions tbody');
    body.replaceChildren(versionRow(d.active), ...(d.candidate ? [versionRow(d.candidate)] : []));
    document.getElementById('ab-summary').textContent = 'by ' + d.createdBy + ' · B answers ' + pct(d.candidateShare)
      + ' of the calls' + (d.promotions ? ' · promoted ' + d.promotions + '× (last by ' + d.promotedBy + ', '
      + fmtDateTime(d.promotedAt) + ')' : '');
    document.getElementById('ab-verdict').textContent = verdict(d.active, d.candidate);
    if (document.activeElement !== shareInput) shareInput.value = String(Math.round(1000 * d.candidateShare) / 10);
    document.getElementById('ab-promote').disabled = !d.candidate;
    card.setAttribute('data-active-job', d.active.jobId);
    card.setAttribute('data-state', 'loaded');
  }

  function reload() {
    return api(base).then(render).catch(e => { document.getElementById('ab-error').textContent = e.message; });
  }

  document.getElementById('ab-split-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    clearErrors();
    try {
      render(await api(base + '/split', { method: 'POST', json: {
        candidateShare: shareInput.value === '' ? null : Number(shareInput.value) / 100 } }));
    } catch (e) {
      fail(e, 'ab-error');
    }
  });

  document.getElementById('ab-promote').addEventListener('click', async () => {
    clearErrors();
    try {
      render(await api(base + '/promote', { method: 'POST' }));
    } catch (e) {
      fail(e, 'ab-error');
    }
  });

  document.getElementById('ab-ask').addEventListener('submit', async ev => {
    ev.preventDefault();
    clearErrors();
    const text = document.getElementById('ab-text').value;
    try {
      const r = await api(base + '/predict', { method: 'POST', json: { text: text } });
      const labels = Object.keys(r.probabilities || {});
      const row = el('tr', { 'data-prediction-id': r.predictionId, 'data-version': r.version },
        el('td', { text: text }),
        el('td', {}, el('span', { className: 'badge version-' + r.version, 'data-role': 'version',
          text: r.version + ' · job ' + shortId(r.jobId) })),
        el('td', { 'data-role': 'label', text: r.label + ' (' + pct(r.probability) + ')' }),
        el('td', {}, feedbackControls(r.predictionId, labels, r.label, reload)));
      document.querySelector('#ab-answers tbody').prepend(row);
      reload();
    } catch (e) {
      fail(e, 'ab-error');
    }
  });

  reload();
})();
