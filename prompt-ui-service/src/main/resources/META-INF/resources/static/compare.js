// /training/compare?jobs=a,b: metrics of two or more jobs overlaid, and their parameters side by side.
(function () {
  'use strict';
  const { api, el, shortId } = window.TL;
  const input = document.getElementById('compare-jobs');

  async function compare(ids) {
    document.getElementById('compare-error').textContent = '';
    const charts = document.getElementById('compare-charts');
    charts.replaceChildren();
    if (!ids) return;
    try {
      const c = await api('/api/compare?jobs=' + encodeURIComponent(ids));
      document.getElementById('compare-source').textContent = c.source === 'mlflow'
        ? 'From MLflow (tracking-service).' : (c.notice || 'From the updates this page recorded.');
      renderParams(c.jobs);
      const names = new Set();
      c.jobs.forEach(j => Object.keys(j.metrics || {}).forEach(n => names.add(n)));
      [...names].sort().forEach(name => {
        const steps = new Set();
        c.jobs.forEach(j => (j.metrics[name] || []).forEach(p => steps.add(p.step)));
        const xs = [...steps].sort((a, b) => a - b);
        const data = [xs].concat(c.jobs.map(j => {
          const byStep = new Map((j.metrics[name] || []).map(p => [p.step, p.value]));
          return xs.map(x => byStep.has(x) ? byStep.get(x) : null);
        }));
        TLCharts.plot(charts, 'compare-' + name.replace(/[^A-Za-z0-9_-]/g, '_'), name, 'step', c.jobs.map(j => j.label || shortId(j.jobId)), data);
      });
      document.body.setAttribute('data-ready', 'true');
    } catch (e) {
      document.getElementById('compare-error').textContent = e.message;
    }
  }

  function renderParams(jobs) {
    const table = document.getElementById('compare-params');
    const head = table.querySelector('thead');
    const body = table.querySelector('tbody');
    head.replaceChildren(el('tr', {}, el('th', { text: 'Parameter' }),
      ...jobs.map(j => el('th', {}, el('a', { href: '/training/jobs/' + encodeURIComponent(j.jobId), text: j.label || shortId(j.jobId) })))));
    const keys = new Set(['status']);
    jobs.forEach(j => Object.keys(j.params || {}).forEach(k => keys.add(k)));
    body.replaceChildren(...[...keys].map(k => el('tr', {}, el('th', { text: k }),
      ...jobs.map(j => el('td', { text: k === 'status' ? (j.status || '') : String((j.params || {})[k] == null ? '' : j.params[k]) })))));
  }

  document.getElementById('compare-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const ids = input.value.split(',').map(s => s.trim()).filter(Boolean).join(',');
    history.replaceState(null, '', '/training/compare?jobs=' + encodeURIComponent(ids));
    compare(ids);
  });
  compare(input.value.trim());
})();
