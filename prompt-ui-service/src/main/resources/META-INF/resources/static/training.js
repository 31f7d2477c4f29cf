// The training page: submit the form, list recent jobs, and keep them live from the server-sent events.
(function () {
  const text = document.getElementById('prompt-text');
  const counter = document.getElementById('char-count');
  const form = document.getElementById('training-prompt-form');
  const rows = document.querySelector('#recent-jobs tbody');
  const jobs = new Map();

  text.addEventListener('input', () => { counter.textContent = text.value.length; });

  function cell(value) { const td = document.createElement('td'); td.textContent = value == null ? '' : value; return td; }

  function render(job) {
    let tr = document.getElementById('job-' + job.jobId);
    if (!tr) {
      tr = document.createElement('tr');
      tr.id = 'job-' + job.jobId;
      rows.prepend(tr);
    }
    tr.replaceChildren(cell(job.jobId.substring(0, 8)), cell(job.datasetName), cell(job.modelType), cell(job.priority));
    const status = cell('');
    const badge = document.createElement('span');
    badge.className = 'badge ' + job.status;
    badge.textContent = job.status;
    status.appendChild(badge);
    tr.appendChild(status);
    tr.appendChild(cell(job.phase ? job.phase + '/4 ' + (job.phaseName || '') : ''));
  }

  function merge(update) {
    const job = jobs.get(update.jobId) || { jobId: update.jobId };
    if (job.lastSeq != null && update.seq <= job.lastSeq) return;
    job.lastSeq = update.seq;
    job.status = update.status;
    if (update.phase) { job.phase = update.phase; job.phaseName = update.phaseName; }
    jobs.set(update.jobId, job);
    render(job);
  }

  fetch('/api/jobs').then(r => r.json()).then(list => {
    list.reverse().forEach(j => { jobs.set(j.jobId, j); render(j); });
  });

  const source = new EventSource('/api/jobs/stream');
  source.addEventListener('job-update', e => merge(JSON.parse(e.data)));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    document.querySelectorAll('.field-error, .form-error').forEach(el => el.textContent = '');
    const body = {
      promptText: text.value,
      modelType: document.getElementById('model-type').value,
      priority: document.getElementById('priority').value,
      useUpm: document.getElementById('use-upm').checked,
      trackMlflow: document.getElementById('track-mlflow').checked
    };
    const response = await fetch('/api/submissions', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
    });
    const answer = await response.json();
    if (!response.ok) {
      const target = document.getElementById('error-' + (answer.field === 'text' ? 'promptText' : answer.field));
      (target || document.getElementById('form-error')).textContent = answer.message;
      return;
    }
    const job = { jobId: answer.jobId, datasetName: answer.datasetName, modelType: body.modelType,
                  priority: body.priority, status: 'queued', lastSeq: -1 };
    if (!jobs.has(job.jobId)) { jobs.set(job.jobId, job); render(job); }
  });
})();
