"""Markdown tables from results.jsonl."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
learners = [r for r in rows if "learner" in r]
sync = [r for r in rows if "adapter_sync" in r]
if learners:
    print("| learner | examples | progressive accuracy | examples/s | mean non-zero features |")
    print("|---|---:|---:|---:|---:|")
    for r in learners:
        acc = "-" if r["progressive_accuracy"] is None else "%.4f" % r["progressive_accuracy"]
        nnz = "-" if r.get("mean_nnz") is None else "%.0f" % r["mean_nnz"]
        print("| %s (%s) | %d | %s | %.0f | %s |" % (r["learner"], r["runtime"], r["examples"], acc, r["examples_per_second"], nnz))
    print()
if sync:
    print("| adapter sync | agents | snapshots | acks | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in sync:
        print("| %s | %d | %d | %d | %.1f | %.1f | %.1f |" % (r["adapter_sync"], r["agents"], r["rounds"], r["acks"],
                                                          r["p50_ms"], r["p99_ms"], r["max_ms"]))
