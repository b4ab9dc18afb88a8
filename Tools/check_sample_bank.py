#!/usr/bin/env python3
"""Checks the shipped sample bank (Items/) beyond what the loader and linter check.

What it verifies
  1. Form composition of every form built to `cpim-demo` (form-a, form-b, form-c):
     60 entries = 20 `anchor` + 30 `scored` + 10 `pretest`; anchors identical on all forms;
     unique scored items and pretest items disjoint between forms A and B; form C's scored items
     all come from forms A and B (banked before C: pre-equatable) and its pretest items from
     neither; scored and anchor items have
     status operational, pretest items status pretest; scored items per domain within the
     blueprint's tolerance of its weight; the anchor set's domain mix within one item of a
     miniature of the blueprint (weight x 20); cognitive levels within the blueprint's tolerance;
     no enemy pairs on a form; key letters balanced (each letter 15 +/- 4 of 60).
     Statuses follow coverage's rule, relaxed for forms with an `administered` date.
  1b. The full-size forms cpim-a, cpim-b, cpim-c (Tools/make_full_sample.py): 150 entries with 20
     pretest and at least 30 anchors, one anchor set, A's and B's unique scored items disjoint,
     C's pretest items new, and every promotion in Items/responses/cpim-promotions.csv a pretest
     item of its form, scored on the next form and operational now.
  2. Enemy lists are symmetric and name existing items.
  3. The arithmetic of every calculation item: the keyed option's number (or text) is recomputed
     here from the numbers in the stem, independently of the rationale, and must match to the
     precision shown in the option. Every item tagged `calculation` must have a check.

Run:  python3 Tools/check_sample_bank.py [Items]      (needs PyYAML; exits 1 on any failure)
"""
import math
import os
import re
import sys
from collections import Counter

import yaml

ROOT = sys.argv[1] if len(sys.argv) > 1 else "Items"
failures = []


def fail(message):
    failures.append(message)


def load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


items, blueprints, forms = {}, {}, {}
for directory, _, files in sorted(os.walk(ROOT)):
    parts = os.path.relpath(directory, ROOT).split(os.sep)
    if parts[0] in ("responses", "scales", "parameters") or any(p.startswith(".") for p in parts):
        continue
    for name in sorted(files):
        if not name.endswith((".yml", ".yaml")) or name.startswith("."):
            continue
        data = load_yaml(os.path.join(directory, name))
        if parts[0] == "blueprints":
            blueprints[data["id"]] = data
        elif parts[0] == "forms":
            forms[data["id"]] = data
        else:
            items[data["id"]] = data

# ---------------------------------------------------------------------------------------------
# Enemies
for item_id, item in items.items():
    for enemy in item.get("enemies", []) or []:
        if enemy not in items:
            fail(f"{item_id}: enemy {enemy} does not exist")
        elif item_id not in (items[enemy].get("enemies") or []):
            fail(f"{item_id}: enemy {enemy} does not list {item_id} back")

# ---------------------------------------------------------------------------------------------
# Forms


def check_status(form_id, form, item_id, role):
    """Coverage's status rule: on a form still to be given, scored and anchor items operational
    and pretest items pretest; on an administered form (`administered:`) statuses reached later
    in the life cycle too (scored/anchor retired; pretest promoted, retired or back in review)."""
    status = items[item_id]["status"]
    if form.get("administered"):
        allowed = {"operational", "retired"} if role != "pretest" else {"pretest", "approved", "operational", "retired", "review"}
    else:
        allowed = {"operational"} if role != "pretest" else {"pretest", "approved"}
    if status not in allowed:
        fail(f"{form_id}: {item_id} ({role}) has status {status}, expected one of {sorted(allowed)}")


demo = blueprints.get("cpim-demo")
if demo is None:
    fail("blueprint cpim-demo missing")
