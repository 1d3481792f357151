"""Parsers by name (the `parser` key of an outlet's crawl plan), newest layout first."""
from newsagg.article import Article
from newsagg.crawler.parsers.generic import GenericParser, NotAnArticle
from newsagg.crawler.parsers.layouts import Nastooh2019, Nastooh2024, Sepehr2019, Tasnim2019

PARSERS: dict[str, list[type[GenericParser]]] = {
    "generic": [GenericParser],
    "nastooh": [Nastooh2024, Nastooh2019],
    "tasnim": [Tasnim2019],
    "sepehr": [Sepehr2019],
}


def parse_article(parser: str, html: str, url: str, outlet: str = "") -> Article:
    """Extract with the outlet's newest layout; fall back to older layouts, then generic. A refusal
    by a parser that recognised the page (NotAnArticle.final: a media item, a list, its own layout
    without text) is the answer: the generic parser would store a video's caption as its body."""
    if parser not in PARSERS:
        raise KeyError(f"unknown parser {parser!r}; known: {sorted(PARSERS)}")
    candidates = [*PARSERS[parser], GenericParser]
    last: Exception | None = None
    for cls in candidates:
        try:
            found = cls().parse(html, url)
            found.outlet = outlet
            return found
        except NotAnArticle as exc:
            if exc.final:
                raise
            last = exc
    assert last is not None
    raise last


__all__ = ["PARSERS", "GenericParser", "NotAnArticle", "parse_article"]
