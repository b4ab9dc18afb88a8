#!/usr/bin/env python3
"""Simulates candidates' option-letter responses to the three demonstration forms of the sample bank.

Model
  Three-parameter logistic (3PL) with scaling constant D = 1:
      P(correct | theta) = c + (1 - c) / (1 + exp(-D * a * (theta - b)))
  A candidate who does not answer correctly picks a distractor; distractors are chosen with
  item-specific attractiveness weights (a Dirichlet(1.2, 1.2, 1.2) draw per item, so most items have
  one or two clearly more attractive distractors).

True item parameters (written to Items/responses/true-parameters.csv, columns id,a,b,c)
  Every item on form-a or form-b (anchors, unique scored items and pretest items) gets one set of
  parameters, drawn in item-id order, rounded to 3 decimals and then used as is:
      a = exp(Normal(ln 1.1, 0.3)), clipped to [0.60, 2.00]
      c = Uniform(0.10, 0.25)
      b = m(level) + Normal(0, 0.9), clipped to [-2.0, 2.0], where m = -0.3 for recall items,
          0.0 for application and +0.3 for analysis items (cognitive level read from the item file)
  Then the b of every item unique to form B (its role `scored` or `pretest` on form-b) is raised by
  one common shift, chosen so that the mean b of form B's unique scored items is 0.50 above the
  mean b of form A's unique scored items (after clipping to [-2.0, 2.5]). Anchors keep the same
  parameters on both forms (no drift), so the anchor set links the forms exactly.

Form C (the third administration, simulated after forms A and B so their files do not change)
  Every item of form-c already on A or B keeps its true parameters. The items new on form C (its
  pretest items) get parameters drawn as above, in id order, after form B's candidates; their b is
  not shifted. One anchor drifts on form C: DRIFT_ITEM's b is lowered by DRIFT_SHIFT (0.60 logits;
  the item has become easier, as an over-exposed item does) for form C's candidates only. The
  drift is written to Items/responses/true-drift.csv (form,id,b_shift).

Populations (non-equivalent groups with anchor test design)
  form-a: 3000 candidates, theta ~ Normal(0, 1), ids A00001 ... A03000
  form-b: 3000 candidates, theta ~ Normal(0.25, 1), ids B00001 ... B03000 (a somewhat abler group)
  form-c: 3000 candidates, theta ~ Normal(0.10, 0.90), ids C00001 ... C03000

Missing data
  Omit: each response is independently left empty with probability 0.02.
  Not reached: each candidate stops early with probability 0.015; the stopping position is uniform
  over the last 15 positions of the form, and every later cell is written `NR`.

Output (CSV, '\n' line endings, no timestamps; byte-identical on every run with the same numpy)
  Items/responses/form-a.csv, form-b.csv, form-c.csv: header `candidate_id,<item ids in form
  order>`, one row per candidate, each cell an option letter A-D, empty (omit) or NR (not reached).
  Items/responses/true-parameters.csv: id,a,b,c for every item on any of the forms, sorted by id
  (form C's drifted anchor with its value on forms A and B).
  Items/responses/true-drift.csv: form,id,b_shift.

Seed: 20260501, one numpy Generator (PCG64) used in a fixed order: item parameters of A and B's
items, their distractor weights, form A's candidates, form B's, then form C's new items'
parameters and distractor weights, then form C's candidates.

Run from the repository root:
    python3 Tools/simulate_responses.py            # reads Items/, writes Items/responses/
    python3 Tools/simulate_responses.py --items Items --out Items/responses
Needs Python 3 with numpy and PyYAML. Keys, cognitive levels and form order come from the YAML files.
"""
import argparse
import os
import sys

import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from response_draws import draw_rows  # noqa: E402  (Tools/response_draws.py)

