#!/usr/bin/env python3
"""Third blind sample of ir-news-2019 articles for attribution labelling (150 articles).

Same strata and quotas as sample_attribution_blind.py (those of sample_attribution_fresh.py), with
another seed. Every id already in attribution_real.jsonl, attribution_fresh.jsonl or
attribution_blind.jsonl (600 ids) is removed from the pool first, so none of these articles was seen
while the parser was tuned on those sets.

One change to the roll-over: a shortfall still left after the last stratum (`none`) rolls back to the
strata before it, nearest first (`credit` first). Only roozno.com needs it: 1 regex-`none` article is
left in its pool, so 4 of its 5 `none` places go to `credit`. Without it the set would have 146.

Usage: python3 sample_attribution_blind2.py [articles.jsonl] > sample_ids.txt
Prints one article id per line (sorted). Seeded, stdlib only.
"""
import json
import os
import random

from sample_attribution import stratum
from sample_attribution_fresh import LABELLED, QUOTA, SRC, STRATA

SEED = 20261129
HERE = os.path.dirname(os.path.abspath(__file__))
EARLIER = [LABELLED] + [os.path.join(HERE, f) for f in ("attribution_fresh.jsonl", "attribution_blind.jsonl")]


def sample(seed, exclude):
    """Per outlet and stratum, `QUOTA` ids drawn with `seed` from the articles not in the `exclude` files."""
    seen = {json.loads(line)["id"] for path in exclude for line in open(path, encoding="utf-8")}
    arts = [json.loads(line) for line in open(SRC, encoding="utf-8")]
    arts = [a for a in arts if a["id"] not in seen]
    rng = random.Random(seed)
    chosen = []
    for outlet in sorted(QUOTA):
        pool = sorted((a for a in arts if a["outlet"] == outlet), key=lambda a: a["id"])
        by = {}
        for a in pool:
            by.setdefault(stratum(a), []).append(a["id"])
        carry = 0
        taken = {}
        for s in STRATA:
            ids = by.get(s, [])
            k = QUOTA[outlet][s] + carry
            taken[s] = rng.sample(ids, min(k, len(ids)))
            carry = k - len(taken[s])  # shortfall rolls over to the next stratum
        for s in reversed(STRATA):  # a shortfall after the last stratum rolls back, nearest first
            if carry <= 0:
                break
            rest = [i for i in by.get(s, []) if i not in set(taken[s])]
            more = rng.sample(rest, min(carry, len(rest)))
            taken[s] += more
            carry -= len(more)
        for s in STRATA:
            chosen += taken[s]
    return sorted(chosen)


def main():
    for i in sample(SEED, EARLIER):
        print(i)


if __name__ == "__main__":
    main()
