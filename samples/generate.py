#!/usr/bin/python3
"""Writes the sample council in samples/: the rule file (council.yaml) and
one return per service for 2017/18 Q1 and Q2 (committed; rerun by hand when
they change). The returns come from different producers, as they do in a
council: openpyxl, XlsxWriter, LibreOffice, and CSV saved by Excel on a UK
PC. Q1 is clean. Q2 carries the mistakes services really make; each is listed
in PLANTED, and tests/samples/expected-2017-18-Q2.txt is what
`kpiflow validate` must find: those and no others.

    samples/generate.py [--rules-only]   # python3-openpyxl, python3-xlsxwriter; soffice for one return
"""
import csv
import datetime
import io
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl
import xlsxwriter
from openpyxl.styles import Font, PatternFill

HERE = os.path.dirname(os.path.abspath(__file__))

# The mistakes in the Q2 returns, for the reader of this file.
PLANTED = [
    "Housing HO-05: the value is left blank (blank-value)",
    "Housing HO-04: shaded yellow as an estimate (estimated-value, a note)",
    "Adult Social Care AS-03: written 12,9% (unparseable-value)",
    "Children's Services CS-04: Red with no commentary (commentary-required)",
    "Environment EN-10: Ref typed EN-1O and the title reworded (unknown-indicator, then missing-indicator)",
    "Environment EN-03: the return's target is 50%, the rule file's 52% (target-differs)",
    "Leisure LE-03: Ref typed LE03, title as in the rule file (title-matched)",
    "Planning: the return was submitted on 3 November, after the deadline (late-return)",
    "Customer Services CU-02: calls answered jump from 12,480 to 31,950 (implausible-change)",
    "Customer Services CU-04: 0.87 typed for a percentage in a CSV (percent-scale-ambiguous)",
    "Finance FI-02: the year-to-date collection falls from Q1 (cumulative-decrease)",
]

# id, name, owner, e-mail, directorate, producer, submitted (Q1, Q2)
SERVICES = [
    ("HO", "Housing", "Jane Smith", "jane.smith", "Place", "openpyxl", ("2017-07-10", "2017-10-13 09:15")),
    ("AS", "Adult Social Care", "Ravi Patel", "ravi.patel", "People", "xlsxwriter", ("2017-07-12", "2017-10-11")),
    ("CS", "Children's Services", "Mary O'Neill", "mary.oneill", "People", "libreoffice", ("2017-07-13", "2017-10-12")),
    ("EN", "Environment", "Tom Hughes", "tom.hughes", "Place", "xlsxwriter", ("2017-07-11", "2017-10-10")),
    ("LE", "Leisure and Culture", "Sara Khan", "sara.khan", "Communities", "csv-utf8", ("2017-07-12", "2017-10-12")),
    ("PL", "Planning", "David Evans", "david.evans", "Place", "openpyxl", ("2017-07-14", "2017-11-03")),
    ("CU", "Customer Services", "Aisha Begum", "aisha.begum", "Resources", "csv-1252", ("2017-07-13", "2017-10-13")),
    ("FI", "Finance", "Peter Lowe", "peter.lowe", "Resources", "xlsxwriter", ("2017-07-07", "2017-10-09")),
]

# Each indicator: id, title, rule-file keys (YAML text), Q1 as written, Q2 as written.
# Percentages are written as Python floats formatted as % in workbooks, or as text.
I = []


def ind(id, title, keys, q1, q2, q2_comment=None):
    I.append(dict(id=id, title=title, keys=keys, q1=q1, q2=q2, q2_comment=q2_comment))


# What some indicators count, as a service reads it in its template (definition:).
DEFINITIONS = {
    "HO-01": "Households in temporary accommodation on the last day of the quarter, as reported in the H-CLIC return.",
    "HO-02": "Cases where homelessness was prevented, as a share of all cases closed in the quarter.",
    "HO-03": "New affordable homes completed in the quarter (social rent, affordable rent and shared ownership).",
    "HO-05": "Average calendar days from a council home becoming empty to a new tenancy starting, for homes let in the quarter.",
}