SEED = 20260501
D = 1.0
POPULATIONS = {"form-a": ("A", 3000, 0.0, 1.0), "form-b": ("B", 3000, 0.25, 1.0), "form-c": ("C", 3000, 0.10, 0.90)}
FIRST_FORMS = ("form-a", "form-b")
DRIFT_ITEM = "INV-0010"
DRIFT_SHIFT = -0.60
LEVEL_MEAN = {"recall": -0.3, "application": 0.0, "analysis": 0.3}
OMIT_RATE = 0.02
STOP_RATE = 0.015
STOP_WINDOW = 15
TARGET_SHIFT = 0.50
LETTERS = "ABCD"


def load_bank(root):
    """Returns (items by id, forms by id) read from the bank directory."""
    items, forms = {}, {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("responses", "scales", "parameters"))
        kind = os.path.relpath(directory, root).split(os.sep)[0]
        for name in sorted(files):
            if name.startswith(".") or not name.endswith((".yml", ".yaml")):
                continue
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                data = yaml.safe_load(handle)
            if kind == "forms":
                forms[data["id"]] = data
            elif kind != "blueprints":
                items[data["id"]] = data
    return items, forms


def form_entries(form):
    return [(e["id"], e.get("role", "scored")) if isinstance(e, dict) else (e, "scored") for e in form["items"]]


def draw_parameters(rng, items, entries_by_form):
    """Draws (a, b, c) for every item on either form, in sorted id order."""
    ids = sorted({i for entries in entries_by_form.values() for i, _ in entries})
    n = len(ids)
    a = np.clip(np.exp(rng.normal(np.log(1.1), 0.3, n)), 0.60, 2.00)
    c = rng.uniform(0.10, 0.25, n)
    level = np.array([LEVEL_MEAN[items[i]["cognitive_level"]] for i in ids])
    b = np.clip(level + rng.normal(0.0, 0.9, n), -2.0, 2.0)
    index = {item_id: k for k, item_id in enumerate(ids)}

    roles_a = dict(entries_by_form["form-a"])
    roles_b = dict(entries_by_form["form-b"])
    unique_b = [index[i] for i, r in roles_b.items() if r != "anchor" and i not in roles_a]
    scored_a = [index[i] for i, r in roles_a.items() if r == "scored" and i not in roles_b]
    scored_b = [index[i] for i, r in roles_b.items() if r == "scored" and i not in roles_a]
    base = b.copy()
    shift = TARGET_SHIFT - (base[scored_b].mean() - base[scored_a].mean())
    for _ in range(50):  # fixed point: the clip can eat part of the shift
        b[unique_b] = np.clip(base[unique_b] + shift, -2.0, 2.5)
        gap = b[scored_b].mean() - b[scored_a].mean()
        if abs(gap - TARGET_SHIFT) < 1e-6:
            break
        shift += TARGET_SHIFT - gap
    params = {i: (round(float(a[k]), 3), round(float(b[k]), 3), round(float(c[k]), 3)) for i, k in index.items()}
    return ids, params, shift


def draw_new_parameters(rng, items, new_ids):
    """Draws (a, b, c) for items first seen on form C, in sorted id order (no shift)."""
    n = len(new_ids)
    a = np.clip(np.exp(rng.normal(np.log(1.1), 0.3, n)), 0.60, 2.00)
    c = rng.uniform(0.10, 0.25, n)
    level = np.array([LEVEL_MEAN[items[i]["cognitive_level"]] for i in new_ids])
    b = np.clip(level + rng.normal(0.0, 0.9, n), -2.0, 2.0)
    return {i: (round(float(a[k]), 3), round(float(b[k]), 3), round(float(c[k]), 3)) for k, i in enumerate(new_ids)}


