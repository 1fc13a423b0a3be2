#!/usr/bin/python3
"""Issue 16: `kpiflow export --html` writes scorecard.html, the report a
council puts on its website. Checked by independent programs: Debian's
chromium opens it headless (it renders, with no console message, and a
screenshot is taken), tidy validates it, Python's own HTML parser reads
its tables, and every indicator's and action's status in the store is in
its text, in words. The status colours' contrast with their text is
worked out from the page's own CSS (WCAG AA: at least 4.5:1).

usage: html_oracle.py KPIFLOW REPO
"""
import html.parser
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from oracle import check, finish, run  # noqa: E402

WORDS = {"R": "Red", "RA": "Red-Amber", "A": "Amber", "AG": "Amber-Green", "G": "Green"}
STATES = {"M": "In measurement", "not_due": "Not due", "missing": "Missing", "no_target": "No target", "not_scored": "Not scored"}


class Rows(html.parser.HTMLParser):
    """Each table row's cells as text, by the row's first cell (the Ref); tags seen; external references."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.tags, self.external = {}, None, None, set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(f"{tag} {name}={value}")
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row:
            self.rows.setdefault(self.row[0], []).append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def luminance(hex_colour):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def report(kpiflow, work, rules, returns, periods, tag):
    db, out = os.path.join(work, f"{tag}.db"), os.path.join(work, tag)
    run(kpiflow, "ingest", returns, "--rules", rules, "--db", db)
    for period in periods:
        run(kpiflow, "transform", "--rules", rules, "--period", period, "--db", db, "--quiet")
    done = run(kpiflow, "export", "--rules", rules, "--period", periods[-1], "--db", db, "--out", out, "--html")
    page = os.path.join(out, "scorecard.html")
    check(done.returncode == 0 and os.path.exists(page) and f"report for the website: {page}" in done.stdout,
          f"{tag}: export --html: {done.stdout}{done.stderr}")
    return db, page


def browse(page, work, tag):
    """The page as chromium renders it: its DOM after parsing, and a screenshot."""
    chromium = shutil.which("chromium")
    check(chromium is not None, "chromium is installed (./bootstrap.sh installs it)")
    if chromium is None:
        return "", ""
    profile = tempfile.mkdtemp(prefix="kpiflow-chromium-", dir=work)
    shot = os.path.join(work, f"{tag}.png")
    common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={profile}",
              "--enable-logging=stderr", "--v=0"]
    dom = subprocess.run(common + ["--dump-dom", "file://" + page], capture_output=True, text=True, timeout=180)
    shown = subprocess.run(common + [f"--screenshot={shot}", "--window-size=1280,3000", "file://" + page], capture_output=True, text=True,
                           timeout=180)
    check(dom.returncode == 0 and "</html>" in dom.stdout, f"{tag}: chromium renders the page: {dom.returncode} {dom.stderr[-500:]}")
    console = [line for line in (dom.stderr + shown.stderr).splitlines() if "CONSOLE" in line or "Uncaught" in line]
    check(not console, f"{tag}: no console message: {console[:3]}")
    check(shown.returncode == 0 and os.path.exists(shot) and os.path.getsize(shot) > 20000, f"{tag}: a screenshot is taken: {shown.stderr[-300:]}")
    if os.path.exists(shot):
        from PIL import Image
        colours = Image.open(shot).convert("RGB").getcolors(1 << 20) or []
        check(len(colours) > 50, f"{tag}: the screenshot shows the report, not a blank page ({len(colours)} colours)")
    return dom.stdout, shot


def statuses_in(db, period):
    con = sqlite3.connect(db)
    results = con.execute("SELECT indicator, status, state FROM result WHERE period = ?", (period,)).fetchall()
    actions = con.execute("SELECT action, status, state FROM action_result WHERE period = ?", (period,)).fetchall()
    con.close()
    return results, actions


def main():
    kpiflow, repo = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.chdir(repo)
    work = tempfile.mkdtemp(prefix="kpiflow-html-")
    for tag, rules, returns, periods in (
            ("county", "samples/county/county.yaml", "samples/county/returns", ["2018/19 Q1", "2018/19 Q2"]),
            ("council", "samples/council.yaml", "samples/returns", ["2017/18 Q1", "2017/18 Q2"])):
        db, page = report(kpiflow, work, rules, returns, periods, tag)
        if not os.path.exists(page):
            continue
        text = open(page, encoding="utf-8").read()
        tidy = subprocess.run(["tidy", "-e", "-q", page], capture_output=True, text=True)
        check(tidy.returncode == 0, f"{tag}: tidy finds no error or warning: {tidy.stderr[:600]}")
        parsed = Rows()
        parsed.feed(text)
        check(not parsed.external, f"{tag}: one self-contained file, nothing fetched: {parsed.external[:3]}")
        check("script" not in parsed.tags and "<script" not in text.lower(), f"{tag}: no script")
        check({"table", "caption", "thead", "th", "svg", "style"} <= parsed.tags, f"{tag}: real tables with captions and headers, inline SVG charts")
        check(re.search(r'<html lang="en-GB">', text) is not None, f"{tag}: the page says its language")
        check(len(re.findall(r'<th scope="col"', text)) > 20 and len(re.findall(r'<th scope="row"', text)) > 10, f"{tag}: headers scoped")
        check(re.search(r'<svg[^>]*role="img"[^>]*aria-label="[^"]+"', text) is not None, f"{tag}: charts have text alternatives")

        # Every status in words as well as colour, each on a colour its text stands out on.
        for klass, background, colour in re.findall(r"td\.(s-\w+) \{ background: #([0-9A-F]{6}); color: #([0-9A-F]{6}); \}", text):
            check(contrast(background, colour) >= 4.5, f"{tag}: {klass} contrast {contrast(background, colour):.2f}:1")
        check(contrast("1a1a1a", "ffffff") >= 4.5 and contrast("1f3864", "ffffff") >= 4.5 and contrast("1f3864", "dde3f0") >= 4.5,
              f"{tag}: body, heading and link text contrast")

        dom, _ = browse(page, work, tag)
        rendered = Rows()
        rendered.feed(dom)
        results, actions = statuses_in(db, periods[-1])
        check(len(results) > 0, f"{tag}: the store has the period's scorecard")
        missing = []
        for ref, status, state in results + actions:
            words = WORDS.get(status) or STATES.get(state) or "No status"
            rows = rendered.rows.get(ref, [])
            if not any(words in " ".join(row) for row in rows):
                missing.append(f"{ref} {words}: {rows[:1]}")
        check(not missing, f"{tag}: every indicator's and action's status is in the rendered page, in words: {missing[:5]}")
        if tag == "county":
            check(any("Red" in " ".join(r) and "By July 2018" in " ".join(r) for r in rendered.rows.get("1.2", [])), "county: action 1.2 Red, by July")
            check("Actions by theme" in dom and "Scorecard by outcome" in dom, "county: the actions' roll-up and the outcomes")
            order = [m.start() for m in re.finditer(r"People are healthy and safe: (actions|measures)", dom)]
            check(len(order) == 2 and dom.find("People are healthy and safe: actions") < dom.find("People are healthy and safe: measures"),
                  "county: an outcome's actions, then its measures")
    shutil.rmtree(work, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
