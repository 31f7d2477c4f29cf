"""Vowpal Wabbit and River logistic regression on the same stream, progressive validation.

Vowpal Wabbit is timed on the same hashed features from text (each example's text line parsed inside the timed loop:
its normal input path) and pre-parsed (every example parsed before the clock starts), the latter both as predict +
learn (two calls, the prediction computed twice, like the UPM learner's predictProba + update) and as learn only (one
pass, like the UPM learner's predictThenUpdate). River's LogisticRegression runs with AdaGrad, as the UPM learner does, at a learning rate chosen by
progressive accuracy on the first part of the stream (TUNE_SHARE of it), then run from scratch over the whole stream.

usage: python3 baselines.py FEATURES.txt STREAM.tsv RESULTS.jsonl
FEATURES.txt (written by OnlineLearnerBenchmark): "label idx:val idx:val ..." per example, in arrival order: the
exact hashed features the UPM learner sees. STREAM.tsv: "label<TAB>text" in the same order (for VW on raw words).
"""
import json
import re
import sys
import time

import vowpalwabbit
from river import linear_model, optim

# River's learning rate is chosen on this share of the stream (the rest is unseen by the choice)
TUNE_SHARE = 0.2
RIVER_RATES = (0.01, 0.05, 0.1, 0.5, 1.0)


def load_features(path):
    ys, xs = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            ys.append(int(parts[0]))
            xs.append({int(k): float(v) for k, v in (p.split(":") for p in parts[1:])})
    return ys, xs


def load_texts(path):
    labels, ys, texts = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, text = line.rstrip("\n").split("\t", 1)
            if label not in labels:
                labels.append(label)
            ys.append(labels.index(label))
            texts.append(text.replace("\\n", " ").replace("\\t", " ").replace("\\r", " ").replace("\\\\", "\\"))
    return ys, texts


def vw_progressive(lines, ys, args):
    ws = vowpalwabbit.Workspace(args + " --quiet")
    correct = 0
    t0 = time.perf_counter()
    for line, y in zip(lines, ys):
        ex = ws.parse(line)
        score = ws.predict(ex)
        if (1 if score > 0 else 0) == y:
            correct += 1
        ws.learn(ex)
        ws.finish_example(ex)
    seconds = time.perf_counter() - t0
    ws.finish()
    return correct / len(ys), seconds


def vw_preparsed(lines, ys, args, one_pass):
    """As vw_progressive, with every example parsed before the clock starts: only predict + learn are timed. One pass:
    learn only, the progressive prediction read from the example (VW sets it before it updates, as predict returns)."""
    ws = vowpalwabbit.Workspace(args + " --quiet")
    examples = [ws.parse(line) for line in lines]
    correct = 0
    t0 = time.perf_counter()
    for ex, y in zip(examples, ys):
        if one_pass:
            ws.learn(ex)
            score = ex.get_simplelabel_prediction()
        else:
            score = ws.predict(ex)
            ws.learn(ex)
        if (1 if score > 0 else 0) == y:
            correct += 1
        ws.finish_example(ex)
    seconds = time.perf_counter() - t0
    ws.finish()
    return correct / len(ys), seconds


def river_progressive(xs, ys, lr):
    model = linear_model.LogisticRegression(optimizer=optim.AdaGrad(lr))
    correct = 0
    t0 = time.perf_counter()
    for x, y in zip(xs, ys):
        if (1 if model.predict_proba_one(x).get(True, 0.0) > 0.5 else 0) == y:
            correct += 1
        model.learn_one(x, y == 1)
    return correct / len(ys), time.perf_counter() - t0


def result(learner, ys, accuracy, seconds, nnz):
    return {"learner": learner, "runtime": "python", "examples": len(ys), "seconds": round(seconds, 3),
            "examples_per_second": round(len(ys) / seconds, 1), "progressive_accuracy": round(accuracy, 4),
            "mean_nnz": None if nnz is None else round(nnz, 1)}


def main():
    features, stream, results = sys.argv[1:4]
    ys, xs = load_features(features)
    if len(set(ys)) != 2:
        sys.exit("the baselines are binary (logistic regression); the stream has %d labels" % len(set(ys)))
    nnz = sum(len(x) for x in xs) / len(xs)
    lines = ["%d | %s" % (1 if y == 1 else -1, " ".join("%d:%r" % (k, v) for k, v in x.items())) for x, y in zip(xs, ys)]
    out = []
    acc, sec = vw_progressive(lines, ys, "--loss_function logistic -b 18")
    out.append(result("Vowpal Wabbit %s logistic, -b 18, same hashed features" % vowpalwabbit.__version__, ys, acc, sec, nnz))
    tys, texts = load_texts(stream)
    assert tys == ys, "stream and features disagree"
    clean = [re.sub(r"[|:\s]+", " ", t.lower()) for t in texts]
    raw = ["%d | %s" % (1 if y == 1 else -1, t) for t, y in zip(clean, ys)]
    acc, sec = vw_progressive(raw, ys, "--loss_function logistic -b 18 --ngram 2")
    out.append(result("Vowpal Wabbit %s logistic, -b 18, its own word 1-2-grams of the raw text" % vowpalwabbit.__version__,
                      ys, acc, sec, None))
    acc, sec = vw_preparsed(lines, ys, "--loss_function logistic -b 18", False)
    out.append(result("Vowpal Wabbit %s logistic, -b 18, same hashed features, pre-parsed (parsing not timed), predict + learn"
                      % vowpalwabbit.__version__, ys, acc, sec, nnz))
    acc, sec = vw_preparsed(lines, ys, "--loss_function logistic -b 18", True)
    out.append(result("Vowpal Wabbit %s logistic, -b 18, same hashed features, pre-parsed (parsing not timed), learn only "
                      "(one pass, prediction read from the example)" % vowpalwabbit.__version__, ys, acc, sec, nnz))
    tune = max(20, int(len(ys) * TUNE_SHARE))
    scores = {lr: river_progressive(xs[:tune], ys[:tune], lr)[0] for lr in RIVER_RATES}
    best = max(RIVER_RATES, key=lambda lr: (scores[lr], -lr))
    print("River AdaGrad learning rate on the first %d examples: %s -> %s" % (
        tune, ", ".join("%s: %.4f" % (lr, a) for lr, a in scores.items()), best), file=sys.stderr)
    acc, sec = river_progressive(xs, ys, best)
    import river
    r = result("River %s LogisticRegression (AdaGrad lr %s, chosen on the first %d examples), same hashed features"
               % (river.__version__, best, tune), ys, acc, sec, nnz)
    r["tuning"] = {str(lr): round(a, 4) for lr, a in scores.items()}
    out.append(r)
    with open(results, "a", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r) + "\n")
            print(json.dumps(r))


if __name__ == "__main__":
    main()
