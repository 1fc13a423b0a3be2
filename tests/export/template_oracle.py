#!/usr/bin/python3
"""The return templates `kpiflow template` writes for the sample council,
checked by independent programs:

- openpyxl: the files' names, sheets, locked and unlocked cells, data
  validation, the hidden list of missing-data words, conditional formats,
  protection (with and without --password), print set-up;
- LibreOffice headless opens each and converts it to PDF;
- the round trip: filled in with openpyxl as a service would, ingested and
  validated with no issue at all;
- the commentary warning against kpiflow's own scoring: each template filled
  with figures either side of each limit the warning names, the warning's
  formula evaluated by LibreOffice (not by kpiflow), and validate's
  commentary-required issues and transform's statuses compared row by row;
- mistakes: what the validation stops at entry is refused by it (checked on
  the rules themselves), and what gets past it (openpyxl writes over
  protection) is still caught by validate.

usage: template_oracle.py KPIFLOW REPO
"""
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

import openpyxl
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from oracle import check, finish, run  # noqa: E402

RULES = "samples/council.yaml"
PERIOD = "2017/18 Q2"
SERVICES = ["Housing", "Adult Social Care", "Children's Services", "Environment", "Leisure and Culture", "Planning",
            "Customer Services", "Finance"]
WORDS = ["M", "-", "Awaiting data", "Not due", "Reported annually", "Missing", "TBC", "No target"]
BOUND = re.compile(r"\$([A-Z]+)(\d+)(<=|>=|<|>)([-+0-9.eE]+)")


def layout(ws):
    """The header row and, per indicator row, its ref and the cells of its figure and commentary."""
    header = next(r for r in range(1, 30) if ws.cell(row=r, column=1).value in ("Ref", "PI Ref"))
    heads = {c.value: c.column for c in ws[header] if c.value}
    value_col = heads[PERIOD]
    rows = {}
    for r in range(header + 1, ws.max_row + 1):
        ref = ws.cell(row=r, column=1).value
        if ref:
            rows[ref] = r
    return header, heads, value_col, rows


def soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files, kind, outdir, profile):
    done = subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", kind, "--outdir", outdir]
                          + files, capture_output=True, text=True, timeout=900)
    return done


def indicators():
    """The sample rule file's indicators by id, read with PyYAML: what each row's checks expect."""
    with open(RULES) as f:
        return {i["id"]: i for i in yaml.safe_load(f)["indicators"]}


def scored(ind):
    """Whether kpiflow scores the indicator this year: a polarity and a figure for a target."""
    target = str((ind.get("targets") or {}).get("2017/18", "none")).strip().lower()
    return ind.get("polarity", "up") != "none" and target not in ("none", "tbc", "no target")


