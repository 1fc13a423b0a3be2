#!/usr/bin/python3
"""Fills in the templates `kpiflow template` wrote, as the services would,
for the README's quarter and the template tests: the yellow cells only,
through openpyxl, never kpiflow.

usage: fill_templates.py TEMPLATES OUT [--as-given] [--seed N] [--submitted YYYY-MM-DD]

Each service writes each figure from its figure for the period before
(moved by up to 8% either way, unless --as-given: the same figure), a
missing-data word where it had none, commentary on most rows (every row
with --as-given), and the date it sends the return. The filled workbooks
go into OUT under the templates' own names.

Actions (the sheet 'Actions', where the rule file has them) are reported
on target, or delivered once their milestone has passed, with a Green RAG
and commentary.
"""
import argparse
import calendar
import datetime
import os
import random
import re
import sys

import openpyxl

COMMENTS = [
    "In line with the service plan.",
    "Demand rose this quarter; extra staff are in place from next month.",
    "Recovery plan agreed with the portfolio holder.",
    "Figure validated against the case management system.",
]


def fill(path, out, as_given, rng, submitted):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    words = [c.value for c in wb["Lists"]["A"][1:] if c.value]
    value_cells, date_cells, prompts = [], [], {}
    # The figures' cells take a figure or a word (custom validation); the date sent, a date.
    for dv in ws.data_validations.dataValidation:
        cells = [r.coord for r in dv.sqref.ranges]
        for c in cells:
            prompts[c] = dv.prompt
        if dv.type == "custom":
            value_cells += cells
        elif dv.type == "date":
            date_cells += cells
    for coord in value_cells:
        cell = ws[coord]
        previous = ws.cell(row=cell.row, column=cell.column - 1).value
        commentary = ws.cell(row=cell.row, column=cell.column + 1)
        # A year to date goes on from the period before's; another figure moves a little either way.
        to_date = "the year to date" in (prompts.get(coord) or "")
        if isinstance(previous, (int, float)):
            figure = previous
            if not as_given:
                figure = previous * ((2 if to_date else 1) + rng.uniform(-0.08, 0.08))
                shown = cell.number_format.split(";")[0]
                places = len(shown.split(".")[1].rstrip("%")) if "." in shown else 0
                if "%" in cell.number_format:
                    figure = min(max(round(figure, places + 2), 0.0), 1.0)
                else:
                    figure = round(figure, places)
            cell.value = figure
        else:
            cell.value = words[0] if words else None
        if as_given or rng.random() < 0.7:
            commentary.value = rng.choice(COMMENTS)
    for coord in date_cells:
        ws[coord].value = submitted
    if "Actions" in wb.sheetnames:
        fill_actions(wb["Actions"], period_end(os.path.basename(path)), rng)
    os.makedirs(out, exist_ok=True)
    wb.save(os.path.join(out, os.path.basename(path)))


MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}


def period_end(name):
    """The last day of the period a template's name gives ("... 2018-19-Q2.xlsx")."""
    m = re.search(r"(\d{4})-\d\d-(Q|M)(\d+)", name)
    year, kind, index = int(m.group(1)), m.group(2), int(m.group(3))
    month = 3 + (index * 3 if kind == "Q" else index)  # April is month 4: Q1 ends in June
    year, month = (year + (month - 1) // 12, (month - 1) % 12 + 1)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def fill_actions(ws, end, rng):
    words = []
    for dv in ws.data_validations.dataValidation:
        if any(r.coord.startswith("D") for r in dv.sqref.ranges):
            words = dv.formula1.strip('"').split(",")
    on_target = next((w for w in words if w.lower() in ("on target", "on track")), words[0])
    delivered = next((w for w in words if w.lower() in ("delivered", "complete", "completed")), words[0])
    for row in ws.iter_rows(min_row=2):
        if not row[0].value:
            continue
        m = re.match(r"by (\w+) (\d{4})$", str(row[2].value or "").strip().lower())
        due = None
        if m and m.group(1) in MONTHS:
            y, mo = int(m.group(2)), MONTHS[m.group(1)]
            due = datetime.date(y, mo, calendar.monthrange(y, mo)[1])
        row[3].value = delivered if due and due <= end else on_target
        row[4].value = "Green"
        row[6].value = rng.choice(COMMENTS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("templates")
    parser.add_argument("out")
    parser.add_argument("--as-given", action="store_true", help="each figure as it was the period before; commentary everywhere")
    parser.add_argument("--seed", type=int, default=2017)
    parser.add_argument("--submitted", default="2017-10-09", help="the date each service sends its return")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    submitted = datetime.datetime.strptime(args.submitted, "%Y-%m-%d")
    names = sorted(n for n in os.listdir(args.templates) if n.endswith(".xlsx") and not n.startswith((".", "~$")))
    if not names:
        sys.exit(f"fill_templates.py: no templates in {args.templates}")
    for name in names:
        fill(os.path.join(args.templates, name), args.out, args.as_given, rng, submitted)
    print(f"{len(names)} returns filled in {args.out}")


if __name__ == "__main__":
    main()
