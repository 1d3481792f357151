#!/usr/bin/env python3
"""Second blind sample of ir-news-2019 articles for attribution labelling (150 articles).

Same strata as sample_attribution.py, but every id already in attribution_real.jsonl or
attribution_fresh.jsonl (450 ids) is removed from the pool first, so none of these articles was seen
while the parser was tuned on those sets. The fresh sample's strata and quotas, with another seed.

Usage: python3 sample_attribution_blind.py [articles.jsonl] > sample_ids.txt
Prints one article id per line (sorted). Seeded, stdlib only.
"""
import os

from sample_attribution_fresh import LABELLED, sample

SEED = 20261128
FRESH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "attribution_fresh.jsonl")


def main():
    for i in sample(SEED, [LABELLED, FRESH]):
        print(i)


if __name__ == "__main__":
    main()
