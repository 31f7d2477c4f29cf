#!/usr/bin/env python3
"""Tuned baselines for the ml-core benchmark, on exactly the files the NAS reads. One model per process (so the
peak RSS is that model's), hyper-parameters chosen by stratified k-fold cross-validation on the training part
only (k = min(5, smallest class count), scoring macro-F1), then refit on the whole training part.

    baselines.py MODEL NAME TRAIN.tsv TEST.tsv RAW.jsonl PRED.txt              (main table)
    baselines.py MODEL NAME --fewshot TEST.tsv RAW.jsonl PRED_DIR DRAW.tsv...  (few-shot: one fit per draw)

MODEL: svm | logreg | fasttext | minilm-logreg. Writes the predicted label of every test example (one per line)
and one raw JSON line of costs and chosen hyper-parameters per fit; score.py computes every metric.
"""
import json
import os
import resource
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GridSearchCV, ParameterGrid, StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

SEED = 42
THREADS = 2
FOLDS = 5
TINY = os.environ.get("BENCH_TINY") == "1"
CLASS_WEIGHTS = [None, "balanced"]
SVM_C = [0.01, 0.1, 1.0, 10.0]
LOGREG_C = [1.0, 10.0, 100.0, 1000.0]
EMB_C = [0.01, 0.1, 1.0, 10.0, 100.0]
FT_EPOCHS = [5, 25, 50]  # 100 left out to keep a full run near an hour on 2 cores (stated on the docs page)
FT_LRS = [0.1, 0.5, 1.0]
if TINY:  # the --tiny smoke run: same code, a two-point grid
    SVM_C = LOGREG_C = EMB_C = [1.0, 10.0]
    FT_EPOCHS, FT_LRS = [5, 25], [0.5]

MODELS = {
    "svm": "LinearSVC on TF-IDF word 1-2 + char_wb 2-5, min_df 2 (C, class_weight by CV)",
    "logreg": "LogisticRegression on TF-IDF word 1-2 + char_wb 2-5, min_df 2 (C, class_weight by CV)",
    "fasttext": "fastText supervised, wordNgrams=2 (epoch, lr by CV)",
    "minilm-logreg": "MiniLM embeddings + LogisticRegression (C, class_weight by CV)",
}


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_tsv(path):
    labels, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                label, text = line.split("\t", 1)
                labels.append(label)
                texts.append(unescape(text))
    return labels, texts


def read_vec(tsv_path):
    """The MiniLM vectors EmbedTsv wrote next to the TSV, plus its timing record."""
    base = tsv_path[:-4] if tsv_path.endswith(".tsv") else tsv_path
    vectors = np.loadtxt(base + ".vec", dtype=np.float32, ndmin=2)
    with open(base + ".vec.json", encoding="utf-8") as f:
        return vectors, json.load(f)


def folds_for(labels):
    smallest = min(labels.count(c) for c in set(labels))
    if smallest < 2:
        raise SystemExit(f"baselines.py: a class has {smallest} training example(s); cross-validation needs 2")
    return StratifiedKFold(n_splits=min(FOLDS, smallest), shuffle=True, random_state=SEED)


def tfidf_union():
    return FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float32)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, dtype=np.float32)),
    ])


