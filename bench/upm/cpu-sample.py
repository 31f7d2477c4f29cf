#!/usr/bin/env python3
"""CPU accounting of the adapter sync benchmark's processes (bench/upm/cold-start.sh runs it beside the benchmark).

Every 200 ms, until OUT.stop exists, writes one line to OUT: the wall clock (epoch seconds) and, per process and thread
kind, the CPU time used so far in clock ticks (utime + stime of /proc/PID/task/TID/stat). Processes: the agents' JVM
(AdapterSyncBenchmark), upm-service (quarkus-run), the Kafka broker (kafka.Kafka), the infrastructure JVM
(SharedInfraMain) and PostgreSQL (all its processes together). Thread kinds of a JVM: jit (C1/C2 compiler threads),
gc (collector and VM threads) and app (everything else).

    python3 bench/upm/cpu-sample.py OUT.tsv      # stop it with: touch OUT.tsv.stop
"""
import os
import sys
import time

PERIOD_S = 0.2


def process_of(pid):
    try:
        argv = open(f'/proc/{pid}/cmdline', 'rb').read().split(b'\0')
    except OSError:
        return None
    line = b' '.join(argv).decode(errors='replace')
    if 'java' not in argv[0].decode(errors='replace'):
        return 'pg' if 'postgres' in line else None
    # a JVM's class path may name any jar (postgresql, upm-service): look at the main class first
    for marker, name in (('AdapterSyncBenchmark', 'agents'), ('SharedInfraMain', 'infra'), ('quarkus-run', 'upm'),
                         ('kafka.Kafka', 'kafka')):
        if marker in line:
            return name
    return None


def kind_of(thread_name):
    if 'Compiler' in thread_name:
        return 'jit'
    if thread_name.startswith(('GC ', 'G1', 'Z', 'VM Thread', 'VM Periodic')):
        return 'gc'
    return 'app'


def ticks(path):
    fields = open(path).read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])


def sample():
    used = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        name = process_of(pid)
        if name is None:
            continue
        try:
            if name == 'pg':
                used['pg.app'] = used.get('pg.app', 0) + ticks(f'/proc/{pid}/stat')
                continue
            for tid in os.listdir(f'/proc/{pid}/task'):
                key = name + '.' + kind_of(open(f'/proc/{pid}/task/{tid}/comm').read().strip())
                used[key] = used.get(key, 0) + ticks(f'/proc/{pid}/task/{tid}/stat')
        except OSError:
            continue  # the process or thread ended while being read
    return used


def main(out_path):
    stop = out_path + '.stop'
    with open(out_path, 'w') as out:
        while not os.path.exists(stop):
            started = time.time()
            used = sample()
            out.write('%.3f\t%s\n' % (started, ' '.join(f'{k}={v}' for k, v in sorted(used.items()))))
            out.flush()
            time.sleep(max(0.0, PERIOD_S - (time.time() - started)))


if __name__ == '__main__':
    main(sys.argv[1])
