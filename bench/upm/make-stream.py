"""SpamAssassin in arrival order: bench/ml-core's exported train and test files (one shuffled split of the same
corpus) merged and sorted by the date on each message's mbox "From " line. Messages without a readable date keep
their relative order at the end.

usage: python3 make-stream.py TRAIN.tsv TEST.tsv OUT.tsv [--tiny: every 10th message]
"""
import re
import sys
from datetime import datetime

FROM = re.compile(r"^From \S+\s+(\w{3} \w{3}\s+\d{1,2} \d\d:\d\d:\d\d \d{4})")


def when(text):
    m = FROM.match(text)
    if not m:
        return None
    try:
        return datetime.strptime(re.sub(r"\s+", " ", m.group(1)), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None


def main():
    train, test, out = sys.argv[1:4]
    tiny = "--tiny" in sys.argv
    rows = []
    for path in (train, test):
        with open(path, encoding="utf-8") as f:
            rows.extend(line.rstrip("\n") for line in f if "\t" in line)
    dated = [(when(r.split("\t", 1)[1]), i, r) for i, r in enumerate(rows)]
    known = sorted((d, i, r) for d, i, r in dated if d is not None)
    unknown = [(d, i, r) for d, i, r in dated if d is None]
    stream = [r for _, _, r in known] + [r for _, _, r in unknown]
    if tiny:
        stream = stream[::10]  # every 10th message: still in arrival order, still both labels
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(stream) + "\n")
    labels = {}
    for r in stream:
        labels[r.split("\t", 1)[0]] = labels.get(r.split("\t", 1)[0], 0) + 1
    print("stream: %d messages (%d dated, %d undated at the end), labels %s, from %s to %s" % (
        len(stream), len(known), len(unknown), labels, known[0][0] if known else "-", known[-1][0] if known else "-"))


if __name__ == "__main__":
    main()
