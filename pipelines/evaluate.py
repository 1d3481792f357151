"""`newsagg evaluate`: quality of clustering and attribution on labeled sets (by default the ones in
tests/data/ of a source checkout; an installed wheel has none and takes them as arguments)."""
from __future__ import annotations

import itertools
import json
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from newsagg.config import step_config
from newsagg.errors import BadInput
from newsagg.pipelines.attribution import parse_chain
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.dedup.batch import run
from newsagg.pipelines.normalize import fold, normalize_story

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def load(path: Path) -> list[dict]:
    if not path.is_file():
        raise BadInput(f"no labeled set at {path}: pass one (newsagg evaluate --help)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def clustering(rows: list[dict], config: DedupConfig) -> dict:
    start = time.perf_counter()
    predicted = {r["id"]: r["cluster"] for r in run((json.dumps(x, ensure_ascii=False) for x in rows), config, workers=1)}
    seconds = time.perf_counter() - start
    gold = {r["id"]: r["story"] for r in rows}
    ids = list(gold)
    tp = fp = fn = 0
    for a, b in itertools.combinations(ids, 2):
        same_gold, same_pred = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    pairwise = prf(tp, fp, fn)
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for i in ids:
        by_gold[gold[i]].add(i)
        by_pred[predicted[i]].add(i)
    bp = sum(len(by_gold[gold[i]] & by_pred[predicted[i]]) / len(by_pred[predicted[i]]) for i in ids) / len(ids)
    br = sum(len(by_gold[gold[i]] & by_pred[predicted[i]]) / len(by_gold[gold[i]]) for i in ids) / len(ids)
    bcubed = {"precision": round(bp, 4), "recall": round(br, 4), "f1": round(2 * bp * br / (bp + br), 4)}

    # Hard negatives: the same template on other days, and original stories that share a tag.
    kind = {r["id"]: r["kind"] for r in rows}
    originals = [r for r in rows if r["kind"] == "original"]
    templ = [r for r in rows if r["kind"] == "templated"]
    negatives = [(a["id"], b["id"]) for a, b in itertools.combinations(templ, 2) if a["story"].split("-")[0] == b["story"].split("-")[0]]
    topic = [(a["id"], b["id"]) for a, b in itertools.combinations(originals, 2) if set(a["tags"]) & set(b["tags"])]
    merged = lambda pairs: sum(predicted[a] == predicted[b] for a, b in pairs)  # noqa: E731
    # each repost against the article it was made from (an original story, or a day's templated report)
    anchor = {r["story"]: r["id"] for r in originals + templ}
    per_kind: Counter[str] = Counter()
    joined: Counter[str] = Counter()
    for r in rows:
        if r["kind"] not in ("original", "templated"):
            per_kind[r["kind"]] += 1
            joined[r["kind"]] += predicted[r["id"]] == predicted[anchor[r["story"]]]
    return {
        "articles": len(rows), "stories": len(by_gold), "clusters": len(by_pred), "seconds": round(seconds, 2),
        "pairwise": pairwise, "bcubed": bcubed,
        "false_merge_templated": {"pairs": len(negatives), "merged": merged(negatives), "rate": round(merged(negatives) / max(1, len(negatives)), 4)},
        "false_merge_same_topic": {"pairs": len(topic), "merged": merged(topic), "rate": round(merged(topic) / max(1, len(topic)), 4)},
        "recall_by_repost_kind": {k: round(joined[k] / per_kind[k], 3) for k in sorted(per_kind)},
        "kinds": dict(Counter(kind.values())),
    }


def attribution(rows: list[dict]) -> dict:
    exact = 0
    tp = fp = fn = 0
    misses = []
    for r in rows:
        got = parse_chain(list(normalize_story("", "\n".join(r["paragraphs"])).paragraphs), r["publisher"]).outlets
        # names compare as the dedup key does: spacing and ZWNJ do not make another source
        got_f, want_f = [fold(x).replace(" ", "") for x in got], [fold(x).replace(" ", "") for x in r["chain"]]
        exact += got_f == want_f
        got_e, want_e = set(itertools.pairwise(got_f)), set(itertools.pairwise(want_f))
        tp, fp, fn = tp + len(got_e & want_e), fp + len(got_e - want_e), fn + len(want_e - got_e)
        if got_f != want_f:
            misses.append({"id": r["id"], "case": r["case"], "expected": r["chain"], "got": got})
    return {"cases": len(rows), "exact_chain_accuracy": round(exact / len(rows), 4), "hops": prf(tp, fp, fn), "misses": misses}


def unrelated_jaccard(rows: list[dict], k: int, pairs: int = 400) -> float:
    """Mean estimated Jaccard of different stories: the noise floor the LSH threshold must clear."""
    from newsagg.pipelines.dedup.signature import signature

    originals = [r for r in rows if r["kind"] == "original"]
    sigs = [signature(normalize_story(r["title"], r["body"]), 128, k).minhash for r in originals]
    pairs_ = list(itertools.combinations(range(len(sigs)), 2))[:: max(1, len(sigs) * (len(sigs) - 1) // 2 // pairs)]
    return round(sum(sigs[a].jaccard(sigs[b]) for a, b in pairs_) / len(pairs_), 4)


def print_real(console, real: dict) -> None:
    from rich.markup import escape
    from rich.table import Table

    if "skipped" in real:
        console.print(f"real set: skipped, {escape(real['skipped'])}")
        return
    t = Table(title=f"real reprints (ir-news-2019): {real['input_articles']} articles clustered, labelled ones scored")
    for col in ("half", "articles", "pairwise P", "R", "F1", "B-cubed F1", "hard negatives merged", "roundups joined"):
        t.add_column(col)
    for part in ("dev", "held-out", "all"):
        s = real[part]
        h, r = s["hard_negatives_merged"], s["roundup_joined_an_item"]
        t.add_row(part, str(s["articles"]), *(f"{s['pairwise'][k]:.3f}" for k in ("precision", "recall", "f1")),
                  f"{s['bcubed']['f1']:.3f}", f"{h['merged']} of {h['pairs']}", f"{r['joined']} of {r['pairs']}")
    console.print(t)
    s = real["all"]
    console.print("merged by negative kind: " + ", ".join(f"{k} {v['merged']} of {v['pairs']}" for k, v in s["merged_by_negative_kind"].items()))
    console.print("recall by positive kind: " + ", ".join(f"{k} {v['joined']} of {v['pairs']}" for k, v in s["recall_by_positive_kind"].items()))
    if s["unjudged_merges"]:
        console.print(f"unjudged merges (read and label them): {s['unjudged_merges']}")


def main(as_json: bool = False, shingle_sweep: bool = False, dedup_set: Path = DATA / "dedup_dev.jsonl",
         attribution_set: Path = DATA / "attribution_dev.jsonl", real_texts: Path | None = None) -> dict:
    from newsagg.pipelines.evaluate_real import TEXTS, real_clustering

    config = step_config(DedupConfig, "dedup")
    rows = load(dedup_set)
    result = {"clustering": clustering(rows, config), "attribution": attribution(load(attribution_set))}
    if real_texts is not None and not real_texts.is_file():
        raise BadInput(f"no real texts at {real_texts}")
    real = real_clustering(config, real_texts)
    result["real_clustering"] = real or {"skipped": f"texts of the real set not found at {real_texts or TEXTS} (../shared is absent)"}
    if shingle_sweep:
        result["shingle_sweep"] = {k: (c := clustering(rows, replace(config, shingle_chars=k)))["pairwise"]
                                   | {"seconds": c["seconds"], "unrelated_jaccard": unrelated_jaccard(rows, k)}
                                   for k in (3, 4, 5, 6, 7, 9)}
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return result
    from rich.console import Console
    from rich.table import Table

    console = Console()
    c, a = result["clustering"], result["attribution"]
    t = Table(title=f"clustering: {c['articles']} articles, {c['stories']} labeled stories -> {c['clusters']} clusters")
    for col in ("measure", "precision", "recall", "F1"):
        t.add_column(col)
    for name in ("pairwise", "bcubed"):
        t.add_row(name, *(f"{c[name][k]:.3f}" for k in ("precision", "recall", "f1")))
    console.print(t)
    for name in ("false_merge_templated", "false_merge_same_topic"):
        console.print(f"{name}: {c[name]['merged']} of {c[name]['pairs']} hard-negative pairs merged (rate {c[name]['rate']:.3f})")
    console.print("recall by repost kind: " + ", ".join(f"{k} {v:.2f}" for k, v in c["recall_by_repost_kind"].items()))
    print_real(console, result["real_clustering"])
    console.print(f"attribution: {a['cases']} labeled chains, exact-chain accuracy {a['exact_chain_accuracy']:.3f}, "
                  f"per-hop precision {a['hops']['precision']:.3f} recall {a['hops']['recall']:.3f} F1 {a['hops']['f1']:.3f}")
    for m in a["misses"]:
        console.print(f"  miss {m['id']} ({m['case']}): expected {' > '.join(m['expected'])}, got {' > '.join(m['got'])}")
    if shingle_sweep:
        s = Table(title="shingle size (letters) on the same set")
        for col in ("k", "precision", "recall", "F1", "seconds", "Jaccard of unrelated stories"):
            s.add_column(col)
        for k, v in result["shingle_sweep"].items():
            s.add_row(str(k), f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", f"{v['seconds']:.2f}", f"{v['unrelated_jaccard']:.3f}")
        console.print(s)
    return result
