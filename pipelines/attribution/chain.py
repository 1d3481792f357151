"""Read the credits of one article into its attribution chain, publisher first.

«به گزارش آران نیوز به نقل از نبض بازار، ...» on Aran News, whose body embeds «به گزارش ایسنا، ...»
gives aran -> nabz-e bazar -> isna: the lead's credits in order (a self-credit is not a hop), then
each report embedded further down, then a closing «منبع: X».
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newsagg.pipelines.attribution.names import Source, SourceResolver
from newsagg.pipelines.credits import BUREAU_TAG, CREDIT_CLAUSE, CREDIT_OPENER, DATELINE, REPORTED_BY, SOURCE_SIGN_OFF

_NAMES_IN_CLAUSE = re.compile(r"(?:و\s+)?" + CREDIT_OPENER + r"\s+")
_QUOTES = str.maketrans("", "", "«»\"'“”")


@dataclass(frozen=True)
class Hop:
    source: str   # outlet id, or normalized name of an unknown source
    known: bool
    kind: str     # registry kind of the source
    via: str      # where the credit was read: publisher | lead | bureau | embedded | signoff
    evidence: str = ""


@dataclass(frozen=True)
class Chain:
    hops: tuple[Hop, ...]

    @property
    def outlets(self) -> list[str]:
        return [h.source for h in self.hops]

    @property
    def credits_anyone(self) -> bool:
        return len(self.hops) > 1


def _clause_sources(clause: str, resolver: SourceResolver) -> list[Source]:
    names = [n.strip(" ،,:؛").translate(_QUOTES) for n in _NAMES_IN_CLAUSE.split(clause)]
    return [s for n in names if n and (s := resolver.resolve(n))]


def parse_chain(paragraphs: list[str], publisher: str, resolver: SourceResolver | None = None) -> Chain:
    """`paragraphs`: lead and body paragraphs in page order (hazm-normalized text). Without a
    resolver, the one of the bundled registry."""
    resolver = resolver or default_resolver()
    hops = [Hop(publisher, resolver.registry.get(publisher) is not None,
                getattr(resolver.registry.get(publisher), "kind", "unknown"), "publisher")]
    seen = {publisher}

    def add(source: Source | None, via: str, evidence: str):
        if source and source.id not in seen:
            seen.add(source.id)
            hops.append(Hop(source.id, source.known, source.kind, via, evidence.strip()[:160]))

    lead_done = False
    for index, paragraph in enumerate(p.strip() for p in paragraphs if p and p.strip()):
        head = paragraph[:60]
        if index == 0:
            if "/" in head and (m := BUREAU_TAG.match(paragraph)):
                add(resolver.resolve(m["agency"]), "bureau", m[0])
            elif m := DATELINE.match(paragraph):
                add(resolver.resolve(m["agency"]), "bureau", m[0])
        if m := REPORTED_BY.match(paragraph):
            add(resolver.resolve(m["name"]), "lead" if not lead_done else "embedded", m[0])
        for m in CREDIT_CLAUSE.finditer(paragraph):
            via = "lead" if not lead_done and m.start() < 200 else "embedded"
            for source in _clause_sources(m[0], resolver):
                add(source, via, m[0])
        if any(c in paragraph for c in ("گزارش", "نقل")) or index >= 1:
            lead_done = True
    for paragraph in paragraphs[-3:]:
        for m in SOURCE_SIGN_OFF.finditer(paragraph or ""):
            add(resolver.resolve(m["name"].translate(_QUOTES)), "signoff", m[0])
    return Chain(tuple(hops))


@functools.cache
def default_resolver() -> SourceResolver:
    return SourceResolver()