# Housing
ind("HO-01", "Households in temporary accommodation", 'key: true\n    polarity: down\n    targets: {2017/18: "<= 45"}', 41, 45)
ind("HO-02", "Homelessness cases prevented", "unit: percent\n    targets: {2017/18: 15%}\n    range: [0%, 100%]", 0.118, 0.129)
ind("HO-03", "Affordable homes delivered", "aggregation: cumulative\n    targets: {2017/18: 250}\n    profile: [10%, 35%, 70%, 100%]", 62, "60 (122 cum)")
ind("HO-04", "Rent collected", "unit: currency\n    aggregation: reported_cumulative\n    targets: {2017/18: £11m}", "£2.6m", 5500000)
ind("HO-05", "Average days to re-let council homes", "unit: days\n    decimals: 1\n    polarity: down\n    targets: {2017/18: 25}", 27.5, None)
ind("HO-06", "Tenant satisfaction", "unit: percent\n    frequency: annual\n    due: [Q4]\n    polarity: range\n    targets: {2017/18: 80%..90%}\n    tolerance: {amber_at: 75%, red_at: 70%}", "Not due", "Not due")
ind("HO-07", "Homes brought back into use", "aggregation: cumulative\n    targets: {2017/18: 120}", 31, 28)
ind("HO-08", "Housing repairs completed on time", "unit: percent\n    targets: {2017/18: \">= 95%\"}\n    range: [0%, 100%]", 0.962, 0.948)
# Adult Social Care
ind("AS-01", "Older people still at home 91 days after discharge", "key: true\n    unit: percent\n    targets: {2017/18: 91.1%}\n    range: [0%, 100%]", 0.883, 0.897)
ind("AS-02", "Delayed transfers of care (days)", "polarity: down\n    targets: {2017/18: 9000}\n    tolerance: 10%", 11412, 7790)
ind("AS-03", "Adults with learning disabilities in paid work", "unit: percent\n    targets: {2017/18: 12%}\n    range: [0%, 100%]", 0.121, "12,9%")
ind("AS-04", "Safeguarding enquiries concluded", "aggregation: cumulative\n    targets: {2017/18: 348}", 81, 86)
ind("AS-05", "Service users who feel safe", "unit: percent\n    frequency: annual\n    due: [Q4]\n    targets: {2017/18: 76%}", "Reported annually", "Reported annually")
ind("AS-06", "Care homes rated good or outstanding", "unit: percent\n    targets: {2017/18: 80%}", 0.74, 0.77)
ind("AS-07", "Permanent admissions to care homes (65+, per 100,000)", "unit: rate\n    polarity: down\n    targets: {2017/18: 628}", 164.2, 158.9)
# Children's Services
ind("CS-01", "Children looked after", "key: true\n    polarity: down\n    targets: {2017/18: \"<= 650\"}", 694, 690)
ind("CS-02", "Single assessments completed within 45 days", "unit: percent\n    targets: {2017/18: 95%}\n    range: [0%, 100%]", 0.847, 0.789)
ind("CS-03", "Re-referrals within 12 months", "unit: percent\n    polarity: down\n    targets: {2017/18: 19%}", 0.181, 0.176)
ind("CS-04", "Front door decisions within 1 working day", "unit: percent\n    targets: {2017/18: 85%}", 0.615, 0.599, q2_comment="")
ind("CS-05", "Care leavers in suitable accommodation", "unit: percent\n    targets: {2017/18: 97%}", 0.928, 0.971)
ind("CS-06", "Foster care households recruited", "aggregation: cumulative\n    targets: {2017/18: 15}", 4, 3)
ind("CS-07", "Children subject to a second child protection plan", "unit: percent\n    polarity: down\n    targets: {2017/18: 16%}", 0.153, 0.115)
# Environment
ind("EN-01", "Missed bins per 100,000 collections", "unit: rate\n    polarity: down\n    targets: {2017/18: 50}", 48.2, 51.0)
ind("EN-02", "Streets at grade B or above", "unit: percent\n    targets: {2017/18: 88%}", 0.831, 0.83)
ind("EN-03", "Household waste reused, recycled or composted", "key: true\n    unit: percent\n    targets: {2017/18: 52%}\n    tolerance: {green: 0%, amber: 2pp}", 0.61, 0.595)
ind("EN-04", "Fly-tipping incidents", "polarity: down\n    targets: {2017/18: \"<= 900\"}", 842, 880)
ind("EN-05", "Fly-tipping cleared within 2 working days", "unit: percent\n    targets: {2017/18: 90%}", 0.93, 0.91)
ind("EN-06", "Residual waste per household (kg)", "polarity: down\n    targets: {2017/18: 120}", 118, 117)
ind("EN-07", "Air quality: NO2 monitoring sites within limits", "unit: percent\n    frequency: annual\n    due: [Q4]\n    targets: {2017/18: 100%}", "Not due", "Not due")
ind("EN-08", "Planned highway maintenance schemes completed", "aggregation: cumulative\n    targets: {2017/18: 60}\n    profile: [15%, 45%, 75%, 100%]", 9, 18)
ind("EN-09", "Potholes repaired within 28 days", "unit: percent\n    targets: {2017/18: 90%}", 0.88, 0.9)
ind("EN-10", "Household waste sent for landfill", "unit: percent\n    polarity: down\n    targets: {2017/18: 5%}", 0.041, 0.039)
# Leisure and Culture
ind("LE-01", "Leisure centre visits", "aggregation: cumulative\n    targets: {2017/18: 2800000}", "695,330", "712,100")
ind("LE-02", "Subsidy per leisure visit", "unit: currency\n    decimals: 2\n    polarity: down\n    targets: {2017/18: £1.00}", "£1.12", "£1.09")
ind("LE-03", "Library visits", "aggregation: cumulative\n    targets: {2017/18: 1377760}", "340,112", "351,408")
ind("LE-04", "Customer satisfaction with leisure centres", "unit: percent\n    targets: {2017/18: \">= 87%\"}", "88%", "86.5%")
ind("LE-05", "Museum visits", "aggregation: cumulative\n    targets: {2017/18: 60000}", "14,380", "19,870")
ind("LE-06", "Active library members", "targets: {2017/18: 21000}", "20,450", "20,610")
ind("LE-07", "Residents doing 150 minutes of activity a week", "unit: percent\n    frequency: annual\n    due: [Q4]\n    targets: {2017/18: TBC}", "Not due", "Not due")
# Planning
ind("PL-01", "Major planning applications decided in 13 weeks", "key: true\n    unit: percent\n    targets: {2017/18: 60%}", 0.83, 0.86)
ind("PL-02", "Minor applications decided in 8 weeks", "unit: percent\n    targets: {2017/18: 70%}", 0.74, 0.71)
ind("PL-03", "Other applications decided in 8 weeks", "unit: percent\n    targets: {2017/18: 80%}", 0.88, 0.9)
ind("PL-04", "Housing units granted planning consent", "aggregation: cumulative\n    targets: {2017/18: 1200}", 301, 262)
ind("PL-05", "Appeals allowed against refusals", "unit: percent\n    polarity: down\n    targets: {2017/18: \"<= 30%\"}", 0.25, 0.2)
ind("PL-06", "Building control applications checked in 15 days", "unit: percent\n    targets: {2017/18: 95%}", 0.97, 0.96)
ind("PL-07", "Land charges searches returned in 5 days", "unit: percent\n    targets: {2017/18: 90%}", 0.93, 0.95)
# Customer Services
ind("CU-01", "Calls answered within 60 seconds", "unit: percent\n    targets: {2017/18: 80%}", "78.5%", "81.0%")
ind("CU-02", "Calls answered", "targets: {2017/18: none}\n    polarity: none\n    max_change: 50%", "12,480", "31,950")
ind("CU-03", "Complaints answered within 10 working days", "unit: percent\n    targets: {2017/18: 90%}", "91%", "89.5%",
    q2_comment='Two staff off sick;\n"spend to save" bid for £12k made')
