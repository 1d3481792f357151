"""Who published a story first, who credited whom, who copied without credit.

From the members' chains and publication times: edges publisher -> credited source, the origin (the
deepest credited source present or named, else the earliest publisher), uncredited copies (no
credit, published after the origin, in the cluster so already a high overlap), and conflicts
(A credits B but B published later) for a reviewer. A reviewer's correction of the origin wins.

Two outlets that both credit the same press office («به گزارش روابط عمومی بانک ملی») took the same
release: neither copied the other (no edge between them, no conflict), and when the origin is a press
office, a member that printed the release without a credit is not called an uncredited copy either.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise


@dataclass(frozen=True)
class Member:
    key: Hashable
    outlet: str
    published: datetime | None
    chain: tuple[str, ...]  # publisher first
    kinds: tuple[str, ...] = ()  # the kind of each hop (outlet | press_office | person | unknown)


@dataclass
class Provenance:
    origin: str | None
    origin_key: Hashable | None
    origin_reason: str
    edges: list[tuple[str, str]] = field(default_factory=list)
    uncredited: list[Hashable] = field(default_factory=list)
    conflicts: list[tuple[Hashable, str, str]] = field(default_factory=list)
    origin_kind: str = "outlet"
    same_release: dict[str, list[Hashable]] = field(default_factory=dict)  # press office -> members crediting it


def _order(m: Member):
    return (m.published is None, m.published or datetime.max, str(m.key))


def reconstruct(members: list[Member], corrected_origin: str | None = None) -> Provenance:
    if not members:
        return Provenance(None, None, "empty")
    members = sorted(members, key=_order)
    first_by_outlet: dict[str, Member] = {}
    for m in members:
        first_by_outlet.setdefault(m.outlet, m)

    edges = sorted({(a, b) for m in members for a, b in pairwise(m.chain)})
    crediting = {a for a, _ in edges}
    credited = Counter(b for _, b in edges)
    # The deepest source: credited by someone, crediting no one.
    deepest = [s for s in credited if s not in crediting]

    if corrected_origin:
        origin, reason = corrected_origin, "reviewer"
    elif deepest:
        def rank(s: str) -> tuple:
            published = _order(first_by_outlet[s]) if s in first_by_outlet else (True, datetime.max, "")
            return s not in first_by_outlet, published, -credited[s], s

        origin = min(deepest, key=rank)
        reason = "deepest credited source"
    else:
        origin, reason = members[0].outlet, "earliest publisher"
    origin_member = first_by_outlet.get(origin)

    kind_of = {s: k for m in members for s, k in zip(m.chain, m.kinds, strict=False)}
    origin_kind = "outlet" if origin in first_by_outlet else kind_of.get(origin, "unknown")
    releases: dict[str, list[Hashable]] = {}
    for m in members:
        if len(m.chain) > 1 and len(m.kinds) == len(m.chain) and m.kinds[-1] == "press_office":
            releases.setdefault(m.chain[-1], []).append(m.key)
    same_release = {office: keys for office, keys in releases.items() if len(keys) > 1}

    start = origin_member.published if origin_member else members[0].published
    uncredited = [] if origin_kind == "press_office" else [
        m.key for m in members
        if len(m.chain) == 1 and m.outlet != origin and m is not members[0]
        and (start is None or m.published is None or m.published >= start)
    ]
    conflicts = []
    for m in members:
        if len(m.chain) > 1 and (src := first_by_outlet.get(m.chain[1])) and m.published and src.published and src.published > m.published:
            conflicts.append((m.key, m.chain[1], f"credits {m.chain[1]}, which published later"))
    return Provenance(origin, origin_member.key if origin_member else None, reason, edges, uncredited, conflicts,
                      origin_kind, same_release)
