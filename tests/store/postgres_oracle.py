#!/usr/bin/python3
"""Issue 17: a team's store on PostgreSQL, checked from outside kpiflow
(psql and Python's sqlite3), against the server tests/store/postgres_server.py
started (KPIFLOW_TEST_POSTGRES):

- four ingests at once into one store, two of the same returns and two of
  different halves: every return stored exactly once, whichever won;
- ingest killed (SIGKILL) at random moments: nothing half-stored, nothing
  doubled, and a rerun stores exactly what an uninterrupted ingest does;
- a read-only role validates and exports, and is refused (with the reason)
  when it ingests something new;
- a second kpiflow run refused while another holds the store's run lock;
- kpiflow store copy to a SQLite file and back: the same rows, read by psql
  and by sqlite3.

usage: postgres_oracle.py KPIFLOW
"""
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle import check, finish, run  # noqa: E402
from kill_oracle import INDICATORS, MONTHS, SERVICES, write_council  # noqa: E402

BASE = os.environ.get("KPIFLOW_TEST_POSTGRES", "")
PSQL = shutil.which("psql") or "/usr/bin/psql"


def psql(address, sql):
    out = subprocess.run([PSQL, address, "-X", "-q", "-At", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"psql failed: {out.stderr}")
    return [line.split("\x1f") for line in out.stdout.splitlines() if line]


def schema(name):
    psql(BASE, f"DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")
    return f"{BASE}{'&' if '?' in BASE else '?'}options=-csearch_path%3D{name}"


FIGURES = ("SELECT s.service, s.period, o.indicator, o.value, o.raw FROM observation o JOIN submission s ON s.id = o.submission "
           "ORDER BY 1, 2, 3")


def contents(address):
    figures = [(r[0], r[1], r[2], float(r[3]) if r[3] else None, r[4]) for r in psql(address, FIGURES)]
    issues = sorted(tuple(r) for r in psql(address, "SELECT file, code, cell FROM ingest_issue"))
    return figures, issues


def consistent(address, when):
    if psql(address, "SELECT to_regclass('kpiflow_store') IS NOT NULL")[0][0] != "t":
        return 0  # killed before the schema's transaction committed: the rerun makes it
    doubled = psql(address, "SELECT count(*) FROM (SELECT 1 FROM submission GROUP BY service, period, sha256 HAVING count(*) > 1) d")[0][0]
    check(doubled == "0", f"{when}: no return stored twice ({doubled})")
    partial = psql(address, "SELECT count(*) FROM (SELECT s.id FROM submission s LEFT JOIN observation o ON o.submission = s.id "
                            f"GROUP BY s.id HAVING count(o.submission) <> {INDICATORS}) p")[0][0]
    check(partial == "0", f"{when}: every stored return has all its figures ({partial} do not)")
    lost = psql(address, "SELECT count(*) FROM submission s JOIN observation o ON o.submission = s.id AND o.raw = 'about ten' "
                         "WHERE NOT EXISTS (SELECT 1 FROM ingest_issue i WHERE i.sha256 = s.sha256)")[0][0]
    check(lost == "0", f"{when}: no stored return has lost its issues ({lost})")
    return int(psql(address, "SELECT count(*) FROM submission")[0][0])


def concurrent(kpiflow, folder, rules, returns):
    halves = [os.path.join(folder, "first-half"), os.path.join(folder, "second-half")]
    names = sorted(os.listdir(returns))
    for i, half in enumerate(halves):
        os.makedirs(half)
        for name in names[i::2]:
            shutil.copy2(os.path.join(returns, name), half)
    address = schema("concurrent")
    procs = [subprocess.Popen([kpiflow, "ingest", where, "--rules", rules, "--db", address], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for where in (returns, returns, halves[0], halves[1])]
    codes = [(p.wait(), p.stderr.read().decode()[-300:]) for p in procs]
    for i, (code, err) in enumerate(codes):
        check(code == 0, f"ingest {i + 1} of four at once finishes ({code}: {err})")
    n = SERVICES * MONTHS
    stored = psql(address, "SELECT count(*), count(DISTINCT (service, period)), count(DISTINCT sha256) FROM submission")[0]
    check(stored == [str(n)] * 3, f"four ingests at once: each of the {n} returns stored exactly once ({stored})")
    figures = psql(address, "SELECT count(*) FROM observation")[0][0]
    check(figures == str(n * INDICATORS), f"and every figure once ({figures})")
    return address


def killed(kpiflow, rules, returns, expected, took):
    kills, progress = 0, []
    for attempt in range(10):
        address = schema(f"killed_{attempt}")
        p = subprocess.Popen([kpiflow, "ingest", returns, "--rules", rules, "--db", address], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0, took))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            kills += 1
        p.wait()
        progress.append(consistent(address, f"after kill {attempt + 1}"))
        again = run(kpiflow, "ingest", returns, "--rules", rules, "--db", address)
        check(again.returncode == 0, f"the rerun after kill {attempt + 1} finishes ({again.returncode}: {again.stderr[-300:]})")
        consistent(address, f"after the rerun {attempt + 1}")
        check(contents(address) == expected, f"after the rerun {attempt + 1} the store holds what an uninterrupted ingest stores")
    check(kills >= 4, f"ingest was killed while it ran ({kills} of 10)")
    print(f"{kills} kills in {took:.2f} s runs; returns stored at each kill: {progress}")


def read_only_role(kpiflow, folder, rules, returns, address):
    name = address.rsplit("%3D", 1)[1]
    role = f"reader_{os.getpid()}"
    psql(BASE, f"DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN; GRANT USAGE ON SCHEMA {name} TO {role}; "
               f"GRANT SELECT ON ALL TABLES IN SCHEMA {name} TO {role}")
    as_reader = f"{address}&user={role}"
    period = "2017/18 M3"
    done = run(kpiflow, "transform", "--rules", rules, "--period", period, "--db", address, "--quiet")
    check(done.returncode in (0, 1), f"transform with the role that may write ({done.returncode}: {done.stderr[-300:]})")
    issues_before = psql(address, "SELECT count(*) FROM issue")[0][0]
    done = run(kpiflow, "validate", "--rules", rules, "--period", period, "--db", as_reader)
    check(done.returncode in (0, 1) and "permission denied" not in done.stderr, f"validate with a read-only role ({done.returncode}: {done.stderr[-300:]})")
    check(psql(address, "SELECT count(*) FROM issue")[0][0] == issues_before, "and it recorded nothing")
    out = os.path.join(folder, "read-only-out")
    done = run(kpiflow, "export", "--rules", rules, "--period", period, "--db", as_reader, "--out", out)
    check(done.returncode in (0, 1) and os.path.exists(os.path.join(out, "scorecard.xlsx")),
          f"export with a read-only role writes the scorecard ({done.returncode}: {done.stderr[-300:]})")
    new = os.path.join(folder, "new-return")
    os.makedirs(new)
    with open(os.path.join(new, "service-00-2017-18-M09.csv"), "w") as f:
        f.write("Ref,Dec 2017\n" + "".join(f"S00-{i:02},{i}\n" for i in range(INDICATORS)))
    done = run(kpiflow, "ingest", new, "--rules", rules, "--db", as_reader)
    check(done.returncode == 2 and "this role may only read the store" in done.stderr and "need a role that may write" in done.stderr,
          f"ingest with a read-only role is refused, saying why ({done.returncode}: {done.stderr[-300:]})")


def run_lock(kpiflow, folder, rules, returns):
    """A second kpiflow run is refused while another holds the store's run lock, named by it."""
    address = schema("runs")
    key = 2166136261
    for c in b"runs":
        key = ((key ^ c) * 16777619) & 0xFFFFFFFF
    # The holder is left idle between commands, as a run is between statements: killed, its lock goes at once.
    holder = subprocess.Popen([PSQL, address, "-X", "-q"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    holder.stdin.write(f"SET application_name = 'kpiflow run, pid 4242 on nightly-01';\n"
                       f"SELECT pg_advisory_lock({0x4B504947}, {key & 0x7FFFFFFF});\n".encode())
    holder.stdin.flush()
    try:
        for _ in range(100):  # until the holder has it
            if psql(address, f"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = {0x4B504947} AND granted")[0][0] == "1":
                break
            time.sleep(0.1)
        done = run(kpiflow, "run", returns, "--rules", rules, "--db", address, "--out", os.path.join(folder, "run-out"))
        check(done.returncode == 2 and "another kpiflow run is using this store (kpiflow run, pid 4242 on nightly-01)" in done.stdout + done.stderr,
              f"a second run is refused, naming the first ({done.returncode}: {(done.stdout + done.stderr)[-300:]})")
    finally:
        holder.kill()  # SIGKILL, as a killed run
        holder.wait()
    for _ in range(50):  # the server sees the connection close within moments
        if psql(address, f"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = {0x4B504947}")[0][0] == "0":
            break
        time.sleep(0.1)
    done = run(kpiflow, "run", returns, "--rules", rules, "--db", address, "--out", os.path.join(folder, "run-out"))
    check(done.returncode in (0, 1), f"once the first has gone (its connection closed), a run takes the lock ({done.returncode}: {done.stderr[-300:]})")


def copied(kpiflow, folder, address):
    there = os.path.join(folder, "copied.db")
    done = run(kpiflow, "store", "copy", "--from", address, "--to", there)
    check(done.returncode == 0 and "the same" in done.stdout, f"store copy to a file ({done.returncode}: {done.stderr[-300:]})")
    con = sqlite3.connect(there)
    in_file = [(r[0], r[1], r[2], r[3], r[4]) for r in con.execute(FIGURES)]
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    con.close()
    check(in_file == contents(address)[0], "the file holds the server's figures, read by sqlite3 and by psql")
    for t, n in counts.items():
        if t != "kpiflow_store":
            check(str(n) == psql(address, f"SELECT count(*) FROM {t}")[0][0], f"{t}: {n} rows in both")
    back = schema("copied_back")
    done = run(kpiflow, "store", "copy", "--from", there, "--to", back)
    check(done.returncode == 0, f"and back to the server ({done.returncode}: {done.stderr[-300:]})")
    check(contents(back) == contents(address), "the store copied there and back holds the same figures and issues")


def main():
    if not BASE:
        sys.exit("postgres_oracle.py: KPIFLOW_TEST_POSTGRES is not set; run it through postgres_server.py run")
    kpiflow = sys.argv[1]
    random.seed(17)
    with tempfile.TemporaryDirectory() as folder:
        rules, returns = write_council(folder)
        whole = schema("whole")
        started = time.monotonic()
        done = run(kpiflow, "ingest", returns, "--rules", rules, "--db", whole)
        took = time.monotonic() - started
        check(done.returncode == 0, f"an uninterrupted ingest into PostgreSQL stores every return ({done.returncode}: {done.stderr[-300:]})")
        expected = contents(whole)
        check(len(expected[0]) == SERVICES * MONTHS * INDICATORS, f"every figure stored ({len(expected[0])})")
        address = concurrent(kpiflow, folder, rules, returns)
        killed(kpiflow, rules, returns, expected, took)
        read_only_role(kpiflow, folder, rules, returns, address)
        run_lock(kpiflow, folder, rules, returns)
        copied(kpiflow, folder, address)
    finish()


if __name__ == "__main__":
    main()
