"""The review page's error messages in Persian, saying what an editor can do on the page.

The storage layer's messages are English and speak to the command line (one told an editor to use
`--allow-unknown`, a flag); the page shows the Persian reading of each, and logs the English.
"""
from __future__ import annotations

import logging
import re

from newsagg.web.text import fa_digits

log = logging.getLogger("newsagg.web")

ALLOW_CHAIN = "«بیرون از فهرست، آگاهانه»"
ALLOW_ORIGIN = "«بیرون از خبر، آگاهانه»"

# (English message pattern, Persian message): every message pipelines/storage/reviews.py, review_queries.py
# and web/app.py raise to the page (tests/newsagg/web/test_messages.py checks each is read).
_PERSIAN: list[tuple[re.Pattern[str], str]] = [(re.compile(p), fa) for p, fa in [
    (r"no article (\d+)", "خبری با شناسه {0} نیست."),
    (r"no cluster (\d+)", "ماجرایی با شناسه {0} نیست."),
    (r"empty chain", "زنجیره خالی است: نخست ناشر، سپس هر منبعی که خبر به آن ارجاع داده است."),
    (r"a chain starts with the article's publisher \((.+)\), not (.+)", "زنجیره با ناشر خبر ({0}) آغاز می‌شود، نه {1}."),
    (r"an outlet appears twice in the chain: (.+)", "رسانه‌ای دو بار در زنجیره آمده است: {0}"),
    (r"not in the outlet registry: (.+?) \(", "این منبع در فهرست رسانه‌ها نیست: {0}. برای نگه‌داشتنش گزینهٔ " + ALLOW_CHAIN
     + " را بزنید."),
    (r"«(.+)» is not in the registry", "«{0}» در فهرست رسانه‌ها نیست. برای نگه‌داشتنش گزینهٔ " + ALLOW_CHAIN + " را بزنید."),
    (r"a source name is longer than (\d+) characters", "نام منبع بیش از {0} نویسه است."),
    (r"empty origin", "منشأ خالی است: رسانه‌ای را برگزینید."),
    (r"an origin name is longer than (\d+) characters", "نام منشأ بیش از {0} نویسه است."),
    (r"(.+) is neither a member nor a credited source of story (\d+).*\(candidates: (.*);",
     "{0} نه در این ماجرا خبری دارد و نه منبع خبرهای آن است (گزینه‌ها: {2}). برای گزینش آن گزینهٔ " + ALLOW_ORIGIN
     + " را بزنید."),
    (r"«(.+)» is outside this story", "«{0}» بیرون از این ماجراست. برای گزینش آن گزینهٔ " + ALLOW_ORIGIN + " را بزنید."),
    (r"story (\d+) has no origin to confirm", "ماجرای {0} منشأیی برای تأیید ندارد: منشأ را برگزینید."),
    (r"a correction needs a reviewer's name", "نام بازبین را بنویسید."),
    (r"a reviewer's name is longer than (\d+) characters", "نام بازبین بیش از {0} نویسه است."),
    (r"no live correction to undo for (?:article|story) (\d+)", "اصلاحی برای بازگرداندن نمانده است ({0})."),
    (r"no (?:chain |origin )?correction with id (\d+)", "اصلاحی با شناسه {0} نیست (تاریخچه را ببینید)."),
    (r"correction (\d+) is both", "شناسهٔ {0} هم از آنِ اصلاح زنجیره است و هم اصلاح منشأ: کدام را می‌خواهید؟"),
    (r"not a date: '(.*)'", "تاریخ «{0}» خوانده نشد: به شکل ۱۴۰۲/۰۷/۲۱ یا 2023-10-13 بنویسید."),
    (r"unknown kind: (.+)", "نوع «{0}» شناخته نیست."),
    (r"undo needs", "بازگرداندن، نوع (زنجیره یا منشأ) و شناسه‌ای می‌خواهد."),
    (r"sign in with the review token first", "نخست با رمز بازبینی وارد شوید."),
    (r"cross-site or stale form refused", "این فرم کهنه است یا از جای دیگری فرستاده شده: صفحه را دوباره باز کنید."),
    (r"not found", "پیدا نشد."),
]]


def persian(message: str) -> str:
    """The Persian message an editor reads; the English one goes to the log."""
    log.info("review page refused: %s", message)
    for pattern, fa in _PERSIAN:
        if m := pattern.match(message):
            return fa.format(*(fa_digits(g) if g and g.isdigit() else g for g in m.groups()))
    return f"درخواست انجام نشد ({message})"