def structure(path, service):
    wb = openpyxl.load_workbook(path)
    name = os.path.basename(path)
    check(len(wb.sheetnames) == 3 and wb.sheetnames[1:] == ["Instructions", "Lists"], f"{name}: sheets {wb.sheetnames}")
    ws = wb.worksheets[0]
    check(wb.active.title == ws.title, f"{name}: the return sheet is the one that opens")
    check(wb["Lists"].sheet_state == "hidden", f"{name}: the list of words is hidden")
    lists = [c.value for c in wb["Lists"]["A"][1:] if c.value is not None]
    check(lists == WORDS, f"{name}: missing-data words listed {lists}")
    names = {d.name: d.attr_text for d in wb.defined_names.definedName}
    check(names.get("MissingDataWords") == f"'Lists'!$A$2:$A${len(WORDS) + 1}", f"{name}: MissingDataWords is {names.get('MissingDataWords')}")
    for sheet in wb.worksheets:
        check(sheet.protection.sheet and sheet.protection.password is None, f"{name}!{sheet.title}: protected without a password")
    check(ws.protection.formatColumns is False or ws.protection.formatColumns == 0 or not ws.protection.formatColumns,
          f"{name}: columns may be widened (formatColumns not locked)")
    check(ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage, f"{name}: landscape, fitted to the page width")
    header, heads, value_col, rows = layout(ws)
    check(ws.print_title_rows == f"$1:${header}", f"{name}: rows 1 to {header} printed on every page, not {ws.print_title_rows}")
    check(ws.freeze_panes is not None and ws.freeze_panes.endswith(str(header + 1)), f"{name}: frozen below the header ({ws.freeze_panes})")
    check(ws["B1"].value == service or any(ws[c].value == service for c in ("B1", "B2", "B3", "B4", "B5")),
          f"{name}: the service's name in the metadata block")
    dvs = {}
    for dv in ws.data_validations.dataValidation:
        for r in dv.sqref.ranges:
            dvs[r.coord] = dv
    cfs = {}
    for rng, rules in ws.conditional_formatting._cf_rules.items():
        for rule in rules:
            cfs[str(rng.sqref)] = rule
    due = 0
    for ref, r in rows.items():
        value = ws.cell(row=r, column=value_col)
        commentary = ws.cell(row=r, column=value_col + 1)
        check(ws.cell(row=r, column=1).protection.locked and ws.cell(row=r, column=2).protection.locked, f"{name}: {ref}'s ref and title locked")
        if value.value == "Not due":
            check(value.protection.locked and commentary.protection.locked, f"{name}: {ref} is not due, its row locked")
            continue
        due += 1
        check(not value.protection.locked and not commentary.protection.locked, f"{name}: {ref}'s figure and commentary unlocked")
        dv = dvs.get(value.coordinate)
        check(dv is not None and dv.type == "custom" and "MissingDataWords" in (dv.formula1 or ""), f"{name}: {ref}'s figure validated ({dv and dv.formula1})")
        if dv is not None:
            check(dv.errorStyle in (None, "stop") and dv.showErrorMessage and dv.error and dv.prompt and dv.showInputMessage,
                  f"{name}: {ref}'s validation says what is expected and stops what is not")
            check(len(dv.prompt) <= 255 and len(dv.promptTitle or "") <= 32, f"{name}: {ref}'s input message within Excel's limits")
        ind = INDICATORS[ref]
        if ind.get("unit") == "percent":
            check(value.number_format.endswith("%"), f"{name}: {ref} formatted as a percentage ({value.number_format})")
        if "range" in ind and dv is not None:
            low, high = (float(str(x).rstrip("%")) / (100 if str(x).endswith("%") else 1) for x in ind["range"])
            check(f"{value.coordinate}>={low:g}" in dv.formula1 and f"{value.coordinate}<={high:g}" in dv.formula1,
                  f"{name}: {ref} validated in its range {ind['range']}: {dv.formula1}")
        cf = cfs.get(commentary.coordinate)
        if scored(ind):
            check(cf is not None and cf.type == "expression", f"{name}: {ref}'s commentary lights up when needed")
        else:
            check(cf is None, f"{name}: {ref} is not scored, so its commentary never lights up")
    check(due > 0, f"{name}: indicators due")
    return ws.title


def fill_grid(template, out, copies, profile_cells):
    """copies of the template, the k-th with each row's k-th figure near its limits, commentary empty, and the
    warning's formula beside each row (column AA) for LibreOffice to evaluate. Returns {copy: {ref: (figure, formula)}}."""
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    header, heads, value_col, rows = layout(ws)
    cfs = {}
    for rng, rules in ws.conditional_formatting._cf_rules.items():
        for rule in rules:
            cfs[str(rng.sqref)] = rule.formula[0]
    grids = {}
    for ref, r in rows.items():
        formula = cfs.get(ws.cell(row=r, column=value_col + 1).coordinate)
        if not formula:
            continue
        values = []
        for _, _, op, text in BOUND.findall(formula):
            # Spreadsheets compare figures to about 15 significant digits (LibreOffice and Excel count
            # a relative difference under 2^-48 as equal), so agreement is checked for figures that differ
            # from kpiflow's own switching point by more: one part in 10^12 either side of it, the limit as
            # the rule file writes it (47.25, 0.855), halfway between the two (inside kpiflow's billionth
            # "on the limit"), and a millionth either side of both. Each typed to 15 significant digits.
            b = float(text)
            nice = float(f"{b:.9g}")
            d = max(abs(b), 1e-3) * 1e-6
            e = max(abs(b), 1e-3) * 1e-12
            for v in (nice, nice - d, nice + d, b - e, b + e, b - d, b + d, (nice + b) / 2):
                values.append(float(f"{v:.15g}"))
        grids[ref] = values
    plan = {}
    for k in range(copies):
        wb = openpyxl.load_workbook(template)
        ws = wb.worksheets[0]
        plan[k] = {}
        for ref, values in grids.items():
            r = rows[ref]
            v = values[k % len(values)]
            ws.cell(row=r, column=value_col).value = v
            formula = cfs[ws.cell(row=r, column=value_col + 1).coordinate]
            ws.cell(row=r, column=27).value = "=" + formula
            plan[k][ref] = v
        for coord in profile_cells:
            ws[coord].value = None
        os.makedirs(os.path.join(out, str(k)), exist_ok=True)
        wb.save(os.path.join(out, str(k), os.path.basename(template)))
    return plan


