"""Clustering quality on real reprints: the labelled ir-news-2019 set (tests/data/real/).

The texts stay in ../shared (they belong to the outlets); the labels join them by id. The whole
shared file (2,650 articles) goes through `newsagg dedup`, as a crawl would see it: each outlet's
history is there for template learning, and a labelled article can be merged with anything. Scores
are over pairs of labelled articles only.

Two halves, fixed by a hash of each article's component of judged pairs (its story and its hard
negatives): tune on `dev`, report `held-out` beside it, so a
rule fitted to the labels shows as a gap between the two. Roundup pairs (a daily digest that pastes
whole agency items) are neither same nor different story: left out of pairwise scoring, reported on
their own. A merged pair of labelled articles that nobody judged is listed (`unjudged_merges`), to
be read and added to label_decisions.py, not silently counted either way (it is counted as a false
merge in the pairwise figures until it is judged).
"""
from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.dedup.batch import run
from newsagg.pipelines.evaluate import SHARED_TEXTS, b_cubed, prf

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"
TEXTS = SHARED_TEXTS  # the same corpus the real attribution set is joined with
NEGATIVE_KINDS = ("templated", "follow_up", "same_event", "same_topic", "other")
HARD_KINDS = ("templated", "follow_up", "same_event")  # the target: at most 1 % merged


def half(group: str) -> str:
    return "dev" if hashlib.blake2b(group.encode(), digest_size=2).digest()[0] % 2 == 0 else "held-out"


def groups(labels: list[dict], pairs: list[dict]) -> dict[str, str]:
    """Article -> the smallest id of its component of judged pairs (same or not). Halves split by
    component, not by story: a hard negative joins two stories and must fall in one half."""
    parent = {r["id"]: r["id"] for r in labels}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        a, b = find(p["a"]), find(p["b"])
        parent[max(a, b)] = min(a, b)
    return {i: find(i) for i in parent}


def texts_path(texts: Path | None = None) -> Path | None:
    path = texts or TEXTS
    return path if path.is_file() else None


def predict(texts: Path, config: DedupConfig, workers: int = 1) -> tuple[dict[str, object], float]:
    start = time.perf_counter()
    with texts.open(encoding="utf-8") as fh:
        predicted = {r["id"]: r["cluster"] for r in run(fh, config, workers=workers)}
    return predicted, time.perf_counter() - start


def score(labels: list[dict], pairs: list[dict], predicted: dict[str, object], part: str | None) -> dict:
    """Scores of one half (`part`), or of the whole set (None)."""
    group = groups(labels, pairs)
    rows = [r for r in labels if part is None or half(group[r["id"]]) == part]
    gold = {r["id"]: r["story"] for r in rows}
    judged = {frozenset((p["a"], p["b"])): p for p in pairs}
    ignored = {k for k, p in judged.items() if p["kind"] == "roundup"}
    tp = fp = fn = 0
    unjudged = []
    for a, b in itertools.combinations(sorted(gold), 2):
        if frozenset((a, b)) in ignored:
            continue
        same_gold, same_pred = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fn += same_gold and not same_pred
        if same_pred and not same_gold:
            fp += 1
            if frozenset((a, b)) not in judged:
                unjudged.append((a, b))
    by_gold, by_pred, bcubed = b_cubed(gold, predicted)
    in_part = [p for p in pairs if p["a"] in gold and p["b"] in gold]
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for p in in_part:
        by_kind[p["kind"]].append(predicted[p["a"]] == predicted[p["b"]])
    positives = {k: v for k, v in by_kind.items() if k not in NEGATIVE_KINDS and k != "roundup"}
    hard = [m for k in HARD_KINDS for m in by_kind.get(k, [])]
    return {
        "articles": len(gold), "stories": len(by_gold), "clusters": len(by_pred),
        "pairwise": prf(tp, fp, fn) | {"tp": tp, "fp": fp, "fn": fn},
        "bcubed": bcubed,
        "merged_by_negative_kind": {k: {"pairs": len(by_kind[k]), "merged": sum(by_kind[k])} for k in NEGATIVE_KINDS if k in by_kind},
        "hard_negatives_merged": {"pairs": len(hard), "merged": sum(hard), "rate": round(sum(hard) / max(1, len(hard)), 4)},
        "recall_by_positive_kind": {k: {"pairs": len(v), "joined": sum(v), "recall": round(sum(v) / len(v), 3)}
                                    for k, v in sorted(positives.items())},
        "roundup_joined_an_item": {"pairs": len(by_kind.get("roundup", [])), "joined": sum(by_kind.get("roundup", []))},
        "unjudged_merges": unjudged,
        "missed_same_story": [(p["kind"], p["a"], p["b"]) for p in in_part
                              if p["same"] and predicted[p["a"]] != predicted[p["b"]]],
        # the judged hard negatives merged, by pair: what a rule that joins more must be checked against
        "merged_different_stories": [(p["kind"], p["a"], p["b"]) for p in in_part
                                     if p["kind"] in NEGATIVE_KINDS and predicted[p["a"]] == predicted[p["b"]]],
    }


def real_clustering(config: DedupConfig, texts: Path | None = None, real: Path = REAL) -> dict | None:
    """None when the shared texts are absent (the labels alone cannot be scored)."""
    path = texts_path(texts)
    if path is None:
        return None
    labels = [json.loads(x) for x in (real / "dedup_real.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    pairs = [json.loads(x) for x in (real / "pairs_real.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    predicted, seconds = predict(path, config)
    out = {"texts": str(path), "input_articles": len(predicted), "seconds": round(seconds, 2),
           "pair_kinds": dict(Counter(p["kind"] for p in pairs))}
    for part in ("dev", "held-out", None):
        out[part or "all"] = score(labels, pairs, predicted, part)
    return out
