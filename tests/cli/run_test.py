#!/usr/bin/python3
"""Issue 14: `kpiflow run` as a nightly job sees it. The sample council's two
quarters arrive in turn; a second run is refused while one holds the store;
runs killed at random moments are finished by the next, losing and doubling
nothing; a file still being written waits for the next run; a newer return
supersedes; an unreadable file, a link loop and a hostile file are passed
over or refused with their reason while the rest is read; returns arrive
inside saved e-mails; the chase list, feedback workbooks and draft e-mails
say what each owner must do; a store on a network filesystem is refused; a full
disk leaves the old workbooks and no temporary files. Checked from outside:
the store with Python's sqlite3, the workbooks with openpyxl, run.json with
json.

usage: run_test.py KPIFLOW SOURCE_DIR
"""
import email.message
import email.policy
import email.utils
import fcntl
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from oracle import check, finish  # noqa: E402

KPIFLOW, SOURCE = sys.argv[1], sys.argv[2]
RULES = os.path.join(SOURCE, "samples", "council.yaml")
RETURNS = os.path.join(SOURCE, "samples", "returns")
LONG_AGO = time.time() - 3600


def kpiflow(*args, env=None, as_user=None):
    command = [KPIFLOW, *args]
    if as_user:
        command = ["setpriv", f"--reuid={as_user}", f"--regid={as_user}", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, env=env)


def settled(folder):
    """Every file in folder dated an hour ago, as a return saved earlier is."""
    for root, _, files in os.walk(folder):
        for name in files:
            if not os.path.islink(os.path.join(root, name)):
                os.utime(os.path.join(root, name), (LONG_AGO, LONG_AGO))


def bring(inbox, quarter):
    shutil.copytree(os.path.join(RETURNS, quarter), os.path.join(inbox, quarter))
    settled(inbox)


def run_in(work, *extra, env=None, as_user=None):
    return kpiflow("run", os.path.join(work, "inbox"), "--rules", RULES, "--db", os.path.join(work, "store.db"),
                   "--out", os.path.join(work, "out"), *extra, env=env, as_user=as_user)


def summary(work):
    with open(os.path.join(work, "out", "run.json")) as f:
        return json.load(f)


def temporaries(folder):
    return [os.path.join(r, n) for r, _, files in os.walk(folder) for n in files if re.search(r"\.kpiflow-.+-[0-9]+-[0-9]+$", n)]


def store_is_whole(db, what):
    if not os.path.exists(db):
        return {}  # killed before it made the store
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        check(con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"{what}: the store passes integrity_check")
        if not con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'submission'").fetchone()[0]:
            return {}  # killed before its schema was committed
        doubled = con.execute("SELECT count(*) FROM (SELECT service, period, sha256 FROM submission "
                              "GROUP BY service, period, sha256 HAVING count(*) > 1)").fetchone()[0]
        check(doubled == 0, f"{what}: no return is stored twice")
        figures = dict(con.execute("SELECT s.file, count(o.rowid) FROM submission s LEFT JOIN observation o "
                                   "ON o.submission = s.id GROUP BY s.id").fetchall())
        return figures


