#!/usr/bin/env python3
"""The samples of the sixth and later blind sets of ir-news-2019 articles for attribution labelling (150 each).

The method of sample_attribution_blind2.py, unchanged; each set has its own seed, and the ids of every earlier
set (blind5's pool exclusions, then blind5 and each later set's labels) are removed from the pool first, so none
of a set's articles was seen while the parser was tuned on the sets before it.

Usage: python3 sample_attribution_blindK.py > sample_ids.txt (K = 6 ... 16; the sixteenth takes the 50 texts left, all of them), which calls `main(K)`.
Prints one article id per line (sorted). Seeded, stdlib only.
"""
import os

from sample_attribution_blind2 import sample
from sample_attribution_blind4 import HERE
from sample_attribution_blind5 import EARLIER as BLIND5_EXCLUDED

SEEDS = {6: 20261129, 7: 20261130, 8: 20261201, 9: 20261202, 10: 20261203, 11: 20261204, 12: 20261205, 13: 20261206, 14: 20261207, 15: 20261208,
         16: 20261209}


def earlier(k: int) -> list[str]:
    """The label files whose ids blind set k excludes: blind5's exclusions, then blind5 ... blind(k-1)."""
    return [*BLIND5_EXCLUDED, *(os.path.join(HERE, f"attribution_blind{j}.jsonl") for j in range(5, k))]


def main(k: int) -> None:
    for i in sample(SEEDS[k], earlier(k)):
        print(i)