def grid_search(estimator, grid, x, y):
    search = GridSearchCV(estimator, grid, scoring="f1_macro", cv=folds_for(y), n_jobs=1, refit=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(x, y)
    return search


class SklearnText:
    """TF-IDF word 1-2 + char 2-5, fitted inside each fold (the validation fold never shapes the vocabulary or IDF).
    The search is GridSearchCV's (same folds, scoring f1_macro, refit on all training data), written out so that
    each fold is vectorised once for all grid points instead of once per point."""

    def __init__(self, kind):
        self.kind = kind
        self.features = None
        self.clf = None

    def make_clf(self, params):
        if self.kind == "svm":
            return LinearSVC(max_iter=5000, random_state=SEED, **params)
        return LogisticRegression(max_iter=2000, **params)

    def fit(self, y, x, _train_path):
        grid = list(ParameterGrid({"C": SVM_C if self.kind == "svm" else LOGREG_C, "class_weight": CLASS_WEIGHTS}))
        cv = folds_for(y)
        scores = np.zeros((len(grid), cv.get_n_splits()))
        y = np.asarray(y)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            for f, (tr, va) in enumerate(cv.split(np.zeros(len(y)), y)):
                features = tfidf_union()
                xtr = features.fit_transform([x[i] for i in tr])
                xva = features.transform([x[i] for i in va])
                for g, params in enumerate(grid):
                    pred = self.make_clf(params).fit(xtr, y[tr]).predict(xva)
                    scores[g, f] = f1_score(y[va], pred, average="macro")
            mean = scores.mean(axis=1)
            best = int(np.argmax(mean))  # first of the best, as GridSearchCV's rank 1
            self.features = tfidf_union()
            self.clf = self.make_clf(grid[best]).fit(self.features.fit_transform(x), y)
        return {"params": grid[best], "cv_macro_f1": float(mean[best]), "cv_folds": cv.get_n_splits(),
                "features": int(len(self.features.get_feature_names_out()))}

    def predict(self, x, _test_path):
        return list(self.clf.predict(self.features.transform(x)))


class MiniLmLogReg:
    """LogisticRegression on the vectors EmbedTsv computed with the NAS's own encoder. The encoding time EmbedTsv
    measured for the train/test files is added to the train/predict times (it is part of this model's cost)."""

    def __init__(self):
        self.search = None
        self.extra = {}

    def fit(self, y, _x, train_path):
        vectors, info = read_vec(train_path)
        if len(vectors) != len(y):
            raise SystemExit(f"baselines.py: {train_path}: {len(vectors)} vectors for {len(y)} examples")
        self.extra["train"] = info
        grid = {"C": EMB_C, "class_weight": CLASS_WEIGHTS}
        self.search = grid_search(LogisticRegression(max_iter=5000), grid, vectors, y)
        return {"params": self.search.best_params_, "cv_macro_f1": self.search.best_score_,
                "cv_folds": self.search.n_splits_, "encoder": info["encoder"] + " " + info["encoder_version"],
                "encoder_sha256": info["encoder_sha256"]}

    def predict(self, _x, test_path):
        vectors, info = read_vec(test_path)
        self.extra["test"] = info
        return list(self.search.predict(vectors))


class FastText:
    """fastText supervised; (epoch, lr) by k-fold CV on the training part, then refit on all of it."""

    def __init__(self):
        self.model = None

    @staticmethod
    def one_line(text):
        return " ".join(text.lower().split())

    def train(self, y, x, epoch, lr):
        import fasttext
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            for label, text in zip(y, x):
                f.write(f"__label__{label.replace(' ', '_')} {self.one_line(text)}\n")
            path = f.name
        try:
            return fasttext.train_supervised(input=path, epoch=epoch, lr=lr, wordNgrams=2, thread=THREADS,
                                             seed=SEED, verbose=0)
        finally:
            os.unlink(path)

    def labels_of(self, model, x):
        predicted, _ = model.predict([self.one_line(t) for t in x])
        return [p[0][len("__label__"):] for p in predicted]

    def fit(self, y, x, _train_path):
        names = {label.replace(" ", "_"): label for label in set(y)}
        folds = list(folds_for(y).split(np.zeros(len(y)), y))
        best, scores = None, {}
        for epoch in FT_EPOCHS:
            for lr in FT_LRS:
                fold_scores = []
                for train_idx, val_idx in folds:
                    try:
                        model = self.train([y[i] for i in train_idx], [x[i] for i in train_idx], epoch, lr)
                        pred = [names.get(p, p) for p in self.labels_of(model, [x[i] for i in val_idx])]
                        fold_scores.append(f1_score([y[i] for i in val_idx], pred, average="macro"))
                    except (RuntimeError, ValueError):  # lr too high: fastText stops on NaN loss
                        fold_scores.append(0.0)
                scores[f"epoch={epoch},lr={lr}"] = float(np.mean(fold_scores))
                if best is None or np.mean(fold_scores) > best[0]:
                    best = (float(np.mean(fold_scores)), epoch, lr)
        self.names = names
        self.model = self.train(y, x, best[1], best[2])
        return {"params": {"epoch": best[1], "lr": best[2], "wordNgrams": 2}, "cv_macro_f1": best[0],
                "cv_folds": len(folds), "cv_grid": scores}

    def predict(self, x, _test_path):
        return [self.names.get(p, p) for p in self.labels_of(self.model, x)]


def make(model):
    if model in ("svm", "logreg"):
        return SklearnText(model)
    if model == "fasttext":
        return FastText()
    if model == "minilm-logreg":
        return MiniLmLogReg()
    raise SystemExit(f"baselines.py: unknown model {model!r} (known: {', '.join(MODELS)})")


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_one(model_name, dataset, train_path, test_path, pred_path, kind):
    ytr, xtr = read_tsv(train_path)
    _, xte = read_tsv(test_path)
    model = make(model_name)
    wall, cpu = time.perf_counter(), time.process_time()
    chosen = model.fit(ytr, xtr, train_path)
    train_s, train_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    pred = model.predict(xte, test_path)
    predict_s, predict_cpu = time.perf_counter() - wall, time.process_time() - cpu
    row = {"dataset": dataset, "model": MODELS[model_name], "model_key": model_name, "kind": kind,
           "train_file": os.path.relpath(train_path, os.path.dirname(test_path)),
           "test_file": os.path.basename(test_path), "pred_file": pred_path,
           "n_train": len(ytr), "n_test": len(xte), "threads": THREADS if model_name == "fasttext" else 1}
    extra = getattr(model, "extra", {})
    if extra and kind == "main":
        # Encoding is part of this model's cost: add what EmbedTsv measured for these two files.
        row["encode_seconds_train"] = extra["train"]["encode_seconds"]
        row["encode_seconds_test"] = extra["test"]["encode_seconds"]
        row["encode_peak_rss_mib"] = max(extra["train"]["peak_rss_mib"], extra["test"]["peak_rss_mib"])
        train_s += extra["train"]["encode_seconds"]
        train_cpu += extra["train"]["encode_cpu_seconds"]
        predict_s += extra["test"]["encode_seconds"]
        predict_cpu += extra["test"]["encode_cpu_seconds"]
    elif extra:
        row["encoding"] = "vectors precomputed (few-shot: encoding time not included, as for the NAS)"
    row.update({"train_seconds": train_s, "train_cpu_seconds": train_cpu, "predict_seconds": predict_s,
                "predict_cpu_seconds": predict_cpu, "train_examples_per_s": len(ytr) / train_s,
                "predict_examples_per_s": len(xte) / predict_s, "peak_rss_mib": peak_rss_mib()})
    row.update(chosen)
    os.makedirs(os.path.dirname(os.path.abspath(pred_path)), exist_ok=True)
    with open(pred_path, "w", encoding="utf-8") as f:
        f.write("".join(f"{p}\n" for p in pred))
    return row


def main():
    args = sys.argv[1:]
    if len(args) >= 6 and args[2] == "--fewshot":
        model, dataset, _, test, raw, pred_dir, *draws = args
        jobs = [(d, os.path.join(pred_dir, os.path.basename(d)[:-4] + f".{model}.txt"), "fewshot") for d in draws]
    elif len(args) == 6:
        model, dataset, train, test, raw, pred = args
        jobs = [(train, pred, "main")]
    else:
        raise SystemExit(__doc__)
    for train, pred, kind in jobs:
        row = run_one(model, dataset, train, test, pred, kind)
        line = json.dumps(row, default=lambda o: o.item() if hasattr(o, "item") else str(o))
        print(line[:400] + ("…" if len(line) > 400 else ""), flush=True)
        with open(raw, "a", encoding="utf-8") as out:
            out.write(line + "\n")


if __name__ == "__main__":
    main()
