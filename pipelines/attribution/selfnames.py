"""Learn the names an outlet the registry does not list calls itself, from its own articles.

A user crawls sites we never listed: Roozno opens 49 of its 61 articles in the 2020 sample with
«به گزارش روز نو» (and «روزنو»، «رو زنو»، «رزو نو»), which without this is read as a source hop. An
outlet's self-name is the name most of its leads open a credit with, when it is no registry outlet
(a site that reprints ISNA opens with ISNA: that is a source, not a self-name). The resolver then
matches it, and one-letter misspellings of it, like a registry alias.

What a crawl learns is kept in PostgreSQL (`pipelines/storage/selfnames.py`); `KnownNames` carries
it, and the credited-only sources reviewers added, to every resolver of a crawl, worker processes
included (it is part of the frozen `ProcessConfig`).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from newsagg.config import Outlet, Registry, load_registry
from newsagg.pipelines.attribution.names import SourceResolver
from newsagg.pipelines.normalize import fold

MIN_ARTICLES = 3      # an outlet needs this many articles opening with the same name ...
MIN_SHARE = 0.2       # ... and this share of its articles


def first_credit(paragraphs: list[str]) -> str | None:
    """The name of the first credit in the lead, folded, framing words dropped."""
    from newsagg.pipelines.attribution.chain import _CLAUSE_END, _OPENER, unglue

    for paragraph in paragraphs[:3]:
        paragraph = unglue(paragraph)
        if m := _OPENER.search(paragraph):
            rest = paragraph[m.end():]
            end = _CLAUSE_END.search(rest)
            words = fold(rest[: end.start()] if end else "").split()
            framing = []
            while words and words[0] in ("خبرنگار", "گروه", "سرویس", "پایگاه", "خبری", "سایت", "تحلیلی"):
                framing.append(words.pop(0))
            # «به گزارش خبرنگار ما», «به گزارش گروه سیاسی»: the publisher's own reporter or desk, no name
            if 1 <= len(words) <= 3 and words != ["ما"] and not {"گروه", "سرویس"} & set(framing):
                return " ".join(words)
            return None
    return None


@dataclass(frozen=True)
class Learned:
    names: tuple[str, ...]  # the most used spelling (the resolver matches it without spaces or one letter off)
    articles: int           # articles opening with one of them
    read: int               # articles of the outlet read


def named(registry: Registry, outlet_id: str) -> bool:
    """The registry knows what this outlet calls itself (a site crawled without names does not)."""
    outlet = registry.get(outlet_id)
    return outlet is not None and any(outlet.names)


def learn(articles: Iterable[tuple[str, list[str]]], resolver: SourceResolver | None = None) -> dict[str, tuple[str, ...]]:
    """`articles`: (outlet id, paragraphs). Returns outlet id -> learned self-names, for outlets the
    registry does not name."""
    return {outlet: found.names for outlet, found in learn_counted(articles, resolver).items()}


def learn_counted(articles: Iterable[tuple[str, list[str]]], resolver: SourceResolver | None = None) -> dict[str, Learned]:
    """`learn`, with the number of articles behind each outlet's names."""
    resolver = resolver or SourceResolver()
    return choose(((outlet, first_credit(paragraphs)) for outlet, paragraphs in articles
                   if not named(resolver.registry, outlet)), resolver)


def choose(credits: Iterable[tuple[str, str | None]], resolver: SourceResolver) -> dict[str, Learned]:
    """Each outlet's self-name from (outlet, `first_credit`) of every article of the outlets the registry
    does not name (None: the article opens with no credit). `newsagg dedup` reads the credits in its workers."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for outlet, name in credits:
        totals[outlet] += 1
        if name:
            names[outlet][name] += 1
    learned = {}
    for outlet, counts in names.items():
        # spellings that differ only in spacing count together («روز نو» = «روزنو»)
        merged: Counter[str] = Counter()
        spelling: dict[str, str] = {}
        for name, n in counts.most_common():
            key = name.replace(" ", "")
            merged[key] += n
            spelling.setdefault(key, name)
        key, n = merged.most_common(1)[0]
        if n >= MIN_ARTICLES and n >= MIN_SHARE * totals[outlet] and resolver.known_at_start(spelling[key]) is None:
            learned[outlet] = Learned((spelling[key],), n, totals[outlet])
    # A name two outlets open with is one's source that the other reprints: which is whose is unknown,
    # so neither learns it (it stays a source hop, as it was before learning).
    claims = Counter(found.names[0].replace(" ", "") for found in learned.values())
    return {outlet: found for outlet, found in learned.items() if claims[found.names[0].replace(" ", "")] == 1}


@dataclass(frozen=True)
class KnownNames:
    """What the store adds to the bundled registry: self-names learned (and not rejected) per outlet,
    and credited-only sources reviewers added. Frozen and hashable: it travels in `ProcessConfig`."""

    learned: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (outlet id, names)
    sources: tuple[Outlet, ...] = ()

    def registry(self) -> Registry:
        base = load_registry()
        if not self.sources:
            return base
        outlets = (*base.outlets, *self.sources)
        return Registry(outlets, {o.id: o for o in outlets})

    def resolver(self) -> SourceResolver:
        return SourceResolver(self.registry(), dict(self.learned))
