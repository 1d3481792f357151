#!/usr/bin/env python3
"""The fifth blind set's sample of ir-news-2019 articles for attribution labelling (150 articles; the sixth drawn
blind, counting the fresh set).

The method of sample_attribution_blind2.py, unchanged; only the seed differs, and the ids of every earlier set
(blind4's pool exclusions and blind4 itself: 1,050) are removed from the pool first, so none of these articles
was seen while the parser was tuned on those sets.

Usage: python3 sample_attribution_blind5.py > sample_ids.txt
Prints one article id per line (sorted). Seeded, stdlib only.
"""
import os

from sample_attribution_blind2 import sample
from sample_attribution_blind4 import EARLIER as BEFORE_BLIND4
from sample_attribution_blind4 import HERE

SEED = 20261128
EARLIER = [*BEFORE_BLIND4, os.path.join(HERE, "attribution_blind4.jsonl")]


def main():
    for i in sample(SEED, EARLIER):
        print(i)


if __name__ == "__main__":
    main()
