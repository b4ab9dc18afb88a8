#!/usr/bin/env python3
"""Writes a synthetic item bank for assembly benchmarks (docs/assembly.md).

usage: make_synthetic_bank.py OUT_DIR [--items 1000] [--seed 42] [--enemy-pairs 50]

OUT_DIR/Items/blueprints/cpim-full.yml   copied from the shipped sample
OUT_DIR/Items/synthetic/items.yml        N items over the blueprint's domains in proportion to
                                         their weights, levels 30/50/20, 90 % operational,
                                         10 % pretest, some enemy pairs
OUT_DIR/Items/forms/base.yml             a reference form: 130 scored items (the blueprint's
                                         domain targets) + 20 pretest
OUT_DIR/parameters.csv                   3PL parameters of the operational items
                                         (a log-normal around 1, b standard normal, c 0.10-0.25)
"""
import argparse, math, os, random, shutil

DOMAINS = [("supply-chains-strategy", 16), ("sales-operations-planning", 10), ("demand", 10),
           ("supply", 16), ("detailed-schedules", 12), ("inventory", 14), ("distribution", 8),
           ("quality-technology-improvement", 14)]
TARGETS = [21, 13, 13, 21, 16, 18, 10, 18]  # largest-remainder split of 130 by the weights

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--enemy-pairs", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = os.path.join(args.out, "Items")
    for sub in ("blueprints", "synthetic", "forms"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.copy(os.path.join(here, "..", "Items", "blueprints", "cpim-full.yml"),
                os.path.join(root, "blueprints", "cpim-full.yml"))
    total = sum(w for _, w in DOMAINS)
    items = []
    for index in range(args.items):
        pick, domain = rng.random() * total, DOMAINS[-1][0]
        for name, weight in DOMAINS:
            if pick < weight:
                domain = name
                break
            pick -= weight
        u = rng.random()
        level = "recall" if u < 0.3 else ("application" if u < 0.8 else "analysis")
        status = "pretest" if index % 10 == 9 else "operational"
        items.append({"id": "SYN-%05d" % index, "domain": domain, "level": level, "status": status,
                      "enemies": [], "key": "ABCD"[index % 4]})
    for _ in range(args.enemy_pairs):
        i, j = rng.randrange(args.items), rng.randrange(args.items)
        if i != j:
            items[i]["enemies"].append(items[j]["id"])
    with open(os.path.join(root, "synthetic", "items.yml"), "w") as out:
        out.write("items:\n")
        for item in items:
            out.write("  - id: %s\n    status: %s\n    domain: %s\n    cognitive_level: %s\n"
                      % (item["id"], item["status"], item["domain"], item["level"]))
            out.write("    stem: Synthetic question %s?\n" % item["id"])
            out.write("    options: {A: first, B: second, C: third, D: fourth}\n")
            out.write("    key: %s\n" % item["key"])
            if item["enemies"]:
                out.write("    enemies: [%s]\n" % ", ".join(item["enemies"]))
    with open(os.path.join(args.out, "parameters.csv"), "w") as out:
        out.write("id,a,b,c\n")
        for item in items:
            if item["status"] == "operational":
                a = math.exp(0.3 * rng.gauss(0, 1))
                out.write("%s,%.6f,%.6f,%.6f\n" % (item["id"], a, rng.gauss(0, 1), 0.1 + 0.15 * rng.random()))
    # Reference form: the first items of each domain up to its target, then 20 pretest items.
    entries = []
    for (name, _), target in zip(DOMAINS, TARGETS):
        chosen = [i for i in items if i["domain"] == name and i["status"] == "operational"][:target]
        entries += ["  - {id: %s, role: scored}" % i["id"] for i in chosen]
    entries += ["  - {id: %s, role: pretest}" % i["id"] for i in items if i["status"] == "pretest"][:20]
    with open(os.path.join(root, "forms", "base.yml"), "w") as out:
        out.write("format: 1\nid: base\nblueprint: cpim-full\nitems:\n" + "\n".join(entries) + "\n")

if __name__ == "__main__":
    main()
