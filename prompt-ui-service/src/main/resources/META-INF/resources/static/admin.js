// /admin/jobs: select all, and live status/phase cells and counts while the page is open.
(function () {
  'use strict';
  const { api } = window.TL;
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

  const seen = new Map();
  TL.stream({}, {
    'job-update': u => {
      if ((seen.get(u.jobId) || -1) >= u.seq) return;
      seen.set(u.jobId, u.seq);
      const row = document.querySelector('#admin-jobs tr[data-job-id="' + CSS.escape(u.jobId) + '"]');
      if (row) {
        const badge = row.querySelector('[data-role="status"]');
        badge.textContent = u.status;
        badge.className = 'badge ' + u.status;
        if (u.phase) row.querySelector('[data-role="phase"]').textContent = u.phase + '/4';
      }
      refreshCounts();
    }
  });
})();
