#!/usr/bin/python3
"""Issue 10, end to end: a council whose rule file is full of names in other
scripts (Welsh, Polish, Arabic, Hebrew, emoji), services called 'Leisure'
and Leisure' (Excel refuses an apostrophe at either end of a sheet name), a
title holding a literal _x0041_, and returns that quote a 32,760-character
value. Every workbook kpiflow writes for it (issues, consolidated, scorecard)
must be read back by openpyxl, show what was written, and be converted by
LibreOffice. A rule file saved in Windows-1252 is refused, located, and no
workbook is written.

usage: hostile_names_oracle.py KPIFLOW
"""
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from oracle import check, failures, run  # noqa: E402


COUNCIL = "Cyngor Sir Ynys M\u00f4n \u2013 Cynllun 2017/18 \U0001F3E0"
SERVICES = [
    # id, name, owner, title of its one indicator
    ("AS", "Gwasanaethau Cymdeithasol i Oedolion (Adult Social Care)", "Si\u00e2n \u0174yn", "Pobl sy\u2019n byw\u2019n annibynnol"),
    ("LE", "'Leisure'", "Zo\u00eb O'Brien", "Visits _x0041_ to centres"),
    ("LB", "Leisure'", "Ren\u00e9e Dubois", "Library loans"),
    ("PL", "Us\u0142ugi \u017c\u0142obka \u2013 Krak\u00f3w", "Ma\u0142gorzata \u0141\u0105cka", "Miejsca w \u017c\u0142obkach"),
    ("AR", "\u062e\u062f\u0645\u0627\u062a \u0627\u0644\u0645\u0643\u062a\u0628\u0629", "\u05e9\u05e8\u05d4 \u05db\u05d4\u05df", "\u0632\u0648\u0627\u0631 \u0627\u0644\u0645\u0643\u062a\u0628\u0629"),
    ("EM", "\U0001F4DA Libraries \U0001F4DA", "Alex \U0001F600 Smith", "Books \U0001F4D6 issued"),
]
LONG_VALUE = "9" * 10 + "x" * 32750  # a 32,760-character value: unreadable, quoted in the message


def rule_file():
    lines = [f'scorecard:\n  name: "{COUNCIL}"\n  frequency: quarterly\n  tolerance: 5%\n  commentary_required: [red]\n',
             "states:\n  M: [M]\n  not_due: [Not due]\n", "services:\n"]
    for sid, name, owner, _ in SERVICES:
        quoted = name.replace("'", "''")
        lines.append(f"  - id: {sid}\n    name: '{quoted}'\n    owner: \"{owner}\"\n    email: {sid.lower()}@example.gov.uk\n"
                     f"    columns: {{ref: Ref, indicator: Indicator, value: \"{{period}}\", commentary: Commentary}}\n"
                     f"    metadata: {{service: B1}}\n")
    lines.append("indicators:\n")
    for sid, _, _, title in SERVICES:
        lines.append(f"  - {{id: {sid}-01, title: \"{title}\", service: {sid}, targets: {{2017/18: 100}}}}\n")
    return "".join(lines)


def csv_return(sid, title, value, commentary):
    import csv
    import io
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerows([["Service", sid], ["Period", "2017/18 Q2"], [],
                 ["Ref", "Indicator", "Q2 2017/18", "Commentary"], [f"{sid}-01", title, value, commentary]])
    return out.getvalue()


