#!/usr/bin/env python3
"""The tenth blind set's sample of ir-news-2019 articles for attribution labelling (150 articles; the eleventh drawn
blind, counting the fresh set).

The method of sample_attribution_blind2.py, unchanged; only the seed differs, and the ids of every earlier set
(blind9's pool exclusions and blind9 itself: 1,800) are removed from the pool first, so none of these articles
was seen while the parser was tuned on those sets.

Usage: python3 sample_attribution_blind10.py > sample_ids.txt
Prints one article id per line (sorted). Seeded, stdlib only.
"""
import os

from sample_attribution_blind2 import sample
from sample_attribution_blind4 import HERE
from sample_attribution_blind9 import EARLIER as BEFORE_BLIND9

SEED = 20261203
EARLIER = [*BEFORE_BLIND9, os.path.join(HERE, "attribution_blind9.jsonl")]


def main():
    for i in sample(SEED, EARLIER):
        print(i)


if __name__ == "__main__":
    main()
