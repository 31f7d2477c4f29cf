#!/usr/bin/env python3
"""Turns the benchmark's JSON lines into a Markdown table."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
print("| data set | model | accuracy | macro F1 | train wall s | train CPU s | train ex/s | predict ex/s |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['dataset']} ({r['n_train']}/{r['n_test']}) | {r['model']} | {r['accuracy']:.4f} | {r['macro_f1']:.4f} "
          f"| {r['train_seconds']:.2f} | {r.get('train_cpu_seconds', float('nan')):.2f} "
          f"| {r['train_examples_per_s']:.0f} | {r['predict_examples_per_s']:.0f} |")
best = {}
for r in rows:
    if not r["model"].startswith("NAS"):
        best[r["dataset"]] = max(best.get(r["dataset"], 0), r["macro_f1"])
print()
for r in rows:
    if r["model"].startswith("NAS") and r["dataset"] in best:
        verdict = "met" if r["macro_f1"] >= best[r["dataset"]] else "missed"
        timing = "within" if r["train_seconds"] <= 60 else "over"
        print(f"- {r['dataset']}: NAS macro F1 {r['macro_f1']:.4f} vs best baseline {best[r['dataset']]:.4f} -> F1 goal {verdict};"
              f" search wall time {r['train_seconds']:.1f} s ({timing} 60 s), CPU {r.get('train_cpu_seconds', float('nan')):.1f} s")