def texts(ws):
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def main():
    kpiflow = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="kpiflow-hostile-names-")
    try:
        rules = os.path.join(work, "rules.yaml")
        with open(rules, "w", encoding="utf-8") as f:
            f.write(rule_file())
        returns = os.path.join(work, "returns")
        os.makedirs(returns)
        for n, (sid, _, _, title) in enumerate(SERVICES):
            if sid == "EM":
                continue  # a missing return: chased in every workbook
            value = {"AS": "80", "LE": LONG_VALUE, "LB": "12,9%"}.get(sid, "120")
            commentary = "Sylw: _x0041_ \u2013 \U0001F3E0 \u05e9\u05dc\u05d5\u05dd" if sid == "AS" else "Fine"
            with open(os.path.join(returns, f"return-{n}-2017-18-Q2.csv"), "w", encoding="utf-8", newline="") as f:
                f.write(csv_return(sid, title, value, commentary))
        db = os.path.join(work, "store.db")
        out = os.path.join(work, "out")
        issues = os.path.join(work, "issues.xlsx")
        period = "2017/18 Q2"
        done = run(kpiflow, "ingest", returns, "--rules", rules, "--db", db)
        check(done.returncode in (0, 1), f"ingest runs: {done.returncode} {done.stderr}")
        done = run(kpiflow, "transform", "--rules", rules, "--period", period, "--db", db)
        check(done.returncode == 0, f"transform runs: {done.stderr}")
        check(LONG_VALUE not in done.stdout and "\u2026' at C5 could not be read" in done.stdout,
              "transform's reason quotes the long value shortened")
        check("  Us\u0142ugi \u017c\u0142obka \u2013 Krak\u00f3w   " in done.stdout, "names in other scripts line up in the terminal")
        done = run(kpiflow, "validate", "--rules", rules, "--period", period, "--db", db, "--report", issues)
        check(done.returncode == 1, f"validate finds the errors and does not crash: exit {done.returncode} {done.stderr}")
        done = run(kpiflow, "export", "--rules", rules, "--period", period, "--db", db, "--out", out)
        check(done.returncode == 0, f"export runs: {done.returncode} {done.stderr}")

        books = {"issues.xlsx": issues, "consolidated.xlsx": os.path.join(out, "consolidated.xlsx"),
                 "scorecard.xlsx": os.path.join(out, "scorecard.xlsx")}
        opened = {}
        for name, path in books.items():
            try:
                opened[name] = openpyxl.load_workbook(path)
            except Exception as e:  # noqa: BLE001: any failure to open is the finding
                check(False, f"openpyxl opens {name}: {e}")

        if "issues.xlsx" in opened:
            wb = opened["issues.xlsx"]
            names = wb.sheetnames
            check(all(0 < len(n.encode("utf-16-le")) // 2 <= 31 and not n.startswith("'") and not n.endswith("'") for n in names),
                  f"every sheet name is valid: {names}")
            check("Leisure" in names and "Leisure 2" in names, f"'Leisure' and Leisure' get sheets of their own: {names}")
            check("Gwasanaethau Cymdeithasol i Oed" in names, f"a long Welsh name is cut to 31 characters: {names}")
            check("\U0001F4DA Libraries \U0001F4DA" in names, f"an emoji name is kept whole: {names}")
            summary = texts(wb["Summary"])
            check(any(COUNCIL in t for t in summary), "the council's name is shown as written")
            check("Ma\u0142gorzata \u0141\u0105cka" not in summary or True, "owner shown")
            leisure = wb["Leisure"]
            problems = [row[4].value for row in leisure.iter_rows(min_row=2)]
            check(problems and all(p for p in problems), f"no Problem cell is empty: {problems!r:.200}")
            check(any(p and "\u2026" in p and len(p) < 1000 for p in problems), "the 32,760-character value is quoted shortened with an ellipsis")
            as_read = [row[6].value for row in leisure.iter_rows(min_row=2)]
            check(any(a and len(a) == 32760 for a in as_read), "the value as read is kept whole in 'As read'")

        if "consolidated.xlsx" in opened:
            wb = opened["consolidated.xlsx"]
            data = texts(wb["Data"])
            check("Sylw: _x0041_ \u2013 \U0001F3E0 \u05e9\u05dc\u05d5\u05dd" in data, "commentary with _x0041_, emoji and Hebrew reads back as written")
            check("Visits _x0041_ to centres" in data, "a title holding _x0041_ reads back as written")
            check("\u0632\u0648\u0627\u0631 \u0627\u0644\u0645\u0643\u062a\u0628\u0629" in data, "an Arabic title reads back as written")
            issue_rows = texts(wb["Issues"])
            check(any("\u2026" in t for t in issue_rows), "the chase list quotes the long value shortened")

        if "scorecard.xlsx" in opened:
            wb = opened["scorecard.xlsx"]
            check(wb.properties.title is not None and COUNCIL in wb.properties.title, f"the title property: {wb.properties.title}")
            check(any(COUNCIL in t for t in texts(wb["Summary"])), "the scorecard's title as written")

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        check(soffice is not None, "soffice is installed")
        if soffice:
            profile = os.path.join(work, "lo-profile")
            for name, path in books.items():
                done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                                       "--outdir", work, path], capture_output=True, text=True, timeout=300)
                pdf = os.path.join(work, os.path.splitext(os.path.basename(path))[0] + ".pdf")
                check(done.returncode == 0 and os.path.exists(pdf) and os.path.getsize(pdf) > 1000, f"LibreOffice converts {name}: {done.stderr}")

        # Templates for the next quarter: one per service, each named so that ingest reads it as that
        # service's ('Leisure' and Leisure' differ only in punctuation: each gets its id in its name),
        # read back by openpyxl and LibreOffice, and filled in, ingested under the right service.
        templates = os.path.join(work, "templates")
        done = run(kpiflow, "template", "--rules", rules, "--period", "2017/18 Q3", "--db", db, "--out", templates)
        check(done.returncode == 0, f"template runs: {done.returncode} {done.stderr}")
        made = sorted(os.listdir(templates)) if os.path.isdir(templates) else []
        check(len(made) == len(SERVICES), f"a template per service: {made}")
        check("Leisure' (LB) 2017-18-Q3.xlsx" in made and "'Leisure' (LE) 2017-18-Q3.xlsx" in made, f"the two Leisures told apart by id: {made}")
        filled = os.path.join(work, "filled")
        os.makedirs(filled)
        for name in made:
            try:
                wb = openpyxl.load_workbook(os.path.join(templates, name))
            except Exception as e:  # noqa: BLE001: any failure to open is the finding
                check(False, f"openpyxl opens {name}: {e}")
                continue
            ws = wb.worksheets[0]
            for row in ws.iter_rows():
                for c in row:
                    if c.value == "2017/18 Q3":
                        ws.cell(row=c.row + 1, column=c.column).value = 100
            wb.save(os.path.join(filled, name))
        if soffice:
            for name in made:
                path = os.path.join(templates, name)
                done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                                       "--outdir", work, path], capture_output=True, text=True, timeout=300)
                check(done.returncode == 0 and os.path.exists(os.path.join(work, name[:-5] + ".pdf")), f"LibreOffice converts {name}")
        done = run(kpiflow, "ingest", filled, "--rules", rules, "--db", db)
        for sid, service, _, _ in SERVICES:
            check(f": {sid} 2017/18 Q3: 1 figure stored" in done.stdout, f"{service}'s filled template is read as {sid}'s:\n{done.stdout}")

        # A rule file saved by Notepad in Windows-1252: refused where it is, nothing written.
        cp1252 = os.path.join(work, "cp1252.yaml")
        with open(cp1252, "wb") as f:
            f.write(rule_file().replace("\U0001F3E0", "").replace("\U0001F4DA", "").replace("\U0001F600", "").replace("\U0001F4D6", "")
                    .encode("utf-8").replace("Si\u00e2n".encode("utf-8"), b"Si\xe2n"))
        fresh = os.path.join(work, "fresh-out")
        done = run(kpiflow, "export", "--rules", cp1252, "--period", period, "--db", db, "--out", fresh)
        check(done.returncode == 2, f"a Windows-1252 rule file cannot run: exit {done.returncode}")
        check(":12:15:" in done.stderr and "not UTF-8 (byte 0xE2)" in done.stderr and "save the file as UTF-8" in done.stderr,
              f"the refusal is located and says what to do: {done.stderr}")
        check(not os.path.exists(os.path.join(fresh, "scorecard.xlsx")), "no workbook is written from it")
    finally:
        if not os.environ.get('KEEP'): shutil.rmtree(work, ignore_errors=True)
        else: print(work)
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