def quarters_in_turn(work):
    os.makedirs(os.path.join(work, "inbox"))
    bring(os.path.join(work, "inbox"), "2017-18-Q1")
    first = run_in(work, "--today", "2017-07-25")
    lines = first.stdout.splitlines()
    check(first.returncode == 0, f"Q1: exit 0, a clean quarter (got {first.returncode}: {first.stderr})")
    check(lines and "kpiflow run for Northfield Council Plan 2017/18, 2017/18 Q1:" in lines[0],
          f"Q1: the first line names the period and why: {lines[:1]}")
    check(all(l[:4].isdigit() for l in lines), "Q1: not a terminal, so every line is timestamped")
    s = summary(work)
    check(s["period"] == "2017/18 Q1" and s["returns"]["found"] == 8 and s["returns"]["read"] == 8,
          f"Q1: run.json says 8 returns found and read: {s['returns']}")
    for name in ("issues", "consolidated", "scorecard"):
        path = os.path.join(work, "out", "2017-18-Q1", name + ".xlsx")
        check(os.path.exists(path) and openpyxl.load_workbook(path, read_only=True).sheetnames,
              f"Q1: {name}.xlsx is written and openpyxl opens it")

    bring(os.path.join(work, "inbox"), "2017-18-Q2")
    second = run_in(work, "--today", "2017-10-30")
    lines = second.stdout.splitlines()
    check(lines and "2017/18 Q2: the latest period whose deadline" in lines[0],
          f"Q2: chosen by its deadline, and said so: {lines[:1]}")
    s = summary(work)
    check(s["returns"]["read"] == 8 and s["returns"]["unchanged"] == 8,
          f"Q2: the 8 new returns read, Q1's 8 not read again: {s['returns']}")
    check(s["statuses"]["indicators"] == 60, f"Q2: 60 indicators scored: {s['statuses']}")
    scorecard = os.path.join(work, "out", "2017-18-Q2", "scorecard.xlsx")
    written = os.path.getmtime(scorecard)

    third = run_in(work, "--today", "2017-10-30")
    s = summary(work)
    check(s["returns"]["read"] == 0 and s["returns"]["unchanged"] == 16, f"rerun: nothing read again: {s['returns']}")
    check(not any(o["written"] for o in s["outputs"].values()), f"rerun: no workbook written again: {s['outputs']}")
    check(os.path.getmtime(scorecard) == written, "rerun: the scorecard file is left as it was")
    check("up to date" in third.stdout, "rerun: says the workbooks are up to date")
    with open(os.path.join(work, "out", "run.log")) as f:
        log = f.read()
    check(log.count("kpiflow run for") == 3, "run.log keeps every run, appended")

    # A corrected return supersedes the first; the first is listed.
    corrected = os.path.join(work, "inbox", "corrected", "housing-2017-18-Q2 v2.xlsx")
    os.makedirs(os.path.dirname(corrected))
    shutil.copy(os.path.join(RETURNS, "2017-18-Q2", "housing-2017-18-Q2.xlsx"), corrected)
    with zipfile.ZipFile(corrected, "a") as z:  # other bytes, the same figures
        z.writestr("docProps/custom-note.txt", "corrected")
    os.utime(corrected, (LONG_AGO + 60, LONG_AGO + 60))
    # And the same return sent twice (a copy saved again elsewhere): stored once.
    os.makedirs(os.path.join(work, "inbox", "again"))
    shutil.copy2(os.path.join(RETURNS, "2017-18-Q2", "finance-2017-18-Q2.xlsx"), os.path.join(work, "inbox", "again"))
    os.utime(os.path.join(work, "inbox", "again", "finance-2017-18-Q2.xlsx"), (LONG_AGO, LONG_AGO))
    fourth = run_in(work, "--today", "2017-10-30")
    with sqlite3.connect(os.path.join(work, "store.db")) as con:
        finance = con.execute("SELECT count(*) FROM submission WHERE service = 'FI' AND period = '2017/18 Q2'").fetchone()[0]
    check(finance == 1, f"a return sent twice, byte for byte, is stored once: {finance}")
    check("superseded: " in fourth.stdout and "housing-2017-18-Q2.xlsx (HO 2017/18 Q2)" in fourth.stdout,
          f"a newer return: the older is listed as superseded: {fourth.stdout}")
    check(os.path.isdir(os.path.join(work, "out", "2017-18-Q2", "previous")),
          "the workbooks replaced are kept, dated, in previous/")
    store_is_whole(os.path.join(work, "store.db"), "after four runs")


