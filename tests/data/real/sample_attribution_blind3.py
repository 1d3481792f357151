#!/usr/bin/env python3
"""Fourth blind sample of ir-news-2019 articles for attribution labelling (150 articles).

The method of sample_attribution_blind2.py, unchanged: the strata of sample_attribution.py, the
quotas of sample_attribution_fresh.py, a shortfall rolled over to the next stratum and, after the
last stratum, rolled back to the strata before it (nearest first). Only the seed differs, and the
750 ids of attribution_real/fresh/blind/blind2.jsonl are removed from the pool first, so none of
these articles was seen while the parser was tuned on those sets.

Usage: python3 sample_attribution_blind3.py > sample_ids.txt
Prints one article id per line (sorted). Seeded, stdlib only.
"""
import os

from sample_attribution_blind2 import sample
from sample_attribution_fresh import LABELLED

SEED = 20261130
HERE = os.path.dirname(os.path.abspath(__file__))
EARLIER = [LABELLED] + [
    os.path.join(HERE, f) for f in ("attribution_fresh.jsonl", "attribution_blind.jsonl", "attribution_blind2.jsonl")
]


def main():
    for i in sample(SEED, EARLIER):
        print(i)


if __name__ == "__main__":
    main()