roles = {}
for form_id in ("form-a", "form-b", "form-c"):
    form = forms.get(form_id)
    if form is None:
        fail(f"form {form_id} missing")
        continue
    if form["blueprint"] != "cpim-demo":
        fail(f"{form_id}: built to {form['blueprint']}, expected cpim-demo")
    entries = [(e["id"], e["role"]) if isinstance(e, dict) else (e, "scored") for e in form["items"]]
    ids = [i for i, _ in entries]
    if len(set(ids)) != len(ids):
        fail(f"{form_id}: an item appears twice")
    count = Counter(r for _, r in entries)
    if (len(entries), count["anchor"], count["scored"], count["pretest"]) != (60, 20, 30, 10):
        fail(f"{form_id}: composition {len(entries)} entries, {dict(count)}; expected 60 = 20 anchor + 30 scored + 10 pretest")
    roles[form_id] = {r: {i for i, rr in entries if rr == r} for r in ("anchor", "scored", "pretest")}
    for item_id, role in entries:
        if item_id not in items:
            fail(f"{form_id}: unknown item {item_id}")
            continue
        check_status(form_id, form, item_id, role)
    present = set(ids)
    for item_id in ids:
        for enemy in items.get(item_id, {}).get("enemies", []) or []:
            if enemy in present and item_id < enemy:
                fail(f"{form_id}: enemies {item_id} and {enemy} are both on the form")
    scored = [i for i, r in entries if r != "pretest"]
    if demo:
        by_domain = Counter(items[i]["domain"] for i in scored if i in items)
        for domain in demo["domains"]:
            share = 100.0 * by_domain[domain["id"]] / len(scored)
            if abs(share - domain["weight"]) > domain["tolerance"] + 1e-9:
                fail(f"{form_id}: {domain['id']} is {share:.0f}% of scored items; target {domain['weight']} +/- {domain['tolerance']}")
        levels = Counter(items[i]["cognitive_level"] for i in scored if i in items)
        for level, target in demo.get("cognitive_levels", {}).items():
            share = 100.0 * levels[level] / len(scored)
            if abs(share - target["weight"]) > target["tolerance"] + 1e-9:
                fail(f"{form_id}: {level} is {share:.0f}% of scored items; target {target['weight']} +/- {target['tolerance']}")
    keys = Counter(items[i]["key"] for i in ids if i in items)
    for letter in "ABCD":
        if abs(keys[letter] - len(ids) / 4) > 4:
            fail(f"{form_id}: key letter {letter} used {keys[letter]} times of {len(ids)}")

if "form-c" in roles and len(roles) == 3:
    c = roles["form-c"]
    earlier = set().union(*(roles[f][r] for f in ("form-a", "form-b") for r in ("anchor", "scored", "pretest")))
    if c["anchor"] != roles["form-a"]["anchor"]:
        fail("anchor set of form-c differs from form-a's and form-b's")
    if c["scored"] - earlier:
        fail(f"form-c scored items not banked by form A or B: {sorted(c['scored'] - earlier)}")
    if c["pretest"] & earlier:
        fail(f"form-c pretest items already on form A or B: {sorted(c['pretest'] & earlier)}")

if len(roles) >= 2:
    a, b = roles["form-a"], roles["form-b"]
    if a["anchor"] != b["anchor"]:
        fail("anchor sets of form-a and form-b differ")
    if a["scored"] & b["scored"]:
        fail(f"unique scored items shared by both forms: {sorted(a['scored'] & b['scored'])}")
    if a["pretest"] & b["pretest"]:
        fail(f"pretest items on both forms: {sorted(a['pretest'] & b['pretest'])}")
    if demo:
        anchor_domains = Counter(items[i]["domain"] for i in a["anchor"] if i in items)
        for domain in demo["domains"]:
            expected = domain["weight"] * len(a["anchor"]) / 100.0
            if abs(anchor_domains[domain["id"]] - expected) > 1.0:
                fail(f"anchor set: {anchor_domains[domain['id']]} {domain['id']} items; miniature target {expected:.1f}")

