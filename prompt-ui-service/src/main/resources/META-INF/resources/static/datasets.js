// /training/datasets/{id}: a dataset's versions with the jobs trained on each (status, main scores side by side), the
// diff of any two versions (added lines green, removed red, relabelled "old → new") and "Edit and retrain".
(function () {
  'use strict';
  const { api, el, shortId, fmtDateTime } = window.TL;
  const card = document.getElementById('dataset');
  const datasetId = card.getAttribute('data-dataset-id');
  const from = document.getElementById('diff-from');
  const to = document.getElementById('diff-to');
  const diffBox = document.getElementById('diff');
  const diffError = document.getElementById('diff-error');
  const diffSummary = document.getElementById('diff-summary');

  function fmtScore(v) { return typeof v === 'number' ? v.toFixed(3) : ''; }

  function jobCell(jobs) {
    const td = el('td', { className: 'jobs' });
    if (!jobs.length) td.appendChild(el('span', { className: 'muted', text: 'no jobs' }));
    jobs.forEach(j => {
      const scores = (j.scores || []).map(s => el('span', { className: 'score', 'data-metric': s.metric,
        text: s.label + ' ' + fmtScore(s.value) }));
      td.appendChild(el('div', { 'data-job-id': j.jobId },
        el('a', { href: '/training/jobs/' + encodeURIComponent(j.jobId), text: 'job ' + shortId(j.jobId) }), ' ',
        el('span', { className: 'badge ' + (j.status || ''), 'data-role': 'status', text: j.status || '' }),
        ...(scores.length ? scores : [el('span', { className: 'score muted',
          text: j.status === 'completed' ? 'no score reported' : 'no score yet' })])));
    });
    return td;
  }

  function render(page) {
    document.getElementById('dataset-owner').textContent = page.createdBy || 'unknown';
    document.getElementById('dataset-description').textContent = (page.description || '') + (page.deleted ? ' (deleted)' : '');
    const body = document.querySelector('#versions tbody');
    body.textContent = '';
    [from, to].forEach(s => { s.textContent = ''; });
    page.versions.forEach(v => {
      const edit = el('a', { className: 'button', 'data-role': 'edit-retrain', text: 'Edit and retrain',
        href: '/training/prompt?dataset=' + encodeURIComponent(page.datasetId) + '&version=' + v.version });
      body.appendChild(el('tr', { 'data-version': v.version },
        el('td', { text: 'v' + v.version }),
        el('td', { className: 'when', text: fmtDateTime(v.createdAt) }),
        el('td', { text: v.createdBy || '' }),
        el('td', { text: v.source || '' }),
        el('td', { text: String(v.examples) }),
        el('td', { className: 'small changes', text: v.changeSummary || '' }),
        jobCell(v.jobs || []),
        el('td', {}, page.deleted ? null : edit)));
      from.appendChild(el('option', { value: v.version, text: 'v' + v.version }));
      to.appendChild(el('option', { value: v.version, text: 'v' + v.version }));
    });
    const n = page.versions.length;
    if (n >= 2) { from.value = String(page.versions[n - 2].version); to.value = String(page.versions[n - 1].version); }
    document.getElementById('diff-show').disabled = n < 2;
    if (n < 2) diffSummary.textContent = 'One version so far: edit and retrain to make the next one.';
  }

  function fieldsText(fields, columns) {
    return columns.map(c => fields[c]).filter(x => x !== undefined && x !== '').join(' · ');
  }

  /** A line as the prompt shows it: "text -> label" for classifiers, the key and answer columns otherwise. */
  function lineText(d, fields) {
    const key = fieldsText(fields, d.keyColumns);
    const answer = fieldsText(fields, d.answerColumns);
    return key + ' -> ' + answer;
  }

  function showDiff(d) {
    diffBox.textContent = '';
    const line = (kind, sign, text) => el('div', { className: 'line ' + kind, 'data-kind': kind },
      el('span', { className: 'sign', text: sign }), text);
    d.removed.forEach(r => diffBox.appendChild(line('removed', '−', lineText(d, r.fields))));
    d.added.forEach(r => diffBox.appendChild(line('added', '+', lineText(d, r.fields))));
    d.changed.forEach(c => diffBox.appendChild(line('changed', '~', fieldsText(c.key, d.keyColumns) + ': '
      + fieldsText(c.before, d.answerColumns) + ' → ' + fieldsText(c.after, d.answerColumns))));
    const relabel = ['text_classification', 'sentiment_analysis'].includes(d.modelType) ? 'relabelled' : 'changed answers';
    diffSummary.textContent = 'v' + d.from + ' → v' + d.to + ': ' + d.added.length + ' added, ' + d.removed.length
      + ' removed, ' + d.changed.length + ' ' + relabel + (d.truncated ? ' (the first differences only: there are more)' : '');
    if (!d.added.length && !d.removed.length && !d.changed.length) diffBox.appendChild(el('p', { className: 'muted', text: 'No differences.' }));
  }

  document.getElementById('diff-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    diffError.textContent = '';
    try {
      showDiff(await api('/api/datasets/' + encodeURIComponent(datasetId) + '/diff?from=' + encodeURIComponent(from.value)
        + '&to=' + encodeURIComponent(to.value)));
    } catch (e) {
      diffBox.textContent = '';
      diffError.textContent = e.message;
    }
  });

  api('/api/datasets/' + encodeURIComponent(datasetId)).then(render).catch(e => {
    document.getElementById('dataset-error').textContent = e.message;
  });
})();
