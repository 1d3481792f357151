"""`newsagg sources`: the names the registry does not know, and growing it from review.

`--unknown` lists credited names no alias matches, with counts (`--input FILE` reads a `newsagg dedup`
JSONL instead of the database and also prints the self-names learned from it). `--learn` learns the
self-names of the stored outlets the registry does not name (a crawl does it for the outlets it
crawled) and `--self-names` lists them; `--confirm` / `--reject OUTLET NAME` review one, `--add NAME
--kind KIND` makes a credited name a registry source (kept in the database, not in config/outlets.toml).
Each change re-derives the stored chains it touches. Writes need `--by`, as `newsagg review`.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import closing
from pathlib import Path

from newsagg.errors import BadInput


def sources(args) -> None:
    from newsagg.cli.render import console

    if args.input and not args.unknown:
        raise BadInput("--input goes with --unknown")
    if not args.unknown:
        _registry(args)
        return
    rows = _from_file(Path(args.input), args.limit) if args.input else _from_db(args)
    if args.json:
        print(json.dumps([dict(zip(("name", "kind", "articles", "outlets"), r, strict=True)) for r in rows], ensure_ascii=False))
        return
    from rich.markup import escape
    from rich.table import Table

    t = Table(title="credited sources the registry does not know")
    for col in ("name", "kind", "articles", "outlets"):
        t.add_column(col)
    for name, kind, n, outlets in rows:
        t.add_row(escape(name), kind, str(n), str(outlets))
    console.print(t)


def _registry(args) -> None:
    """--learn, --self-names, --confirm, --reject, --add."""
    from newsagg.cli.commands import open_db
    from newsagg.cli.render import console
    from newsagg.pipelines.storage import selfnames

    if (args.kind or args.id) and not args.add:
        raise BadInput("--kind and --id go with --add")
    writes = args.confirm or args.reject or args.add
    if not (writes or args.learn or args.self_names):
        raise BadInput("say what to do: newsagg sources --unknown | --learn | --self-names | --confirm/--reject OUTLET NAME"
                       " | --add NAME --kind KIND")
    if writes and not args.by:
        raise BadInput("a review needs --by REVIEWER")
    with closing(open_db(args)) as conn:
        if args.learn:
            for outlet, (learned, new, changed) in selfnames.learn(conn).items():
                print(f"learned self-names of {outlet}: {', '.join(learned.names)} ({learned.articles} of"
                      f" {learned.read} articles open with them; {len(new)} new, {changed} chains re-derived)",
                      file=sys.stderr if args.json else sys.stdout)  # --json: stdout stays JSON
        elif args.confirm or args.reject:
            verdict, (outlet, name) = ("confirm", args.confirm) if args.confirm else ("reject", args.reject)
            changed = selfnames.review(conn, outlet, name, verdict, args.by, args.note)
            print(f"{verdict}ed «{name}» of {outlet}; {changed} chains re-derived")
            return
        elif args.add:
            source, changed = selfnames.add_source(conn, args.add, args.kind or "", args.by, args.note, args.id)
            print(f"added {source} ({args.kind}) to the registry; {changed} chains re-derived")
            return
        rows = selfnames.self_names(conn)
    if args.json:
        from newsagg.cli.render import dump

        dump(rows)
        return
    from rich.markup import escape
    from rich.table import Table

    t = Table(title="self-names learned for outlets the registry does not name")
    for col in ("outlet", "name", "articles", "read", "status", "reviewer"):
        t.add_column(col)
    for r in rows:
        t.add_row(escape(r["outlet_id"]), escape(r["name"]), str(r["articles"]), str(r["read"]), r["status"], r["reviewer"] or "")
    console.print(t)


def _from_db(args) -> list[tuple[str, str, int, int]]:
    from newsagg.cli.commands import open_db
    from newsagg.pipelines.storage import queries

    with closing(open_db(args)) as conn:
        return [tuple(r) for r in queries.unknown_sources(conn, args.limit)]


def _from_file(path: Path, limit: int) -> list[tuple[str, str, int, int]]:
    from newsagg.cli.render import console
    from newsagg.pipelines.attribution import SourceResolver, parse_chain
    from newsagg.pipelines.attribution.selfnames import learn

    articles = _articles(path)
    learned = learn((a["outlet"], a["body"].split("\n")) for a in articles)
    for outlet, names in learned.items():
        console.print(f"learned self-names of {outlet}: {', '.join(names)}", markup=False)
    resolver = SourceResolver(learned=learned)
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    outlets: dict[str, set[str]] = {}
    for a in articles:
        for hop in parse_chain(a["body"].split("\n"), a["outlet"], resolver).hops[1:]:
            if not hop.known:
                counts[hop.source] += 1
                kinds.setdefault(hop.source, Counter())[hop.kind] += 1
                outlets.setdefault(hop.source, set()).add(a["outlet"])
    return [(name, kinds[name].most_common(1)[0][0], n, len(outlets[name])) for name, n in counts.most_common(limit)]


def _articles(path: Path) -> list[dict]:
    """`newsagg dedup` input lines as {"outlet", "body"}: the outlet from the url's host where a line has none
    (as dedup does); a line dedup could not read either is the user's mistake, said in one line."""
    from newsagg.cli.jsonl import numbered
    from newsagg.config import load_registry
    from newsagg.pipelines.dedup.batch import _read

    registry = load_registry()
    articles = []
    for n, obj in numbered(path, what="`newsagg dedup` input"):
        rec, article = _read(n, json.dumps(obj, ensure_ascii=False), registry)
        if article is None:
            raise BadInput(f"{path} {rec.error}")
        articles.append({"outlet": article.outlet, "body": article.body})
    return articles


def register(command) -> None:
    s = command("sources", sources, "names the registry does not know: list them, learn self-names, review, add sources")
    what = s.add_mutually_exclusive_group()
    what.add_argument("--unknown", action="store_true", help="names no registry alias matches, most credited first")
    what.add_argument("--learn", action="store_true", help="learn the self-names of stored outlets the registry does not name")
    what.add_argument("--self-names", action="store_true", help="the learned self-names and their review")
    what.add_argument("--confirm", nargs=2, metavar=("OUTLET", "NAME"), help="a learned self-name is right")
    what.add_argument("--reject", nargs=2, metavar=("OUTLET", "NAME"), help="a learned self-name is wrong: no resolver uses it")
    what.add_argument("--add", metavar="NAME", help="make a credited name a registry source (with --kind, optional --id)")
    s.add_argument("--kind", help="--add: agency, site, newspaper, broadcaster, foreign, press_office or person")
    s.add_argument("--id", help="--add: the source's id (default: the name)")
    s.add_argument("--by", help="reviewer (required for every write)")
    s.add_argument("--note")
    s.add_argument("--input", metavar="JSONL", help="--unknown: read a `newsagg dedup` input file instead of the database")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")
