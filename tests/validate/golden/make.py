#!/usr/bin/python3
"""Writes the golden cases: for each issue code, a folder with a small return
(or two) that triggers it, and expected.txt, the issues ingest and validate
must report: "severity code location", one per line, sorted. A case that
cannot help raising a second issue (a return that is refused is also a
missing return) lists it too. clean/ is the control: no issues at all.

The files are committed; rerun by hand after changing a case:
    tests/validate/golden/make.py      # python3-openpyxl
tests/validate/golden_test.cpp runs every folder.
"""
import csv
import io
import os
import shutil
import zipfile

import openpyxl
from openpyxl.styles import PatternFill

HERE = os.path.dirname(os.path.abspath(__file__))

META = [["Service", "Golden"], ["Period", "2017/18 Q2"], ["Submitted", "10/10/2017"]]
HEADER = ["Ref", "Indicator", "Q1 2017/18", "Q2 2017/18", "Target", "Commentary"]
ROWS = [
    ["G-01", "Widgets made", "110", "120", "100", "Fine"],
    ["G-02", "Share on time", "81%", "82%", "80%", "Fine"],
    ["G-03", "Spend to date", "£1,000", "£2,000", "", "Fine"],
    ["G-04", "Annual survey", "Not due", "Not due", "", ""],
]
NAME = "golden-2017-18-Q2"

CASES = {}


def case(code, expected, **kw):
    CASES[code] = dict(expected=expected, **kw)


def rows_with(changes=None, drop=(), extra=()):
    rows = [list(r) for r in ROWS if r[0] not in drop]
    for ref, col, value in (changes or []):
        for r in rows:
            if r[0] == ref:
                r[col] = value
    return rows + [list(e) for e in extra]


def csv_text(meta=META, header=HEADER, rows=None):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerows(meta)
    w.writerow(header)
    w.writerows(rows if rows is not None else ROWS)
    return out.getvalue()


MISSING_RETURN = "error missing-return rules.yaml:20:5"

