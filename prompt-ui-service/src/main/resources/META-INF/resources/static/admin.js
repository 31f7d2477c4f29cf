// /admin/jobs: select all, and live status/phase cells and counts while the page is open.
(function () {
  'use strict';
  const { api, el, shortId, fmtDateTime } = window.TL;
  const table = document.getElementById('admin-jobs');
  const liveInsert = table && table.getAttribute('data-live-insert') === 'true';
  // created times in the viewer's time zone, to the second
  document.querySelectorAll('#admin-jobs [data-role="created"]').forEach(td => {
    const at = td.getAttribute('data-at');
    if (at) { td.textContent = fmtDateTime(at); td.title = at; }
  });
  const all = document.getElementById('select-all');
  if (all) all.addEventListener('change', () =>
    document.querySelectorAll('#admin-jobs input[name="jobId"]').forEach(c => { c.checked = all.checked; }));

  let refreshTimer = null;
  function refreshCounts() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      try {
        const s = await api('/api/admin/stats');
        Object.entries(s.byStatus || {}).forEach(([k, v]) => {
          const dd = document.querySelector('#by-status dd[data-status="' + CSS.escape(k) + '"]');
          if (dd) dd.textContent = String(v);
        });
        Object.entries(s.queuedByPriority || {}).forEach(([k, v]) => {
          const dd = document.querySelector('#queue-depth dd[data-priority="' + CSS.escape(k) + '"]');
          if (dd) dd.textContent = String(v);
        });
      } catch (e) { /* the banner of the next load tells */ }
    }, 2000);
  }

  // a job that is not on the page yet: on the first page of the unfiltered list it appears at the top
  const inserting = new Set();
  async function insert(u) {
    if (inserting.has(u.jobId)) return;
    inserting.add(u.jobId);
    let j = { jobId: u.jobId, status: u.status };
    try { j = (await api('/api/jobs/' + encodeURIComponent(u.jobId))).job; } catch (e) { /* show what the update says */ }
    if (document.querySelector('#admin-jobs tr[data-job-id="' + CSS.escape(u.jobId) + '"]')) return;
    const status = (seen.has(u.jobId) && latest.get(u.jobId)) || j.status || u.status;
    const tr = el('tr', { 'data-job-id': u.jobId, 'data-live': 'true' },
      el('td', {}, el('input', { type: 'checkbox', name: 'jobId', value: u.jobId, 'aria-label': 'select ' + u.jobId })),
      el('td', {}, el('a', { href: '/training/jobs/' + encodeURIComponent(u.jobId), text: shortId(u.jobId) })),
      el('td', {}, el('span', { className: 'badge ' + status, 'data-role': 'status', text: status })),
      el('td', { text: j.modelType || '' }), el('td', { text: j.priority || '' }), el('td', { text: j.createdBy || '' }),
      el('td', { className: 'time', 'data-role': 'created', text: fmtDateTime(j.submittedAt) }),
      el('td', { 'data-role': 'phase', text: u.phase ? u.phase + '/4' : '' }),
      el('td', {}), el('td', {}), el('td', { className: 'error-cell' }));
    const body = document.querySelector('#admin-jobs tbody');
    body.insertBefore(tr, body.firstChild);
  }

  const latest = new Map();
  const seen = new Map();
  TL.stream({}, {
    'job-update': u => {
      if ((seen.get(u.jobId) || -1) >= u.seq) return;
      seen.set(u.jobId, u.seq);
      latest.set(u.jobId, u.status);
      const row = document.querySelector('#admin-jobs tr[data-job-id="' + CSS.escape(u.jobId) + '"]');
      if (row) {
        const badge = row.querySelector('[data-role="status"]');
        badge.textContent = u.status;
        badge.className = 'badge ' + u.status;
        if (u.phase) row.querySelector('[data-role="phase"]').textContent = u.phase + '/4';
      } else if (liveInsert) {
        insert(u);
      }
      refreshCounts();
    }
  });
})();
