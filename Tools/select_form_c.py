#!/usr/bin/env python3
"""Chooses the items of demonstration form C from what the bank holds after forms A and B.

Form C is the third administration of the sample program: a form built only from items whose
parameters are already on the bank scale, so that it can be pre-equated before anyone takes it.

Rule (deterministic; seed 20270501)
  Anchors (20): the program's anchor set, the 20 anchors of forms A and B that the bank holds as
    operational and never dropped for drift (`dropped_as_anchor: []`).
  Scored (30): from the bank's items banked by form A or form B that are not anchors:
    - with --promote, every pretest item of A or B that the bank recommends `promote` is a
      candidate for promotion, and as many as the blueprint allows are taken;
    - the rest (all 30 without --promote) are operational items unique to A or B.
    The shipped form C is chosen without --promote: promoting an item pretested on form A or B
    makes `itembench coverage` report that form's pretest entry (an operational item in a
    pretest slot, rule status-role), and forms A and B stay in the bank as the record of their
    administrations.
    A seeded random search draws 30 such items until the 50 scored items (anchors included)
    meet the cpim-demo blueprint: every domain within its tolerance of its weight, every
    cognitive level within its tolerance, no enemy pair on the form, each key letter used
    15 +/- 4 times of 60; among the first 20,000 draws the one with the most promoted items is
    kept (ties: the first drawn).
  Pretest (10): the items of status `pretest` on neither A nor B, and the items of status
    `review` (their review finished: they become `pretest`, with the reviewer named).
  Order: a seeded shuffle of the 60 entries.

Effects on Items/
  - writes Items/forms/form-c.yml;
  - with --promote, sets `status: operational` in the file of every promoted pretest item;
  - sets `status: pretest` (and adds `reviewers: [REVIEWER]`) in the file of every review item
    placed on the form as a pretest item.
The rest of each item file is left byte for byte as it was.

Run after the program has run over forms A and B:
    python3 Tools/select_form_c.py --bank output/2026-11-form-b/bank.yml
Needs Python 3 with PyYAML.
"""
import argparse
import os
import random
import re
import sys
from collections import Counter

import yaml

SEED = 20270501
DRAWS = 20000
REVIEWER = "jlindqvist"


def load(root):
    items, forms, blueprints, paths = {}, {}, {}, {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("responses", "scales", "parameters"))
        kind = os.path.relpath(directory, root).split(os.sep)[0]
        for name in sorted(files):
            if not name.endswith((".yml", ".yaml")) or name.startswith("."):
                continue
            path = os.path.join(directory, name)
            with open(path, encoding="utf-8") as handle:
                data = yaml.safe_load(handle)
            if kind == "forms":
                forms[data["id"]] = data
            elif kind == "blueprints":
                blueprints[data["id"]] = data
            else:
                items[data["id"]] = data
                paths[data["id"]] = path
    return items, forms, blueprints, paths


def entries(form):
    return [(e["id"], e.get("role", "scored")) for e in form["items"]]


def acceptable(scored, pretest, items, blueprint):
    n = len(scored)
    domains = Counter(items[i]["domain"] for i in scored)
    for domain in blueprint["domains"]:
        if abs(100.0 * domains[domain["id"]] / n - domain["weight"]) > domain["tolerance"] + 1e-9:
            return False
    levels = Counter(items[i]["cognitive_level"] for i in scored)
    for level, target in blueprint["cognitive_levels"].items():
        if abs(100.0 * levels[level] / n - target["weight"]) > target["tolerance"] + 1e-9:
            return False
    everything = set(scored) | set(pretest)
    for i in everything:
        if any(e in everything for e in items[i].get("enemies", []) or []):
            return False
    keys = Counter(items[i]["key"] for i in everything)
    return all(abs(keys[letter] - len(everything) / 4) <= 4 for letter in "ABCD")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", default="Items")
    parser.add_argument("--bank", required=True, help="the bank-scale file after form B")
    parser.add_argument("--promote", action="store_true", help="promote pretest items of A and B recommended 'promote'")
    args = parser.parse_args()
    items, forms, blueprints, paths = load(args.items)
    with open(args.bank, encoding="utf-8") as handle:
        bank = {entry["id"]: entry for entry in yaml.safe_load(handle)["items"]}
    roles_a, roles_b = dict(entries(forms["form-a"])), dict(entries(forms["form-b"]))
    on_ab = set(roles_a) | set(roles_b)
    anchors = [i for i, r in entries(forms["form-a"]) if r == "anchor"
               and bank[i]["status"] == "operational" and not bank[i]["dropped_as_anchor"]]
    promotable = sorted(i for i in on_ab if bank.get(i, {}).get("status") == "pretest"
                        and bank[i].get("recommendation") == "promote") if args.promote else []
    unique = sorted(i for i in on_ab if i not in anchors and bank.get(i, {}).get("status") == "operational"
                    and items[i]["status"] == "operational")
    pretest = sorted(i for i, item in items.items() if item["status"] in ("pretest", "review") and i not in on_ab)
    if len(pretest) != 10:
        sys.exit(f"error: expected 10 new pretest items, found {len(pretest)}: {pretest}")
    blueprint = blueprints[forms["form-a"]["blueprint"]]

    rng = random.Random(SEED)
    best = None
    pool = promotable + unique
    for _ in range(DRAWS):
        take = rng.randint(0, min(len(promotable), 30))
        chosen = rng.sample(promotable, take) + rng.sample(unique, 30 - take)
        if best is not None and take <= best[0]:
            continue
        if acceptable(anchors + chosen, pretest, items, blueprint):
            best = (take, chosen)
    if best is None:
        sys.exit("error: no acceptable selection found")
    scored = sorted(best[1])
    promoted = sorted(i for i in scored if i in promotable)
    order = [(i, "anchor") for i in anchors] + [(i, "scored") for i in scored] + [(i, "pretest") for i in pretest]
    rng.shuffle(order)

    lines = [
        "format: 1", "id: form-c", "title: Demonstration form C (pre-equated)", f"blueprint: {forms['form-a']['blueprint']}",
        "notes: >-",
        "  Third form of the demonstration program, chosen by Tools/select_form_c.py from the bank after forms",
        "  A and B: the 20 anchors, 30 scored items already on the bank scale"
        + (f" ({len(promoted)} of them pretest items of A or B promoted on their recommendation)" if promoted else " (items unique to A or B)"),
        "  and 10 new pretest items. Pre-equated from the bank before its responses exist, then post-equated.",
        "items:",
    ] + [f"  - {{id: {i}, role: {r}}}" for i, r in order]
    with open(os.path.join(args.items, "forms", "form-c.yml"), "w", encoding="utf-8", newline="\n") as handle:
        handle.write("\n".join(lines) + "\n")

    def edit(item_id, status, reviewer):
        with open(paths[item_id], encoding="utf-8") as handle:
            text = handle.read()
        text = re.sub(r"^status: \w+$", f"status: {status}", text, count=1, flags=re.M)
        if reviewer and not re.search(r"^reviewers:", text, flags=re.M):
            text = re.sub(r"^(authors: .*)$", rf"\1\nreviewers: [{reviewer}]", text, count=1, flags=re.M)
        with open(paths[item_id], "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    for item_id in promoted:
        edit(item_id, "operational", None)
    for item_id in pretest:
        if items[item_id]["status"] == "review":
            edit(item_id, "pretest", REVIEWER)
    print(f"form-c: 20 anchors, 30 scored ({len(promoted)} promoted: {', '.join(promoted)}), 10 pretest ({', '.join(pretest)})")


if __name__ == "__main__":
    main()
