#!/usr/bin/env python3
"""Checks the technical report in a real browser (headless Debian chromium).

Usage: python3 Tools/ci/check_report.py REPORT.html TABLES_DIR SCREENSHOT_DIR [CHROMIUM]

1. Loads the report in headless chromium with console logging on stderr, dumps the DOM the
   browser built, and fails on any console message (the report has no scripts, so any message
   is an error: a resource it tried to fetch, a parse problem).
2. Every section of the report is present and every figure holds an SVG with content.
3. For every conversion plot `svg#conversion-<form>`: the plotted points (data-x, data-y) are
   exactly the raw and scaled columns of TABLES_DIR/<form>.csv, and each marker's pixel
   position is where the axis ticks put those values.
4. Writes screenshots: the whole report's top, and the linking and equating sections, as PNG
   files in SCREENSHOT_DIR (cropped from one tall capture when Pillow is installed).

Exit status 0 when everything holds, 1 otherwise (every failure is printed).
"""
import csv
import html.parser
import pathlib
import re
import subprocess
import sys

SECTIONS = ["form", "items", "calibration", "linking", "equating", "fairness", "provenance"]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


class DOM(html.parser.HTMLParser):
    """Collects elements with attributes, the section each lies in, and figure contents."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.elements = []  # (tag, attrs, svg id or None, section id or None)
        self.svg = None
        self.section = None
        self.section_depth = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append(tag)
        if tag == "section":
            self.section = attrs.get("id")
            self.section_depth = len(self.stack)
        if tag == "svg":
            self.svg = attrs.get("id")
        self.elements.append((tag, attrs, self.svg, self.section))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()
            if top == "svg":
                self.svg = None
            if top == "section" and self.section_depth is not None and len(self.stack) < self.section_depth:
                self.section = None
                self.section_depth = None
            if top == tag:
                break


def read_table(path):
    with open(path, newline="") as handle:
        rows = [line for line in handle if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(rows))


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    report = pathlib.Path(sys.argv[1]).resolve()
    tables = pathlib.Path(sys.argv[2])
    shots = pathlib.Path(sys.argv[3])
    chromium = sys.argv[4] if len(sys.argv) > 4 else "chromium"
    shots.mkdir(parents=True, exist_ok=True)
    base = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--enable-logging=stderr", "--v=0"]
    url = report.as_uri()
    dump = subprocess.run(base + ["--dump-dom", url], capture_output=True, text=True, timeout=300)
    if dump.returncode != 0:
        fail(f"chromium --dump-dom exited {dump.returncode}: {dump.stderr[-2000:]}")
        return finish()
    console = [line for line in dump.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    for line in console:
        fail("console message: " + line)
    dom = DOM()
    dom.feed(dump.stdout)
    print(f"DOM: {len(dump.stdout)} characters, {len(dom.elements)} elements")

    section_ids = {attrs.get("id") for tag, attrs, _, _ in dom.elements if tag == "section"}
    for section in SECTIONS:
        if section not in section_ids:
            fail(f"section #{section} is missing")
    svgs = [attrs.get("id") for tag, attrs, _, _ in dom.elements if tag == "svg"]
    figures = [attrs.get("id") for tag, attrs, _, _ in dom.elements if tag == "figure"]
    for figure in figures:
        if figure is None or figure[4:] not in svgs:
            fail(f"figure {figure} holds no svg")
    marks = {}
    for tag, attrs, svg, _ in dom.elements:
        if svg and tag in ("circle", "rect", "polygon", "polyline", "path") and "class" in attrs or (svg and tag == "polyline"):
            marks[svg] = marks.get(svg, 0) + 1
    for svg in svgs:
        if marks.get(svg, 0) == 0:
            fail(f"plot {svg} draws nothing")
    by_section = {}
    for tag, attrs, svg, section in dom.elements:
        if tag == "svg":
            by_section.setdefault(section, []).append(attrs.get("id"))
    for section in SECTIONS[:-1]:
        if not by_section.get(section):
            fail(f"section #{section} has no plot")
    print(f"sections: {sorted(s for s in section_ids if s)}; {len(svgs)} plots")

    conversions = [s for s in svgs if s and s.startswith("conversion-")]
    if not conversions:
        fail("no conversion plot")
    for svg in conversions:
        form = svg[len("conversion-"):]
        table_path = tables / f"{form}.csv"
        if not table_path.exists():
            fail(f"{table_path} does not exist for plot {svg}")
            continue
        rows = read_table(table_path)
        expected = [(float(r["raw"]), float(r["scaled"])) for r in rows]
        points = [(a, attrs) for tag, a, s, _ in dom.elements if s == svg and tag == "circle" and a.get("class") == "point"
                  for attrs in [a]]
        plotted = [(float(a["data-x"]), float(a["data-y"])) for a, _ in points]
        if plotted != expected:
            fail(f"{svg}: plotted points differ from {table_path}: first differences "
                 f"{[(p, e) for p, e in zip(plotted, expected) if p != e][:5]} (counts {len(plotted)} vs {len(expected)})")
        ticks = {axis: {} for axis in ("x", "y")}
        for tag, a, s, _ in dom.elements:
            if s == svg and tag == "g" and a.get("class") == "tick":
                ticks[a["data-axis"]][float(a["data-value"])] = float(a["data-px"])
        for axis, coordinate, index in (("x", "cx", 0), ("y", "cy", 1)):
            values = sorted(ticks[axis])
            if len(values) < 2:
                fail(f"{svg}: fewer than two {axis} ticks")
                continue
            (v0, p0), (v1, p1) = (values[0], ticks[axis][values[0]]), (values[-1], ticks[axis][values[-1]])
            for a, _ in points:
                value = float(a[f"data-{axis}"])
                pixel = p0 + (p1 - p0) * (value - v0) / (v1 - v0)
                if abs(pixel - float(a[coordinate])) > 0.02:
                    fail(f"{svg}: point {a['data-x']},{a['data-y']} drawn at {coordinate}={a[coordinate]}, axis puts it at {pixel:.2f}")
                    break
        print(f"{svg}: {len(plotted)} points = {table_path} rows")

    screenshot(base, url, shots)
    return finish()


def screenshot(base, url, shots):
    """The top of the report, then each of the form, linking, equating and fairness sections on
    its own: a copy of the report with a style that hides the other sections (the content is
    the report's own), captured tall and trimmed of the blank space below when Pillow exists."""
    report = pathlib.Path(url[len("file://"):])
    text = report.read_text()
    captures = [("report-top", None, 2200)] + [(f"report-{s}", s, 9000) for s in ("form", "items", "linking", "equating", "fairness")]
    for name, section, height in captures:
        page = report
        if section:
            style = f"<style>header, nav.toc, footer, main > section:not(#{section}) {{ display: none; }}</style>"
            page = shots / f".{name}.html"
            page.write_text(text.replace("</head>", style + "</head>", 1))
        target = shots / f"{name}.png"
        result = subprocess.run(base + [f"--window-size=1280,{height}", f"--screenshot={target}", page.resolve().as_uri()],
                                capture_output=True, text=True, timeout=300)
        if section:
            page.unlink()
        if result.returncode != 0 or not target.exists():
            fail(f"screenshot {target} failed: {result.stderr[-1000:]}")
            continue
        trim(target)
        print(f"screenshot: {target}")


def trim(path):
    try:
        from PIL import Image, ImageChops  # optional
    except ImportError:
        return
    image = Image.open(path).convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    box = ImageChops.difference(image, background).getbbox()
    if box:
        image.crop((0, 0, image.width, min(image.height, box[3] + 24))).save(path)


def finish():
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("report browser check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
