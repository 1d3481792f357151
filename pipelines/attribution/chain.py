"""Read the credits of one article into its attribution chain, publisher first.

«به گزارش آران نیوز به نقل از نبض بازار، ...» on Aran News, whose body embeds «به گزارش ایسنا، ...»
gives aran -> nabz-e bazar -> isna. The chain is the article's provenance, not every citation in it:
  - a closing sign-off («منبع: X», or a bare last line naming a paper) is the nearest hop;
  - then the lead's credits in order (a self-credit or a desk is not a hop): «به گزارش/به نقل از/
    به نوشته/بنابر اعلام X», and a medium that is the subject of the credited sentence («به گزارش
    ایسنا، روزنامه شرق نوشت:»، «X در گزارشی نوشت»، «اسپوتنیک به نقل از ...») or a named author's own
    text («X در کانال تلگرامی خود نوشت»، «X در روزنامه Y نوشت»); a speaker («وزارت ... اعلام کرد») is not;
  - then a report embedded at the head of a later paragraph, only when the lead already credits
    another outlet (a self-credited roundup's sections are citations, not its provenance).
Copy-paste glues words («به گزارشمهربه نقل از»، «صادر کردبه گزارش»): the formulas are split out first.
On 300 labelled real leads (tests/data/real) see `newsagg evaluate` for the figures.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newsagg.pipelines.attribution.names import MEDIUM, QUOTED_TITLE, SPEAKER, Source, SourceResolver
from newsagg.pipelines.credits import BUREAU_TAG, CREDIT_OPENER, DATELINE, SOURCE_SIGN_OFF
from newsagg.pipelines.normalize import fold

_G = r"[\s\u200c]*"
_FORMULA = f"به{_G}(?:نقل{_G}از|گزارش|گزرش)"
# «مهربه نقل از»، «صادر کردبه گزارش»: a formula glued to the word before it (not «سه‌شنبه گزارش»:
# words that end in «به» are left alone) ...
_GLUED_BEFORE = re.compile(r"(?<=[^\W\d_])(?<!شن)(?<!جن)(?<!شا)(?<!رت)(?<!غل)(?<!لب)(?<!شع)(?<!کع)(?<!قب)(?<!نس)(?<!تج)"
                           r"(?<!ضر)(?<!جذ)(?<!مر)(?<!تب)(?<!عت)(?<!طب)(?<!رب)(?<!حس)(?=" + _FORMULA + ")")
# ... or to the name after it («به گزارشمهر»، «به نقل ازسی‌ان‌بی‌سی»; not «به گزارشگر»، «به گزارشهای»).
_GLUED_AFTER = re.compile(f"(به{_G}(?:نقل{_G}از|گزارش|گزرش))(?=[^\\W\\d_])(?!ها|گر|ات)")

_OPENER = re.compile(r"(?:^|(?<=[\s.!؟?»«\"':،,؛(]))(?:و\s*)?" + CREDIT_OPENER + r"(?![\u200c\s]*ها)")
_CLAUSE_END = re.compile(r"[،,:؛.!؟?\n]|\s-\s")
_SENTENCE_END = re.compile(r"[.:؛!؟?\n]")
_QUOTES = str.maketrans("", "", "«»\"'“”")
# «روزنامه شرق نوشت:»، «اسپوتنیک به نقل از ...»، «نشریه الجزیره در گزارشی ...»: a subject that reports.
_REPORTS = re.compile(
    r"^(?P<name>[^،,:؛.]{2,120}?)\s+(?:(?:در|طی|با)\s+(?P<where>[^،,:؛.]{0,50}?)\s+)?"
    r"(?P<verb>نوشت|نوشته|گزارش\s*داد|گزارش\s*کرد|خبر\s*داد|اعلام\s*کرد|به\s*نقل\s*از|افزود|ادعا\s*کرده|مدعی\s*شد|منتشر)"
)
_OWN_TEXT = re.compile(r"(?:کانال|صفحه|توییتر|اینستاگرام)\S*\s*(?:تلگرامی|شخصی|کاربری)?\s*(?:خود|اش)|یادداشتی|مطلبی")
_PERSON_TITLE_CUT = SPEAKER | {"تحلیلگر", "فعال", "فرزند", "سخنگوی", "نماینده"}
# «در گفت‌وگو با ایرنا»، «به ایسنا گفت»: the agency's own interview.
_INTERVIEW = re.compile(r"در\s*گفت[\s\u200c]*و[\s\u200c]*گو\s+با\s+(?P<a>[^\s،,:.]+(?:\s[^\s،,:.]+)?)"
                        r"|(?:^|\s)به\s+(?P<b>[^\s،,:.]+)\s+(?:گفت|خبر\s*داد)")
_BARE_TAG = re.compile(r"^(?P<name>[^:\n]{2,40}?)\s*:")
_LEAD_PARAGRAPHS = 3   # without any credit, the lead is the first three paragraphs
_LEAD_SEARCH = 8       # the credit paragraph is looked for this deep (teasers and titles come first)


def unglue(text: str) -> str:
    """Put back the spaces copy-paste lost around «به گزارش» and «به نقل از»."""
    if "به" not in text:
        return text
    return _GLUED_AFTER.sub(r"\1 ", _GLUED_BEFORE.sub(" ", text))


@dataclass(frozen=True)
class Hop:
    source: str   # outlet id, or normalized name of an unknown source
    known: bool
    kind: str     # outlet | press_office | person | unknown
    via: str      # where the credit was read: publisher | lead | bureau | embedded | signoff
    evidence: str = ""


@dataclass(frozen=True)
class Chain:
    hops: tuple[Hop, ...]

    @property
    def outlets(self) -> list[str]:
        return [h.source for h in self.hops]

    @property
    def origin_kind(self) -> str:
        """The kind of the deepest credited source (outlet | press_office | person | unknown)."""
        return self.hops[-1].kind

    @property
    def credits_anyone(self) -> bool:
        return len(self.hops) > 1


def _is_medium(name: str, resolver: SourceResolver) -> bool:
    words = fold(name).split()
    return bool(words) and (words[0] in MEDIUM or resolver.known_at_start(name) is not None)


def _person(name: str) -> Source | None:
    words = []
    for w in fold(name).split():
        if w in _PERSON_TITLE_CUT or w in ("در", "طی", "با"):
            break
        words.append(w)
    if not 2 <= len(words) <= 4 or words[0] in SPEAKER or words[0] in MEDIUM:
        return None
    return Source(" ".join(words), False, "person")


class _Reader:
    def __init__(self, publisher: str, resolver: SourceResolver):
        self.resolver = resolver
        known = resolver.registry.get(publisher)
        self.hops = [Hop(publisher, known is not None, "outlet", "publisher")]
        self.seen = {publisher}

    def add(self, source: Source | None, via: str, evidence: str) -> bool:
        if source is None or source.id in self.seen:
            return False
        self.seen.add(source.id)
        self.hops.append(Hop(source.id, source.known, source.kind, via, evidence.strip()[:160]))
        return True

    def subject(self, text: str, via: str) -> None:
        """A medium or an author that is the subject of the credited sentence."""
        text = text.strip().translate(_QUOTES)
        m = _REPORTS.match(text)
        if not m:
            return
        name, where = m["name"].strip(), (m.groupdict().get("where") or "")
        if where and _OWN_TEXT.search(where) and not _is_medium(name, self.resolver):
            self.add(_person(name), via, m[0])  # «X در کانال تلگرامی خود نوشت»
            return
        paper = re.sub(r"^(?:یادداشت|مطلب|مقاله|ستون)\S*\s+", "", where)
        if where and not _is_medium(name, self.resolver) and _is_medium(paper, self.resolver):
            if self.add(self.resolver.resolve(paper, "outlet"), via, m[0]):  # «X در روزنامه Y نوشت»
                self.add(_person(name), via, m[0])
            return
        if _is_medium(name, self.resolver):
            name = re.split(r"\s+و\s+", name)[0]
            self.add(self.resolver.resolve(name, "outlet"), via, m[0])

    def credits(self, paragraph: str, via: str, lead: bool) -> bool:
        """Every credit clause of a paragraph; in the lead, also what the credited sentence's subject says."""
        found = False
        starts = list(_OPENER.finditer(paragraph))
        for i, m in enumerate(starts):
            stop = starts[i + 1].start() if i + 1 < len(starts) else len(paragraph)
            rest = paragraph[m.end():stop]
            end = _CLAUSE_END.search(rest)
            if not lead and not end:
                continue
            name = rest[: end.start()] if end else rest[:140]
            after = paragraph[m.end() + end.end():].lstrip() if end else ""
            if "اعلام" in m[0] and m.start() > 30 and not starts[:i]:
                continue  # «بر اساس اعلام X» inside a sentence: a citation, not a credit
            kind = "press_office" if "اعلام" in m[0] else None
            source = self.resolver.resolve(name.translate(_QUOTES), kind, self.hops[0].source)
            if source and not source.known and "نقل" in m[0] and fold(after.split(" ", 1)[0]) in QUOTED_TITLE:
                continue  # «به نقل از لیندسی گراهام، رئیس ...»: a person quoted
            if source and not source.known and end and end[0] == "." and len(source.id.replace(" ", "")) <= 3:
                continue  # «سی.» of «سی.ان.ان» that sentence splitting cut
            found |= source is not None and source.id != self.hops[0].source
            self.add(source, via, m[0] + name)
            if lead and end and (i + 1 == len(starts) or starts[i + 1].start() > m.end() + end.end() + 2):
                self.subject(_SENTENCE_END.split(after, maxsplit=1)[0], via)
        return found


