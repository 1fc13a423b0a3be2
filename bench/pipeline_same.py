#!/usr/bin/python3
"""pipeline_same.py BEFORE.db AFTER.db BEFORE_OUT AFTER_OUT: the result/rollup/compliance tables and every workbook cell compared."""
import sqlite3, sys, os, openpyxl
a, b, oa, ob = sys.argv[1:5]
bad = 0
def columns(db, table):
    return [row[1] for row in sqlite3.connect(db).execute(f"PRAGMA table_info({table})")]


for table in ("result", "rollup", "compliance"):
    # The columns both stores have: a later schema's new columns are reported, not compared.
    shared = [c for c in columns(a, table) if c in columns(b, table)]
    added = [c for c in columns(b, table) if c not in shared]
    if added:
        print(f"{table}: only in {b}: {', '.join(added)}")
    ra = sqlite3.connect(a).execute(f"SELECT {', '.join(shared)} FROM {table} ORDER BY period, position").fetchall()
    rb = sqlite3.connect(b).execute(f"SELECT {', '.join(shared)} FROM {table} ORDER BY period, position").fetchall()
    if ra != rb:
        bad += 1
        diff = [(x, y) for x, y in zip(ra, rb) if x != y]
        print(f"{table}: {len(ra)} vs {len(rb)} rows, {len(diff)} differ; first: {diff[:1]}")
    else:
        print(f"{table}: {len(ra)} rows identical")
for name in sorted(os.listdir(oa)):
    if not name.endswith(".xlsx"): continue
    wa = openpyxl.load_workbook(os.path.join(oa, name), read_only=True)
    wb = openpyxl.load_workbook(os.path.join(ob, name), read_only=True)
    if wa.sheetnames != wb.sheetnames:
        print(name, "sheets differ"); bad += 1; continue
    cells = 0
    for s in wa.sheetnames:
        va = [tuple(c for c in row) for row in wa[s].iter_rows(values_only=True)]
        vb = [tuple(c for c in row) for row in wb[s].iter_rows(values_only=True)]
        if va != vb:
            bad += 1
            d = [(i, x, y) for i, (x, y) in enumerate(zip(va, vb)) if x != y]
            print(f"{name}!{s}: {len(va)} vs {len(vb)} rows; first difference {d[:1]}")
        cells += sum(len(r) for r in va)
    print(f"{name}: {len(wa.sheetnames)} sheets, {cells} cells compared")
print("IDENTICAL" if bad == 0 else f"{bad} DIFFERENCES")
sys.exit(1 if bad else 0)
