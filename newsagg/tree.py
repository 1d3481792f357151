"""A story's provenance tree, shared by `newsagg cluster` (rich) and the review page (HTML).

The origin's own articles first, then who credited whom under it; sources credited but not in the
story as their own branches; the rest (uncredited) loose. Display-free, so both render the same tree.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Node:
    member: dict
    children: list[Node] = field(default_factory=list)


def tree(detail: dict) -> dict[str, Any]:
    """{"origin", "roots": [Node], "outside": [(source, [Node])], "loose": [Node]} of a story as
    `queries.cluster` returns it."""
    crediting: dict[str, list[dict]] = defaultdict(list)
    for m in detail["members"]:
        if len(m["chain"]) > 1:
            crediting[m["chain"][1]].append(m)
    placed: set[int] = set()

    def grow(source: str, seen: frozenset) -> list[Node]:
        nodes = []
        for m in crediting.get(source, []):
            if m["article_id"] not in placed and m["outlet_id"] not in seen:
                placed.add(m["article_id"])
                nodes.append(Node(m, grow(m["outlet_id"], seen | {m["outlet_id"]})))
        return nodes

    origin = detail.get("origin")
    roots = []
    for m in detail["members"]:
        if m["outlet_id"] == origin and len(m["chain"]) == 1:
            placed.add(m["article_id"])
            roots.append(Node(m))
    roots += grow(origin or "", frozenset({origin}))
    outside = []
    for source in list(crediting):
        if source != origin and any(m["article_id"] not in placed for m in crediting[source]):
            outside.append((source, grow(source, frozenset({source}))))
    loose = [Node(m) for m in detail["members"] if m["article_id"] not in placed]
    return {"origin": origin, "roots": roots, "outside": outside, "loose": loose}