# ---------------------------------------------------------------------------------------------
# The full-size program's forms (Tools/make_full_sample.py): 150 = 130 scored + 20 pretest, at least
# 30 anchors common to all three; A's and B's unique scored items disjoint; the pretest items of A
# recommended `promote` are scored on B and B's on C (Items/responses/cpim-promotions.csv); C's
# pretest items are on neither A nor B.
full = {}
for form_id in ("cpim-a", "cpim-b", "cpim-c"):
    form = forms.get(form_id)
    if form is None:
        fail(f"form {form_id} missing")
        continue
    if form["blueprint"] != "cpim-full":
        fail(f"{form_id}: built to {form['blueprint']}, expected cpim-full")
    entries = [(e["id"], e["role"]) for e in form["items"]]
    count = Counter(r for _, r in entries)
    if len(entries) != 150 or count["pretest"] != 20 or count["anchor"] < 30:
        fail(f"{form_id}: {len(entries)} entries, {dict(count)}; expected 150 with 20 pretest and at least 30 anchors")
    for item_id, role in entries:
        if item_id not in items:
            fail(f"{form_id}: unknown item {item_id}")
        else:
            check_status(form_id, form, item_id, role)
    full[form_id] = {r: {i for i, rr in entries if rr == r} for r in ("anchor", "scored", "pretest")}
if len(full) == 3:
    a, b, c = full["cpim-a"], full["cpim-b"], full["cpim-c"]
    if not (a["anchor"] == b["anchor"] == c["anchor"]):
        fail("cpim-a, cpim-b and cpim-c do not share one anchor set")
    if a["scored"] & b["scored"]:
        fail(f"cpim-a and cpim-b share unique scored items: {sorted(a['scored'] & b['scored'])}")
    if c["pretest"] & (a["pretest"] | b["pretest"] | a["scored"] | b["scored"]):
        fail("cpim-c pretest items were already on cpim-a or cpim-b")
    promotions = os.path.join(ROOT, "responses", "cpim-promotions.csv")
    if os.path.exists(promotions):
        with open(promotions, encoding="utf-8") as handle:
            rows = [line.strip().split(",") for line in handle.readlines()[1:] if line.strip()]
        for item_id, pretested in rows:
            nxt = {"cpim-a": b, "cpim-b": c}.get(pretested)
            if pretested not in full or item_id not in full[pretested]["pretest"]:
                fail(f"promotion log: {item_id} was not a pretest item of {pretested}")
            elif nxt is not None and item_id not in nxt["scored"]:
                fail(f"promotion log: {item_id}, promoted after {pretested}, is not scored on the next form")
            if items.get(item_id, {}).get("status") != "operational":
                fail(f"promotion log: {item_id} is not operational")
    else:
        fail("Items/responses/cpim-promotions.csv missing")

# ---------------------------------------------------------------------------------------------
# Arithmetic of calculation items (each value recomputed from the stem's numbers)


def johnson(jobs):
    """Johnson's rule for two machines: jobs = {name: (t1, t2)}."""
    front, back, left = [], [], dict(jobs)
    while left:
        name, (t1, t2) = min(left.items(), key=lambda kv: (min(kv[1]), kv[0]))
        if t1 <= t2:
            front.append(name)
        else:
            back.insert(0, name)
        del left[name]
    return " → ".join(front + back)


def quantity_discount():
    demand, order_cost, rate = 2000, 40, 0.20
    best = None
    for price, low in ((25, 0), (24, 500)):
        eoq = math.sqrt(2 * demand * order_cost / (rate * price))
        for q in {max(eoq, low), low} - {0}:
            cost = demand * price + demand / q * order_cost + q / 2 * rate * price
            if best is None or cost < best[0]:
                best = (cost, q)
    return best[1]


def chase_cost(workforce, start, hire, layoff):
    cost, current = 0, start
    for level in workforce:
        cost += (level - current) * hire if level > current else (current - level) * layoff
        current = level
    return cost


def level_inventory(rate, demand, opening, month):
    stock = opening
    for d in demand[:month]:
        stock += rate - d
    return stock


def record_accuracy():
    parts = [(500, 492, 0.02), (120, 115, 0.02), (80, 80, 0.02), (1000, 960, 0.05), (250, 236, 0.05)]
    return 100.0 * sum(abs(c - r) / r <= t for r, c, t in parts) / len(parts)


def drp_balance():
    stock, safety, weekly, lot = 180, 50, 100, 250
    for _ in range(2):
        stock -= weekly
        if stock < safety:
            stock += lot
    return stock


def fair_share():
    on_hand, usage, extra = [100, 50, 150], [20, 30, 50], 600
    days = (sum(on_hand) + extra) / sum(usage)
    return days * usage[1] - on_hand[1]


