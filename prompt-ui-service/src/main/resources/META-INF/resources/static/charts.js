// Metric charts with uPlot (served from its webjar). A chart per metric family; each container says how many
// points it holds (data-points), which the browser tests read.
window.TLCharts = (function () {
  'use strict';
  const FAMILIES = [
    { key: 'loss', title: 'Loss', series: ['loss', 'val_loss'] },
    { key: 'accuracy', title: 'Accuracy', series: ['accuracy', 'val_accuracy'], classifier: true },
    { key: 'f1', title: 'F1 (macro)', series: ['f1', 'val_f1'], classifier: true },
    { key: 'perplexity', title: 'Perplexity', series: ['perplexity', 'val_perplexity'] },
    // language models: every metric named rougeL_* / cosine_* (and val_ variants)
    { key: 'rougeL', title: 'ROUGE-L', match: /^(val_)?rougeL/, lm: true },
    { key: 'cosine', title: 'Cosine similarity', match: /^(val_)?cosine/, lm: true }
  ];
  const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04'];

  /** points: [{x, metrics:{name:value}}] sorted by x. Draws (or redraws) one chart per family present. */
  function draw(container, prefix, xLabel, points, options) {
    const lm = !!(options && options.languageModel);
    const names = [...new Set(points.flatMap(p => Object.keys(p.metrics)))].sort();
    FAMILIES.forEach(f => {
      const wanted = (lm && f.classifier) || (!lm && f.lm) ? [] : (f.series || names.filter(n => f.match.test(n)));
      const present = wanted.filter(name => points.some(p => p.metrics[name] != null));
      const id = prefix + '-' + f.key;
      let box = document.getElementById(id);
      if (!present.length) { if (box) box.remove(); return; }
      const xs = points.filter(p => present.some(n => p.metrics[n] != null));
      const data = [xs.map(p => p.x)].concat(present.map(n => xs.map(p => p.metrics[n] == null ? null : Number(p.metrics[n]))));
      plot(container, id, f.title, xLabel, present, data);
    });
  }

  /** One chart: series names and aligned data ([xs, ys1, ys2, ...]). */
  function plot(container, id, title, xLabel, names, data) {
    let box = document.getElementById(id);
    if (!box) {
      box = document.createElement('div');
      box.id = id;
      box.className = 'chart';
      box.setAttribute('data-chart', id);
      const h = document.createElement('h3');
      h.textContent = title;
      box.appendChild(h);
      container.appendChild(box);
    }
    box.setAttribute('data-points', String(data[0].length));
    box.setAttribute('data-series', names.join(','));
    const key = names.join(',');
    if (box._plot && box._plotKey === key) {
      box._plot.setData(data);
      return;
    }
    if (box._plot) box._plot.destroy();
    const width = Math.max(260, Math.min(520, (container.clientWidth || 520) - 24));
    box._plot = new uPlot({
      width: width, height: 200,
      scales: { x: { time: false } },
      axes: [{ label: xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, {}],
      series: [{ label: xLabel }].concat(names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length], width: 2,
        points: { show: true, size: 5 }, spanGaps: true })))
    }, data, box);
    box._plotKey = key;
  }

  return { draw, plot, COLORS };
})();
