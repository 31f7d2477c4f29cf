"""Oban (the Python implementation by Oban's authors, PyPI package "oban") on the same benchmark as QueueBench.java.

Per run: the queue is paused, all jobs are enqueued one insert at a time by one producer (priorities 0/1/2 in turn),
then the queue is resumed with N as its concurrency limit and drains them with a no-op worker. drain jobs/s = jobs /
time from resume to the last acknowledgement; "claim" = each fetch of available jobs that returned at least one job
(Oban's producer.get span: the FOR UPDATE SKIP LOCKED fetch; one fetch may take up to N jobs at once).

Usage: python oban_bench.py --pg postgresql://user:pw@host:port/db --jobs 5000 --workers 1,2,4 [--warmup 300]
"""

import argparse
import asyncio
import os
import time

import psycopg
from psycopg_pool import AsyncConnectionPool

from oban import Oban, telemetry, worker
from oban.schema import install_sql

PREFIX = "bench_oban"
QUEUE = "bench"


@worker(queue=QUEUE)
class Noop:
    async def process(self, job):
        return None


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def load1():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


async def run(pool, jobs, workers):
    async with pool.connection() as conn:
        await conn.execute(f"TRUNCATE {PREFIX}.oban_jobs")

    fetches = []
    acked = {"n": 0}
    done = asyncio.Event()

    def on_get(_name, meta):
        if meta.get("count", 0) > 0:
            fetches.append(meta["duration"] / 1e6)

    def on_ack(_name, meta):
        acked["n"] += meta.get("count", 0)
        if acked["n"] >= jobs:
            done.set()

    telemetry.attach("bench-get", ["oban.producer.get.stop"], on_get)
    telemetry.attach("bench-ack", ["oban.producer.ack.stop"], on_ack)
    load_before = load1()
    oban = Oban(pool=pool, prefix=PREFIX, queues={QUEUE: workers}, leadership=False)
    await oban.start()
    try:
        await oban.pause_queue(QUEUE)
        t0 = time.perf_counter()
        for i in range(jobs):
            await oban.enqueue(Noop.new({"i": i}, priority=2 - (i % 3)))
        enqueue_seconds = time.perf_counter() - t0

        fetches.clear()
        t1 = time.perf_counter()
        await oban.resume_queue(QUEUE)
        await asyncio.wait_for(done.wait(), timeout=600)
        drain_seconds = time.perf_counter() - t1
    finally:
        await oban.stop()
        telemetry.detach("bench-get")
        telemetry.detach("bench-ack")

    async with pool.connection() as conn:
        cur = await conn.execute(
            f"SELECT count(*) FROM {PREFIX}.oban_jobs WHERE state = 'completed' AND attempt = 1")
        completed = (await cur.fetchone())[0]
    if completed != jobs:
        raise RuntimeError(f"expected {jobs} jobs completed once, got {completed}")
    return {
        "queue": "Oban (oban.py " + __import__("oban").__version__ + ")",
        "workers": workers,
        "jobs": jobs,
        "enqueue": jobs / enqueue_seconds,
        "drain": jobs / drain_seconds,
        "p50": percentile(fetches, 50),
        "p99": percentile(fetches, 99),
        "max": max(fetches) if fetches else float("nan"),
        "fetches": len(fetches),
        "load": f"{load_before} → {load1()}",
    }


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", required=True)
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()

    with psycopg.connect(args.pg, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {PREFIX} CASCADE")
        conn.execute(f"CREATE SCHEMA {PREFIX}")
        conn.execute(install_sql(PREFIX))

    pool = AsyncConnectionPool(args.pg, min_size=2, max_size=16, open=False)
    await pool.open()
    try:
        await run(pool, args.warmup, 2)
        rows = []
        for n in [int(w) for w in args.workers.split(",")]:
            r = await run(pool, args.jobs, n)
            rows.append(r)
            print(f"{r['queue']}, {n} worker(s), {r['jobs']} jobs: enqueue {r['enqueue']:.0f}/s, drain {r['drain']:.0f}/s, "
                  f"fetch p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms, max {r['max']:.2f} ms "
                  f"({r['fetches']} fetches, load {r['load']})", flush=True)
        print()
        for r in rows:
            print(f"| {r['queue']} | {r['workers']} | {r['jobs']} | {r['enqueue']:.0f} | {r['drain']:.0f} | "
                  f"{r['p50']:.2f} | {r['p99']:.2f} | {r['max']:.2f} | {r['load']} |")
    finally:
        await pool.close()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    asyncio.run(main())
