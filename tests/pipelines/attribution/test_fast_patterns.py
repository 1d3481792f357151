"""The speed rewrites of the credit patterns match what the plain forms match, on real text: the openers
written by first letter (`opener_after`) and the plain scans that stand before a pattern (each must be a
necessary condition: where it says no, the pattern finds nothing)."""
import json
import re

from newsagg.pipelines.attribution import chain
from newsagg.pipelines.credits import CREDIT_CLAUSE, CREDIT_OPENER, SIGN_OFF, _ends_in_number, _may_sign_off
from newsagg.pipelines.evaluate import DATA, SHARED_TEXTS

# the plain forms the rewrites replaced: a lookbehind first, tried at every character
PLAIN_OPENER = re.compile(r"(?<![^\s.!؟?»«\"':،,؛(])(?:و\s*)?" + CREDIT_OPENER + r"(?![\u200c\s]*ها|ات)")
PLAIN_CLAUSE = re.compile(r"(?:^|(?<=[\s.!؟?»\"]))(?:و\s+)?" + CREDIT_OPENER + r"(?![\u200c\s]*ها)\s[^،,:؛\n]{0,140}?[،,:؛]\s*")
PLAIN_INTERVIEW = re.compile(chain._INTERVIEW.pattern.replace(r"ب(?<!\Sب)ه\s+", r"(?<!\S)به\s+"))
PLAIN_TOLD_LISTED = re.compile(chain._TOLD_LISTED.pattern.replace(r"ب(?<!\Sب)ه\s+", r"(?<!\S)به\s+"))


def _lines() -> list[str]:
    rows = [json.loads(line) for line in (DATA / "dedup_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    if SHARED_TEXTS.is_file():
        rows += [json.loads(line, strict=False) for line in SHARED_TEXTS.read_text(encoding="utf-8").splitlines()[:800]]
    lines = [line for r in rows for line in [r.get("lead") or "", *r["body"].split("\n")] if line.strip()]
    # where the character before matters: the text's start, after «و», quotes and a glued word
    return lines + ["به گزارش ایسنا، خبر.", "وبه گزارش ایسنا، خبر.", "«به نقل از مهر»، خبر", "کردبه گزارش ایسنا، خبر",
                    "و به گزارش‌ها، خبر", "طبق اعلام پلیس، خبر", "(بنابر گزارش تسنیم)، خبر", "او به ایسنا گفت"]


LINES = _lines()


def test_openers_written_by_first_letter_match_the_plain_forms_on_real_text():
    assert len(LINES) > 2000
    for line in LINES:
        assert [m.span() for m in chain._OPENER.finditer(line)] == [m.span() for m in PLAIN_OPENER.finditer(line)]
        assert CREDIT_CLAUSE.sub("", line) == PLAIN_CLAUSE.sub("", line)
        assert [m.groupdict() for m in chain._INTERVIEW.finditer(line)] == [m.groupdict() for m in PLAIN_INTERVIEW.finditer(line)]
        assert [m.span() for m in chain._TOLD_LISTED.finditer(line)] == [m.span() for m in PLAIN_TOLD_LISTED.finditer(line)]


def test_plain_scans_before_patterns_pass_every_line_the_pattern_matches():
    matched = {"sign_off": 0, "formula": 0, "tag": 0, "own_piece": 0, "reports": 0}
    for line in LINES:
        if SIGN_OFF.search(line):
            assert _may_sign_off(line) or _ends_in_number(line)
            matched["sign_off"] += 1
        if chain._HAS_FORMULA.search(line):
            assert "گزارش" in line or "نقل" in line or "گزرش" in line
            matched["formula"] += 1
        if chain._BARE_TAG.match(line):
            assert chain._may_tag(line)
            matched["tag"] += 1
        if chain.DATELINE.match(line):
            assert "-" in line or "–" in line or "—" in line
        if chain._INTERVIEW.search(line):
            assert "گفت" in line or "پاسخ" in line or "خبر" in line or "اظهار" in line or "مصاحبه" in line
        head = chain._unquoted(line[:300].strip())
        assert head == chain._QUOTES.sub("", line[:300].strip())
        if chain._OWN_PIECE.match(head):
            assert chain._may_own_piece(head)
            matched["own_piece"] += 1
        if chain._REPORTS.match(head):
            assert chain._may_report(head)
            matched["reports"] += 1
    assert min(matched.values()) > 0, matched  # each pattern was put to the test
