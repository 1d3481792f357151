"""Rendering for the terminal. Everything that came from a page or a user is escaped: a title like
«خبر [/] فوری» is text, never rich markup."""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from newsagg.config import load_registry

console = Console()
err = Console(stderr=True)


def label(outlet_id: str | None) -> str:
    outlet = load_registry().get(outlet_id or "")
    return escape(outlet.name_en if outlet else outlet_id or "")


def chain_text(chain: list[str]) -> str:
    return " → ".join(label(c) for c in chain)


def when(dt) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if dt else "no date"


def dump(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=str, indent=1))


def run_table(run_id: int, rows: list[dict]) -> Table:
    table = Table(title=f"crawl run {run_id}")
    for col in ("outlet", "pages", "new", "updated", "unchanged", "skipped", "errors"):
        table.add_column(col, justify="right" if col in ("pages", "new", "updated", "unchanged") else "left")
    for r in rows:
        table.add_row(label(r["outlet_id"]), str(r["pages"]), str(r["new"]), str(r["updated"]), str(r["unchanged"]),
                      escape(", ".join(f"{k} {v}" for k, v in r["skipped"].items())),
                      escape(", ".join(f"{k} {v}" for k, v in r["errors"].items())))
    return table


def clusters_table(rows: list[dict], sort: str) -> Table:
    table = Table(title=f"stories ({sort})")
    for col in ("id", "size", "first published", "first publisher", "origin", "outlets", "uncredited", "title"):
        table.add_column(col)
    for r in rows:
        table.add_row(str(r["cluster_id"]), str(r["size"]), when(r["first_published"]), label(r["first_publisher"]),
                      label(r["origin"]), ", ".join(label(o) for o in r["outlets"]), str(r["uncredited_copies"]),
                      escape((r["title"] or "")[:60]))
    return table


def status_view(info: dict) -> Table:
    runs = info.pop("recent_runs")
    for k, v in info.items():
        console.print(f"{k:>22}: {escape(str(v))}")
    table = Table(title="recent crawl runs")
    for col in ("run", "started", "status", "trigger", "outlets", "pages", "new", "updated", "unchanged", "alerts"):
        table.add_column(col)
    for r in runs:
        table.add_row(str(r["id"]), when(r["started_at"]), escape(r["status"]), escape(r["trigger"]), str(r["outlets"]), str(r["pages"]),
                      str(r["new"]), str(r["updated"]), str(r["unchanged"]), escape("; ".join(r["alerts"])))
    return table


def provenance_tree(d: dict) -> Tree:
    tree = Tree(f"[bold]story #{d['cluster_id']}[/] {escape(d['title'] or '')}  [dim]{d['size']} articles, "
                f"{d['outlet_count']} outlets, {when(d['first_published'])} → {when(d['last_published'])}[/]")
    crediting = defaultdict(list)  # source -> members whose chain credits it first
    for m in d["members"]:
        if len(m["chain"]) > 1:
            crediting[m["chain"][1]].append(m)

    def line(m) -> str:
        flags = []
        if m["uncredited"]:
            flags.append("[red]copied without credit[/]")
        if m["conflict"]:
            flags.append(f"[yellow]review: {escape(m['conflict'])}[/]")
        if m["corrected"]:
            flags.append("[cyan]chain corrected by a reviewer[/]")
        return f"{when(m['published_at'])}  [bold]{label(m['outlet_id'])}[/]  chain: {chain_text(m['chain'])}  " \
               f"[dim]#{m['article_id']}[/] " + " ".join(flags)

    placed: set[int] = set()

    def grow(node: Tree, source: str, seen: frozenset) -> None:
        for m in crediting.get(source, []):
            if m["article_id"] not in placed and m["outlet_id"] not in seen:
                placed.add(m["article_id"])
                grow(node.add(line(m)), m["outlet_id"], seen | {m["outlet_id"]})

    origin = d["origin"]
    top = tree.add(f"[green]origin: {label(origin)}[/] [dim]({escape(d['origin_reason'] or '')})[/]")
    for m in d["members"]:
        if m["outlet_id"] == origin and len(m["chain"]) == 1:
            placed.add(m["article_id"])
            top.add(line(m))
    grow(top, origin, frozenset({origin}))
    for source in list(crediting):
        if source != origin and any(m["article_id"] not in placed for m in crediting[source]):
            grow(tree.add(f"credited, not in this story: {label(source)}"), source, frozenset({source}))
    for m in d["members"]:
        if m["article_id"] not in placed:
            tree.add(line(m))
    return tree
