#!/usr/bin/env python3
"""Checks the technical report in a real browser (headless Debian chromium).

Usage: python3 Tools/ci/check_report.py REPORT.html TABLES_DIR SCREENSHOT_DIR [CHROMIUM] [--bank DIR] [--program]

Drives chromium through the DevTools protocol over a pipe (--remote-debugging-pipe; Python's
standard library only) and:

1. loads the report and fails on any console message, uncaught exception or browser log entry
   (the report has no scripts, so any message is an error: a resource it tried to fetch, a
   parse problem);
2. checks that every section is in the DOM the browser built, no element id is used twice, every figure holds an SVG that the
   browser laid out with a non-zero size and that draws something, and every section but
   provenance holds a plot;
3. for every conversion plot svg#conversion-<form>: the plotted points (data-x, data-y) are
   exactly the raw and scaled columns of TABLES_DIR/<form>.csv and of the HTML table beneath the
   plot, and each marker's position is where the axis ticks put its values;
4. with --bank, checks that no item stem or option text of the bank occurs in the page text;
5. with --program (the report `itembench cycle` writes): the pretest, drift-history and
   pre-equating sections are there with plots, there is a conversion plot for every form with a
   table in TABLES_DIR, and the TCC plot has a curve per form;
6. writes PNG screenshots of the top of the report and of each section present (form, items,
   pretest, linking, drift history, equating, pre-equating, fairness) to SCREENSHOT_DIR.

Exit status 0 when everything holds, 1 otherwise (every failure is printed).
"""
import base64
import csv
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

SECTIONS = ["form", "items", "calibration", "linking", "equating", "fairness", "provenance"]
# The program run's report (--program) has these too: every administration's pretest items, the
# drift history over administrations and the pre- vs post-equated difference of a pre-equated form.
PROGRAM_SECTIONS = ["pretest", "drift-history", "pre-equating"]
SHOTS = ["form", "items", "pretest", "linking", "drift-history", "equating", "pre-equating", "fairness"]
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


class Browser:
    """A headless chromium driven over the DevTools pipe (fd 3 commands, fd 4 replies, NUL-framed)."""

    def __init__(self, executable, profile):
        to_child_read, self.to_child = os.pipe()
        self.from_child, from_child_write = os.pipe()

        def setup():
            # Copies first (a pipe end may already be fd 3 or 4), then place them; dup2 makes the
            # targets inheritable across the exec.
            read_end, write_end = os.dup(to_child_read), os.dup(from_child_write)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--disable-background-networking", "--hide-scrollbars", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=setup, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_read)
        os.close(from_child_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def _read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method):
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        while True:
            event = self._read()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def open(self, url, width=1280, height=900):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"evaluation failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def messages(self):
        wanted = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")
        return [event for event in self.events if event.get("method") in wanted]

    def screenshot(self, path, clip):
        data = self.send("Page.captureScreenshot", {"format": "png", "clip": {**clip, "scale": 1}, "captureBeyondViewport": True})
        pathlib.Path(path).write_bytes(base64.b64decode(data["data"]))

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


INSPECT = r"""
JSON.stringify((() => {
  const sections = [...document.querySelectorAll('main > section')].map(s => s.id);
  const figures = [...document.querySelectorAll('figure')].map(f => {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : null;
    return {id: f.id, section: f.closest('section') ? f.closest('section').id : null, svg: svg ? svg.id : null,
            width: box ? box.width : 0, height: box ? box.height : 0,
            marks: svg ? svg.querySelectorAll('.plot-area polyline, .plot-area .point, .plot-area .bar, .plot-area .error-bar').length : 0};
  });
  const conversions = {};
  for (const svg of document.querySelectorAll('svg[id^="conversion-"]')) {
    const ticks = {x: [], y: []};
    for (const t of svg.querySelectorAll('g.tick')) ticks[t.dataset.axis].push([+t.dataset.value, +t.dataset.px]);
    const points = [...svg.querySelectorAll('circle.point')].map(c => [c.dataset.x, c.dataset.y, +c.getAttribute('cx'), +c.getAttribute('cy')]);
    const table = document.getElementById('conversion-table-' + svg.id.slice('conversion-'.length));
    const rows = table ? [...table.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.textContent)) : null;
    conversions[svg.id] = {ticks, points, rows};
  }
  const top = id => { const e = document.getElementById(id); if (!e) return null; const r = e.getBoundingClientRect(); return {x: 0, y: r.top + window.scrollY, width: document.documentElement.scrollWidth, height: r.height}; };
  const shots = {};
  for (const id of %s) shots[id] = top(id);
  const seen = new Set(), duplicateIDs = [];
  for (const e of document.querySelectorAll('[id]')) { if (seen.has(e.id)) duplicateIDs.push(e.id); seen.add(e.id); }
  const tcc = document.getElementById('tcc');
  const tccCurves = tcc ? tcc.querySelectorAll('.plot-area polyline').length : 0;
  return {sections, figures, conversions, shots, tccCurves, duplicateIDs, text: document.body.innerText, title: document.title};
})())
"""


def read_table(path):
    with open(path, newline="") as handle:
        rows = [line for line in handle if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(rows))


def bank_texts(bank):
    """Stem first lines and option texts of every item file (YAML read loosely, enough to find text)."""
    texts = set()
    for path in pathlib.Path(bank).rglob("*.yml"):
        if any(part in ("blueprints", "forms", "scales", "responses") for part in path.parts):
            continue
        lines = path.read_text(errors="replace").splitlines()
        for index, line in enumerate(lines):
            if re.match(r"^stem:\s*[|>]", line) and index + 1 < len(lines):
                texts.add(lines[index + 1].strip())
            elif re.match(r"^stem:\s*\S", line):
                texts.add(line.split(":", 1)[1].strip())
            match = re.match(r"^\s+[A-H]:\s+(.+)$", line)
            if match:
                texts.add(match.group(1).strip().strip('"'))
    return {t for t in texts if len(t) >= 12}


