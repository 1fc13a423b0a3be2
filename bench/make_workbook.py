#!/usr/bin/python3
"""Writes the benchmark workbook: ROWS rows x 10 columns laid out as Excel
saves a sheet (shared-string table, r attributes on rows and cells, styles
for dates and percentages), deflated.

usage: make_workbook.py OUT.xlsx [ROWS] [--few-strings]
       (default 200,000 rows: 2M cells; --few-strings repeats 100 comments,
       so the string table stays small and only the sheet grows)
"""
import random
import sys
import zipfile

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
few_strings = "--few-strings" in sys.argv
rng = random.Random(2017)

services = ["Adult Social Care", "Children's Services", "Housing", "Leisure", "Planning",
            "Revenues & Benefits", "Waste & Recycling", "Highways"]
words = ("performance improved against target this quarter although demand increased staffing "
         "vacancies affected delivery recovery plan agreed with partners data estimated pending "
         "validation seasonal pattern expected").split()

strings, index = [], {}


def sst(text):
    if text not in index:
        index[text] = len(strings)
        strings.append(text)
    return index[text]


for s in services:
    sst(s)
headers = ["Id", "Service", "Ref", "Value", "Percent", "Target", "Date", "Period", "Commentary", "Count"]
for h in headers:
    sst(h)

COLS = "ABCDEFGHIJ"
FEW = [" ".join(random.Random(i).choice(words) for _ in range(9))[:60] + " %d" % i for i in range(100)]


def esc(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sheet_rows():
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    yield ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           '<dimension ref="A1:J%d"/><sheetData>' % (rows + 1))
    cells = "".join('<c r="%s1" t="s"><v>%d</v></c>' % (COLS[i], sst(h)) for i, h in enumerate(headers))
    yield '<row r="1" spans="1:10">%s</row>' % cells
    chunk = []
    for r in range(2, rows + 2):
        if few_strings:
            comment = FEW[r % 100]
        else:
            comment = " ".join(rng.choice(words) for _ in range(9))[:60] + " %d" % r
        c = [
            '<c r="A%d"><v>%d</v></c>' % (r, r - 1),
            '<c r="B%d" t="s"><v>%d</v></c>' % (r, sst(services[r % len(services)])),
            '<c r="C%d" t="s"><v>%d</v></c>' % (r, sst("PI-%03d" % (r % 500))),
            '<c r="D%d"><v>%r</v></c>' % (r, round(rng.uniform(0, 100000), 2)),
            '<c r="E%d" s="1"><v>%r</v></c>' % (r, round(rng.random(), 4)),
            '<c r="F%d"><v>%d</v></c>' % (r, rng.randint(1, 1000)),
            '<c r="G%d" s="2"><v>%d</v></c>' % (r, 42917 + r % 365),
            '<c r="H%d" t="s"><v>%d</v></c>' % (r, sst("2017/18 Q%d" % (1 + r % 4))),
            '<c r="I%d" t="s"><v>%d</v></c>' % (r, sst(comment)),
            '<c r="J%d"><v>%d</v></c>' % (r, rng.randint(0, 50)),
        ]
        chunk.append('<row r="%d" spans="1:10">%s</row>' % (r, "".join(c)))
        if len(chunk) == 10000:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)
    yield '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'


with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        for piece in sheet_rows():
            f.write(piece.encode("utf-8"))
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
               '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
               '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
               '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
    z.writestr("_rels/.rels",
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml",
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels",
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
               '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
    z.writestr("xl/styles.xml",
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
               '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
               '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
               '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
               '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
               '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
               '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
               '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')
    total = rows * 10 + 10
    z.writestr("xl/sharedStrings.xml",
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
               % (total, len(strings), "".join("<si><t>%s</t></si>" % esc(s) for s in strings)))
print("wrote %s: %d rows x 10 columns, %d shared strings" % (out, rows, len(strings)))