def cumulative_atp():
    on_hand, mps, orders = 50, {2: 150, 4: 150}, [30, 75, 50, 60, 20]
    atp_week1 = on_hand - orders[0]
    atp_week2 = mps[2] - orders[1] - orders[2]
    return atp_week1 + atp_week2


def min_level_rate(demand):
    total, best = 0, 0
    for t, d in enumerate(demand, start=1):
        total += d
        best = max(best, total / t)
    return best


# Numeric checks: item id -> recomputed value (compared to the key option's first number).
NUMERIC = {
    "INV-0001": math.sqrt(2 * 4800 * 60 / (0.25 * 40)),
    "INV-0002": 240 / (9600 / 400),
    "INV-0003": 1.65 * 20 * math.sqrt(9),
    "INV-0004": 150 * 6 + 200,
    "INV-0005": 100 * (40000 + 25000) / (40000 + 25000 + 12000 + 8000 + 5000 + 4000 + 3000 + 1500 + 1000 + 500),
    "INV-0007": (400 * 12 + 1200 * 4 + 3000 * 2) / 240,
    "INV-0008": 360 / (7.2 / 1.8),
    "INV-0009": 100 * 10 + 50 * 12,
    "INV-0010": 40 * (10 + 5) + 120 - 380,
    "INV-0011": (2.05 - 1.28) * 50,
    "INV-0015": quantity_discount(),
    "INV-0016": record_accuracy(),
    "INV-0018": 600 / 2 + 150,
    "INV-0019": 100 * (12 - 5) / ((12 - 5) + (5 - 1)),
    "INV-0024": 0.24 * 50 * 300,
    "INV-0025": 2.0 * 30 * 2,
    "SCS-0005": 45 + 38 - 30,
    "SCS-0006": 120000 / (26 - 18),
    "SCS-0007": 240000 / (80000 - 20000),
    "SCS-0008": 100 * (6 + 0.5) / (50 - 2),
    "SCS-0019": 100 * (2000 - 60 - 40 - 30) / 2000,
    "SOP-0001": (800 + 1000 + 1100 + 1300 + 1000 + 800 + 300 - 900) / 6,
    "SOP-0002": (3000 + 800 - 500) / 4,
    "SOP-0003": chase_cost([20, 26, 22, 18], 20, 800, 1200),
    "SOP-0008": math.ceil(400 * 2.5 / (160 * 0.80)),
    "SOP-0012": level_inventory(1000, [800, 900, 1300, 1200], 200, 3),
    "SOP-0015": min_level_rate([1800, 2600, 1600, 2400]),
    "SOP-0017": (3 * 3000 + 15 * 100 - 2500) / 3,
    "DEM-0001": (128 + 142 + 150) / 3,
    "DEM-0002": 0.5 * 260 + 0.3 * 230 + 0.2 * 200,
    "DEM-0003": 500 + 0.4 * (540 - 500),
    "DEM-0004": sum(abs(a - f) for f, a in ((100, 110), (105, 98), (110, 114), (108, 99))) / 4,
    "DEM-0005": 100 * (20 / 200 + 25 / 250 + 20 / 400) / 3,
    "DEM-0008": 2400 / 4 * 1.3,
    "DEM-0009": 700 / ((300 + 500 + 700 + 500) / 4),
    "DEM-0015": 120 + 8 * 13,
    "SUP-0001": 400 - 100 - 150 + 50,
    "SUP-0002": (120 + 200) - 300,
    "SUP-0003": 50 + 60 + 40,
    "SUP-0004": round(400 / (7800 / 52)),
    "SUP-0005": 200 - (90 + 70),
    "SUP-0008": 100 * 0.5 + 60 * 1.2,
    "SUP-0010": 3 * 2 * 8 * 5 * 0.85 * 1.10,
    "SUP-0018": 16.00 + 1.50 + 0.05 * 16.00 + 0.90,
    "SUP-0021": 100 * (200 - 14 - 6) / 200,
    "SUP-0022": (100 - max(80, 90)) + 150 - max(80, 40),
    "SUP-0023": (1.5 + 250 * 0.12) / 0.80,
    "DSC-0002": sum(sum(sorted([4, 2, 7, 3])[: k + 1]) for k in range(4)) / 4,
    "DSC-0005": 60 + 180 - 190,
    "DSC-0007": 3 * (1 + 100 * 0.1 + 8 + 2),
    "DSC-0010": 2 * 7.5 * 3600 / 900,
    "DSC-0011": math.ceil(600 * 0.5 * 1.2 / 50),
    "DSC-0014": 300 / 60,
    "DSC-0016": 60 / max(4, 6, 5, 3),
    "DSC-0018": 100 * 37.4 / 34,
    "DSC-0021": math.ceil((45 + 45 + 40 + 35 + 30 + 30 + 25) / 60),
    "DIS-0001": drp_balance(),
    "DIS-0003": 8000 * math.sqrt(1 / 4),
    "DIS-0004": 36500 / 365 * 12,
    "DIS-0011": fair_share(),
    "DIS-0013": 14000 / 100 * 9.50 - 1150,
    "QTI-0001": 0.12 / (6 * 0.015),
    "QTI-0002": min(26.0 - 24.2, 24.2 - 20.0) / (3 * 0.5),
    "QTI-0003": 50.0 + 0.577 * 4.0,
    "QTI-0004": 100 * (0.05 + 3 * math.sqrt(0.05 * 0.95 / 200)),
    "QTI-0010": 100 * (420 / 480) * (760 * 0.5 / 420) * (722 / 760),
    "QTI-0015": 100 * 24 / (2 * 8 * 60),
    "QTI-0016": 35 / (1000 * 5) * 1_000_000,
}

