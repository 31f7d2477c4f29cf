#!/usr/bin/env python3
"""Scores every run of the benchmark the same way: reads the raw JSON lines the runners wrote (costs, chosen
hyper-parameters, the file of predicted labels), compares the predictions with the labels of the test file and
writes the result lines (one per run, metrics added) after a first line describing the run.

    score.py OUT_DIR RAW.jsonl RUN_INFO.json RESULTS.jsonl
"""
import json
import os
import re
import sys

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support


def test_labels(path):
    with open(path, encoding="utf-8") as f:
        return [line.split("\t", 1)[0] for line in f if line.strip()]


def gc_peak_mib(path):
    """Largest heap occupancy before a collection in a -Xlog:gc log ("... 312M->40M(512M) ...")."""
    if not os.path.exists(path):
        return None
    peak = None
    units = {"K": 1 / 1024, "M": 1.0, "G": 1024.0}
    with open(path, encoding="utf-8") as f:
        for line in f:
            for m in re.finditer(r"(\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)", line):
                before = int(m.group(1)) * units[m.group(2)]
                peak = before if peak is None else max(peak, before)
    return peak


def main():
    out_dir, raw_path, info_path, results_path = sys.argv[1:5]
    with open(info_path, encoding="utf-8") as f:
        info = json.load(f)
    with open(os.path.join(out_dir, "datasets.json"), encoding="utf-8") as f:
        info["datasets"] = json.load(f)
    rows = [json.loads(line) for line in open(raw_path, encoding="utf-8") if line.strip()]
    os.makedirs(os.path.dirname(os.path.abspath(results_path)), exist_ok=True)
    with open(results_path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"kind": "run", **info}) + "\n")
        for row in rows:
            if "error" in row:  # a runner that failed: kept as it is, no metrics
                out.write(json.dumps(row) + "\n")
                continue
            truth = test_labels(os.path.join(out_dir, row["test_file"]))
            with open(row["pred_file"], encoding="utf-8") as f:
                pred = [line.rstrip("\n") for line in f]
            if len(pred) != len(truth):
                raise SystemExit(f"score.py: {row['pred_file']}: {len(pred)} predictions for {len(truth)} test examples")
            classes = sorted(set(truth))
            p, r, f1, support = precision_recall_fscore_support(truth, pred, labels=classes, zero_division=0)
            row["accuracy"] = accuracy_score(truth, pred)
            # Macro-F1 over the classes of the test part (a label never true there is not averaged in).
            row["macro_f1"] = f1_score(truth, pred, labels=classes, average="macro", zero_division=0)
            row["per_class"] = {c: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f1[i]),
                                    "support": int(support[i])} for i, c in enumerate(classes)}
            row["pred_file"] = os.path.relpath(row["pred_file"], out_dir)
            if row.get("model_key") is None and row.get("kind") == "main":
                row["model_key"] = "nas"
                row["gc_log_peak_heap_mib"] = gc_peak_mib(os.path.join(out_dir, f"gc-{row['dataset']}.log"))
            elif row.get("model_key") is None:
                row["model_key"] = "nas"
            out.write(json.dumps(row) + "\n")
    print(f"score.py: {len(rows)} runs scored -> {results_path}")


if __name__ == "__main__":
    main()