def lock(work):
    os.makedirs(os.path.join(work, "inbox"))
    bring(os.path.join(work, "inbox"), "2017-18-Q2")
    holder = os.path.join(work, "store.db.lock")
    with open(holder, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.write("process 4242 on nightly-host, since 2017-10-30 02:00:00 UTC\n")
        f.flush()
        refused = run_in(work, "--period", "2017/18 Q2")
        check(refused.returncode == 2, f"a second run while one runs: exit 2 (got {refused.returncode})")
        check("another kpiflow run is using this store (process 4242 on nightly-host, since 2017-10-30 02:00:00 UTC)"
              in refused.stderr, f"the refusal names the holder and since when: {refused.stderr}")
    # The holder died without clearing the file: its lock went with it.
    after = run_in(work, "--period", "2017/18 Q2")
    check(after.returncode == 1, f"a dead run's lock is taken over (got {after.returncode}: {after.stderr})")
    check("taken over" in after.stdout, "and the run says so")


def killed(work):
    os.makedirs(os.path.join(work, "inbox"))
    bring(os.path.join(work, "inbox"), "2017-18-Q1")
    bring(os.path.join(work, "inbox"), "2017-18-Q2")
    rng = random.Random(14)
    for attempt in range(6):
        p = subprocess.Popen([KPIFLOW, "run", os.path.join(work, "inbox"), "--rules", RULES, "--db",
                              os.path.join(work, "store.db"), "--out", os.path.join(work, "out"), "--period", "2017/18 Q2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, 0.6))
        p.send_signal(signal.SIGKILL)
        p.wait()
        store_is_whole(os.path.join(work, "store.db"), f"killed run {attempt + 1}")
    last = run_in(work, "--period", "2017/18 Q2")
    check(last.returncode == 1, f"after the kills a run finishes (got {last.returncode}: {last.stderr})")
    figures = store_is_whole(os.path.join(work, "store.db"), "after the kills and a run")
    check(len(figures) == 16, f"every return stored once: {len(figures)}")
    check(not temporaries(os.path.join(work, "out")), f"no temporary files left: {temporaries(os.path.join(work, 'out'))}")
    # What an uninterrupted run stores.
    clean = os.path.join(work, "clean")
    os.makedirs(clean)
    os.symlink(os.path.join(work, "inbox"), os.path.join(clean, "inbox"))
    run_in(clean, "--period", "2017/18 Q2")
    with sqlite3.connect(os.path.join(work, "store.db")) as a, sqlite3.connect(os.path.join(clean, "store.db")) as b:
        q = "SELECT indicator, period, value, raw FROM observation ORDER BY 1, 2, 4"
        check(a.execute(q).fetchall() == b.execute(q).fetchall(), "the figures are those of a run never killed")


def arriving(work):
    inbox = os.path.join(work, "inbox")
    os.makedirs(inbox)
    bring(inbox, "2017-18-Q2")
    late = os.path.join(inbox, "2017-18-Q2", "planning-2017-18-Q2.xlsx")
    os.utime(late, None)  # just saved
    with open(os.path.join(inbox, "~$housing-2017-18-Q2.xlsx"), "w") as f:
        f.write("owner")
    first = run_in(work, "--period", "2017/18 Q2")
    s = summary(work)
    check(s["returns"]["left_for_next_run"] == 1 and s["returns"]["found"] == 7,
          f"a file changed seconds ago is left for the next run: {s['returns']}")
    check("planning-2017-18-Q2.xlsx: changed" in first.stdout and "read by the next run" in first.stdout,
          f"and the run says so: {first.stdout}")
    os.utime(late, (LONG_AGO, LONG_AGO))
    run_in(work, "--period", "2017/18 Q2")
    s = summary(work)
    check(s["returns"]["found"] == 8 and s["returns"]["read"] == 1, f"the next run reads it: {s['returns']}")


def hostile(work):
    inbox = os.path.join(work, "inbox")
    os.makedirs(inbox)
    bring(inbox, "2017-18-Q2")
    os.symlink("loop", os.path.join(inbox, "loop"))
    os.symlink("/etc", os.path.join(inbox, "outside"))
    # Housing's return with an XML entity declaration: refused, and said why.
    housing = os.path.join(inbox, "2017-18-Q2", "housing-2017-18-Q2.xlsx")
    with zipfile.ZipFile(os.path.join(RETURNS, "2017-18-Q2", "housing-2017-18-Q2.xlsx")) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    parts["xl/worksheets/sheet1.xml"] = b'<!DOCTYPE x [<!ENTITY e "boom">]>' + parts["xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(housing, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    # Planning's return cannot be read by whoever runs the job.
    planning = os.path.join(inbox, "2017-18-Q2", "planning-2017-18-Q2.xlsx")
    os.chmod(planning, 0)
    locked = os.path.join(inbox, "locked")
    os.makedirs(locked)
    os.chmod(locked, 0)
    settled(inbox)
    as_user = None
    if os.geteuid() == 0:  # root reads anything: run as nobody, in folders nobody may write
        as_user = "65534"
        for root, dirs, _ in os.walk(work):
            for d in dirs:
                if not d == "locked":
                    os.chmod(os.path.join(root, d), 0o777)
        os.chmod(work, 0o777)
    r = run_in(work, "--period", "2017/18 Q2", "--today", "2017-10-30", as_user=as_user)
    check(r.returncode == 1, f"the run goes on: exit 1, problems to chase (got {r.returncode}: {r.stderr})")
    s = summary(work)
    check(s["returns"]["read"] == 6 and s["returns"]["refused"] == 2, f"6 read, 2 refused: {s['returns']}")
    check(s["returns"]["unreadable_folders_or_files"] == 1, f"the folder that cannot be read is counted: {s['returns']}")
    check("locked: the folder cannot be read: Permission denied" in r.stdout, f"and named: {r.stdout}")
    check("DOCTYPE" in r.stdout or "entit" in r.stdout, f"the hostile return's refusal says why: {r.stdout}")
    with open(os.path.join(work, "out", "run.log")) as f:
        log = f.read()
    check("loop: a link, not followed" in log and "outside: a link, not followed" in log, "links are listed, never followed")
    issues = openpyxl.load_workbook(os.path.join(work, "out", "2017-18-Q2", "issues.xlsx"), read_only=True)
    text = "\n".join(str(c) for ws in issues for row in ws.iter_rows(values_only=True) for c in row if c)
    check("no return from Housing for 2017/18 Q2 could be stored: housing-2017-18-Q2.xlsx came in and was refused" in text,
          "the issues workbook says which file came in for Housing and why it was refused")
    check("no return from Planning for 2017/18 Q2 could be stored" in text, "and for Planning")


def emailed(work):
    inbox = os.path.join(work, "inbox")
    os.makedirs(inbox)
    bring(inbox, "2017-18-Q2")
    # Customer Services e-mails its return with no service named in it: the sender says whose it is.
    os.remove(os.path.join(inbox, "2017-18-Q2", "customer-services-2017-18-Q2.csv"))
    with open(os.path.join(RETURNS, "2017-18-Q2", "customer-services-2017-18-Q2.csv"), "rb") as f:
        csv = f.read().replace(b"Service,Customer Services", b"Service,", 1)
    m = email.message.EmailMessage()
    m["From"] = "Aisha Begum <Aisha.Begum@northfield.example.gov.uk>"
    m["To"] = "performance@northfield.example.gov.uk"
    m["Subject"] = "Q2 figures – Customer Services"
    m["Date"] = email.utils.format_datetime(email.utils.parsedate_to_datetime("Fri, 13 Oct 2017 09:14:00 +0100"))
    m.set_content("Please find our Q2 return attached.\n")
    m.add_attachment(csv, maintype="text", subtype="csv", filename="figures.csv")
    with open(os.path.join(inbox, "Q2 figures.eml"), "wb") as f:
        f.write(bytes(m))
    with open(os.path.join(inbox, "Leisure Q2.msg"), "wb") as f:
        f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 1024)
    settled(inbox)
    r = run_in(work, "--period", "2017/18 Q2", "--today", "2017-10-30")
    s = summary(work)
    check(s["returns"]["emails"] == 1, f"the e-mail is opened: {s['returns']}")
    check("Leisure Q2.msg" in r.stdout and "save the attached return itself" in r.stdout,
          f"an Outlook .msg is listed with what to do: {r.stdout}")
    with sqlite3.connect(os.path.join(work, "store.db")) as con:
        row = con.execute("SELECT service, file, sent_by, subject, submitted FROM submission WHERE file LIKE '%figures.csv'").fetchone()
    check(row is not None, "the attachment is stored as a return")
    if row:
        check(row[0] == "CU", f"the sender's address matched Customer Services: {row}")
        check(row[1].endswith("Q2 figures.eml/figures.csv"), f"its file is the e-mail and the attachment: {row}")
        check(row[2] == "Aisha Begum <Aisha.Begum@northfield.example.gov.uk>" and row[3] == "Q2 figures – Customer Services",
              f"sender and subject kept: {row}")


def chased(work):
    inbox = os.path.join(work, "inbox")
    os.makedirs(inbox)
    bring(inbox, "2017-18-Q1")
    bring(inbox, "2017-18-Q2")
    os.remove(os.path.join(inbox, "2017-18-Q2", "planning-2017-18-Q2.xlsx"))
    drafts = os.path.join(work, "drafts")
    sender = "Équipe Performance <performance@northfield.example.gov.uk>"

    # Before the deadline a return not in yet is not chased.
    early = run_in(work, "--period", "2017/18 Q2", "--today", "2017-10-05", "--emails", drafts, "--from", sender)
    folder = os.path.join(work, "out", "2017-18-Q2")
    book = openpyxl.load_workbook(os.path.join(folder, "chase.xlsx"))
    check("David Evans" not in book.sheetnames, f"before its deadline Planning's owner is not chased: {book.sheetnames}")

    r = run_in(work, "--period", "2017/18 Q2", "--today", "2017-10-30", "--emails", drafts, "--from", sender)
    check(r.returncode == 1, f"chasing run: exit 1 (got {r.returncode}: {r.stderr})")
    book = openpyxl.load_workbook(os.path.join(folder, "chase.xlsx"))
    check(book.sheetnames[0] == "Compliance", f"chase.xlsx opens with compliance: {book.sheetnames}")
    front = [[c for c in row] for row in book["Compliance"].iter_rows(values_only=True)]
    planning = next((row for row in front if row[0] == "Planning"), None)
    check(planning is not None and planning[4] == "Missing", f"Planning's return is missing this period: {planning}")
    history = [row for row in front if row[0] == "Planning"]
    check(len(history) == 2 and history[1][1] == "On time" and history[1][2] == "Missing",
          f"and over the last periods, Q1 on time then Q2 missing: {history}")
    owner = book["David Evans"] if "David Evans" in book.sheetnames else None
    rows = [row for row in owner.iter_rows(min_row=5, values_only=True)] if owner else []
    check(any(row[8] == "missing-return" for row in rows), f"David Evans's sheet chases the missing return: {rows}")
    tom = [row for row in book["Tom Hughes"].iter_rows(min_row=5, values_only=True)]
    check(("environment-2017-18-Q2.xlsx", "Performance", "A15") in [(row[1], row[2], row[3]) for row in tom],
          f"an unknown ref is chased with its file, sheet and cell: {tom}")

    feedback = os.path.join(folder, "feedback")
    names = sorted(os.listdir(feedback))
    check("Environment 2017-18-Q2 feedback.xlsx" in names and "Planning 2017-18-Q2 feedback.xlsx" in names,
          f"a feedback workbook per service with something to do: {names}")
    env = openpyxl.load_workbook(os.path.join(feedback, "Environment 2017-18-Q2 feedback.xlsx"))["What to do"]
    cells = [(row[2], row[4]) for row in env.iter_rows(min_row=6, values_only=True) if row[0]]
    check(("E8", "50%") in cells, f"feedback says the cell and what the service wrote: {cells}")

    parsed = {}
    for name in sorted(os.listdir(drafts)):
        with open(os.path.join(drafts, name), "rb") as f:
            raw = f.read()
        check(b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), f"{name}: lines end in CRLF (RFC 5322)")
        parsed[name] = email.message_from_bytes(raw, policy=email.policy.default)
    check(len(parsed) == 8, f"a draft per owner: {sorted(parsed)}")
    m = parsed.get("Tom Hughes 2017-18-Q2.eml")
    check(m is not None, "Tom Hughes has a draft")
    if m:
        check(m["To"].addresses[0].addr_spec == "tom.hughes@northfield.example.gov.uk", f"to the owner's address: {m['To']}")
        check(m["From"].addresses[0].display_name == "Équipe Performance", f"the sender's name, UTF-8 encoded and decoded: {m['From']}")
        check(m["X-Unsent"] == "1", "marked unsent, so Outlook opens it as a draft")
        check(m["Subject"] == "2017/18 Q2 performance return, Environment: 3 items to action", f"subject: {m['Subject']}")
        body = m.get_body(("plain",)).get_content()
        check("environment-2017-18-Q2.xlsx, sheet 'Performance', cell A15" in body, f"the body lists each item where it is: {body}")
        attached = list(m.iter_attachments())
        check(len(attached) == 1 and attached[0].get_filename() == "Environment 2017-18-Q2 feedback.xlsx", "the feedback is attached")
        if attached:
            with open(os.path.join(feedback, "Environment 2017-18-Q2 feedback.xlsx"), "rb") as f:
                check(attached[0].get_content() == f.read(), "the attachment is the feedback workbook, byte for byte")

    again = run_in(work, "--period", "2017/18 Q2", "--today", "2017-10-30", "--emails", drafts, "--from", sender)
    check(summary(work)["outputs"]["chase"]["written"] is False, f"a rerun writes no chase file again: {again.stdout}")
    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as profile:
            lo = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                                 "--outdir", work, os.path.join(folder, "chase.xlsx")], capture_output=True, text=True, timeout=300)
        check(os.path.exists(os.path.join(work, "chase.pdf")), f"LibreOffice opens chase.xlsx: {lo.stderr}")


