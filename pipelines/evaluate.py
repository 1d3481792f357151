"""`newsagg evaluate`: quality of clustering and attribution on labeled sets (by default the ones in
tests/data/ of a source checkout; an installed wheel has none and takes them as arguments)."""
from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from newsagg.config import step_config
from newsagg.errors import BadInput
from newsagg.pipelines.attribution import parse_chain
from newsagg.pipelines.attribution.chain import default_resolver
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.dedup.batch import run
from newsagg.pipelines.normalize import normalize_story

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
# Real texts are not in the repository: the labelled ids are joined with the shared corpus.
SHARED_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "texts" / "ir-news-2019" / "articles.jsonl"
REAL_SET = DATA / "real" / "attribution_real.jsonl"
# 150 other leads labelled blind (the parser neither run nor read); both halves read in round three.
FRESH_SET = DATA / "real" / "attribution_fresh.jsonl"
BLIND_SET = DATA / "real" / "attribution_blind.jsonl"  # labelled blind after round three; read since round four
BLIND2_SET = DATA / "real" / "attribution_blind2.jsonl"  # labelled blind after round four; read since round five
BLIND3_SET = DATA / "real" / "attribution_blind3.jsonl"  # labelled blind after round five; its dev half read in round six
BLIND4_SET = DATA / "real" / "attribution_blind4.jsonl"  # labelled blind after round five; read in round seven
BLIND5_SET = DATA / "real" / "attribution_blind5.jsonl"  # labelled blind after round six; read in round eight
BLIND6_SET = DATA / "real" / "attribution_blind6.jsonl"  # labelled blind after round seven; dev half read in round nine
BLIND7_SET = DATA / "real" / "attribution_blind7.jsonl"  # labelled blind after round eight; read in round ten
BLIND8_SET = DATA / "real" / "attribution_blind8.jsonl"  # labelled blind after round nine; read in round eleven
BLIND9_SET = DATA / "real" / "attribution_blind9.jsonl"  # labelled blind after round ten and its review; read in round twelve
BLIND10_SET = DATA / "real" / "attribution_blind10.jsonl"  # labelled blind after round eleven; read in round twelve
BLIND11_SET = DATA / "real" / "attribution_blind11.jsonl"  # labelled blind after round eleven; read in round thirteen
BLIND12_SET = DATA / "real" / "attribution_blind12.jsonl"  # labelled blind with blind11 (140: roozno's pool ran out); read in round thirteen
BLIND13_SET = DATA / "real" / "attribution_blind13.jsonl"  # labelled blind during round thirteen (120: asriran, tabnak); read in round fourteen
BLIND14_SET = DATA / "real" / "attribution_blind14.jsonl"  # labelled blind after round thirteen (120: asriran, tabnak); read in round fourteen
BLIND15_SET = DATA / "real" / "attribution_blind15.jsonl"  # labelled blind during round fourteen (120: asriran, tabnak); kept blind
BLIND16_SET = DATA / "real" / "attribution_blind16.jsonl"  # the last 50 shared texts, labelled blind after round fourteen; kept blind


@dataclass(frozen=True)
class LabelledSet:
    """A set of 150 real leads labelled blind by two readers and adjudicated, as `newsagg evaluate` reports it: the
    halves in `listed` were read by a round since (their misses listed), the others are kept blind (counted only)."""
    path: Path
    listed: tuple[str, ...]
    title: str

    @property
    def key(self) -> str:
        """Its name in `--json` and in the unread pool: the file's stem (attribution_blind3 ...)."""
        return self.path.stem


