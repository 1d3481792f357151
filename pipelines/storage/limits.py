"""Bounds on what a page may put in a row, applied before anything reaches the database.

PostgreSQL refuses a btree index entry over about 2,700 bytes: a page whose canonical URL was 8,000
characters was refused ("index row size exceeds maximum", an OperationalError), taken for a lost
connection, spooled, and blocked every later crawl. URLs over the bound keep a prefix and a hash of
the whole (so the same long URL is still the same article); text fields are cut; NUL characters,
which PostgreSQL text cannot hold, are removed. Each bound that applied is returned as a reason and
counted in the run (`errors`: `bounded_<field>`).
"""
from __future__ import annotations

import hashlib

from newsagg.article import Article

URL_BYTES = 2000          # indexed: url (unique), canonical_url
TEXT_CHARS = {"title": 1000, "kicker": 1000, "lead": 10_000, "section": 200, "outlet_article_id": 200,
              "body": 2_000_000}
LIST_ITEMS, ITEM_CHARS = 100, 200  # authors, tags


def bounded_url(url: str) -> str:
    """The URL itself when short enough; else a prefix and the SHA-256 of the whole URL."""
    if len(url.encode("utf-8")) <= URL_BYTES:
        return url
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
    prefix = url.encode("utf-8")[: URL_BYTES - 80].decode("utf-8", "ignore")
    return f"{prefix}#newsagg-sha256={digest}"


def bound(article: Article) -> list[str]:
    """Bound the article's fields in place; returns the fields that were bounded."""
    reasons = []
    for f in ("url", "canonical_url"):
        value = getattr(article, f)
        if value and (new := bounded_url(value.replace("\x00", ""))) != value:
            setattr(article, f, new)
            reasons.append(f)
    for f, limit in TEXT_CHARS.items():
        value = getattr(article, f)
        if value and (new := value.replace("\x00", "")[:limit]) != value:
            setattr(article, f, new)
            reasons.append(f)
    for f in ("authors", "tags"):
        items: list[str] = getattr(article, f)
        kept = [v.replace("\x00", "")[:ITEM_CHARS] for v in items[:LIST_ITEMS]]
        if kept != items:
            setattr(article, f, kept)
            reasons.append(f)
    return reasons
