"""Rendering for the terminal. Everything that came from a page or a user is escaped: a title like
«خبر [/] فوری» is text, never rich markup.

Every field holding Persian (right-to-left) text is wrapped in Unicode isolates (FSI U+2068 … PDI
U+2069): in a terminal with bidirectional support, `story #1 <title>  4 articles` otherwise reads
`story #1 4 <title> articles` (the digits join the right-to-left run), and a chain of two
Persian-named hops reads backwards. JSON output never carries them (`dump` writes raw values).
Outlets show by their Persian name; `--ascii-names` shows the Latin name where the outlet has one,
for terminals without bidirectional support (tmux, xterm), where Persian shows every word reversed.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from newsagg import stats
from newsagg.cli.timefmt import Clock
from newsagg.config import load_registry
from newsagg.tree import Node
from newsagg.tree import tree as story_tree

console = Console()
err = Console(stderr=True)

FSI, PDI = "\u2068", "\u2069"
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")


@dataclass(frozen=True)
class View:
    """The display options of one command line (`--utc`, `--calendar jalali`, `--ascii-names`)."""
    clock: Clock = field(default_factory=Clock)
    ascii_names: bool = False


view = View()


def configure(new: View) -> None:
    global view
    view = new


def isolate(text: str | None) -> str:
    """Text with any right-to-left letter wrapped in FSI … PDI; left-to-right text unchanged."""
    text = text or ""
    return f"{FSI}{text}{PDI}" if _RTL.search(text) else text


def shown(text: str | None) -> str:
    """Page or user text, isolated and escaped for rich."""
    return escape(isolate(text))


def shorten(text: str | None, width: int) -> str:
    """Cut at a word boundary with "…", never mid-word; a single word longer than width is cut with "…"."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut and not text[width - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ،,:;-–") + "…"


def outlet_name(outlet_id: str | None) -> str:
    """The outlet's Persian name, or its Latin name with --ascii-names; an unknown source as stored."""
    outlet = load_registry().get(outlet_id or "")
    if outlet is None:
        return outlet_id or ""
    return outlet.name_en if view.ascii_names and outlet.name_en else outlet.name_fa


def label(outlet_id: str | None) -> str:
    return shown(outlet_name(outlet_id))


def chain_text(chain: list[str]) -> str:
    return " → ".join(label(c) for c in chain)


def when(dt: datetime | None) -> str:
    return view.clock.show(dt)


def jsonable(obj: Any) -> Any:
    """json.dumps' default: ISO 8601 with `T` and offset for times, str for the rest (Decimal, …)."""
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    return str(obj)


def dump(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, default=jsonable, indent=1))


def _counts(d: dict) -> str:
    return escape("\n".join(f"{k} {v}" for k, v in sorted(d.items())))  # one a line: a kind is never cut


def live_table(rows: list[dict], title: str) -> Table:
    """The crawl's live view: one row per outlet, updated as pages come in."""
    table = Table(title=title)
    for col in ("outlet", "pages", "new", "updated", "skipped", "errors", "elapsed"):
        table.add_column(col, justify="left" if col == "outlet" else "right", no_wrap=col != "outlet", min_width=len(col))
    for r in rows:
        table.add_row(label(r["outlet_id"]), str(r["pages"]), str(r.get("new", 0)), str(r.get("updated", 0)),
                      str(sum(r["skipped"].values())), str(stats.lost(r["errors"])),
                      f"{r['elapsed_s']:.1f} s" + ("" if r.get("done") else " …"))
    return table


def _compact(title: str) -> Table:
    """A table with a rule under its headings and one space between columns: a run's 8-10 columns fit in 80."""
    return Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 0), show_edge=False)


