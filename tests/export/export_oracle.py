#!/usr/bin/python3
"""The workbooks `kpiflow export` writes for the sample council, read back by
independent programs: openpyxl for values, types, number formats, fills,
conditional formats, print set-up and properties, and LibreOffice headless,
which must convert each to PDF.

usage: export_oracle.py KPIFLOW REPO
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from oracle import check, cut_off, failures, run  # noqa: E402


def rows_by_ref(ws, ref_col, first_row):
    out = {}
    for row in ws.iter_rows(min_row=first_row):
        ref = row[ref_col].value
        if ref:
            out.setdefault(ref, row)
    return out


def main():
    kpiflow, repo = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.chdir(repo)
    work = tempfile.mkdtemp(prefix="kpiflow-export-")
    db = os.path.join(work, "store.db")
    out = os.path.join(work, "out")
    rules = "samples/council.yaml"
    run(kpiflow, "ingest", "samples/returns", "--rules", rules, "--db", db)
    run(kpiflow, "validate", "--rules", rules, "--period", "2017/18 Q2", "--db", db)
    for period in ("2017/18 Q1", "2017/18 Q2"):
        done = run(kpiflow, "transform", "--rules", rules, "--period", period, "--db", db, "--quiet")
        check(done.returncode == 0, f"transform {period}: {done.stderr}")
    done = run(kpiflow, "export", "--rules", rules, "--period", "2017/18 Q2", "--db", db, "--out", out)
    check(done.returncode == 0, f"export: {done.stdout}{done.stderr}")

    # consolidated.xlsx
    path = os.path.join(out, "consolidated.xlsx")
    wb = openpyxl.load_workbook(path)
    services = ["Housing", "Adult Social Care", "Children's Services", "Environment", "Leisure and Culture", "Planning",
                "Customer Services", "Finance"]
    check(wb.sheetnames == ["Data"] + services + ["Issues"], f"consolidated sheets: {wb.sheetnames}")
    data = wb["Data"]
    header = [c.value for c in data[1]]
    check(header[:5] == ["Period", "Service", "Directorate", "Ref", "Indicator"], f"Data header: {header}")
    check(data.max_row == 1 + 61 + 61, f"Data rows: {data.max_row - 1}, expected 122 (two quarters of 60 indicators and a shared target)")
    check(data.freeze_panes == "A2", f"Data frozen at {data.freeze_panes}")
    check(data.auto_filter.ref is not None and data.auto_filter.ref.startswith("A1:"), f"Data filter {data.auto_filter.ref}")
    col = {name: i for i, name in enumerate(header)}
    q2 = {r[col["Ref"]].value: r for r in data.iter_rows(min_row=2) if r[col["Period"]].value == "2017/18 Q2"}
    ho2 = q2["HO-02"]
    check(ho2[col["Value"]].value == 0.129 and ho2[col["Value"]].number_format == "0.0%", f"HO-02 value {ho2[col['Value']].value} {ho2[col['Value']].number_format}")
    check(ho2[col["Status"]].value == "R", "HO-02 Red")
    check(ho2[col["Status"]].fill.fgColor.rgb.endswith("D55E00"), f"HO-02 status fill {ho2[col['Status']].fill.fgColor.rgb}")
    fi5 = q2["FI-05"]
    check(fi5[col["Scored"]].value == 2577760 and "£" in fi5[col["Scored"]].number_format, f"FI-05 YTD {fi5[col['Scored']].value} {fi5[col['Scored']].number_format}")
    check(fi5[col["Scored on"]].value == "YTD", "FI-05 scored on its year to date")
    check(q2["HO-04"][col["Estimated"]].value == "Estimate", "HO-04 marked as an estimate")
    check(q2["HO-05"][col["State"]].value == "Missing", "HO-05 missing")
    check(q2["AS-03"][col["File"]].value.endswith("adult-social-care-2017-18-Q2.xlsx") and q2["AS-03"][col["Cell"]].value == "D8", "AS-03 provenance")
    check(isinstance(q2["LE-01"][col["Value"]].value, (int, float)), "numbers are numbers")
    housing = wb["Housing"]
    cells = {r[0].value: r for r in housing.iter_rows(min_row=7)}
    check(cells["HO-03"][2].value == "60 (122 cum)", f"Housing HO-03 as written: {cells['HO-03'][2].value}")
    check(cells["HO-03"][7].value == "D8", f"Housing HO-03 cell {cells['HO-03'][7].value}")
    issues = wb["Issues"]
    check(issues.max_row - 1 == 12, f"Issues rows {issues.max_row - 1}, expected the 12 validation found")
    check(any(r[4].value == "late-return" and r[0].value == "Planning" and r[1].value == "David Evans" for r in issues.iter_rows(min_row=2)),
          "the late return is on the chase list with its owner")
    check(wb.properties.title.startswith("Northfield Council Plan 2017/18"), f"title {wb.properties.title}")

    # scorecard.xlsx
    path = os.path.join(out, "scorecard.xlsx")
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["Summary", "Scorecard", "Exceptions", "Missing data"], f"scorecard sheets: {wb.sheetnames}")
    check(wb.properties.title == "Northfield Council Plan 2017/18: scorecard, 2017/18 Q2", f"title {wb.properties.title}")
    check(wb.properties.creator == "kpiflow", "author")
    summary = wb["Summary"]
    rows = {}
    for r in summary.iter_rows():
        if r[0].value:
            rows.setdefault(r[0].value, [c.value for c in r])  # the first table a group is in: status
    check(rows["All indicators"][1:7] == [60, 29, 11, 10, 3, 4], f"All indicators row {rows['All indicators']}")
    check(abs(rows["All indicators"][8] - 29 / 50) < 1e-12, "the share Green is of those with a status")
    check(rows["Growth and jobs"][1:3] == [7, 7], f"theme row {rows.get('Growth and jobs')}")
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        chart_xml = {n: z.read(n).decode() for n in charts}
    check(len(charts) == 2, f"charts {charts}")
    direction = [x for x in chart_xml.values() if "Direction of travel" in x]
    check(direction and re.search(r"Summary'!\$B\$\d+:\$D\$\d+", direction[0]),
          "the direction chart shows improving, maintained and declining, not M")
    # Issue 16: the rule stated as published reports open with it; headings over figures aligned with them.
    texts = [c.value for r in summary.iter_rows(max_row=9) for c in r if isinstance(c.value, str)]
    check(any(t.startswith("How statuses are given: Green: on target or better. Amber: off target by up to 5% of the target. "
                           "Red: off target by more than 5% of the target.") for t in texts), f"the rule is stated: {texts}")
    check(any(t.startswith("Key: G Green, A Amber, R Red; M no status") for t in texts), "a key to the letters and arrows")
    for r in summary.iter_rows():
        for c in r:
            if c.value in ("Indicators", "Green", "Amber", "Red", "% Green", "Improving ↑", "Figures given", "% given"):
                check(c.alignment.horizontal == "right", f"Summary!{c.coordinate} '{c.value}' is right-aligned over its figures")
            if c.value in ("Theme", "Service", "Directorate"):
                check(c.alignment.horizontal in (None, "general", "left"), f"Summary!{c.coordinate} '{c.value}' is left-aligned over its names")

    sc = wb["Scorecard"]
    check([c.value for c in sc[4]][:10] == ["Ref", "Indicator", "Service", "Previous", "Current", "Target", "Variance", "Status",
                                             "Direction", "Trend"], "Scorecard header")
    by_ref = rows_by_ref(sc, 0, 5)
    ho2 = by_ref["HO-02"]
    check(ho2[4].value == 0.129 and ho2[5].value == 0.15 and ho2[7].value == "R" and ho2[8].value == "↑", f"HO-02 row {[c.value for c in ho2]}")
    check(ho2[3].value == 0.118, "HO-02 previous")
    check(ho2[9].value is not None and len(ho2[9].value) == 2 and all("\u2581" <= ch <= "\u2588" for ch in ho2[9].value), f"HO-02 trend {ho2[9].value!r}")
    check("→ Red" in ho2[11].value, "HO-02 reason")
    check(by_ref["HO-01"][8].value == "↓" and by_ref["EN-02"][8].value == "↔", "arrows with polarity applied")
    check(by_ref["HO-06"][7].value == "M", "not due shows M")
    check(by_ref["HO-04"][4].fill.fgColor.rgb.endswith("FFF2CC"), "an estimate is shaded")
    rules_cf = [(str(rng.sqref), rule.formula) for rng in sc.conditional_formatting for rule in rng.rules]
    check(len(rules_cf) == 6 and all(sqref.startswith("H5:H") for sqref, _ in rules_cf), f"status conditional formats {rules_cf}")
    check(['"R"'] in [f for _, f in rules_cf], "a conditional format for R")
    check(sc.page_setup.orientation == "landscape" and sc.page_setup.fitToWidth in (None, 1) and sc.page_setup.fitToHeight == 0  # one page wide (1 is the default, so left out), any length
          and sc.sheet_properties.pageSetUpPr.fitToPage,
          "Scorecard prints landscape, one page wide")
    check(sc.print_title_rows in ("1:4", "$1:$4"), f"Scorecard repeats its header rows: {sc.print_title_rows}")
    check("Northfield Council Plan 2017/18" in sc.oddHeader.left.text and "2017/18 Q2" in sc.oddHeader.right.text, "page header")

    # Rows tall enough for their wrapped text, counted as textwrap wraps it at 1.1 characters a unit of width
    # (Calibri's average): nothing overprints the row below.
    widths = {col: sc.column_dimensions[col].width for col in ("B", "K", "L")}
    short = []
    for row in sc.iter_rows(min_row=5):
        need = max(len(textwrap.wrap(str(row[i].value or ""), width=int(widths[col] * 1.1), break_long_words=True) or [""])
                   for i, col in ((1, "B"), (10, "K"), (11, "L")))
        height = sc.row_dimensions[row[0].row].height or 15
        if height < 15 * need:
            short.append(f"row {row[0].row}: {height} for {need} lines")
    check(not short, f"Scorecard rows fit their wrapped text: {short[:5]}")

    # Issue 16: no text cut off by the cell beside it, on any sheet of the scorecard.
    cut = cut_off(os.path.join(out, "scorecard.xlsx"))
    check(not cut, f"no cell text wider than its column without wrap: {cut[:5]}")
    ex = wb["Exceptions"]
    ex_rows = rows_by_ref(ex, 0, 5)
    # Issue 16: the scorecard read outcome by outcome, a heading row per theme with its counts.
    first_col = [r[0].value for r in sc.iter_rows(min_row=5)]
    headings = [v for v in first_col if v and " indicators, " in str(v)]
    check(len(headings) == 6 and headings[0] == "Homes and neighbourhoods: 9 indicators, 2 Green, 2 Amber, 2 Red",
          f"a heading per theme: {headings}")
    theme_of = {}
    current = None
    for v in first_col:
        if v and " indicators, " in str(v):
            current = v.split(":")[0]
        elif v:
            theme_of[v] = current
    check(theme_of.get("HO-01") == "Homes and neighbourhoods" and theme_of.get("CU-01") == "An efficient council",
          f"each indicator under its theme: {theme_of.get('HO-01')}, {theme_of.get('CU-01')}")

    # Issue 16: a target ran into the commentary ("90.0%419 requests"): figures' headings and text stand on the right,
    # and the commentary is set in from them.
    for sheet, figure_cols, commentary_col in ((sc, "DEFG", "K"), (ex, "EF", "G")):
        for col in figure_cols:
            check(sheet[f"{col}4"].alignment.horizontal == "right", f"{sheet.title}!{col}4 '{sheet[f'{col}4'].value}' right-aligned over figures")
        check(sheet[f"{commentary_col}4"].alignment.indent >= 1, f"{sheet.title}'s Commentary heading set in")
        for row in sheet.iter_rows(min_row=5):
            target, commentary = row[ord(figure_cols[-1 if sheet is ex else 2]) - 65], row[ord(commentary_col) - 65]
            if isinstance(target.value, str):
                check(target.alignment.horizontal == "right", f"{sheet.title}!{target.coordinate} '{target.value}' stands on the right")
            if commentary.value:
                check(commentary.alignment.indent >= 1, f"{sheet.title}!{commentary.coordinate} commentary set in from the figures")
    check("CS-04" in ex_rows and ex_rows["CS-04"][7].value == "No commentary: ask Mary O'Neill", "CS-04 flagged for commentary")
    check(ex_rows["CS-04"][7].fill.fgColor.rgb.endswith("FFC7CE"), "the flag is filled")
    check(all(r[3].value in ("R", "RA", "A", "AG") for r in ex_rows.values()), "only Red and Amber")
    check(len(ex_rows) == 10 + 11 + 1, f"exceptions {len(ex_rows)}: 10 Red, 11 Amber and the shared target")
    md = wb["Missing data"]
    states = [r[3].value for r in md.iter_rows(min_row=5) if r[1].value]
    check(sorted(states) == sorted(["Not due"] * 4 + ["Missing"] * 3 + ["In measurement"] + ["Not scored"] * 2), f"missing data {states}")

    # LibreOffice opens and converts both.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    check(soffice is not None, "soffice is installed")
    if soffice:
        for name in ("consolidated.xlsx", "scorecard.xlsx"):
            profile = tempfile.mkdtemp(prefix="kpiflow-lo-")
            done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", work,
                                   os.path.join(out, name)], capture_output=True, text=True, timeout=300)
            pdf = os.path.join(work, name.replace(".xlsx", ".pdf"))
            check(done.returncode == 0 and os.path.exists(pdf) and os.path.getsize(pdf) > 1000, f"LibreOffice converts {name}: {done.stderr}")
            shutil.rmtree(profile, ignore_errors=True)

    # export --pdf: the scorecard to circulate, as LibreOffice prints it; every page A4 landscape and one sheet wide
    # (a page that shows the Scorecard's first heading shows its last too), every indicator in it, written once.
    pdf_out = os.path.join(work, "with-pdf")
    done = run(kpiflow, "export", "--rules", rules, "--period", "2017/18 Q2", "--db", db, "--out", pdf_out, "--pdf")
    pdf = os.path.join(pdf_out, "scorecard.pdf")
    check(done.returncode == 0 and os.path.exists(pdf), f"export --pdf: {done.stdout}{done.stderr}")
    if os.path.exists(pdf):
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", pdf], capture_output=True, text=True).stdout
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
        check(sizes and all(abs(float(w) - 841.89) < 1 and abs(float(h) - 595.28) < 1 for w, h in sizes), f"A4 landscape pages: {sizes}")
        pages = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout.split("\f")
        for n, page in enumerate(pages):
            if "Previous" in page and "Variance" in page:
                check("How the status was reached" in page, f"page {n + 1} shows the Scorecard one sheet wide")
        text = "".join(pages)
        check(all(ref in text for ref in ("HO-01", "CS-04", "FI-07", "LE-V")), "every indicator is in the PDF")
        check("How statuses are given" in text and "Exceptions, 2017/18 Q2" in text, "the Summary's rule and the Exceptions are in it")
        again = run(kpiflow, "export", "--rules", rules, "--period", "2017/18 Q2", "--db", db, "--out", pdf_out, "--pdf")
        check("scorecard.pdf (up to date" in again.stdout, f"an export with nothing changed leaves the PDF as it was: {again.stdout}")
    bare = dict(os.environ, PATH="/nonexistent")
    done = subprocess.run([kpiflow, "export", "--rules", rules, "--period", "2017/18 Q2", "--db", db, "--out", os.path.join(work, "no-office"),
                           "--pdf"], capture_output=True, text=True, env=bare, timeout=300)
    check(done.returncode == 2 and "LibreOffice is not installed" in done.stderr and "apt-get install libreoffice-calc-nogui" in done.stderr,
          f"without LibreOffice, --pdf says so and what to do: {done.returncode} {done.stderr}")
    check(os.path.exists(os.path.join(work, "no-office", "scorecard.xlsx")), "without LibreOffice the workbooks are written all the same")
    # The nightly run: the PDF beside the workbooks; without LibreOffice, said as a problem, and everything else done.
    for label, env in (("with", dict(os.environ)), ("without", bare)):
        night = os.path.join(work, f"night-{label}")
        done = subprocess.run([kpiflow, "run", "samples/returns", "--rules", rules, "--db", night + ".db", "--out", night,
                               "--today", "2017-10-30", "--settle", "0", "--pdf"], capture_output=True, text=True, env=env, timeout=600)
        folder = os.path.join(night, "2017-18-Q2")
        check(done.returncode == 1 and os.path.exists(os.path.join(folder, "chase.xlsx")), f"run --pdf {label} LibreOffice: {done.returncode} {done.stderr}")
        has_pdf = os.path.exists(os.path.join(folder, "scorecard.pdf"))
        check(has_pdf == (label == "with"), f"run --pdf {label} LibreOffice: scorecard.pdf {'written' if has_pdf else 'not written'}")
        if label == "without":
            check("no PDF: " in done.stdout and "LibreOffice is not installed" in done.stdout, f"the run says why there is no PDF: {done.stdout[-600:]}")

    county_actions(kpiflow, work)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


def county_actions(kpiflow, work):
    """Issue 16: the county's plan, measures and actions by outcome, each with its RAG and direction, as the county
    report lays them out; every figure below was worked out by hand from samples/county/."""
    rules, db, out = "samples/county/county.yaml", os.path.join(work, "county.db"), os.path.join(work, "county")
    run(kpiflow, "ingest", "samples/county/returns", "--rules", rules, "--db", db)
    for period in ("2018/19 Q1", "2018/19 Q2"):
        run(kpiflow, "transform", "--rules", rules, "--period", period, "--db", db, "--quiet")
    done = run(kpiflow, "export", "--rules", rules, "--period", "2018/19 Q2", "--db", db, "--out", out)
    check(done.returncode == 0, f"county export: {done.stdout}{done.stderr}")
    merged = openpyxl.load_workbook(os.path.join(out, "consolidated.xlsx"))
    check(merged.sheetnames == ["Data", "Public Health", "Highways", "Adult Social Care", "Actions", "Issues"],
          f"county consolidated sheets: {merged.sheetnames}")
    updates = {r[2]: r for r in merged["Actions"].iter_rows(min_row=2, values_only=True) if r[2]}
    check(len(updates) == 8 and updates["2.2"][6] == "Re-phased (over 3 months)" and updates["2.2"][7] == "R" and updates["2.2"][12] == "D10"
          and updates["2.2"][10].endswith("highways-2018-19-Q2.csv"), f"each action with the file and cell it was read from: {updates.get('2.2')}")
    wb = openpyxl.load_workbook(os.path.join(out, "scorecard.xlsx"))
    check(wb.sheetnames == ["Summary", "Scorecard", "Exceptions", "Actions", "Missing data"], f"county scorecard sheets: {wb.sheetnames}")

    acts = wb["Actions"]
    check([c.value for c in acts[4]][:9] == ["Ref", "Action", "Theme", "Service", "Lead", "Milestone", "Progress", "RAG", "Direction"],
          f"Actions header: {[c.value for c in acts[4]]}")
    rows = {r[0].value: r for r in acts.iter_rows(min_row=5) if r[0].value and r[1].value}
    rag = {ref: (r[6].value, r[7].value, r[8].value) for ref, r in rows.items()}
    check(rag == {"1.2": ("On target", "R", "↓"), "1.6": ("On target", "G", "↔"), "1.7": ("Not scored", "M", "M"),
                  "1.25": ("Delivered", "G", "↑"), "2.2": ("Re-phased (over 3 months)", "R", "↓"), "2.3": ("On target", "G", "↔"),
                  "2.4": ("Delivered", "G", "↔"), "2.5": ("On target", "G", "↔")}, f"each action's progress, RAG and direction: {rag}")
    check(rows["1.2"][7].fill.fgColor.rgb.endswith("D55E00") and rows["1.6"][7].fill.fgColor.rgb.endswith("009E73"),
          f"RAG coloured: {rows['1.2'][7].fill.fgColor.rgb} {rows['1.6'][7].fill.fgColor.rgb}")
    check(rows["1.25"][5].value == "By September 2018 (was From June 2018)", f"a re-phased milestone shows the old: {rows['1.25'][5].value}")
    check("has passed by the end of 2018/19 Q2" in rows["1.2"][10].value, f"why 1.2 is Red: {rows['1.2'][10].value}")

    # The Summary counts them as unitary councils publish them, with the rule.
    summary = [[c.value for c in r] for r in wb["Summary"].iter_rows()]
    text = " ".join(str(v) for r in summary for v in r if v)
    check("8 actions: 2 delivered, 4 on target, 0 scheduled, 1 re-phased (1 by over 3 months), 0 no longer viable, 1 with no update; "
          "5 Green, 0 Amber, 2 Red." in text, "the Summary's actions sentence")
    check("Actions: Green delivered or on schedule" in text, "the Summary states the actions' rule")
    by_theme = {r[0]: r[1:13] for r in summary if r[0] in ("People are healthy and safe", "Places are well connected") and r[12] is not None}
    check(by_theme.get("People are healthy and safe") == [4, 1, 2, 0, 0, 0, 0, 1, 2, 0, 1, 0.75]
          and by_theme.get("Places are well connected") == [4, 1, 2, 0, 0, 1, 0, 0, 3, 0, 1, 0.75], f"actions by theme: {by_theme}")

    # The Scorecard reads outcome by outcome: the heading with both counts, its actions, then its measures.
    sc = wb["Scorecard"]
    first = [r[0].value for r in sc.iter_rows(min_row=5)]
    check(first[:7] == ["People are healthy and safe: 6 indicators, 2 Green, 3 Amber, 0 Red; 4 actions, 2 Green, 0 Amber, 1 Red", "Actions",
                        "1.2", "1.6", "1.7", "1.25", "Measures"], f"the first outcome: {first[:7]}")
    check("Places are well connected: 2 indicators, 2 Green, 0 Amber, 0 Red; 4 actions, 3 Green, 0 Amber, 1 Red" in first,
          "the second outcome's heading")
    widths = {k: v.width for k, v in sc.column_dimensions.items()}
    short = []
    for row in sc.iter_rows(min_row=5):
        need = max(len(textwrap.wrap(str(row[i].value or ""), width=int(widths[col] * 1.1), break_long_words=True) or [""])
                   for i, col in ((1, "B"), (4, "E"), (5, "F"), (10, "K"), (11, "L")))
        if (sc.row_dimensions[row[0].row].height or 15) < 15 * need:
            short.append(row[0].row)
    check(not short, f"county Scorecard rows fit their wrapped text: {short}")

    md = {r[1].value: r[3].value for r in wb["Missing data"].iter_rows(min_row=5) if r[1].value}
    check(md.get("1.7") == "Not scored" and md.get("PH-01") is None, f"an action with no RAG among the missing data: {md}")
    ex = {r[0].value: r for r in wb["Exceptions"].iter_rows(min_row=5) if r[0].value}
    check("1.2" in ex and "2.2" in ex and ex["1.2"][7].value == "No commentary", f"Red actions among the exceptions: {sorted(ex)}")

    # The templates ask for the actions, and the chase list chases them.
    done = run(kpiflow, "chase", "--rules", rules, "--period", "2018/19 Q2", "--db", db, "--out", out, "--today", "2018-11-30")
    chase = openpyxl.load_workbook(os.path.join(out, "chase.xlsx"))
    codes = {str(r[8]) for ws in chase.worksheets[1:] for r in ws.iter_rows(values_only=True) if len(r) > 8}
    check({"milestone-passed", "rephased-without-date", "unknown-action", "unknown-progress"} <= codes, f"action issues chased: {codes}")
    for name in ("scorecard.xlsx", "chase.xlsx"):
        cut = cut_off(os.path.join(out, name))
        check(not cut, f"county {name}: no cell text wider than its column without wrap: {cut[:5]}")


if __name__ == "__main__":
    sys.exit(main())