# Text checks: item id -> text the keyed option must contain, chosen by a computation.
_risks = {"Supplier insolvency": 0.05 * 1_000_000, "Supplier plant fire": 0.30 * 150_000,
          "Carrier insolvency": 0.60 * 50_000, "Carrier labour strike": 0.10 * 400_000}
_customers = {"Metro Foods": 500_000 * 0.30 - 120_000, "Metro Stores": 300_000 * 0.35 - 40_000,
              "Coastal Foods": 800_000 * 0.25 - 210_000, "Coastal Stores": 200_000 * 0.40 - 30_000}
_suppliers = {name: 0.4 * q + 0.3 * d + 0.3 * p for name, (q, d, p) in {
    "North Harbor": (8, 7, 6), "North Ridge": (6, 9, 8), "South Harbor": (9, 6, 5), "South Ridge": (7, 8, 7)}.items()}
_jobs = {"Gear housing": 10 / 8, "Gear shaft": 6 / 8, "Pump housing": 12 / 6, "Pump shaft": 9 / 9}
TEXT = {
    "SCS-0009": max(_risks, key=_risks.get),
    "SCS-0028": max(_customers, key=_customers.get),
    "SUP-0017": max(_suppliers, key=_suppliers.get),
    "DSC-0001": min(_jobs, key=_jobs.get),
    "DSC-0004": johnson({"P": (3, 6), "Q": (7, 2), "R": (4, 5), "S": (5, 3)}),
    "SUP-0002": "in week 3",  # released two weeks before the week-5 need
    "SUP-0006": "full 40" if cumulative_atp() >= 40 else "Decline",
    "DEM-0006": "above" if 36 / 8 > 4 else "within",
    "DEM-0019": "Q, since its tracking signal" if abs(60 / 12) > 4 > abs(-4 / 14) else "P,",
}

# --- items1 checks ---
# New items of supply-chains-strategy, sales-operations-planning, demand and
# distribution (issue 13): each keyed value recomputed from the numbers in the stem.
def plan_comparison():
    """SOP-0029: level versus chase plan cost, from the stem's numbers."""
    demand, rate, hold, up, down = [300, 500, 700, 500], 500, 5, 8, 6
    stock, level = 0, 0
    for d in demand:
        stock += rate - d
        level += hold * max(stock, 0)
    chase, current = 0, rate
    for d in demand:
        chase += (d - current) * up if d > current else (current - d) * down
        current = d
    winner = "Level" if level < chase else "Chase"
    return f"{winner} plan, by ${abs(chase - level):,.0f}"


