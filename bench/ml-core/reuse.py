#!/usr/bin/env python3
"""Copies finished baseline runs of an earlier full run into out/ so a resumed run (BENCH_RESUME=1) skips them.

    python3 reuse.py RESULTS.jsonl PREDS_DIR OUT_DIR DATASET [MODEL...]

Only for runs of the same harness code on the same split: it refuses unless the earlier run's NAS predictions for
DATASET are identical to those in OUT_DIR (the NAS is deterministic, so identical predictions mean an identical
test file). Each copied line is marked "reused_from" with the earlier run's start time; its cost figures are that
run's (measured on that day's machine and load)."""
import json
import os
import shutil
import sys


def main():
    results, preds_dir, out_dir, dataset, *models = sys.argv[1:]
    rows = [json.loads(line) for line in open(results, encoding="utf-8") if line.strip()]
    run = next(r for r in rows if r.get("kind") == "run")
    earlier_nas = os.path.join(preds_dir, f"{dataset}.nas.txt")
    current_nas = os.path.join(out_dir, "preds", f"{dataset}.nas.txt")
    if open(earlier_nas, encoding="utf-8").read() != open(current_nas, encoding="utf-8").read():
        raise SystemExit(f"reuse.py: {earlier_nas} and {current_nas} differ: not the same split or NAS, nothing reused")
    with open(os.path.join(out_dir, "raw.jsonl"), "a", encoding="utf-8") as raw:
        for r in rows:
            key = r.get("model_key")
            if r.get("dataset") != dataset or r.get("kind") != "main" or key in (None, "nas") or (models and key not in models):
                continue
            target = os.path.join(out_dir, "preds", os.path.basename(r["pred_file"]))
            shutil.copyfile(os.path.join(preds_dir, os.path.basename(r["pred_file"])), target)
            line = {k: v for k, v in r.items() if k not in ("accuracy", "macro_f1", "per_class")}
            line.update(pred_file=os.path.abspath(target), reused_from=run.get("started"))
            raw.write(json.dumps(line) + "\n")
            print(f"reuse.py: {dataset} {key} from the run started {run.get('started')}")


if __name__ == "__main__":
    main()