ind("CU-04", "Customer satisfaction with the contact centre", "unit: percent\n    targets: {2017/18: 85%}", "86%", "0.87")
ind("CU-05", "Transactions made online", "unit: percent\n    targets: {2017/18: 60%}", "55.2%", "58.0%")
ind("CU-06", "Average wait in the contact centre (minutes)", "unit: number\n    decimals: 2\n    polarity: down\n    targets: {2017/18: 3}", "2.45", "+2.81")
ind("CU-07", "Freedom of information requests answered in 20 days", "unit: percent\n    targets: {2017/18: 90%}", "92%", "M")
# Finance
ind("FI-01", "Invoices paid within 30 days", "key: true\n    unit: percent\n    targets: {2017/18: 95%}\n    range: [0%, 100%]", 0.956, 0.961)
ind("FI-02", "Council tax collected (year to date)", "unit: percent\n    aggregation: reported_cumulative\n    targets: {2017/18: 97%}\n    profile: [30%, 59%, 88%, 100%]", 0.289, 0.281)
ind("FI-03", "Business rates collected (year to date)", "unit: percent\n    aggregation: reported_cumulative\n    targets: {2017/18: 98%}\n    profile: [31%, 59%, 88%, 100%]", 0.301, 0.586)
ind("FI-04", "Sickness absence per employee (days)", "unit: days\n    decimals: 2\n    polarity: down\n    targets: {2017/18: 10}\n    aggregation: reported_cumulative", 2.61, 5.02)
ind("FI-05", "Savings delivered", "unit: currency\n    aggregation: cumulative\n    targets: {2017/18: £5.5m}", 1200000, 1377760)
ind("FI-06", "Budget variance (net spend against budget)", "unit: currency\n    polarity: none", -120000, 85000)
ind("FI-07", "Debt over 90 days", "unit: currency\n    polarity: down\n    targets: {2017/18: £1.5m}", 1610000, 1490000)

