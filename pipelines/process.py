"""One article through every in-memory step: the code the item pipelines and `newsagg dedup` share."""
from __future__ import annotations

from dataclasses import dataclass

from pipelines.attribution import Chain, parse_chain
from pipelines.dedup import DedupConfig, Signature, signature
from pipelines.normalize import Normalized, normalize_story


@dataclass(frozen=True)
class Processed:
    normalized: Normalized
    signature: Signature
    chain: Chain


def process(title: str, lead: str | None, body: str | None, outlet: str, config: DedupConfig) -> Processed:
    """`title`, `lead`, `body` as extracted (any normalization); `outlet` the publisher's registry id."""
    normalized = normalize_story(title or "", body or "", lead)
    chain = parse_chain(list(normalized.paragraphs), outlet)
    return Processed(normalized, signature(normalized, config.num_perm, config.shingle_chars), chain)