def main():
    program = "--program" in sys.argv
    args = [a for a in sys.argv[1:] if not a.startswith("--bank") and a != "--program"]
    bank = None
    if "--bank" in sys.argv:
        bank = sys.argv[sys.argv.index("--bank") + 1]
        args.remove(bank)
    if len(args) < 3:
        print(__doc__)
        return 2
    report = pathlib.Path(args[0]).resolve()
    tables = pathlib.Path(args[1])
    shots = pathlib.Path(args[2])
    chromium = args[3] if len(args) > 3 else (shutil.which("chromium") or "chromium")
    shots.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="itembench-chromium-")
    browser = Browser(chromium, profile)
    try:
        browser.open(report.as_uri())
        page = json.loads(browser.evaluate(INSPECT % json.dumps(SHOTS)))
        for event in browser.messages():
            params = event.get("params", {})
            text = params.get("entry", {}).get("text") or params.get("exceptionDetails", {}).get("text") \
                or " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            fail(f"browser message ({event['method']}): {text}")
        check(page, tables, bank, program)
        width = 1280
        browser.screenshot(shots / "report-top.png", {"x": 0, "y": 0, "width": width, "height": 1400})
        print(f"screenshot: {shots / 'report-top.png'}")
        for section in SHOTS:
            clip = page["shots"].get(section)
            if not clip:
                continue
            clip["width"] = width
            clip["height"] = min(clip["height"], 7000)
            path = shots / f"report-{section}.png"
            browser.screenshot(path, clip)
            print(f"screenshot: {path} ({int(clip['height'])} px)")
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("report browser check passed")
    return 0


def check(page, tables, bank, program=False):
    required = SECTIONS + (PROGRAM_SECTIONS if program else [])
    for section in required:
        if section not in page["sections"]:
            fail(f"section #{section} is missing")
    if page["duplicateIDs"]:
        fail(f"element ids used more than once: {sorted(set(page['duplicateIDs']))[:5]}")
    plotted_sections = set()
    for figure in page["figures"]:
        if not figure["svg"]:
            fail(f"figure {figure['id']} holds no svg")
        elif figure["width"] <= 0 or figure["height"] <= 0:
            fail(f"plot {figure['svg']} has no size in the browser")
        elif figure["marks"] == 0:
            fail(f"plot {figure['svg']} draws nothing")
        else:
            plotted_sections.add(figure["section"])
    for section in [s for s in required if s != "provenance"]:
        if section not in plotted_sections:
            fail(f"section #{section} has no plot")
    if program:
        forms = sorted(p.stem for p in tables.glob("*.csv") if not p.stem.endswith("-pre-equated"))
        for form in forms:
            if f"conversion-{form}" not in page["conversions"]:
                fail(f"no conversion plot for form {form} (a table is in {tables})")
        tcc_curves = page.get("tccCurves", 0)
        if tcc_curves < len(forms):
            fail(f"the TCC plot has {tcc_curves} curve(s) for {len(forms)} forms")
        print(f"program report: conversion plots of {', '.join(forms)}; {tcc_curves} TCC curves")
    print(f"sections: {page['sections']}; {len(page['figures'])} plots laid out")
    if not page["conversions"]:
        fail("no conversion plot")
    for svg, data in sorted(page["conversions"].items()):
        form = svg[len("conversion-"):]
        table_path = tables / f"{form}.csv"
        plotted = [(float(x), float(y)) for x, y, _, _ in data["points"]]
        if not table_path.exists():
            fail(f"{table_path} does not exist for plot {svg}")
        else:
            expected = [(float(r["raw"]), float(r["scaled"])) for r in read_table(table_path)]
            if plotted != expected:
                diffs = [(p, e) for p, e in zip(plotted, expected) if p != e][:5]
                fail(f"{svg}: plotted points differ from {table_path}: {diffs} (counts {len(plotted)} vs {len(expected)})")
        if data["rows"] is None:
            fail(f"{svg}: no conversion table beneath the plot")
        else:
            beneath = [(float(r[0]), float(r[3])) for r in data["rows"]]
            if beneath != plotted:
                fail(f"{svg}: plotted points differ from the HTML table beneath")
        for axis, coordinate in (("x", 2), ("y", 3)):
            ticks = sorted(data["ticks"][axis])
            if len(ticks) < 2:
                fail(f"{svg}: fewer than two {axis} ticks")
                continue
            (v0, p0), (v1, p1) = ticks[0], ticks[-1]
            for point in data["points"]:
                value = float(point[0 if axis == "x" else 1])
                pixel = p0 + (p1 - p0) * (value - v0) / (v1 - v0)
                if abs(pixel - point[coordinate]) > 0.02:
                    fail(f"{svg}: point {point[0]},{point[1]} drawn at {point[coordinate]}, the {axis} axis puts it at {pixel:.2f}")
                    break
        print(f"{svg}: {len(plotted)} points = {table_path} = the table beneath, at the ticks' positions")
    if bank:
        texts = bank_texts(bank)
        leaked = [t for t in texts if t in page["text"]]
        if leaked:
            fail(f"item text in the report: {leaked[:3]}")
        print(f"no item text: {len(texts)} stems and options of {bank} checked")


if __name__ == "__main__":
    sys.exit(main())
