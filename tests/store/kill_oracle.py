#!/usr/bin/python3
"""Issue 12: durability is not traded for speed. Ingest is killed (SIGKILL)
at random moments while it stores 320 returns in batches, each time into a
new store; after every kill the store must pass PRAGMA integrity_check,
hold no return twice and no return in part (a return's figures are all
there or none, and never without its issues), and a rerun must finish the
job: the store then holds exactly what an ingest that was never
interrupted stores. Checked with Python's own sqlite3, not kpiflow.

usage: kill_oracle.py KPIFLOW
"""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from oracle import check, finish, run  # noqa: E402

SERVICES, MONTHS, INDICATORS = 40, 8, 12


def write_council(folder):
    lines = ["scorecard: {name: Kill test, frequency: monthly}", "services:"]
    for s in range(SERVICES):
        lines.append(f"  - {{id: S{s:02}, name: Service {s:02}, columns: {{ref: Ref, value: \"{{period}}\"}}}}")
    lines.append("indicators:")
    for s in range(SERVICES):
        for i in range(INDICATORS):
            lines.append(f"  - {{id: S{s:02}-{i:02}, title: Measure {i}, service: S{s:02}, targets: {{2017/18: 100}}}}")
    with open(os.path.join(folder, "rules.yaml"), "w") as f:
        f.write("\n".join(lines) + "\n")
    returns = os.path.join(folder, "returns")
    os.makedirs(returns)
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    for s in range(SERVICES):
        for m in range(MONTHS):
            period = f"{months[m]} 2017"
            rows = [f"Ref,{period}"] + [f"S{s:02}-{i:02},{s * 100 + m * 10 + i}" for i in range(INDICATORS)]
            # One figure in ten is words: its issue must be kept with the return.
            if (s + m) % 10 == 0:
                rows[1] = f"S{s:02}-00,about ten"
            with open(os.path.join(returns, f"service-{s:02}-2017-18-M{m + 1:02}.csv"), "w") as f:
                f.write("\n".join(rows) + "\n")
    return os.path.join(folder, "rules.yaml"), returns


def contents(db):
    con = sqlite3.connect(db)
    figures = sorted(con.execute(
        "SELECT s.service, s.period, o.indicator, o.value, o.raw FROM observation o JOIN submission s ON s.id = o.submission").fetchall())
    issues = sorted(con.execute("SELECT file, code, cell FROM ingest_issue").fetchall())
    con.close()
    return figures, issues


def consistent(db, when):
    con = sqlite3.connect(db)
    check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"{when}: integrity_check ok")
    # Killed before the schema's transaction committed: an empty store, which the rerun makes.
    if con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'submission'").fetchone()[0] == 0:
        con.close()
        return 0
    doubled = con.execute("SELECT count(*) FROM (SELECT 1 FROM submission GROUP BY service, period, sha256 HAVING count(*) > 1)").fetchone()[0]
    check(doubled == 0, f"{when}: no return stored twice ({doubled})")
    partial = con.execute("SELECT count(*) FROM (SELECT s.id FROM submission s LEFT JOIN observation o ON o.submission = s.id "
                          f"GROUP BY s.id HAVING count(o.rowid) <> {INDICATORS})").fetchone()[0]
    check(partial == 0, f"{when}: every stored return has all its figures ({partial} do not)")
    # A stored return with a figure in words has its issue too: never one without the other.
    lost = con.execute("SELECT count(*) FROM submission s JOIN observation o ON o.submission = s.id AND o.raw = 'about ten' "
                       "WHERE NOT EXISTS (SELECT 1 FROM ingest_issue i WHERE i.sha256 = s.sha256)").fetchone()[0]
    check(lost == 0, f"{when}: no stored return has lost its issues ({lost})")
    stored = con.execute("SELECT count(*) FROM submission").fetchone()[0]
    con.close()
    return stored


def main():
    kpiflow = sys.argv[1]
    random.seed(12)
    with tempfile.TemporaryDirectory() as folder:
        rules, returns = write_council(folder)
        whole = os.path.join(folder, "whole.db")
        started = time.monotonic()
        done = run(kpiflow, "ingest", returns, "--rules", rules, "--db", whole)
        took = time.monotonic() - started
        check(done.returncode == 0, f"an uninterrupted ingest stores every return ({done.returncode})")
        expected = contents(whole)
        check(len(expected[0]) == SERVICES * MONTHS * INDICATORS, f"every figure stored ({len(expected[0])})")

        kills, progress = 0, []
        for attempt in range(25):
            db = os.path.join(folder, f"killed-{attempt}.db")
            p = subprocess.Popen([kpiflow, "ingest", returns, "--rules", rules, "--db", db], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(random.uniform(0, took))
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
                kills += 1
            p.wait()
            if not os.path.exists(db):
                continue
            progress.append(consistent(db, f"after kill {attempt + 1}"))
            again = run(kpiflow, "ingest", returns, "--rules", rules, "--db", db)
            check(again.returncode == 0, f"the rerun after kill {attempt + 1} finishes ({again.returncode}: {again.stderr[-300:]})")
            consistent(db, f"after the rerun {attempt + 1}")
            check(contents(db) == expected, f"after the rerun {attempt + 1} the store holds what an uninterrupted ingest stores")
            os.remove(db)
        check(kills >= 10, f"ingest was killed while it ran ({kills} of 25)")
        check(any(0 < n < SERVICES * MONTHS for n in progress), f"some kills fell between batches ({progress})")
        print(f"{kills} kills in {took:.2f} s runs; returns stored at each kill: {progress}")
    finish()


if __name__ == "__main__":
    main()
