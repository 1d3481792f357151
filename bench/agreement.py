"""What the second opinion costs per page: trafilatura + the token F1, beside our own parse of the
same page (the baseline, measured in the same run), on every article fixture.

    python -m bench --only agreement        # or: python -m bench.agreement [--runs 5] [--json]
"""
from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "outlets"


def pages() -> list[tuple[str, str, str, str]]:
    """(case, parser, url, html) of every fixture that expects an article."""
    from newsagg.config import load_registry

    registry, out = load_registry(), []
    for case in sorted(FIXTURES.glob("*/*.json")):
        data = json.loads(case.read_text(encoding="utf-8"))
        if isinstance(data["expected"], dict):
            html = gzip.decompress(case.with_suffix(".html.gz").read_bytes()).decode("utf-8")
            out.append((f"{case.parent.name}/{case.stem}", registry.get(case.parent.name).crawl.parser, data["url"], html))
    return out


def agreement_cost(runs: int = 5) -> dict:
    from newsagg.crawler.parsers import parse_article
    from newsagg.pipelines.agreement import second_opinion, token_f1

    second_opinion("<html><body><p>warm up: the import and lxml's first parse</p></body></html>")
    per_page = []
    for case, parser, url, html in pages():
        ours, theirs, score = [], [], []
        for _ in range(runs):
            t = time.perf_counter()
            article = parse_article(parser, html, url)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            text = second_opinion(html)
            theirs.append(time.perf_counter() - t)
            t = time.perf_counter()
            f1 = token_f1("\n".join(x for x in (article.lead, article.body) if x), text)
            score.append(time.perf_counter() - t)
        per_page.append({"page": case, "kb": round(len(html.encode()) / 1024, 1), "agreement": f1,
                         "parse_ms": round(statistics.median(ours) * 1000, 2),
                         "second_opinion_ms": round(statistics.median(theirs) * 1000, 2),
                         "f1_ms": round(statistics.median(score) * 1000, 2)})
    parse = statistics.median(p["parse_ms"] for p in per_page)
    extra = statistics.median(p["second_opinion_ms"] + p["f1_ms"] for p in per_page)
    return {"pages": len(per_page), "runs": runs,
            "median_parse_ms": round(parse, 2), "median_second_opinion_ms": round(extra, 2),
            "ratio_to_parse": round(extra / parse, 1),
            "max_second_opinion_ms": max(p["second_opinion_ms"] for p in per_page),
            "median_agreement": statistics.median(p["agreement"] for p in per_page),
            "per_page": per_page}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="the whole result as JSON")
    args = ap.parse_args()
    result = agreement_cost(args.runs)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return
    for p in result["per_page"]:
        print(f"{p['page']:36s} {p['kb']:7.1f} KB  parse {p['parse_ms']:7.2f} ms  trafilatura+F1 "
              f"{p['second_opinion_ms'] + p['f1_ms']:7.2f} ms  agreement {p['agreement']:.3f}")
    print({k: v for k, v in result.items() if k != "per_page"})


if __name__ == "__main__":
    main()
