"""Every outlet's dated fixture against its expected JSON (fundus-style), plus the real 2019 pages
against the values the upstream project's own tests expected."""
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from parsel import Selector

from newsagg.article import Article
from newsagg.config import load_registry
from newsagg.crawler.parsers import PARSERS, NotAnArticle, parse_article
from newsagg.crawler.parsers.generic import MIN_TEXT_EVIDENCE, GenericParser, text_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "outlets"
CASES = sorted(FIXTURES.glob("*/*.json"))


def read_html(case: Path) -> str:
    return gzip.decompress(case.with_suffix(".html.gz").read_bytes()).decode("utf-8")


def expected_fields(article: Article) -> dict:
    """Every extracted field but those the spider sets (url, outlet, missing) and the second opinion
    the processing step adds (extraction_agreement), JSON-ready."""
    return {k: (v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v)
            for k in Article.extracted_fields() if k not in ("url", "outlet", "missing", "extraction_agreement") for v in [getattr(article, k)]}


def test_every_crawled_outlet_has_a_fixture():
    missing = [o.id for o in load_registry().crawled if not list((FIXTURES / o.id).glob("*.html.gz"))]
    assert not missing, f"outlets without a fixture: {missing}"


def outcome(parser: str, html: str, url: str) -> dict | str:
    """A fixture's expected outcome: every extracted field, or "not an article: <the counted reason>"."""
    try:
        return expected_fields(parse_article(parser, html, url))
    except NotAnArticle as reason:
        return f"not an article: {reason}"


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_fixture(case):
    data = json.loads(case.read_text(encoding="utf-8"))
    outlet = load_registry().get(case.parent.name)
    assert outlet.is_article_url(data["url"]), f"{data['url']} does not match {outlet.crawl.article_url}"
    actual = outcome(outlet.crawl.parser, read_html(case), data["url"])
    if isinstance(data["expected"], str) or isinstance(actual, str):
        assert actual == data["expected"], f"{case.parent.name}/{case.stem}: expected {data['expected']!r}"
        return
    changed = {k: (v, actual.get(k)) for k, v in data["expected"].items() if actual.get(k) != v}
    assert not changed, f"{case.parent.name}: fields changed (expected, got): {changed}"
    assert set(actual) == set(data["expected"]), "the expected JSON lacks fields: run make_fixtures.py --regenerate"


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
    html = """<html><head><meta property="og:title" content="عنوان"><meta property="og:type" content="article"></head><body>
    <div class="related-news"><p>خبر مرتبط با پیوندهای زیاد که نباید در متن بیاید و طولانی است</p></div>
    <div id="content"><p>رئیس‌جمهور گفت‌وگو کرد و می‌توان گفت این متن اصلی خبر است که باید حفظ شود.</p>
    <p>پاراگراف دوم متن اصلی خبر با نیم‌فاصله‌ها.</p><p>انتهای پیام</p></div></body></html>"""
    got = GenericParser().parse(html, "https://example.ir/news/123456")
    assert got.body.count("\u200c") >= 4 and "مرتبط" not in got.body and "انتهای پیام" not in got.body


def mehr_case(name: str) -> tuple[str, str]:
    data = json.loads((FIXTURES / "mehrnews.com" / f"{name}.json").read_text(encoding="utf-8"))
    return read_html(FIXTURES / "mehrnews.com" / f"{name}.json"), data["url"]


def test_mehr_2024_report_keeps_every_table_cell_as_text_rows():
    html, url = mehr_case("2024-02")
    cells = [text_of(td) for td in Selector(text=html).css("div.item-text table td")]
    got = parse_article("nastooh", html, url)
    rows = [line for line in got.body.split("\n") if " | " in line]
    assert len(cells) == 75 and all(c in got.body for c in cells)
    assert rows[0] == "دسته اصلی فناوری | زیردسته فناوری | کلان روندها"  # one line per row, cells apart
    assert got.parser == "nastooh@2024-02" and got.title == text_of(Selector(text=html).css("h1.title")[0])


def test_mehr_2024_without_meta_dates_from_the_visible_jalali_date_in_tehran_time():
    html, url = mehr_case("2024-02")
    assert "۱۹ بهمن ۱۴۰۲، ۹:۳۰" in html and "published_time" not in html
    assert parse_article("nastooh", html, url).published == datetime(2024, 2, 8, 6, 0, tzinfo=UTC)


