#!/usr/bin/env python3
"""Write a synthetic item bank of N valid item files for benchmarks.

Usage: Tools/make_synthetic_bank.py DIR [N] [--seed S]

The items are well-formed format-1 items spread over the eight sample domains, with varied
numeric and text options, so the loader and the linter do realistic work. Deterministic for a
given N and seed. Not exam content: the stems are generated text.
"""
import os
import random
import sys

DOMAINS = [
    "supply-chains-strategy", "sales-operations-planning", "demand", "supply",
    "detailed-schedules", "inventory", "distribution", "quality-technology-improvement",
]
WORDS = ("order quantity demand forecast capacity schedule supplier lead time safety stock "
         "planning bill material routing backlog service level cost carrying setup batch "
         "throughput bottleneck warehouse transport quality defect process variation").split()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seed = 7
    if "--seed" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--seed") + 1])
        args = [a for a in args if a != str(seed)]
    if not args:
        sys.exit(__doc__)
    root = args[0]
    count = int(args[1]) if len(args) > 1 else 10000
    rng = random.Random(seed)
    for number in range(1, count + 1):
        domain = DOMAINS[number % len(DOMAINS)]
        item_id = f"SYN-{number:05d}"
        folder = os.path.join(root, domain)
        os.makedirs(folder, exist_ok=True)
        stem_words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
        base = rng.randint(10, 500)
        step = rng.randint(5, 50)
        options = [f"{base + k * step} units" for k in range(4)]
        key = "ABCD"[rng.randrange(4)]
        text = f"""format: 1
id: {item_id}
version: 1
status: operational
domain: {domain}
cognitive_level: {rng.choice(["recall", "application", "analysis"])}
stem: |
  Item {number}: {stem_words}. Which quantity follows?
options:
  A: {options[0]}
  B: {options[1]}
  C: {options[2]}
  D: {options[3]}
key: {key}
rationale:
  key: Generated rationale for item {number}.
references:
  - Synthetic reference {number % 17}
authors: [generator]
tags: [synthetic]
"""
        with open(os.path.join(folder, item_id + ".yml"), "w") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