case("clean", [], files={NAME + ".csv": csv_text()})
case("unreadable-file", ["error unreadable-file " + NAME + ".xls", MISSING_RETURN],
     raw={NAME + ".xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504})
case("unknown-service", ["error unknown-service return-2017-18-Q2.csv", MISSING_RETURN],
     files={"return-2017-18-Q2.csv": csv_text(meta=[["Service", ""], META[1], META[2]])})
case("wrong-service", ["error wrong-service " + NAME + ".csv!B1", MISSING_RETURN],
     files={NAME + ".csv": csv_text(meta=[["Service", "Silver"], META[1], META[2]])})
case("unknown-period", ["error unknown-period golden.csv", MISSING_RETURN],
     files={"golden.csv": csv_text(meta=[META[0], ["Period", ""], META[2]],
                                   header=["Ref", "Indicator", "Last", "Value", "Target", "Commentary"])},
     period="")
case("wrong-period", ["error wrong-period " + NAME + ".csv!B2", MISSING_RETURN],
     files={NAME + ".csv": csv_text(meta=[META[0], ["Period", "2017/18 Q1"], META[2]])})
case("missing-sheet", ["error missing-sheet " + NAME + ".xlsx", MISSING_RETURN], workbook="two-sheets")
case("missing-header", ["error missing-header " + NAME + ".csv", MISSING_RETURN],
     files={NAME + ".csv": csv_text(header=["Reference"] + HEADER[1:])})
case("unknown-indicator", ["error unknown-indicator " + NAME + ".csv!A9"],
     files={NAME + ".csv": csv_text(rows=rows_with(extra=[["G-99", "Gadgets", "", "5", "", "New"]]))})
# A commentary longer than a cell holds (openpyxl writes it; Excel would not): read whole, noticed at its cell.
case("damaged-cell", ["warning damaged-cell " + NAME + ".xlsx!Return!F5"], workbook="long-text")
# Rows pasted far below the figures: one warning for them all, not one error each.
case("rows-below-table", ["warning rows-below-table " + NAME + ".csv!A34"],
     files={NAME + ".csv": csv_text(rows=rows_with(extra=[[]] * 25 + [["Z-%d" % i, "Pasted", "", "5", "", ""] for i in range(5)]))})
case("column-not-found", ["warning column-not-found " + NAME + ".csv!A4"],
     files={NAME + ".csv": csv_text(header=HEADER[:5] + ["Comments on performance"])})
case("title-matched", ["warning title-matched " + NAME + ".csv!A5"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-01", 0, "G01")]))})
case("duplicate-indicator", ["error duplicate-indicator " + NAME + ".csv!A9"],
     files={NAME + ".csv": csv_text(rows=rows_with(extra=[ROWS[1]]))})
case("blank-value", ["error blank-value " + NAME + ".csv!D5"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-01", 3, "")]))})
case("unparseable-value", ["error unparseable-value " + NAME + ".csv!D6"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-02", 3, "82,5%")]))})
case("unknown-state", ["error unknown-state " + NAME + ".csv!D6"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-02", 3, "Awaiting")]))})
case("percent-scale-ambiguous", ["warning percent-scale-ambiguous " + NAME + ".csv!D6"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-02", 3, "0.82")]))})
case("formula-without-value", ["error formula-without-value " + NAME + ".xlsx!Return!D5"], workbook="formula")
case("estimated-value", ["info estimated-value " + NAME + ".xlsx!Return!D5"], workbook="estimate")
case("value-with-note", ["info value-with-note " + NAME + ".csv!D5"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-01", 3, "120 (provisional)")]))})
case("target-differs", ["warning target-differs " + NAME + ".csv!E5"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-01", 4, "90")]))})
case("missing-return", ["error missing-return rules.yaml:35:5"], files={NAME + ".csv": csv_text()}, rules="two-services")
# The same, the day before the deadline (2017-10-13): not missing yet.
case("return-awaited", ["info return-awaited rules.yaml:35:5"], files={NAME + ".csv": csv_text()}, rules="two-services", today="2017-10-12")
case("late-return", ["warning late-return " + NAME + ".csv"],
     files={NAME + ".csv": csv_text(meta=[META[0], META[1], ["Submitted", "31/10/2017"]])})
# No date sent: never late by the file's time, and said so.
case("no-submitted-date", ["info no-submitted-date " + NAME + ".csv!B3"],
     files={NAME + ".csv": csv_text(meta=[META[0], META[1], ["Submitted", ""]])})
case("missing-indicator", ["error missing-indicator " + NAME + ".csv"],
     files={NAME + ".csv": csv_text(rows=rows_with(drop=["G-02"]))})
case("out-of-range", ["error out-of-range " + NAME + ".csv!D5"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-01", 2, "1150"), ("G-01", 3, "1200")]))})
# The period before comes from the history store: Q1's return is ingested first.
case("implausible-change", ["warning implausible-change " + NAME + ".csv!D5"],
     files={"golden-2017-18-Q1.csv": csv_text(meta=[META[0], ["Period", "2017/18 Q1"], ["Submitted", "10/07/2017"]],
                                              header=["Ref", "Indicator", "Q4 2016/17", "Q1 2017/18", "Target", "Commentary"]),
            NAME + ".csv": csv_text(rows=rows_with([("G-01", 2, ""), ("G-01", 3, "200")]))})
case("cumulative-decrease", ["warning cumulative-decrease " + NAME + ".csv!D7"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-03", 3, "£900")]))})
# G-03 summed to a year to date, with no Q1 in the store and no Q1 column to fall back on.
case("ytd-incomplete", ["warning ytd-incomplete " + NAME + ".csv!D7"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-03", 2, "")]))}, rules="cumulative")
# The year to date written beside Q2's figure is not Q1's plus Q2's.
case("cumulative-mismatch", ["warning cumulative-mismatch " + NAME + ".csv!D7"],
     files={"golden-2017-18-Q1.csv": csv_text(meta=[META[0], ["Period", "2017/18 Q1"], ["Submitted", "10/07/2017"]],
                                              header=["Ref", "Indicator", "Q4 2016/17", "Q1 2017/18", "Target", "Commentary"]),
            NAME + ".csv": csv_text(rows=rows_with([("G-03", 3, "\u00a3500 (\u00a32,000 cum)")]))})
# The service rates G-01 Red; its 120 against 100 is Green.
case("status-differs", ["warning status-differs " + NAME + ".csv!G5"],
     files={NAME + ".csv": csv_text(header=HEADER + ["RAG"], rows=[r + (["Red"] if r[0] == "G-01" else [""]) for r in rows_with()])})
case("commentary-required", ["error commentary-required " + NAME + ".csv!F6"],
     files={NAME + ".csv": csv_text(rows=rows_with([("G-02", 3, "50%"), ("G-02", 5, "")]))})

# Actions: a table below the measures, for the plan's two actions (rules-actions.yaml).
ACTION_HEADER = ["Ref", "Action for 2017/18", "Milestone", "Progress", "RAG", "Commentary"]
ACTIONS = [
    ["A-1", "New depot opened", "By March 2018", "On target", "Green", "Building work on schedule"],
    ["A-2", "Fleet replaced", "By August 2017", "Delivered", "Green", "All 40 vehicles in service"],
]


def with_actions(changes=(), drop=(), extra=()):
    rows = [list(r) for r in ACTIONS if r[0] not in drop]
    for ref, col, value in changes:
        for r in rows:
            if r[0] == ref:
                r[col] = value
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([])
    w.writerow(ACTION_HEADER)
    w.writerows(rows + [list(e) for e in extra])
    return csv_text() + out.getvalue()


case("clean-actions", [], files={NAME + ".csv": with_actions()}, rules="actions")
case("unknown-action", ["error unknown-action " + NAME + ".csv!A13"],
     files={NAME + ".csv": with_actions(extra=[["A-9", "Bus lanes painted", "By May 2017", "On target", "Green", "Done"]])}, rules="actions")
case("unknown-progress", ["error unknown-progress " + NAME + ".csv!D11"],
     files={NAME + ".csv": with_actions([("A-1", 3, "Going well")])}, rules="actions")
case("missing-action", ["error missing-action " + NAME + ".csv"], files={NAME + ".csv": with_actions(drop=["A-2"])}, rules="actions")
# August's milestone has passed by the end of September, and A-2 is only "On target" (its RAG agrees: Red).
case("milestone-passed", ["warning milestone-passed " + NAME + ".csv!D12"],
     files={NAME + ".csv": with_actions([("A-2", 3, "On target"), ("A-2", 4, "Red")])}, rules="actions")
case("rephased-without-date", ["warning rephased-without-date " + NAME + ".csv!D11"],
     files={NAME + ".csv": with_actions([("A-1", 3, "Re-phased (under 3 months)"), ("A-1", 4, "Amber")])}, rules="actions")
# The actions' own status-differs and commentary-required: the service says Green for a re-phased A-1,
# and gives A-1 (Amber) no commentary.
case("status-differs-action", ["warning status-differs " + NAME + ".csv!E11", "warning rephased-without-date " + NAME + ".csv!D11"],
     files={NAME + ".csv": with_actions([("A-1", 3, "Re-phased (under 3 months)")])}, rules="actions")
case("commentary-required-action", ["error commentary-required " + NAME + ".csv!F11", "warning rephased-without-date " + NAME + ".csv!D11"],
     files={NAME + ".csv": with_actions([("A-1", 3, "Re-phased (under 3 months)"), ("A-1", 4, "Amber"), ("A-1", 5, "")])}, rules="actions")

# The county report's own table: a RAG and no progress column. A Red one still needs its commentary.
def rag_only(rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([])
    w.writerow(["Ref", "Action for 2017/18", "Milestone", "RAG (against target)", "Commentary"])
    w.writerows(rows)
    return csv_text() + out.getvalue()


case("commentary-required-rag-only", ["error commentary-required " + NAME + ".csv!E11"],
     files={NAME + ".csv": rag_only([["A-1", "New depot opened", "By March 2018", "Red", ""],
                                     ["A-2", "Fleet replaced", "By August 2017", "Green", "All 40 vehicles in service"]])}, rules="actions")


def workbook(kind, path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Return" if kind != "two-sheets" else "Notes"
    if kind == "two-sheets":
        wb.create_sheet("Data")
    for r, row in enumerate(META + [HEADER] + ROWS, start=1):
        for c, v in enumerate(row, start=1):
            if v != "":
                ws.cell(row=r, column=c, value=v)
    if kind == "formula":
        ws["D5"] = "=C5*1"  # openpyxl saves formulas with no cached result
    if kind == "long-text":
        ws["F5"] = "Fine. LONG"  # lengthened past the limit below: openpyxl cuts it to 32,767
    if kind == "estimate":
        ws["D5"].fill = PatternFill("solid", fgColor="FFFF00")
    wb.save(path)
    if kind == "long-text":
        with zipfile.ZipFile(path) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"Fine. LONG", b"Fine. " + b"More detail. " * 2600)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)


def main():
    for code, spec in CASES.items():
        d = os.path.join(HERE, code)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for name, text in spec.get("files", {}).items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(text.encode("utf-8"))
        for name, data in spec.get("raw", {}).items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        if "workbook" in spec:
            workbook(spec["workbook"], os.path.join(d, NAME + ".xlsx"))
        if "rules" in spec:
            shutil.copyfile(os.path.join(HERE, "rules-" + spec["rules"] + ".yaml"), os.path.join(d, "rules.yaml"))
        with open(os.path.join(d, "expected.txt"), "w") as f:
            f.write("".join(line + "\n" for line in sorted(spec["expected"])))
        if spec.get("today") is not None:
            with open(os.path.join(d, "today.txt"), "w") as f:
                f.write(spec["today"] + "\n")
        if spec.get("period") is not None:
            with open(os.path.join(d, "period.txt"), "w") as f:
                f.write(spec["period"] + "\n")


if __name__ == "__main__":
    main()
