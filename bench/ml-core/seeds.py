#!/usr/bin/env python3
"""Scores the hash-seed runs of the NAS (run.sh's "seeds" part) and renders their table: for every main set and
each hashing (signed, the default, and unsigned) the test macro-F1 at every hash seed, with mean, standard deviation
and range. The hash seed is an arbitrary constant, so this spread is how far one run's figure can move by chance.

    seeds.py OUT_DIR SEEDS_RAW.jsonl RESULTS.jsonl   (writes RESULTS.jsonl and prints the markdown table)
"""
import json
import os
import statistics
import sys

from sklearn.metrics import f1_score

from score import test_labels


def main():
    out_dir, raw_path, results_path = sys.argv[1:4]
    rows = []
    with open(raw_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if "error" in r:
                rows.append(r)
                continue
            gold = test_labels(os.path.join(out_dir, f"{r['dataset']}-test.tsv"))
            with open(r["pred_file"], encoding="utf-8") as p:
                pred = [x.strip() for x in p if x.strip()]
            if len(pred) != len(gold):
                raise SystemExit(f"seeds.py: {r['pred_file']} has {len(pred)} predictions for {len(gold)} test examples")
            r["macro_f1"] = round(f1_score(gold, pred, average="macro"), 4)
            rows.append(r)
    with open(results_path, "w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps(r) + "\n")

    seeds = sorted({r["hash_seed"] for r in rows if "hash_seed" in r}, key=lambda s: (s != 42, s))
    print("\nNAS test macro-F1 at each hash seed (seed 42 is the default run's):\n")
    print("| set | hashing | " + " | ".join(f"seed {s}" for s in seeds) + " | mean ± sd | min–max |")
    print("|---|---|" + "---:|" * len(seeds) + "---:|---:|")
    for data in dict.fromkeys(r["dataset"] for r in rows):
        for signed in (True, False):
            runs = {r["hash_seed"]: r for r in rows if r.get("dataset") == data and r.get("signed_hashing") == signed}
            if not runs:
                continue
            scores = [runs[s]["macro_f1"] for s in seeds if s in runs]
            cells = [f"{runs[s]['macro_f1']:.4f}" if s in runs else "–" for s in seeds]
            sd = statistics.stdev(scores) if len(scores) > 1 else 0.0
            print(f"| {data} | {'signed (default)' if signed else 'unsigned'} | " + " | ".join(cells)
                  + f" | {statistics.mean(scores):.4f} ± {sd:.4f} | {min(scores):.4f}–{max(scores):.4f} |")
    failed = [r for r in rows if "error" in r]
    for r in failed:
        print(f"\nfailed: {r['dataset']} seed {r.get('hash_seed')} signed {r.get('signed_hashing')}: {r['error']}")


if __name__ == "__main__":
    main()
