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
