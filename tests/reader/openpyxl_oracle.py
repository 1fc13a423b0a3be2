#!/usr/bin/python3
"""Compares `kpiflow cat --all-sheets --format jsonl` with what openpyxl reads
from the same workbook: an independent reader as the oracle.

usage: openpyxl_oracle.py KPIFLOW FILE...

Each file is either read by both with the same cells, or refused by kpiflow
with a one-line error (and then it must say why). Exits 1 on any difference.
"""
import datetime
import json
import math
import re
import subprocess
import sys
import warnings

import openpyxl
from openpyxl.utils.datetime import from_excel

warnings.simplefilter("ignore")


def ours(kpiflow, path):
    run = subprocess.run([kpiflow, "cat", "--all-sheets", "--format", "jsonl", path],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        return None, run.stderr
    cells = {}
    for line in run.stdout.splitlines():
        cell = json.loads(line)
        cells[(cell["sheet"], cell["ref"])] = cell
    return cells, run.stderr


def iso(value):
    if isinstance(value, datetime.datetime):
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        text = value.strftime("%Y-%m-%dT%H:%M:%S")
        ms = round(value.microsecond / 1000)
        return text + (".%03d" % ms if ms else "")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        text = value.strftime("%H:%M:%S")
        ms = round(value.microsecond / 1000)
        return text + (".%03d" % ms if ms else "")
    return None


ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def same_moment(text, value):
    """Our ISO text against openpyxl's value, to the millisecond."""
    if "T" in text or (len(text) == 10 and text[4] == "-"):
        date_part, _, time_part = text.partition("T")
    else:
        date_part, time_part = "", text
    if isinstance(value, datetime.datetime):
        want_date, want_time = value.date(), value.time()
    elif isinstance(value, datetime.date):
        want_date, want_time = value, datetime.time(0, 0)
    else:
        want_date, want_time = None, value
    if want_date is not None and date_part and date_part != want_date.isoformat():
        return False
    seconds = 0.0
    if time_part:
        h, m, s = time_part.split(":")
        seconds = int(h) * 3600 + int(m) * 60 + float(s)
    want = want_time.hour * 3600 + want_time.minute * 60 + want_time.second + want_time.microsecond / 1e6
    return abs(seconds - want) < 0.0015


def same(mine, value, data_type):
    kind = mine["type"]
    got = mine["value"]
    # Known differences where openpyxl is the one that departs from Excel:
    # 1. A negative number under a date format: Excel shows ##### (there is
    #    no such date in the 1900 system); openpyxl invents one; we keep the number.
    if isinstance(value, (datetime.datetime, datetime.date)) and kind == "number" and got < 0:
        return True
    # 2. openpyxl decodes _xHHHH_ escapes in shared strings but not in the
    #    cached text of a formula (t="str"); Excel decodes both.
    if isinstance(value, str) and data_type != "e":
        value = ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    if value is None:
        return kind == "formula-no-value" or (kind == "string" and got == "")
    if isinstance(value, bool):
        return kind == "bool" and got == value
    # 3. openpyxl takes only some codes for dates; Excel shows a date for
    #    any code with day, month, year or hour parts (d, h, [$-409]h:mm).
    if isinstance(value, (int, float)) and kind == "date":
        value = from_excel(value)
    # 4. Serial 0 under a date-only format is "1900-01-00" in Excel: no day.
    if value == datetime.time(0, 0) and kind == "number" and got == 0:
        return True
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        if kind != "date":
            return False
        return same_moment(got, value)
    if isinstance(value, datetime.timedelta):
        return kind == "number" and math.isclose(got, value.total_seconds() / 86400, rel_tol=1e-9)
    if isinstance(value, (int, float)):
        return kind == "number" and got == value
    if data_type == "e":
        return kind == "error" and got == value
    if isinstance(value, str):
        if kind == "error":
            return got == value
        return kind == "string" and got == value
    return False


def compare(kpiflow, path):
    problems = []
    mine, err = ours(kpiflow, path)
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl cannot read it either
        if mine is None:
            return [], "both refuse: %s" % err.strip()
        return [], "openpyxl refuses (%s); kpiflow reads %d cells" % (type(exc).__name__, len(mine))
    if mine is None:
        problems.append("kpiflow refuses a file openpyxl reads: %s" % err.strip())
        return problems, ""
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                key = (sheet.title, cell.coordinate)
                seen.add(key)
                if key not in mine:
                    problems.append("%s!%s: openpyxl has %r, kpiflow nothing" % (sheet.title, cell.coordinate, cell.value))
                elif not same(mine[key], cell.value, cell.data_type):
                    problems.append("%s!%s: openpyxl %r (%s), kpiflow %s" %
                                    (sheet.title, cell.coordinate, cell.value, cell.data_type, json.dumps(mine[key])))
    for key, cell in mine.items():
        if key not in seen and cell["type"] != "formula-no-value" and cell["value"] != "":
            if key[0] in [s.title for s in book.worksheets]:
                problems.append("%s!%s: kpiflow has %s, openpyxl nothing" % (key[0], key[1], json.dumps(cell)))
    return problems, "%d cells agree" % len(seen)


def main():
    kpiflow, files = sys.argv[1], sys.argv[2:]
    if not files:
        # CTest reports this as skipped; .ci/run refuses to run without the corpus.
        print("SKIPPED: the shared corpus is absent (it is read from ../shared/corpus beside the checkout)")
        return 0
    failed = 0
    for path in files:
        problems, summary = compare(kpiflow, path)
        name = path.rsplit("/", 1)[-1]
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for p in problems[:10]:
                print("  " + p)
            if len(problems) > 10:
                print("  ... %d more" % (len(problems) - 10))
        else:
            print("ok   %s: %s" % (name, summary))
    print("%d passed, %d failed" % (len(files) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
