#!/usr/bin/python3
"""The shared pipeline benchmark's kpiflow pipeline (../shared/bench/pipeline:
ingest, transform M1..M12, validate, export) with the store in a SQLite file
and on PostgreSQL on this machine, interleaved; then four ingests at once
(the returns split four ways) into each.

The server is the tests' own (tests/store/postgres_server.py) started with
--durable: fsync and synchronous commit on, as a real server has them.

usage: postgres_pipeline.py KPIFLOW COUNCIL_DIR WORK [--runs 3]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "..", "tests", "store", "postgres_server.py")


def timed(cmd):
    started = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read().decode()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - started
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status), err


def pipeline(k, council, db, work, tag, months=12):
    rules = os.path.join(council, "council.yaml")
    stages = {}

    def add(stage, cmd):
        wall, cpu, code, err = timed(cmd)
        w, c = stages.get(stage, (0.0, 0.0))
        stages[stage] = (w + wall, c + cpu)
        if code not in (0, 1):  # 1: ran, and found issues
            sys.exit(f"{stage} failed: {err[-500:]}")

    add("ingest", [k, "ingest", os.path.join(council, "returns"), "--rules", rules, "--db", db])
    for m in range(1, months + 1):
        add("transform", [k, "transform", "--rules", rules, "--period", f"2017/18 M{m}", "--db", db, "--quiet"])
    add("validate", [k, "validate", "--rules", rules, "--period", f"2017/18 M{months}", "--db", db,
                     "--report", os.path.join(work, f"{tag}-issues.xlsx")])
    add("export", [k, "export", "--rules", rules, "--period", f"2017/18 M{months}", "--db", db, "--out", os.path.join(work, f"{tag}-out")])
    stages["total"] = (sum(w for w, _ in stages.values()), sum(c for _, c in stages.values()))
    return stages


def psql(address, sql):
    subprocess.run(["psql", address, "-X", "-q", "-c", "SET client_min_messages = warning; " + sql], check=True, stdout=subprocess.DEVNULL)


def new_store(kind, base, work, name):
    """An empty store of each kind: a file not there yet, or a new schema."""
    if kind == "sqlite":
        db = os.path.join(work, f"{name}.db")
        for f in (db, db + "-journal"):
            if os.path.exists(f):
                os.remove(f)
        return db
    psql(base, f"DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")
    return f"{base}&options=-csearch_path%3D{name}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kpiflow")
    ap.add_argument("council")
    ap.add_argument("work")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    k, council, work = os.path.abspath(a.kpiflow), os.path.abspath(a.council), os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    pg = os.path.join(work, "pg")
    subprocess.run([sys.executable, SERVER, "start", pg, "--durable"], check=True)
    try:
        base = open(os.path.join(pg, "address")).read().strip()
        results = {"sqlite": [], "postgresql": []}
        for i in range(a.runs):
            for kind in ("sqlite", "postgresql"):
                db = new_store(kind, base, work, f"b{i}")
                out = os.path.join(work, f"{kind}{i}-out")
                shutil.rmtree(out, ignore_errors=True)
                results[kind].append(pipeline(k, council, db, work, f"{kind}{i}"))
                print(f"run {i + 1} {kind}: " + ", ".join(f"{s} {w:.2f}s" for s, (w, _) in results[kind][-1].items()), flush=True)

        # Four ingests at once, each a quarter of the services' returns.
        returns = os.path.join(council, "returns")
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(returns) for f in fs)
        quarters = []
        for q in range(4):
            folder = os.path.join(work, f"quarter{q}")
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
            for f in files[q::4]:  # in the folders they came in: a return's folder may name its period
                there = os.path.join(folder, os.path.relpath(f, returns))
                os.makedirs(os.path.dirname(there), exist_ok=True)
                shutil.copy2(f, there)
            quarters.append(folder)
        rules = os.path.join(council, "council.yaml")
        parallel = {"sqlite": [], "postgresql": []}
        for i in range(a.runs):
            for kind in ("sqlite", "postgresql"):
                db = new_store(kind, base, work, f"p{i}")
                started = time.monotonic()
                procs = [subprocess.Popen([k, "ingest", q, "--rules", rules, "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                         for q in quarters]
                codes = [p.wait() for p in procs]
                parallel[kind].append(time.monotonic() - started)
                if any(c not in (0, 1) for c in codes):
                    sys.exit(f"a parallel ingest into {kind} failed: {[p.stderr.read().decode()[-300:] for p in procs]}")
                print(f"run {i + 1} four ingests at once into {kind}: {parallel[kind][-1]:.2f}s", flush=True)

        print("\n| stage | SQLite s (CPU) | PostgreSQL s (CPU) | PostgreSQL ÷ SQLite |")
        print("| --- | ---: | ---: | ---: |")
        for stage in ("ingest", "transform", "validate", "export", "total"):
            sw = statistics.median(r[stage][0] for r in results["sqlite"])
            sc = statistics.median(r[stage][1] for r in results["sqlite"])
            pw = statistics.median(r[stage][0] for r in results["postgresql"])
            pc = statistics.median(r[stage][1] for r in results["postgresql"])
            print(f"| {stage} | {sw:.2f} ({sc:.2f}) | {pw:.2f} ({pc:.2f}) | {pw / sw:.2f} |")
        s4, p4 = statistics.median(parallel["sqlite"]), statistics.median(parallel["postgresql"])
        print(f"| four ingests at once | {s4:.2f} | {p4:.2f} | {p4 / s4:.2f} |")
    finally:
        subprocess.run([sys.executable, SERVER, "stop", pg])


if __name__ == "__main__":
    main()
