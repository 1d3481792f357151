"""What the second opinion costs per page: trafilatura + the token F1, beside our own parse of the
same page (the baseline, measured in the same run) and trafilatura's full reading alone, on every
article fixture.

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
    """Per fixture: our parse, the second opinion as the crawl asks it (fast reading, the full one only
    on disagreement) and, beside it, trafilatura's full reading alone (what every page paid before)."""
    from newsagg.crawler.parsers import parse_article
    from newsagg.pipelines.agreement import agreement, second_opinion, token_f1

    second_opinion("<html><body><p>warm up: the import and lxml's first parse</p></body></html>")
    per_page = []
    for case, parser, url, html in pages():
        ours, used, full = [], [], []
        for _ in range(runs):
            t = time.process_time()
            article = parse_article(parser, html, url)
            ours.append(time.process_time() - t)
            t = time.process_time()
            score = agreement(html, article.lead, article.body)
            used.append(time.process_time() - t)
            t = time.process_time()
            full_score = token_f1("\n".join(x for x in (article.lead, article.body) if x), second_opinion(html))
            full.append(time.process_time() - t)
        per_page.append({"page": case, "kb": round(len(html.encode()) / 1024, 1), "agreement": score,
                         "agreement_full_reading": full_score, "parse_ms": round(statistics.median(ours) * 1000, 2),
                         "second_opinion_ms": round(statistics.median(used) * 1000, 2),
                         "full_reading_ms": round(statistics.median(full) * 1000, 2)})
    parse = statistics.median(p["parse_ms"] for p in per_page)
    extra = statistics.median(p["second_opinion_ms"] for p in per_page)
    return {"pages": len(per_page), "runs": runs,
            "median_parse_ms": round(parse, 2), "median_second_opinion_ms": round(extra, 2),
            "median_full_reading_ms": round(statistics.median(p["full_reading_ms"] for p in per_page), 2),
            "ratio_to_parse": round(extra / parse, 1),
            "max_second_opinion_ms": max(p["second_opinion_ms"] for p in per_page),
            "median_agreement": statistics.median(p["agreement"] or 0 for p in per_page),
            "median_agreement_full_reading": statistics.median(p["agreement_full_reading"] for p in per_page),
            "scores_changed": [p["page"] for p in per_page if p["agreement"] != p["agreement_full_reading"]],
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
        print(f"{p['page']:36s} {p['kb']:7.1f} KB  parse {p['parse_ms']:7.2f} ms  second opinion "
              f"{p['second_opinion_ms']:7.2f} ms  agreement {p['agreement']}  (full reading alone "
              f"{p['full_reading_ms']:7.2f} ms, {p['agreement_full_reading']})")
    print({k: v for k, v in result.items() if k != "per_page"})


if __name__ == "__main__":
    main()