def run_table(run_id: int, rows: list[dict]) -> Table:
    table = _compact(f"crawl run {run_id}")
    longest = {k: max((len(line) for r in rows for line in _counts(r[k]).splitlines()), default=0) for k in ("skipped", "errors")}
    for col in ("outlet", "pages", "new", "updated", "unchanged", "skipped", "errors", "elapsed"):
        table.add_column(col, justify="right" if col in ("pages", "new", "updated", "unchanged", "elapsed") else "left",
                         no_wrap=col != "outlet", min_width=max(len(col), longest.get(col, 0)))  # never cropped
    for r in rows:
        elapsed = r.get("elapsed_s")
        table.add_row(label(r["outlet_id"]), str(r["pages"]), str(r["new"]), str(r["updated"]), str(r["unchanged"]),
                      _counts(r["skipped"]), _counts(r["errors"]), "" if elapsed is None else f"{elapsed:.1f} s")
    return table


def _alerts(totals: dict) -> str:
    """Unreachable outlets apart from layout alerts: a replay of 11 outlets crawling all 22 once read "11 layout alerts"."""
    unreachable = totals.get("unreachable", 0)
    layout = totals["alerts"] - unreachable
    said = f", {unreachable} outlet{'s' if unreachable > 1 else ''} unreachable" if unreachable else ""
    return said + (f", {layout} layout alerts" if layout else "")


def run_summary(summary: dict) -> Group:
    t = summary["totals"]
    line = (f"run {summary['run_id']} {summary['status']} in {summary['elapsed_s']:.1f} s: {len(summary['outlets'])} outlets, "
            f"{t['pages']} pages, {t['new']} new, {t['updated']} updated, {t['unchanged']} unchanged, "
            f"{t['skipped']} skipped, {t['errors']} errors" + _alerts(t))
    return Group(run_table(summary["run_id"], summary["outlets"]), escape(line))


def clusters_table(rows: list[dict], sort: str) -> Fitting:
    """One row per story; where the full table does not fit (it needs ~150 columns), the story's title, outlets,
    first publisher and origin share one wrapping column, so the id a user needs for `cluster ID` stays whole
    (at 80 columns it was empty, at 100 the title and outlets were dropped)."""
    wide = Table(title=f"stories ({sort})")
    for col in ("id", "size", "first published", "first publisher", "origin", "outlets", "uncredited", "title"):
        wide.add_column(col, no_wrap=col not in ("outlets", "title"), justify="right" if col in ("id", "size", "uncredited") else "left")
    narrow = Table(title=f"stories ({sort})")
    narrow.add_column("id", no_wrap=True, justify="right", min_width=max((len(str(r["cluster_id"])) for r in rows), default=2))
    narrow.add_column("size", no_wrap=True, justify="right", min_width=4)
    narrow.add_column("first published", min_width=10)
    narrow.add_column("story", ratio=1, min_width=20)
    for r in rows:
        wide.add_row(str(r["cluster_id"]), str(r["size"]), when(r["first_published"]), label(r["first_publisher"]),
                     label(r["origin"]), ", ".join(label(o) for o in r["outlets"]), str(r["uncredited_copies"]),
                     shown(shorten(r["title"], 60)))
        uncredited = f", {r['uncredited_copies']} uncredited" if r["uncredited_copies"] else ""
        narrow.add_row(str(r["cluster_id"]), str(r["size"]), when(r["first_published"]),
                       f"{shown(shorten(r['title'], 60))}\n[dim]first {label(r['first_publisher'])}, origin {label(r['origin'])}"
                       f"{uncredited}; {', '.join(label(o) for o in r['outlets'])}[/]")
    return Fitting(wide, narrow)


@dataclass(frozen=True)
class Fitting:
    """The wide table where it fits whole, else the narrow one (a terminal's width, or 80 in a pipe)."""
    wide: Table
    narrow: Table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Measurement.get clamps to the width at hand: measure against an unbounded one to learn what whole needs
        fits = Measurement.get(console, options.update_width(10_000), self.wide).maximum <= options.max_width
        yield self.wide if fits else self.narrow


