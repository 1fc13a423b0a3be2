"""What the oracle scripts share: checks that collect failures, and running
kpiflow as a user runs it. Imported by tests/*/..._oracle.py."""
import subprocess

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL", what)


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, timeout=600)


def finish():
    """Exits 1, saying how many, when a check failed; else says all passed."""
    if failures:
        print(f"{len(failures)} checks failed")
        raise SystemExit(1)
    print("all checks passed")


def cut_off(path):
    """Cells of a workbook's visible sheets whose text is wider than its
    column, not wrapped, and runs into a filled cell beside it (where Excel
    and LibreOffice cut it off): "Sheet!C5 'text' (40 chars, column 12)".
    A text may run on over empty cells, as titles and notes do; merged
    cells are left alone. Widths are in characters of the default font, a
    tenth spared for wider letters."""
    import openpyxl
    from openpyxl.utils import get_column_letter
    out = []
    for ws in openpyxl.load_workbook(path).worksheets:
        if ws.sheet_state != "visible":
            continue
        widths = {}
        for dim in ws.column_dimensions.values():
            for i in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
                widths[i] = dim.width or 8.43
        merged = {(r, c) for rng in ws.merged_cells.ranges for r in range(rng.min_row, rng.max_row + 1)
                  for c in range(rng.min_col, rng.max_col + 1)}
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or (cell.row, cell.column) in merged or cell.alignment.wrap_text:
                    continue
                width = widths.get(cell.column, 8.43)
                if len(cell.value) <= width * 1.1 + 1:
                    continue
                right = cell.alignment.horizontal == "right"
                if right and cell.column == 1:
                    continue
                beside = ws.cell(row=cell.row, column=cell.column - 1 if right else cell.column + 1).value
                if beside not in (None, ""):
                    out.append(f"{ws.title}!{get_column_letter(cell.column)}{cell.row} '{cell.value[:40]}' ({len(cell.value)} chars, column {width:.1f})")
    return out
