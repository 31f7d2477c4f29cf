#!/usr/bin/env python3
"""CPU used per round of the adapter sync benchmark, from cpu-sample.py's samples and the benchmark's log.

Each round line of AdapterSyncBenchmark ends with "(last ack seen at EPOCH_MS)"; a round's CPU is what every process
used between the end of the round before and its own end (so round 1 is not counted: its start is not in the log), in
milliseconds, per process and thread kind, with the machine's utilisation (CPU ms / wall ms; 2.0 = both cores busy).
Prints the mean per round of rounds 2-10 (the goal's first rounds after start) and of the rounds after them, and the
CPU per second in the 3 s that ended 0.5 s before round 1's last ack (what the machine was doing when round 1 came).

    python3 bench/upm/cpu-rounds.py SAMPLES.tsv BENCH.log
"""
import re
import sys

TICK_MS = 1000 / 100  # USER_HZ is 100 on Linux


def samples_of(path):
    out = []
    for line in open(path):
        stamp, rest = line.rstrip('\n').split('\t')
        out.append((float(stamp), dict((kv.split('=')[0], int(kv.split('=')[1])) for kv in rest.split())))
    return out


def round_ends(path):
    ends = {}
    for line in open(path):
        m = re.search(r'round (\d+)\b.*last ack seen at (\d+)\)', line)
        if m:
            ends[int(m.group(1))] = int(m.group(2)) / 1000
    return ends


def at(samples, when):
    """The last sample taken at or before `when`."""
    found = samples[0][1]
    for stamp, used in samples:
        if stamp > when:
            break
        found = used
    return found


def main(samples_path, log_path):
    samples = samples_of(samples_path)
    ends = round_ends(log_path)
    kinds = sorted({k for _, used in samples for k in used})
    per_round = {}
    for r in sorted(ends):
        if r - 1 in ends:
            a, b = at(samples, ends[r - 1]), at(samples, ends[r])
            per_round[r] = ((ends[r] - ends[r - 1]) * 1000, {k: (b.get(k, 0) - a.get(k, 0)) * TICK_MS for k in kinds})
    for first, last in ((2, 10), (11, max(ends) if ends else 0)):
        rounds = [per_round[r] for r in range(first, last + 1) if r in per_round]
        if not rounds:
            continue
        wall = sum(w for w, _ in rounds) / len(rounds)
        cpu = {k: sum(u[k] for _, u in rounds) / len(rounds) for k in kinds}
        total = sum(cpu.values())
        print(f'rounds {first}-{last}: per round {wall:.0f} ms wall, {total:.0f} ms CPU (utilisation {total / wall:.2f}): '
              + ', '.join(f'{k} {v:.0f}' for k, v in cpu.items() if v > 0))
    if 1 in ends:
        before, then = at(samples, ends[1] - 3.5), at(samples, ends[1] - 0.5)
        total = sum(then.get(k, 0) - before.get(k, 0) for k in kinds) * TICK_MS / 3
        print(f'3 s before round 1 ended: {total:.0f} ms CPU per second (utilisation {total / 1000:.2f}): '
              + ', '.join(f'{k} {(then.get(k, 0) - before.get(k, 0)) * TICK_MS / 3:.0f}' for k in kinds
                          if then.get(k, 0) > before.get(k, 0)))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
