"""The second opinion: our extraction against trafilatura's, on real captures."""
import gzip
import json
from pathlib import Path

from newsagg.crawler.parsers import parse_article
from newsagg.pipelines.agreement import CONFIRMED, agreement, second_opinion, token_f1
from newsagg.pipelines.process import ProcessConfig, Processor

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "outlets"
ISNA_URL = "https://www.isna.ir/news/98030903723/x"
# A layout change, assembled here on the real ISNA page: the story's container lost the class and
# itemprop the 2019 selector reads, and a box of comment rules (Mehr's real wording) took the class.
WRONG_BLOCK = ('<div class="item-text"><p>نظرات حاوی توهین و هرگونه نسبت ناروا به اشخاص حقیقی و حقوقی منتشر نمی‌شود.</p>'
               '<p>نظراتی که غیر از زبان فارسی یا غیر مرتبط با خبر باشد منتشر نمی‌شود.</p></div>')


def isna_page() -> str:
    return gzip.decompress((FIXTURES / "isna.ir" / "2019-05.html.gz").read_bytes()).decode("utf-8")


def wrong_block(html: str) -> str:
    """The ISNA page after the layout change above: the 2019 selector now grabs the comment rules."""
    moved = html.replace('itemprop="articleBody" class="item-text"', 'class="item-body-text"')
    assert moved != html
    return moved.replace('<div class="item-footer"', WRONG_BLOCK + '<div class="item-footer"', 1)


def test_the_same_words_agree_whatever_their_zwnj_and_digits():
    assert token_f1("رئیس‌جمهور گفت‌وگو کرد ۱۴۰۲", "رئیسجمهور گفتوگو کرد 1402") == 1.0
    assert token_f1("یک دو سه", "چهار پنج") == 0.0


def test_a_real_page_agrees_and_a_selector_on_the_wrong_block_does_not():
    html = isna_page()
    right = parse_article("nastooh", html, ISNA_URL)
    assert agreement(html, right.lead, right.body) >= 0.9
    changed = wrong_block(html)
    wrong = parse_article("nastooh", changed, ISNA_URL)
    assert wrong.body.startswith("نظرات حاوی توهین")  # every field still present: coverage sees nothing
    assert agreement(changed, wrong.lead, wrong.body) < 0.3


def test_the_real_mehr_report_with_its_tables_agrees():
    html = gzip.decompress((FIXTURES / "mehrnews.com" / "2024-02.html.gz").read_bytes()).decode("utf-8")
    assert second_opinion(html)  # the capture opens with a comment, which trafilatura alone reads as empty
    got = parse_article("nastooh", html, "https://www.mehrnews.com/news/6017630")
    assert agreement(html, got.lead, got.body) >= 0.85


def test_no_second_opinion_is_none_not_zero():
    assert agreement("<html><body></body></html>", None, "متن") is None


def test_the_processor_scores_the_page_and_drops_it():
    html = isna_page()
    article = parse_article("nastooh", html, ISNA_URL, "isna.ir")
    article.page = html
    done = Processor(ProcessConfig(display=False))(article)
    assert done.page is None and done.extraction_agreement >= 0.9
    assert done.extracted()["extraction_agreement"] == done.extraction_agreement  # spooled with the article


def test_a_fast_reading_that_disagrees_is_settled_by_the_full_reading():
    """Asriran's assembled page: trafilatura's fast mode misses part of the story, its full mode (with
    the readability and jusText fallbacks) does not; the score is the full reading's, not a false alarm."""
    from newsagg.config import load_registry

    case = FIXTURES / "asriran.com" / "2026-11"
    html = gzip.decompress(case.with_suffix(".html.gz").read_bytes()).decode("utf-8")
    got = parse_article(load_registry().get("asriran.com").crawl.parser, html, json.loads(case.with_suffix(".json").read_text())["url"])
    ours = "\n".join(t for t in (got.lead, got.body) if t)
    assert token_f1(ours, second_opinion(html, fast=True)) < CONFIRMED
    assert agreement(html, got.lead, got.body) == token_f1(ours, second_opinion(html)) >= CONFIRMED


def test_a_fast_reading_that_agrees_is_the_score():
    html = isna_page()
    got = parse_article("nastooh", html, ISNA_URL)
    fast = token_f1("\n".join(t for t in (got.lead, got.body) if t), second_opinion(html, fast=True))
    assert fast >= CONFIRMED and agreement(html, got.lead, got.body) == fast


def test_the_second_opinion_is_shed_only_when_the_worker_is_behind_and_never_below_the_floor():
    from newsagg.pipelines.agreement import Shedding, scored

    policy = Shedding(first=3, every=4)
    assert all(scored(policy, seen, since, behind=False) for seen in range(50) for since in range(10))  # keeping up: all
    run, since = [], 0
    for seen in range(15):  # behind for a whole run: the first 3, then 1 in 4
        run.append(scored(policy, seen, since, behind=True))
        since = 0 if run[-1] else since + 1
    assert run == [True] * 3 + ([False] * 3 + [True]) * 3
    assert all(scored(Shedding("always"), 99, 0, behind=True) for _ in range(3))
    assert not scored(Shedding("off"), 0, 99, behind=False)


def test_an_unknown_second_opinion_mode_is_refused():
    import pytest

    from newsagg.pipelines.agreement import Shedding

    with pytest.raises(ValueError, match="adaptive"):
        Shedding("sometimes")