def parse_chain(paragraphs: list[str], publisher: str, resolver: SourceResolver | None = None) -> Chain:
    """`paragraphs`: lead and body paragraphs in page order. Without a resolver, the one of the
    bundled registry."""
    resolver = resolver or default_resolver()
    r = _Reader(publisher, resolver)
    paragraphs = [unglue(p.strip()) for p in paragraphs if p and p.strip()]
    if not paragraphs:
        return Chain(tuple(r.hops))
    # the sign-off first: it is the nearest hop
    tail = paragraphs[-3:] if len(paragraphs) > 1 else []
    for paragraph in tail:
        for m in SOURCE_SIGN_OFF.finditer(paragraph):
            r.add(resolver.resolve(m["name"].translate(_QUOTES), "outlet"), "signoff", m[0])
    last = paragraphs[-1].translate(_QUOTES).strip()
    if len(paragraphs) > 2 and len(last) <= 30 and len(last.split()) <= 3 and not re.search(r"[.:!؟?\d،\-–]", last):
        source = resolver.resolve(last, "outlet")
        r.add(Source(source.id, source.known, "outlet") if source else None, "signoff", last)

    # The lead runs to the first paragraph with a credit (a teaser or the title often comes first).
    at = next((i for i, p in enumerate(paragraphs[:_LEAD_SEARCH]) if _OPENER.search(p)), None)
    lead_end = at + 1 if at is not None else _LEAD_PARAGRAPHS
    for index, paragraph in enumerate(paragraphs[:lead_end]):
        if index == 0 and "/" in paragraph[:60] and (m := BUREAU_TAG.match(paragraph)):
            r.add(resolver.known_at_start(m["agency"]), "bureau", m[0])
        elif index == 0 and (m := DATELINE.match(paragraph)):
            r.add(resolver.known_at_start(m["agency"]), "bureau", m[0])
        elif (m := _BARE_TAG.match(paragraph)) and (source := resolver.known_at_start(m["name"])):
            r.add(source, "bureau", m[0])  # «عصرایران:»، «خبرگزاری مهر گروه بین‌الملل:»
    credited = False
    for index, paragraph in enumerate(paragraphs):
        if index < lead_end:
            credited |= r.credits(paragraph, "lead", lead=True)
        elif (credited or index < _LEAD_PARAGRAPHS) and _OPENER.match(paragraph):
            r.credits(paragraph[:200], "embedded", lead=False)
    if not any(h.via == "lead" for h in r.hops):
        # no credit clause named anyone: the teaser's subject may be the source («روزنامه شرق نوشت:»)
        for paragraph in paragraphs[:lead_end]:
            r.subject(_SENTENCE_END.split(paragraph, maxsplit=1)[0], "lead")
    if len(r.hops) == 1:
        for paragraph in paragraphs[:_LEAD_PARAGRAPHS]:
            for m in _INTERVIEW.finditer(paragraph):
                source = resolver.known_at_start(m["a"] or m["b"])
                if source and source.known:
                    r.add(source, "lead", m[0])
    return Chain(tuple(r.hops))


@functools.cache
def default_resolver() -> SourceResolver:
    return SourceResolver()