def drp_release():
    """DIS-0015: first planned order release in a DRP record."""
    stock, safety, weekly, transit = 300, 50, 120, 2
    week = 0
    while stock >= safety:
        week += 1
        stock -= weekly
    return f"Week {week - transit}, for receipt in week {week}"


def mode_comparison():
    """DIS-0025: air versus ocean, freight premium against in-transit carrying cost."""
    units, value, rate, days_saved, premium = 10_000, 500, 0.20, 30 - 3, 2.00
    saving = units * value * rate * days_saved / 360 - units * premium
    return f"{'Air' if saving > 0 else 'Ocean'}, by ${abs(saving):,.0f}"


def trend_adjusted(level, trend, actual, alpha, beta):
    """DEM-0020: one update of trend-adjusted (Holt) exponential smoothing; next forecast."""
    new_level = alpha * actual + (1 - alpha) * (level + trend)
    new_trend = beta * (new_level - level) + (1 - beta) * trend
    return new_level + new_trend


NUMERIC.update({
    "SCS-0035": 18 / 3,
    "SCS-0036": (24 - 18) / 3,  # GMROI: gross margin / average inventory at cost
    "SCS-0037": 200_000 / (50 - 30),
    "SCS-0038": 4 * 2.5,
    "SCS-0039": 60_000 / 1.10 + 60_000 / 1.10 ** 2 - 100_000,
    "SCS-0040": 400_000 * 0.25,
    "SCS-0055": 10.00 * (1.25 - 1.10),  # EUR price x change in USD per EUR
    "SCS-0056": 100 * 720 / 800,  # output as a share of effective capacity
    "SCS-0058": 100 * 180 / 200,
    "SOP-0023": 1200 + 200 - 300,
    "SOP-0024": 400 + 3 * 1000 - 3 * 1100,
    "SOP-0025": 2000 + 10 * 2000 / 20 - 1400,
    "SOP-0026": 1000 * (0.6 * 2 + 0.4 * 3),
    "SOP-0028": 300 * 12 + (500 - 300) * 18,
    "SOP-0041": 100 * 3600 / 4000,
    "DEM-0020": trend_adjusted(200, 10, 230, 0.3, 0.2),
    "DEM-0021": 1.25 * 40,
    "DEM-0022": (10 - 5 + 15 + 20) / 4,
    "DEM-0025": 400 + 3.2 * 250,
    "DEM-0026": 660 / 1.2,
    "DEM-0037": 5000 * 0.30,
    "DEM-0038": 100 * (abs(1000 - 1100) + abs(10 - 18)) / (1000 + 10),
    "DEM-0039": 1000 * 1.4 + 1000 * 0.9,
    "DIS-0016": 200 + 150 + 0,
    "DIS-0023": math.ceil(12000 / 40 / 0.85),
    "DIS-0028": max(15, 60 * 50 * 40 / 5000),
})
TEXT.update({
    "SOP-0029": plan_comparison(),
    "DIS-0015": drp_release(),
    "DIS-0025": mode_comparison(),
})
# --- end items1 checks ---


def first_number(text):
    match = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    return match.group(0) if match else None


# --- items2 checks --- (supply, detailed-schedules, inventory, quality-technology-improvement)


def fixed_quantity_balance(on_hand, gross, lot):
    """Projected on hand after netting with a fixed order quantity (no safety stock)."""
    for need in gross:
        on_hand -= need
        while on_hand < 0:
            on_hand += lot
    return on_hand


def mps_balance(on_hand, forecast, lot):
    """Make-to-stock projected available balance, a lot in any week that would go negative."""
    for need in forecast:
        on_hand -= need
        while on_hand < 0:
            on_hand += lot
    return on_hand


def part_period_lot(order_cost, holding, net):
    """First lot under part-period balancing: the cover whose part-periods are nearest S / H."""
    target, best, part_periods = order_cost / holding, (None, None), 0
    for weeks, need in enumerate(net):
        part_periods += need * weeks
        gap = abs(part_periods - target)
        if best[0] is None or gap < best[0]:
            best = (gap, sum(net[: weeks + 1]))
    return best[1]