def _field(key: str, value: Any) -> Table:
    """`key: value`, the value wrapping under itself, never cropped (a URL or a command breaks at any character)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, min_width=23)
    grid.add_column(overflow="fold")
    grid.add_row(f"{key}:", Text(str(value)))
    return grid


def psql_line(info: dict) -> str:
    """The psql command to copy, printed with soft_wrap (never cropped nor broken: it was cropped at the edge)."""
    return f"{'open it with':>22}: {info['psql']}"


def status_view(info: dict) -> Group:
    info = dict(info)
    runs = info.pop("recent_runs")
    schedule = info.pop("schedule")
    lines = [_field(k, v) for k, v in info.items() if k != "psql"]  # psql: psql_line(), printed whole
    table = _compact("recent crawl runs")
    for col in ("run", "started", "status", "trigger", "outlets", "pages", "new", "updated", "unchanged"):
        table.add_column(col, no_wrap=col in ("run", "pages", "new", "updated", "unchanged", "outlets"),
                         min_width={"started": 10, "status": 8}.get(col, len(col)),
                         justify="right" if col in ("run", "outlets", "pages", "new", "updated", "unchanged") else "left")
    alerts = []
    for r in runs:
        table.add_row(str(r["id"]), when(r["started_at"]), escape(r["status"]), escape(r["trigger"]), str(r["outlets"]), str(r["pages"]),
                      str(r["new"]), str(r["updated"]), str(r["unchanged"]))
        alerts += [Text(f"run {r['id']}: {a}") for a in r["alerts"]]  # under the table, whole: a column of them crowded out 'new'
    parts: list[Any] = [*lines, table, *alerts]
    if schedule:
        sched = _compact("schedule (newsagg schedule)")
        for col in ("outlet", "every", "last run", "status", "next due", "failures", "last error"):
            sched.add_column(col, no_wrap=col in ("every", "failures"), min_width=10 if col in ("last run", "next due") else len(col),
                             overflow="fold" if col == "last error" else "ellipsis")
        for s in schedule:
            sched.add_row(label(s["outlet_id"]), f"{s['interval_minutes']} min", when(s["last_finished_at"]) if s["last_finished_at"] else "never",
                          s["last_status"] or "", when(s["next_due_at"]) if s["next_due_at"] else "now", str(s["failures"]),
                          escape(shorten((s["last_error"] or "").splitlines()[-1] if s["last_error"] else "", 60)))
        parts.append(sched)
    else:
        parts.append("schedule: `newsagg schedule` has not run on this database")
    return Group(*parts)


def provenance_tree(d: dict) -> Tree:
    tree = Tree(f"[bold]story #{d['cluster_id']}[/] {shown(d['title'])}  [dim]{d['size']} articles, "
                f"{d['outlet_count']} outlets, {when(d['first_published'])} → {when(d['last_published'])}[/]")
    def line(m) -> str:
        flags = []
        if m["uncredited"]:
            flags.append("[red]copied without credit[/]")
        if m["conflict"]:
            flags.append(f"[yellow]review: {shown(m['conflict'])}[/]")
        if m["corrected"]:
            flags.append("[cyan]chain corrected by a reviewer[/]")
        return f"{when(m['published_at'])}  [bold]{label(m['outlet_id'])}[/]  chain: {chain_text(m['chain'])}  " \
               f"[dim]#{m['article_id']}[/] " + " ".join(flags)

    def add(parent: Tree, node: Node) -> None:
        branch = parent.add(line(node.member))
        for child in node.children:
            add(branch, child)

    shape = story_tree(d)
    top = tree.add(f"[green]origin: {label(d['origin'])}[/] [dim]({escape(d['origin_reason'] or '')})[/]")
    for node in shape["roots"]:
        add(top, node)
    for source, nodes in shape["outside"]:
        branch = tree.add(f"credited, not in this story: {label(source)}")
        for node in nodes:
            add(branch, node)
    for node in shape["loose"]:
        add(tree, node)
    return tree
