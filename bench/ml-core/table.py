#!/usr/bin/env python3
"""Renders the benchmark's result lines (score.py output) as Markdown: the run, the data sets, the main table,
per-class precision/recall, the few-shot table and the goal checks of issue 16. Prints only what the file holds.

    table.py RESULTS.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict

ORDER = {"nas": 0, "svm": 1, "logreg": 2, "fasttext": 3, "minilm-logreg": 4}
SHORT = {"nas": "NAS (ml-core, default budget)", "svm": "LinearSVC, TF-IDF word 1-2 + char_wb 2-5",
         "logreg": "LogReg, TF-IDF word 1-2 + char_wb 2-5", "fasttext": "fastText (wordNgrams 2)",
         "minilm-logreg": "MiniLM + LogReg"}


def fmt(x, digits=2):
    return "n/a" if x is None else f"{x:.{digits}f}"


def params(r):
    if r["model_key"] == "nas":
        return f"{r.get('trials')} trials; best: `{r.get('best')}`"
    p = ", ".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
    return f"{p}; CV macro-F1 {fmt(r.get('cv_macro_f1'), 4)} ({r.get('cv_folds')} folds)"


def main():
    lines = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    run, rows = lines[0], [r for r in lines[1:] if "error" not in r]
    failed = [r for r in lines[1:] if "error" in r]
    main_rows = [r for r in rows if r["kind"] == "main"]
    few = [r for r in rows if r["kind"] == "fewshot"]
    sets = run["datasets"]["sets"]

    print(f"Run {run.get('started')} → {run.get('finished')} ({'TINY smoke run' if run.get('tiny') else 'full run'}), "
          f"commit {run.get('commit')}{' + uncommitted changes' if run.get('dirty') else ''}")
    print(f"Machine: {run.get('cores')} cores, {run.get('cpu')}; load average at start {run.get('load_start')}, "
          f"at end {run.get('load_end')}")
    print(f"Versions: {run.get('java')}; Python {run.get('python')}, scikit-learn {run.get('sklearn')}, "
          f"numpy {run.get('numpy')}, fasttext-numpy2 {run.get('fasttext')}; Node {run.get('node')}")
    print()
    print("| data set | what | train / test | classes (train) | median chars |")
    print("|---|---|---|---|---|")
    for name, s in sets.items():
        classes = ", ".join(f"{k} {v}" for k, v in s["train_classes"].items())
        print(f"| {name} | {s['description']} | {s['n_train']} / {s['n_test']} | {classes} | {s['median_chars']} |")
    print()
    inputs = run["datasets"]["inputs"]
    print("Inputs: " + "; ".join(f"{k} {v['version']} (sha256 {v['sha256'][:16]}…)" for k, v in inputs.items()))
    print()

    print("| data set | model | accuracy | macro-F1 | train wall s | train CPU s | predict wall s | train ex/s "
          "| predict ex/s | peak RSS MiB | chosen |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in sorted(main_rows, key=lambda r: (list(sets).index(r["dataset"]), ORDER[r["model_key"]])):
        print(f"| {r['dataset']} | {SHORT[r['model_key']]} | {r['accuracy']:.4f} | {r['macro_f1']:.4f} "
              f"| {r['train_seconds']:.1f} | {r['train_cpu_seconds']:.1f} | {r['predict_seconds']:.2f} "
              f"| {r['train_examples_per_s']:.0f} | {r['predict_examples_per_s']:.0f} | {r['peak_rss_mib']:.0f} "
              f"| {params(r)} |")
    print()
    print("NAS memory (JVM -Xmx as max heap): " + "; ".join(
        f"{r['dataset']}: max heap {fmt(r.get('max_heap_mib'), 0)} MiB, peak heap before a GC "
        f"{fmt(r.get('gc_log_peak_heap_mib'), 0)} MiB (GC log), sum of pool peaks {fmt(r.get('peak_heap_mib_upper_bound'), 0)} MiB, "
        f"peak RSS {fmt(r.get('peak_rss_mib'), 0)} MiB" for r in main_rows if r["model_key"] == "nas"))
    print()

    for name in sets:
        if name != "spam3pct":
            continue
        these = sorted((r for r in main_rows if r["dataset"] == name), key=lambda r: ORDER[r["model_key"]])
        if not these:
            continue
        classes = sorted(these[0]["per_class"])
        print(f"Per-class precision / recall on {name} (test support: "
              + ", ".join(f"{c} {these[0]['per_class'][c]['support']}" for c in classes) + ")")
        print()
        print("| model | " + " | ".join(f"{c} precision | {c} recall" for c in classes) + " |")
        print("|---|" + "---|---|" * len(classes))
        for r in these:
            cells = " | ".join(f"{r['per_class'][c]['precision']:.3f} | {r['per_class'][c]['recall']:.3f}" for c in classes)
            print(f"| {SHORT[r['model_key']]} | {cells} |")
        print()

    if few:
        groups = defaultdict(list)
        for r in few:
            k = int(r["train_file"].split("-k")[1].split("-")[0])
            groups[(r["dataset"], k, r["model_key"])].append(r)
        print("Few-shot: k examples per class drawn from the training part (fixed seeds), scored on the whole test "
              "part; mean ± standard deviation over the draws")
        print()
        print("| data set | k | model | draws | accuracy | macro-F1 | train wall s (mean) |")
        print("|---|---|---|---|---|---|---|")
        for (ds, k, m), rs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], ORDER[kv[0][2]])):
            acc = [r["accuracy"] for r in rs]
            f1 = [r["macro_f1"] for r in rs]
            sd = (lambda xs: statistics.stdev(xs) if len(xs) > 1 else 0.0)
            print(f"| {ds} | {k} | {SHORT[m]} | {len(rs)} | {statistics.mean(acc):.4f} ± {sd(acc):.4f} "
                  f"| {statistics.mean(f1):.4f} ± {sd(f1):.4f} | {statistics.mean(r['train_seconds'] for r in rs):.1f} |")
        print()

    for r in failed:
        print(f"- FAILED: {r['dataset']} {r['kind']} {SHORT.get(r['model_key'], r['model_key'])}: {r['error']} "
              "(no result; see the run's console output)")
    print()
    print("Goal checks (issue 16), from the lines above:")
    for name in sets:
        these = [r for r in main_rows if r["dataset"] == name]
        nas = [r for r in these if r["model_key"] == "nas"]
        base = [r for r in these if r["model_key"] != "nas"]
        if nas and base:
            best = max(base, key=lambda r: r["macro_f1"])
            verdict = "met" if nas[0]["macro_f1"] >= best["macro_f1"] else "missed"
            print(f"- {name}: NAS macro-F1 {nas[0]['macro_f1']:.4f} vs best baseline {best['macro_f1']:.4f} "
                  f"({SHORT[best['model_key']]}) → {verdict}")
    for r in main_rows:
        if r["model_key"] == "nas" and r["dataset"] == "spam":
            heap = r.get("gc_log_peak_heap_mib")
            print(f"- spam ({r['n_train']} training examples): search wall {r['train_seconds']:.1f} s "
                  f"({'within' if r['train_seconds'] <= 60 else 'over'} 60 s) at load {run.get('load_start')}, "
                  f"-Xmx {fmt(r.get('max_heap_mib'), 0)} MiB, peak heap before a GC {fmt(heap, 0)} MiB")
    if few:
        for ds in sorted({r["dataset"] for r in few}):
            def mean_acc(m):
                xs = [r["accuracy"] for r in few if r["dataset"] == ds and r["model_key"] == m and "-k16-" in r["train_file"]]
                return statistics.mean(xs) if xs else None
            a, b = mean_acc("nas"), mean_acc("minilm-logreg")
            if a is not None and b is not None:
                print(f"- few-shot {ds}, k=16: NAS accuracy {a:.4f} vs MiniLM + LogReg {b:.4f} → "
                      f"{'met' if a >= b else 'missed'}")


if __name__ == "__main__":
    main()