def edd_total_tardiness(jobs):
    """jobs = {name: (processing, due)} all ready at 0; total tardiness in due-date order."""
    clock, total = 0, 0
    for processing, due in sorted(jobs.values(), key=lambda job: job[1]):
        clock += processing
        total += max(0, clock - due)
    return total


def overlapped_finish(lot, rates, transfer):
    """Finish time of the last operation when a lot moves in transfer batches (no setups)."""
    ready = [transfer * k * rates[0] for k in range(1, lot // transfer + 1)]
    for rate in rates[1:]:
        clock, done = 0.0, []
        for arrival in ready:
            clock = max(clock, arrival) + transfer * rate
            done.append(clock)
        ready = done
    return ready[-1]


def flow_shop_makespan(jobs):
    """jobs = [(t1, t2), ...] in sequence; completion time on machine 2."""
    end1 = end2 = 0
    for t1, t2 in jobs:
        end1 += t1
        end2 = max(end2, end1) + t2
    return end2


def eoq_total_cost(demand, order_cost, holding):
    """Annual ordering + holding cost at the EOQ, computed from the EOQ itself."""
    eoq = math.sqrt(2 * demand * order_cost / holding)
    return demand / eoq * order_cost + eoq / 2 * holding


def cheapest_supplier(quotes, defect_cost):
    """quotes = {name: (price, defective share)}; text of the lowest price + defect cost."""
    cost, name = min((p + r * defect_cost, n) for n, (p, r) in quotes.items())
    return f"Supplier {name}, at ${cost:.2f}"


def make_or_buy(fixed, variable, price, volume):
    make, buy = fixed + variable * volume, price * volume
    return f"{'Buy' if buy < make else 'Make'}; about ${abs(make - buy):,.0f}"


NUMERIC.update({
    "SUP-0029": 3 * 120 + 40,
    "SUP-0030": fixed_quantity_balance(100, [90, 120, 150], 250),
    "SUP-0032": max(1 + 2 + 3, 1 + 4),
    "SUP-0034": 0.30 * 2000,
    "SUP-0036": mps_balance(120, [50, 50, 60, 60], 150),
    "SUP-0037": (410 + 380 + 400 + 430) / 4,
    "SUP-0038": 100 * 68 / 80,
    "SUP-0041": 100 * 0.80 ** 2,  # 80% learning curve, unit 4 = two doublings
    "SUP-0046": (4.25 - 4.00) * 2000,
    "SUP-0048": 75 / 250000 * 1_000_000,
    "SUP-0051": part_period_lot(100, 0.50, [80, 60, 50, 70]),
    "SUP-0056": 0.35 * 1000 * 1.10,
    "SUP-0059": (2 + 200 * 0.05) + (2 + 300 * 0.05),
    "SUP-0062": 50000 * (1 - 0.02),
    "SUP-0068": math.ceil(0.2 * 60000 / (2000 * 0.80 * 1.00)),
    "DSC-0024": edd_total_tardiness({"P": (4, 6), "Q": (2, 5), "R": (5, 12), "S": (3, 8)}),
    "DSC-0036": (90 - 100) + (95 - 100) + (110 - 100),
    "DSC-0039": 100 * 255 / (5 * 60),
    "DSC-0043": 200 * (0.05 + 0.04) - overlapped_finish(200, [0.05, 0.04], 50),
    "DSC-0047": 100 * 34 / 40,
    "DSC-0050": flow_shop_makespan([(2, 5), (4, 3), (3, 2)]),
    "INV-0026": 12 / 2,
    "INV-0027": 1.65 * 1.25 * 40,
    "INV-0028": {1.28: 90, 1.65: 95, 2.05: 98, 2.33: 99}[round((566 - 500) / 40, 2)],
    "INV-0032": 800 - 150 if 150 <= 200 else 0,
    "INV-0038": 2 * 500,  # two weeks of shutdown demand; the safety stock stays
    "INV-0039": eoq_total_cost(2500, 80, 10),
    "INV-0040": 100 * ((600 / 300 + 300 / 600) / 2 - 1),
    "INV-0041": 2.0 * math.sqrt(4 * 20**2 + 100**2 * 1**2),
    "INV-0042": 100 * math.sqrt(9 / 4),
    "INV-0044": 3 * (1200 / 4) + 1 * (1200 / 4),
    "INV-0045": 100 + (10 - 4) / ((10 - 4) + (4 - 1)) * (200 - 100),
    "INV-0046": 150 * (100 * 10 + 200 * 13) / (100 + 200),
    "INV-0054": 100 * 465 / 500,
    "INV-0056": 300 * (2 + 1) + 150,
    "INV-0057": 1000 / 2 - 600 / 2,
    "QTI-0025": 2.114 * 3.0,
    "QTI-0026": 9 + 3 * math.sqrt(9),
    "QTI-0032": 100 * 0.95 * 0.90 * 0.98,
    "QTI-0035": 100 * (80000 + 150000) / (20000 + 50000 + 80000 + 150000),
    "QTI-0046": 100 * 0.8 * 450 / 400,
    "INV-0060": (12000 / 1000 * 50 + 1000 / 2 * 3) - eoq_total_cost(12000, 50, 3),
})
TEXT.update({
    "SUP-0042": make_or_buy(60000, 8, 11, 15000),
    "SUP-0046": "unfavourable" if 4.25 > 4.00 else "favourable",
    "SUP-0061": cheapest_supplier({"X": (10.00, 0.04), "Y": (10.40, 0.01)}, 15),
    "DSC-0023": min({"Job 41": 5 - 2, "Job 42": 8 - 1, "Job 43": 9 - 6, "Job 44": 11 - 9}.items(),
                    key=lambda kv: kv[1])[0],
    "DSC-0027": max((60 / 2, "Product X, which earns $30"), (90 / 4, "Product Y"))[1],
    "SUP-0070": f"Move {math.ceil((80 * 1.5 + 50 * 2.0 - 200) / 1.5)} units of A's unbooked",
    "INV-0029": f"Cycle service level {100 * (20 - 2) / 20:.1f}%, fill rate {100 * (10000 - 150) / 10000:.1f}%",
    "INV-0035": max({"Item P": 2000 * 50, "Item Q": 50000 * 1, "Item R": 100 * 300,
                     "Item S": 10000 * 0.50}.items(), key=lambda kv: kv[1])[0],
    "DSC-0030": max({"Press cell 1": 450 / 500, "Press cell 2": 420 / 400,
                     "Weld cell 1": 280 / 300, "Weld cell 2": 510 / 600}.items(),
                    key=lambda kv: kv[1])[0],
})
# --- end items2 checks ---


for item_id, value in sorted(NUMERIC.items()):
    item = items.get(item_id)
    if item is None:
        fail(f"{item_id}: calculation check refers to a missing item")
        continue
    shown = first_number(item["options"][item["key"]])
    if shown is None:
        fail(f"{item_id}: keyed option has no number")
        continue
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    if abs(float(shown.replace(",", "")) - value) > 0.5 * 10 ** -decimals + 1e-9:
        fail(f"{item_id}: keyed option shows {shown}, recomputed {value:.4f}")
    if item_id in TEXT:
        continue  # options share numbers by design; the text check decides
    others = [first_number(t) for k, t in item["options"].items() if k != item["key"]]
    for other in others:
        if other is not None and abs(float(other.replace(",", "")) - value) <= 0.5 * 10 ** -decimals:
            fail(f"{item_id}: distractor {other} also matches the recomputed value")

for item_id, text in sorted(TEXT.items()):
    item = items.get(item_id)
    if item is None:
        fail(f"{item_id}: calculation check refers to a missing item")
    elif text not in item["options"][item["key"]]:
        fail(f"{item_id}: keyed option '{item['options'][item['key']]}' should contain '{text}'")

for item_id, item in sorted(items.items()):
    if "calculation" in (item.get("tags") or []) and item_id not in NUMERIC and item_id not in TEXT:
        fail(f"{item_id}: tagged calculation but has no arithmetic check here")

checked = len(NUMERIC) + len(TEXT)
if failures:
    print("\n".join(failures))
    print(f"{len(failures)} problem(s)")
    sys.exit(1)
print(f"sample bank OK: {len(items)} items, forms {sorted(forms)}, {checked} calculation items recomputed")
