#!/usr/bin/python3
"""Seeds for reader_fuzz: each file as mode 0 (.xlsx) or 1 (.csv), and each
workbook's worksheet, shared strings, styles and workbook XML as mode 2."""
import os
import sys
import zipfile

out, files = sys.argv[1], sys.argv[2:]
n = 0
for path in files:
    if not os.path.isfile(path):
        continue
    data = open(path, "rb").read()
    mode = b"\x01" if path.endswith((".csv", ".tsv", ".txt")) else b"\x00"
    open(os.path.join(out, "seed%04d" % n), "wb").write(mode + data)
    n += 1
    if mode == b"\x00" and len(data) < 2_000_000:
        try:
            z = zipfile.ZipFile(path)
            names = {i.filename.lower(): i.filename for i in z.infolist()}
            def part(name):
                real = names.get(name)
                return z.read(real) if real else b""
            sheet = part("xl/worksheets/sheet1.xml")
            if sheet and len(sheet) < 200_000:
                seed = b"\x02" + sheet + b"\0\0" + part("xl/sharedstrings.xml") + b"\0\0" + part("xl/styles.xml")
                open(os.path.join(out, "seed%04d" % n), "wb").write(seed)
                n += 1
        except zipfile.BadZipFile:
            pass
print("seeds:", n)