def simulate_form(rng, form_id, entries, items, params, weights):
    prefix, count, mean, sd = POPULATIONS[form_id]
    ids = [i for i, _ in entries]
    a = np.array([params[i][0] for i in ids])
    b = np.array([params[i][1] for i in ids])
    c = np.array([params[i][2] for i in ids])
    keys = [items[i]["key"] for i in ids]
    theta, rows, counts = draw_rows(rng, prefix, count, mean, sd, a, b, c, keys, [weights[i] for i in ids],
                                    OMIT_RATE, STOP_RATE, STOP_WINDOW, D)
    header = "candidate_id," + ",".join(ids)
    stats = {
        "theta_mean": float(theta.mean()),
        "mean_raw_scored": float(np.mean([sum(cell == keys[k] for k, cell in enumerate(r.split(",")[1:])
                                               if entries[k][1] != "pretest") for r in rows])),
        "omit_rate": float(np.mean([cell == "" for r in rows for cell in r.split(",")[1:]])),
        "stopped": counts["stopped"],
    }
    return header + "\n" + "\n".join(rows) + "\n", stats


def write_text(path, text):
    """Writes atomically: a temporary file in the same directory, then a rename."""
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", default="Items", help="bank directory (default Items)")
    parser.add_argument("--out", default=os.path.join("Items", "responses"), help="output directory")
    args = parser.parse_args()

    items, forms = load_bank(args.items)
    entries_by_form = {}
    for form_id in POPULATIONS:
        if form_id not in forms:
            sys.exit(f"error: form {form_id} not found under {args.items}/forms")
        entries_by_form[form_id] = form_entries(forms[form_id])
        for item_id, _ in entries_by_form[form_id]:
            if item_id not in items:
                sys.exit(f"error: {form_id} lists {item_id}, which has no item file")
            if items[item_id]["key"] not in LETTERS:
                sys.exit(f"error: {item_id} has key {items[item_id]['key']!r}; expected one of A-D")

    rng = np.random.default_rng(SEED)
    ids, params, shift = draw_parameters(rng, items, {f: entries_by_form[f] for f in FIRST_FORMS})
    weights = {i: rng.dirichlet([1.2, 1.2, 1.2]) for i in ids}

    os.makedirs(args.out, exist_ok=True)
    texts = {}
    for form_id in POPULATIONS:
        if form_id == "form-c":
            new_ids = sorted({i for i, _ in entries_by_form[form_id]} - set(params))
            params.update(draw_new_parameters(rng, items, new_ids))
            weights.update({i: rng.dirichlet([1.2, 1.2, 1.2]) for i in new_ids})
            roles_c = dict(entries_by_form[form_id])
            if roles_c.get(DRIFT_ITEM) != "anchor":
                sys.exit(f"error: the drifting item {DRIFT_ITEM} is not an anchor of form-c")
            drifted = dict(params)
            a, b, c = params[DRIFT_ITEM]
            drifted[DRIFT_ITEM] = (a, round(b + DRIFT_SHIFT, 3), c)
            text, stats = simulate_form(rng, form_id, entries_by_form[form_id], items, drifted, weights)
        else:
            text, stats = simulate_form(rng, form_id, entries_by_form[form_id], items, params, weights)
        texts[form_id] = text
        print(f"{form_id}.csv: {POPULATIONS[form_id][1]} candidates, theta mean {stats['theta_mean']:.3f}, "
              f"mean raw score {stats['mean_raw_scored']:.2f} of 50, omits {100 * stats['omit_rate']:.2f}%, "
              f"{stats['stopped']} stopped early")
    all_ids = sorted(params)
    lines = ["id,a,b,c"] + [f"{i},{params[i][0]:.3f},{params[i][1]:.3f},{params[i][2]:.3f}" for i in all_ids]
    write_text(os.path.join(args.out, "true-parameters.csv"), "\n".join(lines) + "\n")
    write_text(os.path.join(args.out, "true-drift.csv"), f"form,id,b_shift\nform-c,{DRIFT_ITEM},{DRIFT_SHIFT:.3f}\n")
    print(f"true-parameters.csv: {len(all_ids)} items; form B unique-item shift {shift:+.3f}; "
          f"form C: {DRIFT_ITEM} b {DRIFT_SHIFT:+.2f}")
    for form_id, text in texts.items():
        write_text(os.path.join(args.out, f"{form_id}.csv"), text)


if __name__ == "__main__":
    main()
