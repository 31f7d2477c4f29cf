#!/usr/bin/env python3
"""Markdown tables from the benchmark's JSON lines: scores per set and system, then cost per set."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]


def f(v, digits=3):
    return "–" if v is None else f"{v:.{digits}f}"


print("| set | examples | held-out evaluation | ROUGE-L (a) char | (b) base zero-shot | (c) job | cosine (a) char | (b) base | (c) job | settings chosen |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['set']} | {r['examples']} | {r['evaluation']} | {f(r.get('rougeL_char'))} | {f(r.get('rougeL_base'))} | "
          f"**{f(r.get('rougeL_job'))}** | {f(r.get('cosine_char'))} | {f(r.get('cosine_base'))} | **{f(r.get('cosine_job'))}** | "
          f"{r['settings']} |")
print()
print("| set | model load ms | train ms (encode + settings chosen on held-out) | generation tokens/s | 64-token answer p50 ms | p99 ms | requests | peak RSS MB | load avg start → end |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['set']} | {r['model_load_ms']} | {r['train_ms']} | {f(r.get('latency64_tokens_per_s'), 1)} | "
          f"{r['latency64_p50_ms']} | {r['latency64_p99_ms']} | {r['latency64_requests']} | {f(r.get('peak_rss_mb'), 0)} | "
          f"{' '.join(r['load_start'].split()[:1])} → {' '.join(r['load_end'].split()[:1])} |")
print()
# The margin of (c) over (a) and (b), example by example: the mean of the paired differences with its standard error.
# "clear" = the mean is more than twice its standard error (about a one-sided 97.5 % level on these sample sizes).
print("| set | held-out | (c) − (b) ROUGE-L | (c) − (b) cosine | (c) − (a) ROUGE-L | (c) − (a) cosine |")
print("|---|---|---|---|---|---|")


def margin(examples, job, other):
    d = [e[job] - e[other] for e in examples if e.get(job) is not None and e.get(other) is not None]
    if len(d) < 2:
        return "–"
    mean = sum(d) / len(d)
    se = (sum((x - mean) ** 2 for x in d) / (len(d) - 1) / len(d)) ** 0.5
    return f"{mean:+.3f} ± {se:.3f}{' clear' if mean > 2 * se else ''}"


for r in rows:
    ex = r.get("per_example") or []
    print(f"| {r['set']} | {len(ex)} | {margin(ex, 'rougeL_job', 'rougeL_base')} | {margin(ex, 'cosine_job', 'cosine_base')} | "
          f"{margin(ex, 'rougeL_job', 'rougeL_char')} | {margin(ex, 'cosine_job', 'cosine_char')} |")
