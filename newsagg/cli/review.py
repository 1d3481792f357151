"""`newsagg review`: confirm or correct an article's chain or a story's origin, list the history, undo.

The same storage functions (and so the same validation) serve the review page (`newsagg serve`).
"""
from __future__ import annotations

import argparse
from contextlib import closing

from newsagg.cli.render import chain_text, console, dump, label, when
from newsagg.errors import BadInput


def register(command) -> None:
    from newsagg.cli import _count

    s = command("review", run, "confirm or correct an article's chain or a story's origin (wins over the parser); history, undo")
    s.add_argument("what", choices=["chain", "origin", "history", "undo"],
                   help="chain ID / origin ID: correct (--set) or confirm (--confirm); history [chain|origin ID]; undo chain|origin ID")
    s.add_argument("rest", nargs="*", help="chain|origin, then the id (article for a chain, story for an origin)")
    group = s.add_mutually_exclusive_group()
    group.add_argument("--set", help="chain: comma-separated outlet ids, publisher first; origin: an outlet id")
    group.add_argument("--confirm", action="store_true", help="the current chain or origin is right")
    s.add_argument("--by", help="reviewer (required for every write)")
    s.add_argument("--note")
    s.add_argument("--allow-unknown", action="store_true",
                   help="deliberately accept a source outside the registry (chain) or an origin outside the story")
    s.add_argument("--correction", type=_count(1, 2**62),
                   help="undo: this correction id (default: the latest live one); alone (undo --correction ID) it says whose")
    s.add_argument("--limit", type=_count(1, 10_000), default=50, help="history: how many")
    s.add_argument("--json", action="store_true", help="history: JSON")


def _target(args: argparse.Namespace, allowed: tuple[str, ...]) -> tuple[str, int]:
    if len(args.rest) != 2 or args.rest[0] not in allowed:
        raise BadInput(f"usage: newsagg review {args.what} {'|'.join(allowed)} ID")
    try:
        target = int(args.rest[1])
    except ValueError:
        raise BadInput(f"not an id: {args.rest[1]!r}") from None
    if not 1 <= target <= 2**62:
        raise BadInput(f"id out of range: {target}")
    return args.rest[0], target


def run(args: argparse.Namespace) -> None:
    from newsagg.cli.commands import open_db
    from newsagg.pipelines.storage import reviews

    if args.what in ("chain", "origin"):
        args.rest = [args.what, *args.rest]
        what, target = _target(args, ("chain", "origin"))
        if not args.set and not args.confirm:
            raise BadInput(f"review {what} needs --set VALUE or --confirm")
    elif args.what == "undo" and args.correction and len(args.rest) < 2:
        if args.rest[:1] not in ([], ["chain"], ["origin"]):
            raise BadInput("usage: newsagg review undo [chain|origin] --correction ID")
        what, target = "", 0  # looked up below, from the correction's id
    elif args.what == "undo":
        what, target = _target(args, ("chain", "origin"))
    if args.what != "history" and not args.by:
        raise BadInput("a review needs --by REVIEWER")
    with closing(open_db(args)) as conn:
        if args.what == "history":
            article = cluster = None
            if args.rest:
                what, target = _target(args, ("chain", "origin"))
                article, cluster = (target, None) if what == "chain" else (None, target)
            rows = reviews.history(conn, article, cluster, args.limit)
            return dump(rows) if args.json else _print_history(rows)
        if args.what == "undo":
            if not target:
                what, target = reviews.correction_target(conn, args.correction, args.rest[0] if args.rest else None)
            row = reviews.undo(conn, what, target, args.by, args.correction)
            console.print(f"undone: correction {row['id']} of {what} {target} ({_value(what, row)})")
            return
        if what == "chain":
            if args.confirm:
                story = reviews.confirm_chain(conn, target, args.by, args.note)
            else:
                story = reviews.correct_chain(conn, target, reviews.parse_chain(args.set), args.by, args.note, args.allow_unknown)
            chain = reviews.history(conn, article_id=target, limit=1)[0]["value"].split(",")
            console.print(f"article #{target}: chain {'confirmed' if args.confirm else 'set'} to {chain_text(chain)} "
                          f"by {label(args.by)}" + (f" (story #{story} updated)" if story else ""))
        else:
            if args.confirm:
                story = reviews.confirm_origin(conn, target, args.by, args.note)
            else:
                story = reviews.correct_origin(conn, target, args.set, args.by, args.note, args.allow_unknown)
            origin = reviews.history(conn, cluster_id=story, limit=1)[0]["value"]
            console.print(f"story #{story}: origin {'confirmed' if args.confirm else 'set'} to {label(origin)} by {label(args.by)}")


def _value(what: str, row: dict) -> str:
    return chain_text(row["chain"]) if what == "chain" else label(row["origin"])


def _print_history(rows: list[dict]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="review history (newest first)")
    for col in ("id", "what", "target", "story", "value", "action", "reviewer", "note", "when", "undone"):
        table.add_column(col)
    for r in rows:
        value = chain_text(r["value"].split(",")) if r["what"] == "chain" else label(r["value"])
        undone = f"{when(r['undone_at'])} by {escape(r['undone_by'] or '')}" if r["undone_at"] else ""
        table.add_row(str(r["id"]), r["what"], str(r["target"]), str(r["cluster_id"] or ""), value, r["action"],
                      escape(r["reviewer"]), escape(r["note"] or ""), when(r["created_at"]), undone)
    console.print(table)