READ, DEV_READ, BLIND = ("dev", "held_out"), ("dev",), ()
BY_TWO = "by two readers, adjudicated"
LATER_SETS = (
    LabelledSet(BLIND3_SET, DEV_READ, f"third blind set (labelled blind after round five {BY_TWO}; "
                "dev half read in round six, held-out kept blind)"),
    LabelledSet(BLIND4_SET, READ, f"fourth blind set (labelled blind after round five {BY_TWO}; "
                "both halves read in round seven)"),
    LabelledSet(BLIND5_SET, READ, f"fifth blind set (labelled blind after round six {BY_TWO}; "
                "both halves read in round eight)"),
    LabelledSet(BLIND6_SET, DEV_READ, f"sixth blind set (labelled blind after round seven {BY_TWO}; "
                "0.900 with rounds seven and eight; dev half read in round nine, 0.876 -> 1.000; held-out kept blind)"),
    LabelledSet(BLIND7_SET, READ, f"seventh blind set (labelled blind after round eight {BY_TWO}; "
                "0.887 with round eight, 0.893 with round nine; both halves read in round ten, 0.893 -> 0.960)"),
    LabelledSet(BLIND8_SET, READ, f"eighth blind set (labelled blind after round nine {BY_TWO}; "
                "0.893 with rounds nine and ten; both halves read in round eleven)"),
    LabelledSet(BLIND9_SET, READ, f"ninth blind set (labelled blind after round ten {BY_TWO}; "
                "0.960 with rounds ten and eleven; both halves read in round twelve)"),
    LabelledSet(BLIND10_SET, READ, f"tenth blind set (labelled blind after round eleven {BY_TWO}; "
                "0.913 with round eleven; both halves read in round twelve)"),
    LabelledSet(BLIND11_SET, READ, f"eleventh blind set (labelled blind after round eleven {BY_TWO}; "
                "0.900 with rounds eleven and twelve; both halves read in round thirteen)"),
    LabelledSet(BLIND12_SET, READ, f"twelfth blind set (140 leads, labelled blind after round eleven {BY_TWO}; "
                "0.886 with rounds eleven and twelve; both halves read in round thirteen)"),
    LabelledSet(BLIND13_SET, READ, f"thirteenth blind set (120 leads, labelled during round thirteen {BY_TWO}; "
                "0.917 with round twelve, 0.925 with round thirteen; both halves read in round fourteen)"),
    LabelledSet(BLIND14_SET, READ, f"fourteenth blind set (120 leads, labelled after round thirteen {BY_TWO}; "
                "0.933 with round thirteen; both halves read in round fourteen)"),
    LabelledSet(BLIND15_SET, BLIND, f"fifteenth blind set (120 leads, labelled during round fourteen {BY_TWO}; "
                "kept blind: misses counted, not listed)"),
    LabelledSet(BLIND16_SET, BLIND, f"sixteenth blind set (the last 50 shared texts, labelled after round fourteen {BY_TWO}; "
                "kept blind: misses counted, not listed)"),
)


