from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest

from newsagg.crawler.parsers.dates import jalali_to_utc, to_utc


@pytest.mark.parametrize("text,utc", [
    ("۹ خرداد ۱۳۹۸ / ۰۰:۲۰", "2019-05-29T19:50:00"),        # Tehran was UTC+4:30 (DST) in 2019
    ("۱۳۹۸/۰۲/۱۲ - ۱۶:۱۲", "2019-05-02T11:42:00"),
    ("۳۰ ارديبهشت ۱۳۹۸ - ۲۲:۵۳", "2019-05-20T18:23:00"),
    ("۱۲ مهر ۱۴۰۵ - ۱۱:۰۰", "2026-10-04T07:30:00"),          # no DST since 2022: UTC+3:30
    ("2019-05-20T18:23:00.0000000Z", "2019-05-20T18:23:00"),
    ("2026-10-20T12:30:41", "2026-10-20T09:00:41"),          # ISO without zone: Tehran time
    ("Mon, 19 Oct 2026 19:30:10 GMT", "2026-10-19T19:30:10"),
    ("19 Oct 2026 22:42:01 +0330", "2026-10-19T19:12:01"),
])
def test_dates_to_utc(text, utc):
    assert to_utc(text) == datetime.fromisoformat(utc).replace(tzinfo=UTC)


@pytest.mark.parametrize("text", ["", None, "دیروز", "۳۲ اسفند ۱۴۰۲", "not a date"])
def test_unparseable_dates_are_none(text):
    assert to_utc(text) is None and (text is None or jalali_to_utc(text) is None)


def test_every_real_feed_date_parses(shared):
    import re
    for feed in sorted((shared / "feeds").glob("*.xml")):
        dates = re.findall(r"<(?:pubDate|published|updated)>([^<]+)<", feed.read_text(encoding="utf-8"))
        assert dates, feed.name
        for d in dates:
            got = to_utc(d)
            assert got is not None and got.year == 2026, (feed.name, d)
            if d[:3].isalpha():
                assert got == parsedate_to_datetime(d).astimezone(UTC)