# The Council Plan outcome each indicator reports under (themes cut across services).
THEME_OF_SERVICE = {"HO": "Homes and neighbourhoods", "AS": "Health and wellbeing", "CS": "Children and young people",
                    "EN": "Clean and green", "LE": "Health and wellbeing", "PL": "Growth and jobs",
                    "CU": "An efficient council", "FI": "An efficient council"}
THEME_EXCEPTIONS = {"PL-04": "Homes and neighbourhoods", "LE-03": "Children and young people",
                    "LE-05": "Growth and jobs", "HO-04": "An efficient council", "EN-10": "Homes and neighbourhoods"}


def theme(i):
    return THEME_EXCEPTIONS.get(i["id"], THEME_OF_SERVICE[i["id"].split("-")[0]])


COMMENTS = [
    "On track.",
    "Improving; the recovery plan agreed last quarter is working.",
    "Below target: agency staff are covering vacancies until October.",
    "Seasonal dip expected; see the service plan.",
    "In line with statistical neighbours.",
    "Demand up on last year; monitored weekly.",
]

ESTIMATE = "FFFF00"


def service_indicators(sid):
    return [i for i in I if i["id"].startswith(sid + "-")]


def comment(i, quarter, n):
    if quarter == 2 and i["q2_comment"] is not None:
        return i["q2_comment"]
    return COMMENTS[n % len(COMMENTS)]


def is_percent(i):
    return "unit: percent" in i["keys"]


def target_text(i, quarter):
    keys = i["keys"]
    start = keys.find("targets: {2017/18: ")
    if start < 0:
        return ""
    text = keys[start + len("targets: {2017/18: "):keys.index("}", start)].strip('"')
    if i["id"] == "EN-03" and quarter == 2:
        return "50%"  # planted: the return's target is not the rule file's
    return "" if text == "none" else text


def rows_for(sid, quarter):
    """(ref, title, previous, value, target, commentary, estimated) per indicator."""
    out = []
    for n, i in enumerate(service_indicators(sid)):
        ref, title = i["id"], i["title"]
        if quarter == 2 and ref == "EN-10":
            ref, title = "EN-1O", "Household waste landfilled"
        if quarter == 2 and ref == "LE-03":
            ref = "LE03"
        value = i["q1"] if quarter == 1 else i["q2"]
        previous = i["q1"] if quarter == 2 else None
        out.append((ref, title, previous, value, target_text(i, quarter), comment(i, quarter, n), quarter == 2 and ref == "HO-04", is_percent(i)))
    return out


def period(quarter):
    return f"Q{quarter} 2017/18"


def file_stem(name, quarter):
    return f"{name.lower().replace(' ', '-').replace(chr(39), '')}-2017-18-Q{quarter}"


def out_dir(quarter):
    d = os.path.join(HERE, "returns", f"2017-18-Q{quarter}")
    os.makedirs(d, exist_ok=True)
    return d


HEADER = ["Ref", "Indicator", "{previous}", "{period}", "Target 2017/18", "Commentary"]


