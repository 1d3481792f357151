"""`newsagg sources --unknown`: credited names the registry does not know, with counts, for a reviewed
registry (add the real outlets and press offices to config/outlets.toml). `--input FILE` reads a
`newsagg dedup` JSONL instead of the database and also prints the self-names learned from it."""
from __future__ import annotations

import json
from collections import Counter
from contextlib import closing
from pathlib import Path

from newsagg.errors import BadInput


def sources(args) -> None:
    from newsagg.cli.render import console

    if not args.unknown:
        raise BadInput("say what to list: newsagg sources --unknown")
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


def _from_db(args) -> list[tuple[str, str, int, int]]:
    from newsagg.cli.commands import open_db
    from newsagg.pipelines.storage import queries

    with closing(open_db(args)) as conn:
        return [tuple(r) for r in queries.unknown_sources(conn, args.limit)]


def _from_file(path: Path, limit: int) -> list[tuple[str, str, int, int]]:
    from newsagg.cli.render import console
    from newsagg.pipelines.attribution import SourceResolver, parse_chain
    from newsagg.pipelines.attribution.selfnames import learn

    if not path.is_file():
        raise BadInput(f"no such file: {path}")
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
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


def register(command) -> None:
    s = command("sources", sources, "credited sources: --unknown lists names the registry does not know, with counts")
    s.add_argument("--unknown", action="store_true", help="names no registry alias matches, most credited first")
    s.add_argument("--input", metavar="JSONL", help="read a `newsagg dedup` input file instead of the database")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")
