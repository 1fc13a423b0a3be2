#!/usr/bin/python3
"""Issue 12: a council of more than 200 services gets its returns' figures
in one Returns table, not a sheet per service. openpyxl must read every
figure back as the returns wrote it, with its service, file and cell, and
LibreOffice must convert the workbook.

usage: many_services_oracle.py KPIFLOW
"""
import os
import subprocess
import sys
import tempfile

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from oracle import check, finish, run  # noqa: E402

SERVICES = 205


def main():
    kpiflow = sys.argv[1]
    with tempfile.TemporaryDirectory() as folder:
        rules = os.path.join(folder, "rules.yaml")
        lines = ["scorecard: {name: Northshire Council Plan 2017/18, frequency: monthly}", "states: {no_target: [TBC]}", "services:"]
        for s in range(SERVICES):
            lines.append(f"  - {{id: S{s:03}, name: Neighbourhood Team {s:03}, columns: {{ref: Ref, value: \"{{period}}\", commentary: Commentary}}}}")
        lines.append("indicators:")
        for s in range(SERVICES):
            for i in range(2):
                lines.append(f"  - {{id: S{s:03}-{i}, title: \"Team {s:03} measure {i}\", service: S{s:03}, unit: percent, targets: {{2017/18: 90%}}}}")
        with open(rules, "w") as f:
            f.write("\n".join(lines) + "\n")
        returns = os.path.join(folder, "returns")
        os.makedirs(returns)
        for s in range(SERVICES):
            with open(os.path.join(returns, f"neighbourhood-team-{s:03}-2017-18-M01.csv"), "w") as f:
                f.write(f"Ref,Apr 2017,Commentary\nS{s:03}-0,{80 + s % 20}%,Backlog cleared\nS{s:03}-1,TBC,\n")
        db, out = os.path.join(folder, "s.db"), os.path.join(folder, "out")
        for args in (["ingest", returns], ["transform", "--period", "2017/18 M1", "--quiet"], ["export", "--period", "2017/18 M1", "--out", out]):
            done = run(kpiflow, *args, "--rules", rules, "--db", db)
            check(done.returncode == 0, f"kpiflow {args[0]} exits 0 ({done.returncode}: {done.stderr[-300:]})")
        wb = openpyxl.load_workbook(os.path.join(out, "consolidated.xlsx"), read_only=True)
        check(wb.sheetnames == ["Data", "Returns", "Issues"], f"one Returns sheet, not one per service: {wb.sheetnames[:5]}")
        rows = list(wb["Returns"].iter_rows(values_only=True))
        check(rows[0] == ("Service", "Ref", "Indicator", "As written", "Figure", "State", "Target as written", "File", "Cell", "Commentary"),
              f"the Returns headings: {rows[0]}")
        check(len(rows) == 1 + 2 * SERVICES, f"a row per figure ({len(rows) - 1})")
        by_ref = {r[1]: r for r in rows[1:]}
        for s in (0, 117, SERVICES - 1):
            first, second = by_ref[f"S{s:03}-0"], by_ref[f"S{s:03}-1"]
            check(first[0] == f"Neighbourhood Team {s:03}", f"the service's name on its rows ({first[0]})")
            check(first[3] == f"{80 + s % 20}%" and abs(first[4] - (80 + s % 20) / 100) < 1e-12, f"the figure as written and read ({first[3]}, {first[4]})")
            check(first[7].endswith(f"neighbourhood-team-{s:03}-2017-18-M01.csv") and first[8] == "B2", f"file and cell ({first[7]}, {first[8]})")
            check(first[9] == "Backlog cleared", f"the commentary ({first[9]})")
            check(second[4] is None and second[5] == "No target", f"a missing-data state in words ({second[4]}, {second[5]})")
        pdf = os.path.join(folder, "pdf")
        converted = subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/lo", "--headless", "--convert-to", "pdf", "--outdir", pdf,
                                    os.path.join(out, "consolidated.xlsx")], capture_output=True, text=True, timeout=600)
        check(os.path.exists(os.path.join(pdf, "consolidated.pdf")), f"LibreOffice converts it ({converted.stderr[-200:]})")
    finish()


if __name__ == "__main__":
    main()