def headers(quarter):
    prev = "Q1 2017/18" if quarter == 2 else "Q4 2016/17"
    return [prev if h == "{previous}" else period(quarter) if h == "{period}" else h for h in HEADER]


def write_openpyxl(service, quarter, path):
    sid, name = service[0], service[1]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"Q{quarter} Return"
    ws["A1"], ws["B1"] = "Service", name
    ws["A2"], ws["B2"] = "Period", f"2017/18 Q{quarter}"
    ws["A3"], ws["B3"] = "Submitted", datetime.datetime.fromisoformat(service[6][quarter - 1])
    ws["B3"].number_format = "dd/mm/yyyy hh:mm" if ":" in service[6][quarter - 1] else "dd/mm/yyyy"
    for col, text in enumerate(headers(quarter), start=1):
        ws.cell(row=5, column=col, value=text).font = Font(bold=True)
    for r, (ref, title, prev, value, target, note, estimated, percent) in enumerate(rows_for(sid, quarter), start=6):
        for c, v in enumerate([ref, title, prev, value, target, note], start=1):
            cell = ws.cell(row=r, column=c, value=v)
            if percent and isinstance(v, float):
                cell.number_format = "0.0%"
            if c == 4 and isinstance(v, int) and v > 100000:
                cell.number_format = '"£"#,##0'
        if estimated:
            ws.cell(row=r, column=4).fill = PatternFill("solid", fgColor=ESTIMATE)
    lookups = wb.create_sheet("Lookups")
    lookups.sheet_state = "hidden"
    for r, state in enumerate(["Not due", "TBC", "-"], start=1):
        lookups.cell(row=r, column=1, value=state)
    wb.save(path)


def write_xlsxwriter(service, quarter, path):
    sid, name = service[0], service[1]
    wb = xlsxwriter.Workbook(path)
    sheet = "Performance" if sid == "EN" else f"Q{quarter} Return"
    ws = wb.add_worksheet(sheet)
    bold = wb.add_format({"bold": True})
    pct = wb.add_format({"num_format": "0.0%"})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_string(0, 0, "Service")
    ws.write_string(0, 1, name)
    ws.write_string(1, 0, "Period")
    ws.write_string(1, 1, f"2017/18 Q{quarter}")
    ws.write_string(2, 0, "Submitted")
    ws.write_datetime(2, 1, datetime.datetime.fromisoformat(service[6][quarter - 1]), date)
    for col, text in enumerate(headers(quarter)):
        ws.write_string(4, col, text, bold)
    for r, (ref, title, prev, value, target, note, estimated, percent) in enumerate(rows_for(sid, quarter), start=5):
        for c, v in enumerate([ref, title, prev, value, target, note]):
            if v is None:
                continue
            if sid == "FI" and c == 3 and isinstance(v, (int, float)):
                # Finance works its figures out in the sheet: a formula with its cached result.
                ws.write_formula(r, c, f"={v!r}*1", pct if percent else None, v)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v, pct if percent and isinstance(v, float) else None)
            else:
                ws.write_string(r, c, v)
    wb.close()


def write_libreoffice(service, quarter, path):
    # LibreOffice writes its own .xlsx: made from an openpyxl file, saved again by soffice.
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice is needed for the LibreOffice return (apt-get install libreoffice-calc-nogui)")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "source.xlsx")
        write_openpyxl(service, quarter, src)
        outdir = os.path.join(tmp, "out")
        subprocess.run([soffice, "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir, src],
                       check=True, capture_output=True, env=dict(os.environ, HOME=tmp))
        shutil.copyfile(os.path.join(outdir, "source.xlsx"), path)


def csv_rows(sid, quarter, percent_text):
    rows = []
    for ref, title, prev, value, target, note, estimated, percent in rows_for(sid, quarter):
        def shown(v):
            if v is None:
                return ""
            if isinstance(v, float) and percent and percent_text:
                return f"{v * 100:g}%"
            return str(v)
        rows.append([ref, title, shown(prev), shown(value), target, note])
    return rows


def uk_date(iso):
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def write_csv_utf8(service, quarter, path):
    # Leisure keeps its own headings and no metadata block: the file name says the rest.
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["Submitted", uk_date(service[6][quarter - 1])])
    w.writerow([])
    prev = "Q1 2017/18" if quarter == 2 else "Q4 2016/17"
    w.writerow(["PI Ref", "Measure", prev, period(quarter), "Target", "Notes"])
    w.writerows(csv_rows(service[0], quarter, True))
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))  # Excel's "CSV UTF-8"