def load(path: Path) -> list[dict]:
    if not path.is_file():
        raise BadInput(f"no labeled set at {path}: pass one (newsagg evaluate --help)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def b_cubed(gold: dict, predicted: dict) -> tuple[dict, dict, dict]:
    """Articles per gold story and per predicted cluster, and B-cubed precision/recall/F1 over `gold`'s ids."""
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for i in gold:
        by_gold[gold[i]].add(i)
        by_pred[predicted[i]].add(i)
    bp = sum(len(by_gold[gold[i]] & by_pred[predicted[i]]) / len(by_pred[predicted[i]]) for i in gold) / len(gold)
    br = sum(len(by_gold[gold[i]] & by_pred[predicted[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return by_gold, by_pred, {"precision": round(bp, 4), "recall": round(br, 4), "f1": round(2 * bp * br / (bp + br), 4)}


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
    by_gold, by_pred, bcubed = b_cubed(gold, predicted)

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
    key = default_resolver().canonical
    for r in rows:
        got = parse_chain(list(normalize_story("", "\n".join(r["paragraphs"])).paragraphs), r["publisher"]).outlets
        # names compare as the rest of the system sees them (`SourceResolver.canonical`)
        got_f, want_f = [key(x) for x in got], [key(x) for x in r["chain"]]
        exact += got_f == want_f
        got_e, want_e = set(itertools.pairwise(got_f)), set(itertools.pairwise(want_f))
        tp, fp, fn = tp + len(got_e & want_e), fp + len(got_e - want_e), fn + len(want_e - got_e)
        if got_f != want_f:
            misses.append({"id": r["id"], "case": r["case"], "expected": r["chain"], "got": got})
    return {"cases": len(rows), "exact_chain_accuracy": round(exact / len(rows), 4), "hops": prf(tp, fp, fn), "misses": misses}


def half(article_id: str) -> str:
    """The fixed split of the real set: parser work looks at `dev` only, `held_out` is reported."""
    return "dev" if hashlib.sha256(article_id.encode()).digest()[0] % 2 == 0 else "held_out"


def join_texts(labels: list[dict], texts: Path = SHARED_TEXTS) -> list[dict] | None:
    """Labelled rows with their article text, or None when the shared corpus is absent."""
    if not texts.is_file():
        return None
    wanted = {r["id"]: r for r in labels}
    found = {}
    with texts.open(encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"] in wanted:
                found[a["id"]] = wanted[a["id"]] | {"title": a["title"], "body": a["body"], "outlet": a["outlet"]}
    return [found[i] for i in wanted if i in found]


def learned_resolver(texts: Path = SHARED_TEXTS):
    """The registry plus the self-names learned from every article of the corpus (unlabelled)."""
    from newsagg.pipelines.attribution import SourceResolver
    from newsagg.pipelines.attribution.selfnames import learn

    with texts.open(encoding="utf-8") as f:
        articles = [(a["outlet"], a["body"].split("\n")) for a in map(json.loads, f)]
    return SourceResolver(learned=learn(articles))


def real_attribution(rows: list[dict], resolver=None, listed: tuple[str, ...] = ("dev", "held_out")) -> dict:
    """Exact chain, origin (and its kind), hops and errors per labelled class, for each half and the whole.
    `listed`: the halves whose misses are listed and broken down by class; a half left out is only
    counted, so that its figure measures rules made without seeing it (a set kept blind)."""
    resolver = resolver or learned_resolver()
    per: dict[str, dict] = {}
    misses = []
    for r in rows:
        chain = parse_chain([p for p in r["body"].split("\n") if p.strip()], r["chain"][0], resolver)
        got, want = [resolver.canonical(x) for x in chain.outlets], [resolver.canonical(x) for x in r["chain"]]
        ok, origin_ok = got == want, got[-1] == want[-1]
        kind_ok = origin_ok and (chain.origin_kind == r["origin_kind"] or len(want) == 1)
        ge, we = set(itertools.pairwise(got)), set(itertools.pairwise(want))
        for part in (half(r["id"]), "whole"):
            s = per.setdefault(part, {"cases": 0, "exact": 0, "origin": 0, "origin_kind": 0, "tp": 0, "fp": 0, "fn": 0,
                                      "classes": Counter(), "class_errors": Counter()})
            s["cases"] += 1
            s["exact"] += ok
            s["origin"] += origin_ok
            s["origin_kind"] += kind_ok
            s["tp"], s["fp"], s["fn"] = s["tp"] + len(ge & we), s["fp"] + len(ge - we), s["fn"] + len(we - ge)
            for c in r["classes"]:
                s["classes"][c] += 1
                s["class_errors"][c] += not ok
        if not ok and half(r["id"]) in listed:
            misses.append({"id": r["id"], "half": half(r["id"]), "classes": r["classes"], "expected": r["chain"],
                           "got": chain.outlets})
    result: dict = {}
    for part in ("dev", "held_out", "whole"):
        if stats := per.get(part):
            n = stats["cases"]
            result[part] = {
                "cases": n, "exact_chain_accuracy": round(stats["exact"] / n, 4), "origin_accuracy": round(stats["origin"] / n, 4),
                "origin_kind_accuracy": round(stats["origin_kind"] / n, 4), "hops": prf(stats["tp"], stats["fp"], stats["fn"]),
                "errors_by_class": {c: {"cases": stats["classes"][c], "errors": stats["class_errors"][c]}
                                    for c in sorted(stats["classes"], key=lambda c: (-stats["class_errors"][c], c))},
            }
    result["misses"] = misses
    if unlisted := [part for part in ("dev", "held_out") if part not in listed]:
        for part in (*unlisted, "whole"):
            result.get(part, {}).pop("errors_by_class", None)
        result["unlisted_misses"] = {part: per[part]["cases"] - per[part]["exact"] for part in unlisted if part in per}
    return result


def kept_blind(path: Path, texts: Path = SHARED_TEXTS, resolver=None, listed: tuple[str, ...] = ()) -> dict:
    """A set kept blind (the next one labelled): scored with its misses counted, never listed, so that its
    figure measures rules made without seeing it; skipped with the reason when the file or the texts are absent.
    `listed`: a half already read (its misses are listed; the other stays blind)."""
    if not path.is_file():
        return {"skipped": f"no blind set at {path} (dropped in when labelled)"}
    if not (rows := join_texts(load(path), texts)):
        return {"skipped": f"no shared texts at {texts}: the blind set is not evaluated"}
    resolver = resolver or learned_resolver(texts)
    result = real_attribution(rows, resolver, listed=listed)
    if (agree := readers_agreement(path, resolver)) is not None:
        result["readers_agreement"] = agree
    return result


def unread(result: dict, later_sets: tuple[LabelledSet, ...]) -> dict:
    """Every half of the later sets that no round has read, pooled: the figure of rules made without seeing these
    leads (each set alone moves by about +-0.03 with its draw of 150)."""
    halves = [(s.key, half, result[s.key][half]) for s in later_sets if "skipped" not in result[s.key]
              for half in ("dev", "held_out") if half not in s.listed and result[s.key].get(half)]
    if not halves:
        return {"skipped": "no blind half evaluated"}
    cases = sum(v["cases"] for _, _, v in halves)
    right = lambda key: sum(round(v[key] * v["cases"]) for _, _, v in halves)  # noqa: E731
    return {"halves": [f"{key}:{half}" for key, half, _ in halves], "cases": cases,
            "exact_chain_accuracy": round(right("exact_chain_accuracy") / cases, 4),
            "origin_accuracy": round(right("origin_accuracy") / cases, 4)}


def readers_agreement(path: Path, resolver) -> dict | None:
    """How often two readers who labelled the set independently (`<set>_reader_a/b.jsonl` beside it, before
    adjudication) agree: the ceiling a parser's figure on that set can be read against."""
    a, b = (path.with_name(f"{path.stem}_reader_{x}.jsonl") for x in "ab")
    if not (a.is_file() and b.is_file()):
        return None
    first, second = ({r["id"]: [resolver.canonical(n) for n in r["chain"]] for r in load(f)} for f in (a, b))
    ids = first.keys() & second.keys()
    return {"cases": len(ids), "exact_chain": round(sum(first[i] == second[i] for i in ids) / len(ids), 4),
            "origin": round(sum(first[i][-1] == second[i][-1] for i in ids) / len(ids), 4)}


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
    for kind, a, b in s["missed_same_story"]:
        console.print(f"  missed {kind}: {a} / {b}", markup=False)
    if s["unjudged_merges"]:
        console.print(f"unjudged merges (read and label them): {s['unjudged_merges']}")


def print_attribution_real(console, ra: dict, title: str) -> None:
    from rich.table import Table

    if "skipped" in ra:
        console.print(f"{title}: skipped ({ra['skipped']})")
        return
    t = Table(title=title)
    for col in ("half", "articles", "exact chain", "origin", "origin kind", "hop P", "hop R", "hop F1"):
        t.add_column(col)
    for part in ("dev", "held_out", "whole"):
        if not (v := ra.get(part)):
            continue  # a half the shared texts hold none of
        t.add_row(part, str(v["cases"]), *(f"{v[k]:.3f}" for k in ("exact_chain_accuracy", "origin_accuracy", "origin_kind_accuracy")),
                  *(f"{v['hops'][k]:.3f}" for k in ("precision", "recall", "f1")))
    console.print(t)
    for part in ("whole", "dev", "held_out"):  # a blind half's errors are not broken down by class
        if "errors_by_class" in ra.get(part, {}):
            console.print(f"errors by class ({part}): " + ", ".join(
                f"{c} {v['errors']}/{v['cases']}" for c, v in ra[part]["errors_by_class"].items()))
            break
    for m in ra["misses"]:
        console.print(f"  miss {m['id']} ({m['half']}): expected {' > '.join(m['expected'])}, got {' > '.join(m['got'])}",
                      markup=False)
    for part, n in ra.get("unlisted_misses", {}).items():
        console.print(f"  {part}: {n} misses, not listed: kept blind so that its figure measures rules made without seeing it")
    if agree := ra.get("readers_agreement"):
        console.print(f"  two readers labelled these {agree['cases']} independently and agreed on {agree['exact_chain']:.3f} of the chains "
                      f"(origin {agree['origin']:.3f}) before adjudication: the ceiling to read the parser's figure against")


def main(as_json: bool = False, shingle_sweep: bool = False, dedup_set: Path = DATA / "dedup_dev.jsonl",
         attribution_set: Path = DATA / "attribution_dev.jsonl", texts: Path | None = None, real_set: Path = REAL_SET,
         fresh_set: Path = FRESH_SET, blind_set: Path = BLIND_SET, blind2_set: Path = BLIND2_SET,
         later_sets: tuple[LabelledSet, ...] = LATER_SETS) -> dict:
    """`texts`: the shared articles the real sets are labels of (default ../shared/texts/ir-news-2019/articles.jsonl)."""
    from newsagg.pipelines.evaluate_real import real_clustering

    if texts is not None and not texts.is_file():
        raise BadInput(f"no real texts at {texts}")
    config = step_config(DedupConfig, "dedup")
    rows = load(dedup_set)
    result = {"clustering": clustering(rows, config), "attribution": attribution(load(attribution_set))}
    real, fresh, blind, blind2 = (join_texts(load(path), texts or SHARED_TEXTS) for path in (real_set, fresh_set, blind_set, blind2_set))
    skipped = {"skipped": f"no shared texts at {texts or SHARED_TEXTS}: the real-lead sets are not evaluated"}
    resolver = learned_resolver(texts or SHARED_TEXTS) if any((real, fresh, blind, blind2)) else None
    result["attribution_real"] = real_attribution(real, resolver) if real else skipped
    result["attribution_fresh"] = real_attribution(fresh, resolver) if fresh else skipped  # both halves read in round three
    result["attribution_blind"] = real_attribution(blind, resolver) if blind else skipped  # both halves read in round four
    result["attribution_blind2"] = real_attribution(blind2, resolver) if blind2 else skipped  # both halves read in round five
    for labelled in later_sets:
        result[labelled.key] = kept_blind(labelled.path, texts or SHARED_TEXTS, resolver, listed=labelled.listed)
    result["attribution_unread"] = unread(result, later_sets)
    real_clusters = real_clustering(config, texts)
    result["real_clustering"] = real_clusters or {
        "skipped": f"texts of the real set not found at {texts or SHARED_TEXTS} (../shared is absent)"}
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
    print_attribution_real(console, result["attribution_real"],
                           "attribution on real leads (Asriran, Tabnak, Roozno, Mashregh; halves by a hash of the id)")
    print_attribution_real(console, result["attribution_fresh"],
                           "fresh set (150 other leads, labelled blind; both halves read since round three)")
    print_attribution_real(console, result["attribution_blind"],
                           "blind set (150 more leads, labelled blind after round three; both halves read since round four)")
    print_attribution_real(console, result["attribution_blind2"],
                           "second blind set (150 more leads, labelled blind after round four; both halves read since round five)")
    for labelled in later_sets:
        print_attribution_real(console, result[labelled.key], labelled.title)
    if "skipped" not in (u := result["attribution_unread"]):
        console.print(f"[bold]unread: {u['cases']} leads no round has read ({len(u['halves'])} halves of the later sets), pooled: "
                      f"exact chain {u['exact_chain_accuracy']:.3f}, origin {u['origin_accuracy']:.3f}[/bold]")
    if shingle_sweep:
        s = Table(title="shingle size (letters) on the same set")
        for col in ("k", "precision", "recall", "F1", "seconds", "Jaccard of unrelated stories"):
            s.add_column(col)
        for k, v in result["shingle_sweep"].items():
            s.add_row(str(k), f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", f"{v['seconds']:.2f}", f"{v['unrelated_jaccard']:.3f}")
        console.print(s)
    return result