def main():
    global INDICATORS
    kpiflow, repo = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.chdir(repo)
    INDICATORS = indicators()
    if soffice() is None:
        check(False, "soffice is installed")
        finish()
    work = tempfile.mkdtemp(prefix="kpiflow-template-")
    profile = os.path.join(work, "lo")
    q1 = os.path.join(work, "q1.db")
    done = run(kpiflow, "ingest", "samples/returns/2017-18-Q1", "--rules", RULES, "--db", q1)
    check(done.returncode == 0, f"ingest Q1: {done.stdout}{done.stderr}")
    templates = os.path.join(work, "templates")
    done = run(kpiflow, "template", "--rules", RULES, "--period", PERIOD, "--db", q1, "--out", templates,
               "--from", "Performance Team <performance@northfield.example.gov.uk>")
    check(done.returncode == 0, f"template: {done.stdout}{done.stderr}")
    files = sorted(os.listdir(templates))
    check(files == sorted(f"{s} 2017-18-Q2.xlsx" for s in SERVICES), f"one template per service, named for ingest: {files}")

    # What the workbooks hold.
    for service in SERVICES:
        path = os.path.join(templates, f"{service} 2017-18-Q2.xlsx")
        if os.path.exists(path):
            structure(path, service)
    wb = openpyxl.load_workbook(os.path.join(templates, "Housing 2017-18-Q2.xlsx"))
    ws = wb.worksheets[0]
    check(ws.title == "Q2 Return", f"Housing's sheet matches its pattern 'Q? Return': {ws.title}")
    header, heads, value_col, rows = layout(ws)
    check(ws.cell(row=rows["HO-02"], column=value_col - 1).value == 0.118, "HO-02's Q1 figure from the store, exact (0.118)")
    check(ws.cell(row=rows["HO-06"], column=value_col).value == "Not due", "HO-06 (annual) listed as not due")
    help_text = " ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)
    check("2017-10-13" in help_text and "performance@northfield.example.gov.uk" in help_text, "the Instructions give the deadline and who to ask")

    # A password when asked for; one service when asked for.
    locked = os.path.join(work, "locked")
    done = run(kpiflow, "template", "--rules", RULES, "--period", PERIOD, "--out", locked, "--service", "HO", "--password", "s3cret")
    check(done.returncode == 0 and os.listdir(locked) == ["Housing 2017-18-Q2.xlsx"], f"--service HO: {os.listdir(locked)} {done.stderr}")
    pw = openpyxl.load_workbook(os.path.join(locked, "Housing 2017-18-Q2.xlsx")).worksheets[0].protection.password
    check(pw is not None and pw != "s3cret", f"--password protects the sheet with its hash ({pw})")
    done = run(kpiflow, "template", "--rules", RULES, "--period", PERIOD, "--out", locked, "--service", "HOUSING")
    check(done.returncode == 2 and "not a service" in done.stderr, f"an unknown --service is refused: {done.stderr}")

    # LibreOffice opens every template.
    pdfs = os.path.join(work, "pdf")
    done = convert([os.path.join(templates, f) for f in files], "pdf", pdfs, profile)
    for f in files:
        pdf = os.path.join(pdfs, f[:-5] + ".pdf")
        check(os.path.exists(pdf) and os.path.getsize(pdf) > 1000, f"LibreOffice converts {f} to PDF: {done.stderr[-300:]}")

    # Round trip: filled in as services would, read back with no issue at all.
    filled = os.path.join(work, "filled")
    done = run("/usr/bin/python3", "samples/fill_templates.py", templates, filled, "--as-given")
    check(done.returncode == 0, f"fill_templates.py: {done.stderr}")
    db = os.path.join(work, "round.db")
    shutil.copy(q1, db)
    done = run(kpiflow, "ingest", filled, "--rules", RULES, "--db", db)
    check(done.returncode == 0 and done.stdout.count("(no problems)") == 8, f"the filled templates ingest with no problems:\n{done.stdout}")
    report = os.path.join(work, "round.json")
    done = run(kpiflow, "validate", "--rules", RULES, "--period", PERIOD, "--db", db, "--json", report)
    issues = json.load(open(report))["issues"] if os.path.exists(report) else None
    check(done.returncode == 0 and issues == [], f"the filled templates validate with no issue: {issues}")
    done = run(kpiflow, "transform", "--rules", RULES, "--period", PERIOD, "--db", db, "--quiet")
    con = sqlite3.connect(db)
    given = {r[0]: r[1] for r in con.execute("SELECT indicator, status FROM result WHERE period = ?", (PERIOD,))}
    check(given.get("HO-01") == "G" and given.get("HO-02") == "R", f"statuses as the figures give them (HO-01 G, HO-02 R): {given.get('HO-01')}, {given.get('HO-02')}")
    con.close()

    # Mistakes the validation stops at entry, and what gets past it.
    wb = openpyxl.load_workbook(os.path.join(filled, "Housing 2017-18-Q2.xlsx"))
    ws = wb.worksheets[0]
    header, heads, value_col, rows = layout(ws)
    dv = {r.coord: d for d in ws.data_validations.dataValidation for r in d.sqref.ranges}
    ho2 = ws.cell(row=rows["HO-02"], column=value_col)
    check("J9>=0" in dv[ho2.coordinate].formula1.replace(ho2.coordinate, "J9") and "<=1" in dv[ho2.coordinate].formula1,
          "a percentage over 100% is refused at entry")
    ho2.value = 1.5        # 150%, typed past the validation by another tool
    ws.cell(row=rows["HO-01"], column=value_col).value = "N/A"  # a word not in the list
    wb.save(os.path.join(filled, "Housing 2017-18-Q2.xlsx"))
    done = run(kpiflow, "ingest", os.path.join(filled, "Housing 2017-18-Q2.xlsx"), "--rules", RULES, "--db", db)
    report = os.path.join(work, "mistakes.json")
    run(kpiflow, "validate", "--rules", RULES, "--period", PERIOD, "--db", db, "--json", report)
    codes = {(i["indicator"], i["code"]) for i in json.load(open(report))["issues"]}
    check(("HO-02", "out-of-range") in codes, f"150% is caught by validate: {codes}")
    check(("HO-01", "unknown-state") in codes, f"'N/A' is caught by validate: {codes}")

    # The county: CSV returns with their own headings, the services' own RAG, a trajectory.
    county = "samples/county/county.yaml"
    cdb = os.path.join(work, "county.db")
    run(kpiflow, "ingest", "samples/county/returns/2017-18-Q4", "samples/county/returns/2018-19-Q1", "--rules", county, "--db", cdb)
    ctemplates = os.path.join(work, "county-templates")
    done = run(kpiflow, "template", "--rules", county, "--period", "2018/19 Q2", "--db", cdb, "--out", ctemplates)
    check(done.returncode == 0, f"county templates: {done.stderr}")
    hw = openpyxl.load_workbook(os.path.join(ctemplates, "Highways 2018-19-Q2.xlsx")).worksheets[0]
    heads = [c.value for row in hw.iter_rows(min_row=1, max_row=12) for c in row]
    check("RAG" in heads and "RAG reason" in heads and "Comments on performance" in heads,
          "Highways, which gave its own RAG last quarter, is asked for it again, under the rule file's headings")
    lists = [d.formula1 for d in hw.data_validations.dataValidation if d.type == "list"]
    check(lists and all(f == '"Red,Amber,Green"' for f in lists), f"the service's own status is picked from Red, Amber, Green: {lists}")
    ph = openpyxl.load_workbook(os.path.join(ctemplates, "Public Health 2018-19-Q2.xlsx")).worksheets[0]
    prompts = " ".join(d.prompt or "" for d in ph.data_validations.dataValidation)
    check("Target 250 for 2018/19 Q2 (600 for the year)" in prompts, f"a trajectory's period and year targets are both said: {prompts}")
    cfilled = os.path.join(work, "county-filled")
    run("/usr/bin/python3", "samples/fill_templates.py", ctemplates, cfilled, "--as-given", "--submitted", "2018-10-10")
    done = run(kpiflow, "ingest", cfilled, "--rules", county, "--db", cdb)
    check(done.returncode == 0 and done.stdout.count("(no problems)") == 3, f"the county's filled templates ingest clean:\n{done.stdout}")
    report = os.path.join(work, "county.json")
    done = run(kpiflow, "validate", "--rules", county, "--period", "2018/19 Q2", "--db", cdb, "--json", report)
    issues = json.load(open(report))["issues"] if os.path.exists(report) else None
    check(done.returncode == 0 and issues == [], f"the county's filled templates validate with no issue: {issues}")

    # The commentary warning against the scoring, a grid of figures either side of each limit.
    grid = os.path.join(work, "grid")
    copies = 8
    plans = {}
    for service in SERVICES:
        plans[service] = fill_grid(os.path.join(templates, f"{service} 2017-18-Q2.xlsx"), grid, copies, [])
    compared = 0
    for k in range(copies):
        folder = os.path.join(grid, str(k))
        evaluated = os.path.join(work, "evaluated", str(k))
        done = convert([os.path.join(folder, f) for f in sorted(os.listdir(folder))], "xlsx", evaluated, profile)
        db = os.path.join(work, f"grid{k}.db")
        shutil.copy(q1, db)
        run(kpiflow, "ingest", folder, "--rules", RULES, "--db", db)
        report = os.path.join(work, f"grid{k}.json")
        run(kpiflow, "validate", "--rules", RULES, "--period", PERIOD, "--db", db, "--json", report)
        chased = {i["indicator"] for i in json.load(open(report))["issues"] if i["code"] == "commentary-required"}
        run(kpiflow, "transform", "--rules", RULES, "--period", PERIOD, "--db", db, "--quiet")
        con = sqlite3.connect(db)
        status = {r[0]: r[1] for r in con.execute("SELECT indicator, status FROM result WHERE period = ?", (PERIOD,))}
        con.close()
        for service in SERVICES:
            path = os.path.join(evaluated, f"{service} 2017-18-Q2.xlsx")
            check(os.path.exists(path), f"LibreOffice evaluated {path}")
            if not os.path.exists(path):
                continue
            ws = openpyxl.load_workbook(path, data_only=True).worksheets[0]
            header, heads, value_col, rows = layout(ws)
            for ref, figure in plans[service][k].items():
                lit = ws.cell(row=rows[ref], column=27).value
                check(lit in (True, False), f"{service} copy {k}: {ref}'s warning evaluated by LibreOffice ({lit!r})")
                check(bool(lit) == (ref in chased), f"copy {k}: {ref} = {figure!r}: the commentary cell {'lights' if lit else 'stays plain'}, "
                      f"and validate {'chases' if ref in chased else 'does not chase'} commentary (status {status.get(ref)})")
                check(bool(lit) == (status.get(ref) in ("R", "RA")), f"copy {k}: {ref} = {figure!r}: warning {lit}, status {status.get(ref)}")
                compared += 1
    check(compared >= 8 * 40, f"figures compared either side of the limits: {compared}")
    print(f"{compared} figures compared with the scoring")
    shutil.rmtree(work, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
