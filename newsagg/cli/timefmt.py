"""Times as Iranian readers read them: Tehran local time with its offset, optionally the Jalali date.

The store keeps UTC; ISNA's «۹ خرداد ۱۳۹۸ - ۰۰:۲۰» is 2019-05-29 19:50 UTC, which printed in UTC
reads as the previous day. Tehran's offset is taken from tzdata (+04:30 in the summers before 2023,
+03:30 since), never a fixed +03:30. `--since 1402-07-21` is a Jalali date (recognised by its year:
no news outlet published in 1402 AD), and a time without a zone is Tehran time.
"""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

TEHRAN = ZoneInfo("Asia/Tehran")
JALALI_YEARS = range(1200, 1700)  # a year in this range is a Jalali (Solar Hijri) year
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?")


@dataclass(frozen=True)
class Clock:
    """How the text output shows a time: Tehran (default) or UTC, with the Jalali date or without."""
    utc: bool = False
    jalali: bool = False

    def show(self, dt: datetime | None) -> str:
        if dt is None:
            return "no date"
        local = dt.astimezone(UTC if self.utc else TEHRAN)
        text = local.strftime("%Y-%m-%d %H:%M ") + ("UTC" if self.utc else local.strftime("%z"))
        if self.jalali:
            text += f" ({jalali_date(local)})"
        return text


def jalali_date(dt: datetime) -> str:
    import jdatetime

    return jdatetime.date.fromgregorian(date=dt.date()).strftime("%Y-%m-%d")


def parse_time(text: str, end_of_day: bool = False, jalali: bool | None = None) -> datetime:
    """A user's date or time: ISO or Jalali (by year, or jalali=True), zone-less = Tehran.
    A bare date means its start, or with end_of_day its end (so `--until 1402-07-21` includes that day)."""
    m = _DATE.fullmatch(text.strip().translate(_DIGITS))
    if not m:
        raise ValueError(f"not a date: {text!r} (try 2023-10-13, 1402-07-21 or 2023-10-13T09:30+03:30)")
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if jalali if jalali is not None else y in JALALI_YEARS:
        import jdatetime

        try:
            day = jdatetime.date(y, mo, d).togregorian()
        except ValueError as exc:
            raise ValueError(f"not a Jalali date: {text!r} ({exc})") from None
    else:
        try:
            day = date(y, mo, d)
        except ValueError as exc:
            raise ValueError(f"not a date: {text!r} ({exc})") from None
    at = time(int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)) if m[4] else time(0)
    zone = m[7]
    if zone is None:
        tz: tzinfo | None = TEHRAN
    elif zone == "Z":
        tz = UTC
    else:
        tz = datetime.strptime(zone.replace(":", ""), "%z").tzinfo
    dt = datetime.combine(day, at, tzinfo=tz)
    if end_of_day and not m[4]:
        dt = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return dt


def argument(end_of_day: bool = False):
    """An argparse type for --since (start of a bare date) and --until (end of a bare date)."""
    def parse(text: str) -> datetime:
        try:
            return parse_time(text, end_of_day)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return parse