def network(work):
    os.makedirs(os.path.join(work, "inbox"))
    bring(os.path.join(work, "inbox"), "2017-18-Q2")
    env = dict(os.environ, KPIFLOW_FILESYSTEM_TYPE="0x6969")
    r = run_in(work, "--period", "2017/18 Q2", env=env)
    check(r.returncode == 2 and "network filesystem (NFS)" in r.stderr and "local disk" in r.stderr,
          f"a store on NFS is refused with where to keep it: {r.stderr}")
    check(not os.path.exists(os.path.join(work, "store.db")), "and nothing is written")
    r = run_in(work, "--period", "2017/18 Q2", "--allow-network-store", env=env)
    check(r.returncode == 1, f"--allow-network-store overrides (got {r.returncode}: {r.stderr})")


def empty(work):
    os.makedirs(os.path.join(work, "inbox"))
    r = run_in(work, "--period", "2017/18 Q2")
    check(r.returncode == 1, f"an empty inbox completes with a problem: exit 1 (got {r.returncode}: {r.stderr})")


def disk_full(work):
    os.makedirs(os.path.join(work, "inbox"))
    bring(os.path.join(work, "inbox"), "2017-18-Q2")
    out = os.path.join(work, "out")
    os.makedirs(out)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=60k", "tmpfs", out],
                                           capture_output=True).returncode != 0:
        print("skipped: a full disk needs root to mount a small tmpfs")
        return
    try:
        r = run_in(work, "--period", "2017/18 Q2")
        check(r.returncode == 2 and "No space left on device" in r.stderr, f"a full disk: exit 2 and the reason: {r.stderr}")
        check("[ERROR]" not in r.stderr, f"no library's own lines on the terminal: {r.stderr}")
        check(not temporaries(out), f"no temporary files left: {temporaries(out)}")
    finally:
        subprocess.run(["umount", out])


for case in (quarters_in_turn, lock, killed, arriving, hostile, emailed, chased, network, empty, disk_full):
    with tempfile.TemporaryDirectory(prefix=f"kpiflow-run-{case.__name__}-") as work:
        print("==", case.__name__)
        try:
            case(work)
        finally:
            for root, dirs, files in os.walk(work):
                for n in dirs + files:
                    try:
                        os.chmod(os.path.join(root, n), 0o755, follow_symlinks=False)
                    except (OSError, NotImplementedError):
                        pass
finish()
