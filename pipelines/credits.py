"""Where credits sit in Persian news text: lead clauses, bureau tags, datelines, sign-offs.

Shared by normalization (which strips them before shingling, so two outlets' credits do not make the
same story look different) and attribution (which reads them into a chain). Patterns run on
hazm-normalized text, where ZWNJ and Arabic letter forms are already settled.
"""
import re

# Words that open a credit clause: «به گزارش X»، «به نقل از X»، «به نوشته X»، «بنابر/براساس/طبق گزارش (اعلام) X».
# The one alternation of openers (attribution reads names after it, normalization strips the clause).
# Any run of spaces and ZWNJ may stand between the words, or none: «به‌گزارش»، «بنابرگزارش» (real leads
# have all three), and «گزرش» is a common typo of «گزارش» (6 of 300 real leads).
_G = r"[\s\u200c]*"
_REPORT = "(?:گزارش|گزرش)"
CREDIT_OPENER = (
    f"(?:به{_G}{_REPORT}|به{_G}نقل{_G}از|به{_G}نوشته|بنا{_G}(?:بر|به){_G}(?:{_REPORT}|اعلام|نوشته)"
    f"|بر{_G}اساس{_G}(?:{_REPORT}|اعلام)|طبق{_G}(?:{_REPORT}|اعلام)|به{_G}استناد{_G}{_REPORT})"
)

# A whole credit clause up to the comma/colon that closes it (the closing mark is required so that
# «به گزارش او» inside a sentence is not taken for a credit).
CREDIT_CLAUSE = re.compile(
    # «به گزارش‌های …» (plural: "in view of reports") is prose, not a credit
    r"(?:^|(?<=[\s.!؟?»\"]))(?:و\s+)?" + CREDIT_OPENER + r"(?![\u200c\s]*ها)\s[^،,:؛\n]{0,140}?[،,:؛]\s*",
)

# «X گزارش داد/نوشت/اعلام کرد:» at the start of a paragraph.
REPORTED_BY = re.compile(r"^(?P<name>[^\s،,:.]{2,}(?:\s[^\s،,:.]+){0,4})\s+(?:گزارش\s*داد|نوشت|اعلام\s*کرد|گزارش\s*کرد)\s*[،,:]\s*")

# Bureau tags and datelines at the start of a body: «ایسنا/کرمان»، «تهران- ایرنا-»، «(ایسنا) -».
BUREAU_TAG = re.compile(r"^\s*\(?(?P<agency>[^\s/()\-–—]{2,20})\)?\s*/\s*(?P<bureau>[^\s\-–—،,:]{2,25})\s*[-–—:]?\s*")
DATELINE = re.compile(r"^\s*(?P<place>[^\s\-–—]{2,20}(?:\s[^\s\-–—]{2,20})?)\s*[-–—]\s*(?P<agency>[^\s\-–—]{2,20})\s*[-–—]\s*")

# Sign-offs and site boilerplate: whole lines or trailing fragments that carry no story.
SIGN_OFF = re.compile(
    r"(?:انتهای\s*پیام|پایان\s*پیام|منبع\s*:\s*[^\n]{0,80}|کد\s*خبر\s*:?\s*[\d۰-۹]+|لینک\s*کوتاه\s*:?\s*\S*"
    r"|بیشتر\s*بخوانید\s*:?[^\n]{0,160}|اخبار\s*مرتبط\s*:?[^\n]{0,160}|\(\s*با\s*تلخیص\s*\)|/?\s*\d{3,6}\s*/?\s*$)"
)
SOURCE_SIGN_OFF = re.compile(r"منبع\s*:\s*(?P<name>[^\n.،]{2,60})")


_SIGN_OFF_WORDS = ("پیام", "منبع", "کد", "لینک", "بخوانید", "مرتبط", "تلخیص")
_DASHES = ("-", "–", "—")


def strip_credits(text: str) -> str:
    """The story without its credits: what the dedup key is built from.

    Each pattern runs only on lines holding its keyword: a plain `in` test is far cheaper than a
    regex scan, and most lines hold none (this halves the cost of the dedup key)."""
    lines = []
    for line in text.split("\n"):
        head = line[:60]
        if "/" in head[:40]:
            line = BUREAU_TAG.sub("", line, count=1)
        if any(d in head for d in _DASHES):
            line = DATELINE.sub("", line, count=1)
        if "نوشت" in line or "گزارش" in line or "اعلام" in line:
            line = REPORTED_BY.sub("", line, count=1)
        if "گزارش" in line or "نقل" in line:
            line = CREDIT_CLAUSE.sub("", line)
        if any(w in line for w in _SIGN_OFF_WORDS) or line.rstrip("/ ")[-1:].isdigit():
            line = SIGN_OFF.sub(" ", line)
        if line.strip():
            lines.append(line)
    return "\n".join(lines)
