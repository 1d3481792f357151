#!/usr/bin/env python3
"""The fifth blind set's sample of ir-news-2019 articles for attribution labelling (150 articles; the sixth drawn
blind, counting the fresh set).

The method of sample_attribution_blind2.py, unchanged; only the seed differs, and the 1,050 ids of
attribution_real/fresh/blind/blind2/blind3/blind4.jsonl are removed from the pool first, so none of these
articles was seen while the parser was tuned on those sets.

Usage: python3 sample_attribution_blind5.py > sample_ids.txt
Prints one article id per line (sorted). Seeded, stdlib only.
"""
import os

from sample_attribution_blind2 import sample
from sample_attribution_fresh import LABELLED

SEED = 20261128
HERE = os.path.dirname(os.path.abspath(__file__))
EARLIER = [LABELLED] + [
    os.path.join(HERE, f"attribution_{name}.jsonl") for name in ("fresh", "blind", "blind2", "blind3", "blind4")
]


def main():
    for i in sample(SEED, EARLIER):
        print(i)


if __name__ == "__main__":
    main()
