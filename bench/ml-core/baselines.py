#!/usr/bin/env python3
"""Baselines for the ml-core benchmark on the same split as the NAS:
(b) fastText supervised with word bigrams, (c) scikit-learn LogisticRegression on TF-IDF.
Appends one JSON line per model to the results file."""
import json
import os
import sys
import tempfile
import time

import fasttext
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

THREADS = os.cpu_count() or 2
SEED = 42


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read(path):
    labels, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            label, text = line.split("\t", 1)
            labels.append(label)
            texts.append(unescape(text))
    return labels, texts


def result(dataset, model, y_true, y_pred, train_s, predict_s, n_train, n_test, cpu_s):
    return {
        "dataset": dataset, "model": model,
        "accuracy": round(accuracy_score(y_true, y_pred), 4),
        "macro_f1": round(f1_score(y_true, y_pred, average="macro"), 4),
        "train_seconds": round(train_s, 2), "train_cpu_seconds": round(cpu_s, 2),
        "predict_seconds": round(predict_s, 3),
        "train_examples_per_s": round(n_train / train_s, 1),
        "predict_examples_per_s": round(n_test / predict_s, 1),
        "n_train": n_train, "n_test": n_test,
    }


def one_line(text):
    # fastText reads one example per line; it lower-cases nothing itself.
    return " ".join(text.lower().split())


def fasttext_run(dataset, train, test, name="fastText supervised (wordNgrams=2, defaults)", **params):
    (ytr, xtr), (yte, xte) = train, test
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        for y, x in zip(ytr, xtr):
            f.write(f"__label__{y.replace(' ', '_')} {one_line(x)}\n")
        path = f.name
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        model = fasttext.train_supervised(input=path, wordNgrams=2, thread=THREADS, seed=SEED, verbose=0, **params)
        train_s, cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        os.unlink(path)
    lines = [one_line(x) for x in xte]
    start = time.perf_counter()
    labels, _ = model.predict(lines)
    predict_s = time.perf_counter() - start
    pred = [l[0][len("__label__"):] for l in labels]
    truth = [y.replace(" ", "_") for y in yte]
    return result(dataset, name, truth, pred, train_s, predict_s,
                  len(ytr), len(yte), cpu_s)


def sklearn_run(dataset, train, test):
    (ytr, xtr), (yte, xte) = train, test
    wall, cpu = time.perf_counter(), time.process_time()
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    features = vectorizer.fit_transform(xtr)
    model = LogisticRegression(C=10.0, max_iter=2000)
    model.fit(features, ytr)
    train_s, cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    start = time.perf_counter()
    pred = model.predict(vectorizer.transform(xte))
    predict_s = time.perf_counter() - start
    return result(dataset, "scikit-learn LogisticRegression (TF-IDF word 1-2-grams, C=10)", yte, list(pred),
                  train_s, predict_s, len(ytr), len(yte), cpu_s)


def main():
    dataset, train_path, test_path, out_path = sys.argv[1:5]
    np.random.seed(SEED)
    train, test = read(train_path), read(test_path)
    with open(out_path, "a", encoding="utf-8") as out:
        tuned = lambda d, tr, te: fasttext_run(d, tr, te, "fastText supervised (wordNgrams=2, epoch=25, lr=0.5)",
                                               epoch=25, lr=0.5)
        for run in (fasttext_run, tuned, sklearn_run):
            row = run(dataset, train, test)
            print(json.dumps(row))
            out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