def test_media_only_item_is_refused_with_its_reason_not_stored_as_its_summary():
    html, url = mehr_case("2024-02-video")
    with pytest.raises(NotAnArticle, match="^media-only video$") as refused:
        parse_article("nastooh", html, url)
    assert refused.value.final  # the generic parser is not tried: it took p.summary for the body


def test_older_nastooh_pages_fall_back_to_the_2019_layout():
    case = FIXTURES / "isna.ir" / "2019-05.json"
    got = parse_article("nastooh", read_html(case), json.loads(case.read_text(encoding="utf-8"))["url"])
    assert got.parser == "nastooh@2019-05"


def test_listing_page_is_refused_although_its_teasers_add_up_to_an_article_length():
    case = FIXTURES / "arannews.com" / "2026-11-listing.json"
    html = read_html(case)
    assert len(GenericParser().body(Selector(text=html), {})) >= MIN_TEXT_EVIDENCE
    with pytest.raises(NotAnArticle, match="^listing page$"):
        parse_article("generic", html, json.loads(case.read_text(encoding="utf-8"))["url"])


def test_og_type_website_is_no_evidence_but_a_published_time_is():
    page = """<html><head><meta property="og:type" content="website">{extra}</head><body><h1>عنوان</h1>
    <div id="content"><p>متنی کوتاه که شاید خبر باشد و شاید معرفی یک بخش از سایت.</p></div></body></html>"""
    with pytest.raises(NotAnArticle, match="^no article evidence$"):
        parse_article("generic", page.format(extra=""), "https://arannews.com/economy/")
    meta = '<meta property="article:published_time" content="2023-10-13T12:05:00+00:00">'
    assert parse_article("generic", page.format(extra=meta), "https://arannews.com/economy/").title == "عنوان"
    assert parse_article("generic", page.format(extra=""), "https://arannews.com/1402/07/21/x/").title == "عنوان"  # dated URL


def test_every_article_fixture_has_evidence():
    for case in CASES:
        data = json.loads(case.read_text(encoding="utf-8"))
        if isinstance(data["expected"], dict):
            html, parser = read_html(case), load_registry().get(case.parent.name).crawl.parser
            sel, cls = Selector(text=html), next(c for c in [*PARSERS[parser], GenericParser] if c.__name__ and c().name + "@" + c().layout == data["expected"]["parser"])
            body = cls().body(sel, GenericParser.json_ld(GenericParser.json_ld_objects(sel)))
            marked = bool(cls.marker_css and sel.css(cls.marker_css))
            assert cls().evidence(sel, GenericParser.json_ld(GenericParser.json_ld_objects(sel)), GenericParser.meta(sel), data["url"], body, marked), case


def test_an_unclosed_h1_is_no_title_the_page_title_is():
    """A page whose <h1> is never closed: the h1 runs on over the whole body (707 characters, stored as the
    title before); <title> is clean and the only other title the page has."""
    html = (Path(__file__).parent / "pages" / "unclosed-h1.html").read_text(encoding="utf-8")
    assert len(text_of(Selector(text=html).css("h1"))) > 700
    article = GenericParser().parse(html, "https://example.ir/news/1234567/x")
    assert article.title == "افزایش ۲۰ درصدی قیمت بلیت قطار از اول خرداد"
    assert article.body.startswith("به گزارش خبرنگار اقتصادی")



def test_random_bytes_are_no_text_in_any_encoding():
    """windows-1256 gives every byte a character: 5,000 random bytes read that way have a quarter Arabic
    letters, and 11 % control characters, which no fixture has one of."""
    import random

    from newsagg.crawler.parsers.encoding import BadEncoding, decode_page, looks_right

    noise = random.Random(7).randbytes(5000)
    with pytest.raises(BadEncoding):
        decode_page(noise, noise.decode("utf-8", "replace"))
    assert not looks_right(noise.decode("cp1256"))
    for case in CASES:
        assert looks_right(read_html(case)), case


def test_robots_txt_missing_and_a_charset_notice_lose_no_page():
    from newsagg import stats

    crawled = {"downloader/response_status_count/200": 5, "downloader/response_status_count/404": 2,
               "robotstxt/response_status_count/404": 1, "newsagg/errors/isna.ir/charset_mislabelled_cp1256": 1}
    errors = stats.outlet_stats(crawled, "isna.ir")["errors"]
    assert errors == {"http_404": 1, "charset_mislabelled_cp1256": 1} and stats.lost(errors) == 1
    only_robots = stats.outlet_stats({**crawled, "downloader/response_status_count/404": 1}, "isna.ir")["errors"]
    assert "http_404" not in only_robots and stats.lost(only_robots) == 0
