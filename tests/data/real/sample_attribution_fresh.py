#!/usr/bin/env python3
"""Fresh held-out sample of ir-news-2019 articles for attribution labelling (150 articles).

Same strata as sample_attribution.py, but every id already in attribution_real.jsonl is removed
from the pool first, so none of these articles was seen while the parser was tuned.
Quotas are sample_attribution.py's per-outlet proportions scaled to 150 (mashreghnews.ir: all 16
are already labelled, so none).

Usage: python3 sample_attribution_fresh.py [articles.jsonl] > sample_ids.txt
Prints one article id per line (sorted). Seeded, stdlib only.
"""
import json
import os
import random
import sys

from sample_attribution import stratum

SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/texts/ir-news-2019/articles.jsonl"
SEED = 20261127
LABELLED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "attribution_real.jsonl")
STRATA = ["glued", "signoff", "naql", "second", "credit", "none"]
QUOTA = {
    "asriran.com": {"glued": 8, "signoff": 6, "naql": 15, "second": 10, "credit": 16, "none": 10},
    "tabnak.ir":   {"glued": 8, "signoff": 5, "naql": 13, "second": 8,  "credit": 13, "none": 8},
    "roozno.com":  {"glued": 6, "signoff": 3, "naql": 6,  "second": 4,  "credit": 6,  "none": 5},
}


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
        for s in STRATA:
            ids = by.get(s, [])
            k = QUOTA[outlet][s] + carry
            take = rng.sample(ids, min(k, len(ids)))
            carry = k - len(take)  # shortfall rolls over to the next stratum
            chosen += take
    return sorted(chosen)


def main():
    for i in sample(SEED, [LABELLED]):
        print(i)


if __name__ == "__main__":
    main()