def write_csv_1252(service, quarter, path):
    # Excel's "CSV (Comma delimited)" on a UK PC: Windows-1252, metadata rows on top.
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["Service", service[1]])
    w.writerow(["Period", f"2017/18 Q{quarter}"])
    w.writerow(["Submitted", uk_date(service[6][quarter - 1])])
    w.writerow([])
    w.writerow(headers(quarter))
    w.writerows(csv_rows(service[0], quarter, True))
    with open(path, "wb") as f:
        f.write(out.getvalue().encode("windows-1252"))


WRITERS = {"openpyxl": write_openpyxl, "xlsxwriter": write_xlsxwriter, "libreoffice": write_libreoffice,
           "csv-utf8": write_csv_utf8, "csv-1252": write_csv_1252}


def rule_file():
    lines = [
        "# The sample council's rule file: 8 services, 60 indicators (docs/rules.md).",
        "# Written by samples/generate.py.",
        "scorecard:",
        "  name: Northfield Council Plan 2017/18",
        "  year_starts: April",
        "  frequency: quarterly",
        "  levels: 3",
        "  tolerance: 5%                # Amber within 5% of target; Red beyond",
        "  maintained: {worse: 2%, better: 0%}   # a small decline is Maintained, any gain Improving",
        "  commentary_required: [red]",
        "",
        "states:",
        "  M: [M, \"-\", Awaiting data]",
        "  not_due: [Not due, Reported annually]",
        "  missing: [Missing]",
        "  no_target: [TBC, No target]",
        "",
        "services:",
    ]
    for sid, name, owner, email, directorate, producer, _ in SERVICES:
        lines += [f"  - id: {sid}", f"    name: {name}", f"    owner: {owner}", f"    email: {email}@northfield.example.gov.uk",
                  f"    directorate: {directorate}", "    deadline_working_days: 10"]
        if sid == "EN":
            lines.append("    sheet: Performance")
        elif not producer.startswith("csv"):
            lines.append("    sheet: \"Q? Return\"")
        if sid == "LE":
            lines += ["    columns:", "      ref: PI Ref", "      indicator: Measure", "      value: \"{period}\"",
                      "      previous: \"{previous}\"", "      target: Target", "      commentary: Notes",
                      "    metadata: {submitted: B1}   # the service and period are in the file name"]
        else:
            lines += ["    columns:", "      ref: Ref", "      indicator: Indicator", "      value: \"{period}\"",
                      "      previous: \"{previous}\"", "      target: [Target, Target 2017/18]", "      commentary: Commentary"]
            lines.append("    metadata: {service: B1, period: B2, submitted: B3}")
        if sid == "HO":
            lines.append("    estimate_fill: FFFF00     # yellow: an estimate")
    lines += ["", "indicators:"]
    for i in I:
        sid = i["id"].split("-")[0]
        title = f'"{i["title"]}"' if ":" in i["title"] else i["title"]
        lines += [f"  - id: {i['id']}", f"    title: {title}", f"    service: {sid}", f"    theme: {theme(i)}", f"    {i['keys']}"]
        if i["id"] in DEFINITIONS:
            lines.append(f'    definition: "{DEFINITIONS[i["id"]]}"')
    lines += ["",
              "shared_targets:                # one target for the sum of several indicators",
              "  - id: LE-V",
              "    title: Visits to leisure centres and libraries",
              "    indicators: [LE-01, LE-03]",
              "    theme: Health and wellbeing",
              "    targets: {2017/18: 4200000}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open(os.path.join(HERE, "council.yaml"), "w") as f:
        f.write(rule_file())
    if sys.argv[1:] == ["--rules-only"]:  # the returns are committed; rewrite the rule file alone
        sys.exit(0)
    for service in SERVICES:
        for quarter in (1, 2):
            ext = ".csv" if service[5].startswith("csv") else ".xlsx"
            WRITERS[service[5]](service, quarter, os.path.join(out_dir(quarter), file_stem(service[1], quarter) + ext))
