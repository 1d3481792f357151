"""Publication times to UTC: machine-readable ISO first, Jalali text (Asia/Tehran) when that is all."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import jdatetime

TEHRAN = ZoneInfo("Asia/Tehran")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "ارديبهشت": 2, "خرداد": 3, "تیر": 4, "تير": 4, "مرداد": 5, "امرداد": 5,
    "شهریور": 6, "شهريور": 6, "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "دي": 10, "بهمن": 11, "اسفند": 12,
}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NUMERIC_JALALI = re.compile(r"(1[34]\d\d)[/\-.](\d{1,2})[/\-.](\d{1,2})(?:\D+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_TEXT_JALALI = re.compile(r"(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(1[34]\d\d)(?:\D{1,12}(\d{1,2}):(\d{2}))?")
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}")


def to_utc(value: str | None) -> datetime | None:
    """Parse what pages and feeds put in their date fields; None when nothing parses."""
    if not value:
        return None
    text = value.strip().translate(_DIGITS)
    if _ISO.match(text):
        return _iso(text)
    if _RFC822.match(text):
        from email.utils import parsedate_to_datetime
        try:
            return _aware(parsedate_to_datetime(text), UTC)
        except (TypeError, ValueError):
            return None
    return jalali_to_utc(text)


def _iso(text: str) -> datetime | None:
    text = text.replace("Z", "+00:00")
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)  # .NET's 7 fractional digits
    try:
        return _aware(datetime.fromisoformat(text), TEHRAN)  # an ISO time without zone is Tehran's
    except ValueError:
        return None


def jalali_to_utc(text: str) -> datetime | None:
    """'۹ خرداد ۱۳۹۸ / ۰۰:۲۰', '۱۳۹۸/۰۲/۱۲ - ۱۶:۱۲' -> UTC, read as Asia/Tehran wall time."""
    text = text.translate(_DIGITS)
    if m := _NUMERIC_JALALI.search(text):
        y, mo, d, hh, mm, ss = m.groups()
    elif m := _TEXT_JALALI.search(text):
        d, month, y, hh, mm = m.groups()
        mo, ss = _MONTHS[month], None
    else:
        return None
    try:
        g = jdatetime.datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0)).togregorian()
    except ValueError:
        return None
    return g.replace(tzinfo=TEHRAN).astimezone(UTC)


def _aware(dt: datetime, default_zone) -> datetime:
    return (dt if dt.tzinfo else dt.replace(tzinfo=default_zone)).astimezone(UTC)
