#!/usr/bin/python3
"""Writes the sample returns in samples/returns/ (committed; rerun by hand
when they change). Returns look like what services send a performance team:
a metadata block, a header row, values typed as numbers, percentages and
text, an estimated value shaded yellow, and a hidden lookup sheet.

    samples/generate.py      # needs python3-openpyxl (./bootstrap.sh)
"""
import datetime
import os

import openpyxl
from openpyxl.styles import Font, PatternFill

HERE = os.path.dirname(os.path.abspath(__file__))
ESTIMATED = PatternFill("solid", fgColor="FFFF00")


def housing():
    wb = openpyxl.Workbook()
    wb.properties.created = datetime.datetime(2017, 10, 13)
    ws = wb.active
    ws.title = "Q2 Return"
    ws["A1"], ws["B1"] = "Service", "Housing"
    ws["A2"], ws["B2"] = "Period", "2017/18 Q2"
    ws["A3"], ws["B3"] = "Submitted", datetime.datetime(2017, 10, 13, 9, 15)
    ws["B3"].number_format = "dd/mm/yyyy hh:mm"
    header = ["Ref", "Indicator", "Q1 2017/18", "Q2 2017/18", "Target 2017/18", "Commentary"]
    for col, text in enumerate(header, start=1):
        ws.cell(row=5, column=col, value=text).font = Font(bold=True)
    rows = [
        ("HO-01", "Households in temporary accommodation", 41, 45, "<= 45", "On target"),
        ("HO-02", "Homelessness cases prevented (%)", 0.118, 0.129, 0.15, "Below target: new prevention officer starts in October"),
        ("HO-03", "Affordable homes delivered (cumulative)", 60, "60 (122 cum)", 250, ""),
        ("HO-04", "Rent collected", "£5.2m", 5500000, "£11m", "Estimate: September figures not final"),
        ("HO-05", "Average days to re-let council homes", 27.5, "-", 25, "Awaiting data from the housing system"),
        ("HO-06", "Tenant satisfaction (annual survey)", "Not due", "Not due", "TBC", "Reported annually in Q4"),
    ]
    for r, row in enumerate(rows, start=6):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    ws["C7"].number_format = ws["D7"].number_format = ws["E7"].number_format = "0.0%"
    ws["D9"].number_format = '"£"#,##0'
    ws["D9"].fill = ESTIMATED
    lookups = wb.create_sheet("Lookups")
    lookups.sheet_state = "hidden"
    for r, state in enumerate(["Not due", "TBC", "-"], start=1):
        lookups.cell(row=r, column=1, value=state)
    wb.save(os.path.join(HERE, "returns", "housing-2017-18-Q2.xlsx"))


def leisure():
    # Saved the way Excel's "CSV (Comma delimited)" does on a UK PC:
    # Windows-1252, so the pound sign is the single byte 0xA3.
    text = ("Service,Leisure\r\nPeriod,2017/18 Q2\r\n\r\n"
            "Ref,Indicator,Q1 2017/18,Q2 2017/18,Target 2017/18,Commentary\r\n"
            "LE-01,Leisure centre visits,\"1,377,760\",\"1,402,115\",\"1,400,000\",\r\n"
            "LE-02,Subsidy per visit,£1.12,£1.09,£1.00,\"Energy costs up; \"\"spend to save\"\" bid made\"\r\n"
            "LE-03,Customer satisfaction,87%,12.9%,>= 87%,\"Survey sample was small\nin September\"\r\n")
    with open(os.path.join(HERE, "returns", "leisure-2017-18-Q2.csv"), "wb") as f:
        f.write(text.encode("windows-1252"))


if __name__ == "__main__":
    housing()
    leisure()
