"""Terminal rendering: isolates around Persian, titles cut at a word, Tehran time and Jalali dates."""
from datetime import UTC, datetime, timedelta

import pytest
from rich.console import Console

from newsagg.cli import render
from newsagg.cli.render import FSI, PDI, View, isolate, provenance_tree, shorten
from newsagg.cli.timefmt import Clock, parse_time


@pytest.fixture(autouse=True)
def default_view():
    yield
    render.configure(View())


def text_of(renderable) -> str:
    console = Console(width=200, record=True)
    console.print(renderable)
    return console.export_text()


def story(title="پوتین: درباره قره‌باغ با علی‌اف گفت‌وگو کردم"):
    at = datetime(2023, 10, 13, 9, 10, tzinfo=UTC)
    member = {"article_id": 7, "outlet_id": "arannews.com", "published_at": at, "chain": ["arannews.com", "nabzebazar.com", "isna.ir"],
              "uncredited": False, "conflict": None, "corrected": False}
    return {"cluster_id": 1, "title": title, "size": 4, "outlet_count": 4, "first_published": at, "last_published": at,
            "origin": "isna.ir", "origin_reason": "deepest credited source", "members": [member]}


def test_persian_fields_are_wrapped_in_isolates_and_latin_text_is_not():
    assert isolate("ایسنا") == f"{FSI}ایسنا{PDI}"
    assert isolate("ISNA") == "ISNA" and isolate(None) == ""
    shown = text_of(provenance_tree(story()))
    assert f"story #1 {FSI}پوتین: درباره قره‌باغ با علی‌اف گفت‌وگو کردم{PDI}  4 articles" in shown
    assert f"chain: {FSI}آران نیوز{PDI} → {FSI}نبض بازار{PDI} → {FSI}ایسنا{PDI}" in shown


def test_ascii_names_show_the_latin_name_where_an_outlet_has_one():
    render.configure(View(ascii_names=True))
    shown = text_of(provenance_tree(story()))
    assert "chain: Aran News → Nabz-e Bazar → ISNA" in shown
    assert render.label("مارکا") == f"{FSI}مارکا{PDI}"  # an unknown source keeps its (isolated) name


def test_titles_are_cut_at_a_word_with_an_ellipsis():
    title = "کارشناسی داوری دیدار سپاهان و پرسپولیس از زبان عسگری"
    for width in range(10, len(title)):  # wider than the first word and its ellipsis
        cut = shorten(title, width)
        assert cut.endswith("…") and len(cut) <= width
        assert title.startswith(cut[:-1]) and title[len(cut) - 1] == " ", (width, cut)  # the next letter starts a word
    assert shorten(title, len(title)) == title
    assert shorten("یک‌کلمه‌خیلی‌بلند", 6) == "یک‌کل…"  # one word longer than the width: no word to cut at


def test_times_show_in_tehran_with_the_offset_of_that_date_or_utc_or_with_the_jalali_date():
    isna_2019 = datetime(2019, 5, 29, 19, 50, 37, tzinfo=UTC)  # ISNA's «۹ خرداد ۱۳۹۸ - ۰۰:۲۰»
    assert Clock().show(isna_2019) == "2019-05-30 00:20 +0430"
    assert Clock().show(datetime(2023, 10, 13, 9, 10, tzinfo=UTC)) == "2023-10-13 12:40 +0330"  # no summer time since 2022
    assert Clock(utc=True).show(isna_2019) == "2019-05-29 19:50 UTC"
    assert Clock(jalali=True).show(isna_2019) == "2019-05-30 00:20 +0430 (1398-03-09)"
    assert Clock().show(None) == "no date"


def test_since_and_until_read_jalali_dates_by_their_year_and_zoneless_times_as_tehran():
    assert parse_time("1402-07-21") == datetime(2023, 10, 12, 20, 30, tzinfo=UTC)
    assert parse_time("۱۴۰۲/۰۷/۲۱") == parse_time("1402-07-21")
    assert parse_time("1402-07-21", end_of_day=True) == datetime(2023, 10, 13, 20, 30, tzinfo=UTC)
    assert parse_time("2023-10-13T12:40") == datetime(2023, 10, 13, 9, 10, tzinfo=UTC)
    assert parse_time("2023-10-13T12:40Z") == datetime(2023, 10, 13, 12, 40, tzinfo=UTC)
    assert parse_time("2023-10-13 12:40+03:30") == datetime(2023, 10, 13, 9, 10, tzinfo=UTC)
    assert parse_time("2023-10-13", end_of_day=True) - parse_time("2023-10-13") == timedelta(days=1)
    for bad in ("1402-13-01", "yesterday", "2023-02-30"):
        with pytest.raises(ValueError):
            parse_time(bad)
