"""The one article type: what a parser extracts, then what each processing step adds.

Spiders yield it as their Scrapy item (itemadapter handles dataclasses), the processing steps fill
its later fields, the spool writes its extracted fields, and the store's article columns are built
from it. One list of fields, kept here only.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsagg.pipelines.attribution import Chain
    from newsagg.pipelines.dedup import Signature
    from newsagg.pipelines.normalize import Normalized

_STEP = {"step": True}  # metadata of the fields the processing steps add


@dataclass
class Article:
    url: str
    outlet: str = ""                  # registry id of the publisher
    title: str = ""
    body: str = ""                    # paragraphs joined by newlines
    kicker: str | None = None
    lead: str | None = None
    published: datetime | None = None  # aware UTC datetime; None puts "published" in missing
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    outlet_article_id: str | None = None
    parser: str | None = None         # parser@layout that extracted it
    missing: list[str] = field(default_factory=list)  # fields the page did not give
    extraction_agreement: float | None = None  # token F1 of lead + body against trafilatura (pipelines/agreement.py)
    # added by the processing steps (newsagg.pipelines.process)
    page: str | None = field(default=None, metadata=_STEP, repr=False)  # fetched HTML for the second opinion; dropped once scored
    normalized: Normalized | None = field(default=None, metadata=_STEP)
    chain: Chain | None = field(default=None, metadata=_STEP)
    signature: Signature | None = field(default=None, metadata=_STEP)
    saved: str | None = field(default=None, metadata=_STEP)  # new | updated | unchanged | spooled | dead_letter

    @classmethod
    def extracted_fields(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if not f.metadata.get("step"))

    def extracted(self) -> dict[str, Any]:
        """The extracted fields as JSON-ready values (the spool's record, Scrapy's feed exports)."""
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k in self.extracted_fields()
                if (v := getattr(self, k)) not in (None, [], "")}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Article:
        """The inverse of `extracted()`; unknown keys are ignored (records from older versions)."""
        known = {k: v for k, v in record.items() if k in cls.extracted_fields()}
        for key in ("published", "modified"):
            if isinstance(known.get(key), str):
                known[key] = datetime.fromisoformat(known[key])
        return cls(**known)
