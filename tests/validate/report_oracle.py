#!/usr/bin/python3
"""The issues workbook and JSON that `kpiflow validate` writes, read back by
independent readers: openpyxl for the workbook, Python's json for the list,
and LibreOffice (headless) must open the workbook. All must hold exactly the
issues the terminal printed.

usage: report_oracle.py KPIFLOW REPO_ROOT
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from oracle import cut_off  # noqa: E402


def main():
    kpiflow, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.chdir(root)
    with tempfile.TemporaryDirectory() as tmp:
        db, report, listing = (os.path.join(tmp, n) for n in ("s.db", "issues.xlsx", "issues.json"))
        subprocess.run([kpiflow, "ingest", "samples/returns", "--rules", "samples/council.yaml", "--db", db], check=True, capture_output=True)
        run = subprocess.run([kpiflow, "validate", "--rules", "samples/council.yaml", "--period", "2017/18 Q2", "--db", db,
                              "--report", report, "--json", listing], capture_output=True, text=True)
        assert run.returncode == 1, run
        printed = [line for line in run.stdout.splitlines() if ": error [" in line or ": warning [" in line or ": info [" in line]

        data = json.load(open(listing, encoding="utf-8"))
        assert data["period"] == "2017/18 Q2" and data["returns"] == 8 and data["services_due"] == 8, data
        assert data["counts"] == {"error": 5, "warning": 6, "info": 1}, data["counts"]
        from_json = ["%s: %s [%s] %s; hint: %s" % (i["location"], i["severity"], i["code"], i["message"], i["hint"]) for i in data["issues"]]
        assert from_json == printed, (from_json, printed)

        wb = openpyxl.load_workbook(report)
        names = wb.sheetnames
        assert names[0] == "Summary", names
        summary = wb["Summary"]
        assert summary["A1"].value == "Northfield Council Plan 2017/18: data quality, 2017/18 Q2", summary["A1"].value
        assert summary["B3"].value == 8 and summary["B4"].value == 8
        assert [c.value for c in summary[6]] == ["Service", "Owner", "E-mail", "Errors", "Warnings", "Info"]
        totals = {}
        for row in summary.iter_rows(min_row=7, values_only=True):
            totals[row[0]] = row[3:6]
        assert totals["Environment"] == (2, 1, 0), totals
        assert totals["Housing"] == (1, 0, 1), totals
        assert sum(t[0] for t in totals.values()) == 5

        from_sheets = []
        for name in names[1:]:
            ws = wb[name]
            assert [c.value for c in ws[1]] == ["Severity", "Code", "Ref", "Where", "Problem", "What to do", "As read"], name
            assert ws.freeze_panes == "A2" and ws.auto_filter.ref is not None, name
            for row in ws.iter_rows(min_row=2, values_only=True):
                from_sheets.append("%s: %s [%s] %s; hint: %s" % (row[3], row[0], row[1], row[4], row[5]))
        assert sorted(from_sheets) == sorted(printed), (from_sheets, printed)
        assert "Children's Services" in names and "Finance" in names, names
        # Issue 16: printed, each sheet is one landscape page wide (12 issues were 34 pages), and no text is cut off.
        for ws in wb.worksheets:
            assert (ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight in (0, "0")
                    and ws.sheet_properties.pageSetUpPr.fitToPage), ws.title
        cut = cut_off(report)
        assert not cut, cut
        # LibreOffice opens it: its first sheet, saved as CSV, is our summary.
        soffice = shutil.which("soffice")
        assert soffice, "soffice is missing: ./bootstrap.sh installs libreoffice-calc-nogui"
        subprocess.run([soffice, "--headless", "--convert-to", "csv", "--outdir", tmp, report], check=True, capture_output=True,
                       env=dict(os.environ, HOME=tmp), timeout=180)
        converted = open(os.path.join(tmp, "issues.csv"), encoding="utf-8", errors="replace").read()
        assert "Northfield Council Plan 2017/18: data quality" in converted and "Environment" in converted, converted[:400]
        print("ok: %d issues agree in the terminal, the JSON and the workbook (%d sheets)" % (len(printed), len(names)))


if __name__ == "__main__":
    main()
