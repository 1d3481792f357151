"""Every outlet's dated fixture against its expected JSON (fundus-style), plus the real 2019 pages
against the values the upstream project's own tests expected."""
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsagg.article import Article
from newsagg.config import load_registry
from newsagg.crawler.parsers import NotAnArticle, parse_article
from newsagg.crawler.parsers.generic import GenericParser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "outlets"
CASES = sorted(FIXTURES.glob("*/*.json"))


def read_html(case: Path) -> str:
    return gzip.decompress(case.with_suffix(".html.gz").read_bytes()).decode("utf-8")


def expected_fields(article: Article) -> dict:
    """Every extracted field but those the spider sets (url, outlet, missing), JSON-ready."""
    return {k: (v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v)
            for k in Article.extracted_fields() if k not in ("url", "outlet", "missing") for v in [getattr(article, k)]}


def test_every_crawled_outlet_has_a_fixture():
    missing = [o.id for o in load_registry().crawled if not list((FIXTURES / o.id).glob("*.html.gz"))]
    assert not missing, f"outlets without a fixture: {missing}"


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_fixture(case):
    data = json.loads(case.read_text(encoding="utf-8"))
    outlet = load_registry().get(case.parent.name)
    actual = expected_fields(parse_article(outlet.crawl.parser, read_html(case), data["url"]))
    changed = {k: (v, actual.get(k)) for k, v in data["expected"].items() if actual.get(k) != v}
    assert not changed, f"{case.parent.name}: fields changed (expected, got): {changed}"
    assert set(actual) == set(data["expected"]), "the expected JSON lacks fields: run make_fixtures.py --regenerate"
    assert outlet.is_article_url(data["url"]), f"{data['url']} does not match {outlet.crawl.article_url}"


def test_real_pages_match_upstream_expectations(shared):
    upstream = json.loads((shared / "pages" / "expected-upstream.json").read_text(encoding="utf-8"))["articles"]
    parsers = {"ISNA": "nastooh", "Tasnim": "tasnim", "YJC (Young Journalists Club)": "sepehr"}
    for art in upstream:
        if art["outlet"] not in parsers:
            continue
        html = (shared / "pages" / (art["fixture"].split("/")[0] + "-2019.html")).read_text(encoding="utf-8")
        got = parse_article(parsers[art["outlet"]], html, art["url"])
        assert got.title == art["title"]
        assert got.tags[0] == art["tags_first"][0]
        assert got.body.split()[:13] == art["body_first_sentence"].split()[:13]
        expected_time = "2019-05-29T19:50:37+00:00" if art["outlet"] == "ISNA" else art["date_published"].replace(".000Z", "+00:00")
        assert got.published.isoformat() == expected_time  # ISNA: article:published_time, see shared/README


def test_pages_that_are_not_articles_are_refused_with_a_reason():
    gallery = '<html><head><meta property="og:type" content="video.other"><title>x</title></head><body><h1>x</h1><p>y</p></body></html>'
    with pytest.raises(NotAnArticle, match="og:type"):
        parse_article("generic", gallery, "https://www.isna.ir/photo/1")
    with pytest.raises(NotAnArticle, match="no body"):
        parse_article("nastooh", "<html><head><title>t</title></head><body><h1>t</h1></body></html>", "https://www.isna.ir/news/1")


def test_generic_extraction_keeps_zwnj_and_skips_boilerplate():
    html = """<html><head><meta property="og:title" content="عنوان"></head><body>
    <div class="related-news"><p>خبر مرتبط با پیوندهای زیاد که نباید در متن بیاید و طولانی است</p></div>
    <div id="content"><p>رئیس‌جمهور گفت‌وگو کرد و می‌توان گفت این متن اصلی خبر است که باید حفظ شود.</p>
    <p>پاراگراف دوم متن اصلی خبر با نیم‌فاصله‌ها.</p><p>انتهای پیام</p></div></body></html>"""
    got = GenericParser().parse(html, "https://example.ir/news/123456")
    assert got.body.count("\u200c") >= 4 and "مرتبط" not in got.body and "انتهای پیام" not in got.body
