#!/usr/bin/python3
"""The peer: openpyxl in its fastest mode reads every cell, counts the
non-empty ones and sums the numbers. usage: openpyxl_read.py FILE.xlsx"""
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
cells, total = 0, 0.0
for sheet in book.worksheets:
    for row in sheet.iter_rows(values_only=True):
        for value in row:
            if value is None:
                continue
            cells += 1
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                total += value
print("cells %d sum %.17g" % (cells, total))
