#!/usr/bin/env python3
"""Candidate pairs for the real-news dedup dev set (standard library only, deterministic).

    python3 tests/data/real/candidates.py [--articles PATH] [--out candidates.json]

Signals:
  shingle : character 5-gram shingle Jaccard >= 0.2 on normalized text (title + body).
            Candidate generation by mod-sampled shingles (crc32 % 4 == 0) in an inverted index,
            then exact Jaccard on the full shingle sets.
  sent    : sentence containment: share >= 2 normalized sentences of >= 40 chars, or the shared
            sentences (>= 40 chars) cover >= 30% of the shorter article's sentences.
            Sentences shared by > MAX_SENT_DF articles are boilerplate and ignored.
  title   : the first 4 words of the titles are equal (templated series).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import zlib
from collections import defaultdict
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = Path("/work/shared/texts/ir-news-2019/articles.jsonl")

K = 5
J_MIN = 0.2
SAMPLE_MOD = 4
MIN_SENT = 40
MAX_SENT_DF = 30        # a sentence in more articles than this is boilerplate (credit lines etc.)
MAX_SHINGLE_DF = 400    # sampled shingles this common carry no pair signal
TITLE_WORDS = 4

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و"})


def normalize(s: str) -> str:
    s = s.translate(_DIGITS).translate(_LETTERS)
    s = s.replace("\u200c", "").replace("\u200d", "").replace("\u200f", "").replace("\u200e", "")
    # drop diacritics (harakat, tanvin), tatweel, spaces and punctuation/symbols
    out = []
    for ch in s:
        cat = unicodedata.category(ch)
        if cat[0] in "LN":
            out.append(ch.lower())
    return "".join(out)


def words(s: str) -> list[str]:
    s = s.translate(_DIGITS).translate(_LETTERS).replace("\u200c", "")
    return re.findall(r"\w+", s)


def load(path: Path) -> list[dict]:
    arts = [json.loads(l) for l in path.open(encoding="utf-8") if l.strip()]
    arts.sort(key=lambda a: a["id"])
    return arts


def features(a: dict) -> dict:
    sents = [l.strip() for l in a["body"].split("\n") if l.strip()]
    nsents = [normalize(x) for x in sents]
    text = normalize(a["title"]) + normalize(a["body"])
    sh = {zlib.crc32(text[i:i + K].encode("utf-8")) for i in range(max(0, len(text) - K + 1))}
    return {
        "n_sents": len(sents),
        "sent_hashes": {zlib.crc32(x.encode("utf-8")) for x in nsents if len(x) >= MIN_SENT},
        "shingles": sh,
        "title4": " ".join(words(a["title"])[:TITLE_WORDS]),
    }


def jaccard(x: set, y: set) -> float:
    if not x or not y:
        return 0.0
    i = len(x & y)
    return i / (len(x) + len(y) - i)


def find_candidates(arts: list[dict]) -> tuple[list[dict], dict]:
    n = len(arts)
    F = [features(a) for a in arts]
    pairs: dict[tuple[int, int], dict] = {}

    def rec(i, j):
        key = (i, j) if i < j else (j, i)
        if key not in pairs:
            pairs[key] = {"signals": set()}
        return pairs[key]

    # (a) shingles: mod-sampled inverted index -> pairs sharing enough sampled shingles -> exact Jaccard
    inv = defaultdict(list)
    samp = []
    for i, f in enumerate(F):
        s = {h for h in f["shingles"] if h % SAMPLE_MOD == 0}
        samp.append(s)
        for h in s:
            inv[h].append(i)
    shared = defaultdict(int)
    for h, docs in inv.items():
        if 1 < len(docs) <= MAX_SHINGLE_DF:
            for i, j in combinations(docs, 2):
                shared[(i, j)] += 1
    n_sh = 0
    jac: dict[tuple[int, int], float] = {}
    for (i, j), c in shared.items():
        # loose pre-filter: the sampled Jaccard estimate at half the threshold
        u = len(samp[i]) + len(samp[j]) - c
        if u and c / u >= J_MIN / 2:
            jv = jaccard(F[i]["shingles"], F[j]["shingles"])
            jac[(i, j)] = jv
            if jv >= J_MIN:
                rec(i, j)["signals"].add("shingle")
                n_sh += 1

    # (b) sentence containment
    sinv = defaultdict(list)
    for i, f in enumerate(F):
        for h in f["sent_hashes"]:
            sinv[h].append(i)
    sshared = defaultdict(int)
    for h, docs in sinv.items():
        if 1 < len(docs) <= MAX_SENT_DF:
            for i, j in combinations(docs, 2):
                sshared[(i, j)] += 1
    for (i, j), c in sshared.items():
        shorter = min(F[i]["n_sents"], F[j]["n_sents"]) or 1
        if c >= 2 or c / shorter >= 0.3:
            rec(i, j)["signals"].add("sent")

    # (c) same title prefix
    tinv = defaultdict(list)
    for i, f in enumerate(F):
        if len(f["title4"].split()) >= TITLE_WORDS:
            tinv[f["title4"]].append(i)
    for t, docs in tinv.items():
        for i, j in combinations(docs, 2):
            rec(i, j)["signals"].add("title")

    out = []
    for (i, j), r in sorted(pairs.items()):
        a, b = arts[i], arts[j]
        jv = jac.get((i, j))
        if jv is None:
            jv = jaccard(F[i]["shingles"], F[j]["shingles"])
        out.append({
            "a": a["id"], "b": b["id"], "signals": sorted(r["signals"]),
            "jaccard": round(jv, 4), "shared_sents": sshared.get((i, j), 0),
            "n_a": F[i]["n_sents"], "n_b": F[j]["n_sents"],
        })
    stats = {"articles": n, "pairs": len(out)}
    for sig in ("shingle", "sent", "title"):
        stats[sig] = sum(sig in p["signals"] for p in out)
        stats[sig + "_only"] = sum(p["signals"] == [sig] for p in out)
    stats["articles_in_pairs"] = len({p["a"] for p in out} | {p["b"] for p in out})
    return out, stats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=Path, default=DEFAULT)
    ap.add_argument("--out", type=Path, default=HERE / "candidates.json")
    args = ap.parse_args()
    arts = load(args.articles)
    out, stats = find_candidates(arts)
    for k, v in stats.items():
        print(f"{k:18s} {v}")
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
