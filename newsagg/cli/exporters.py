"""`newsagg export`: the selected stories' articles as JSONL, CSV, Parquet or SQLite, or the
who-credits-whom graph as GEXF or GraphML. The SQL is in newsagg.pipelines.storage.export.

Each format is written to a temporary file, then copied to -o (or stdout): a destination that cannot
be written (a full disk, a directory, no permission) is one line and exit 2, never a traceback or a
half-written SQLite file. CSV carries a UTF-8 BOM so Excel reads Persian, and writes booleans as
true/false. SQLite gets typed tables with keys, so `datasette stories.db` browses it at once.
"""
from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import psycopg

from newsagg.cli.render import jsonable
from newsagg.errors import UserError
from newsagg.pipelines.storage.export import ARTICLE_FIELDS, Selection, articles, graph

BINARY = ("parquet", "sqlite")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".sqlite": "sqlite", ".db": "sqlite",
            ".sqlite3": "sqlite", ".gexf": "gexf", ".graphml": "graphml"}


class CannotWrite(UserError):
    pass


def guess_format(output: str | None) -> str:
    """The format the -o suffix names; no suffix is JSONL, a suffix no format has (`.xlsx`) is refused:
    it once got JSONL silently."""
    suffix = Path(output).suffix.lower() if output else ""
    if suffix and suffix not in SUFFIXES:
        raise CannotWrite(f"no export format writes {suffix} files: name the file .jsonl, .csv, .parquet, .sqlite, .gexf or "
                          ".graphml, or give --format")
    return SUFFIXES.get(suffix, "jsonl")


def export(conn: psycopg.Connection, selection: Selection, fmt: str, output: str | None) -> str:
    """Write the export; returns a one-line account of what was written where."""
    if output and Path(output).is_dir():
        raise CannotWrite(f"cannot write {output}: it is a directory")
    if not output and fmt in BINARY and sys.stdout.isatty():
        raise CannotWrite(f"{fmt} is a binary format: give -o FILE")
    with tempfile.TemporaryDirectory(prefix="newsagg-export-") as tmp:
        path = Path(tmp) / f"export.{fmt}"
        try:
            what = WRITERS[fmt](conn, selection, path)
        except OSError as exc:
            raise CannotWrite(f"cannot write the export in {tmp}: {exc.strerror or exc}") from exc
        try:
            if output:
                shutil.copyfile(path, output)
            else:
                with path.open("rb") as f:
                    shutil.copyfileobj(f, sys.stdout.buffer)
                sys.stdout.buffer.flush()
        except OSError as exc:
            raise CannotWrite(f"cannot write {output or 'to stdout'}: {exc.strerror or exc}") from exc
    return f"{what} as {fmt} to {output or 'stdout'}"


# ---------------------------------------------------------------- articles
def _counted(rows: Iterable[dict]) -> tuple[Iterable[dict], Callable[[], str]]:
    stories: set[int] = set()
    n = [0]

    def gen():
        for r in rows:
            n[0] += 1
            stories.add(r["story_id"])
            yield r
    return gen(), lambda: f"{n[0]} articles of {len(stories)} stories"


def write_jsonl(conn, selection: Selection, path: Path) -> str:
    rows, told = _counted(articles(conn, selection))
    with path.open("w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False, default=jsonable) + "\n")
    return told()


def _csv_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return " > ".join(v)
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False)
    if v is None:
        return ""
    return jsonable(v) if not isinstance(v, str | int | float) else v


def write_csv(conn, selection: Selection, path: Path) -> str:
    """UTF-8 with a BOM (Excel), chain as `a > b > c`, the hops' evidence as a JSON array."""
    rows, told = _counted(articles(conn, selection))
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=ARTICLE_FIELDS)
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _csv_value(r[k]) for k in ARTICLE_FIELDS})
    return told()


def _parquet_schema():
    import pyarrow as pa

    hop = pa.struct([("position", pa.int32()), ("source", pa.string()), ("known", pa.bool_()), ("kind", pa.string()),
                     ("via", pa.string()), ("evidence", pa.string())])
    types = {"story_id": pa.int64(), "story_size": pa.int32(), "article_id": pa.int64(),
             "published_at": pa.timestamp("us", tz="UTC"), "chain": pa.list_(pa.string()), "chain_evidence": pa.list_(hop),
             "chain_corrected": pa.bool_(), "uncredited": pa.bool_()}
    return pa.schema([(f, types.get(f, pa.string())) for f in ARTICLE_FIELDS])


def write_parquet(conn, selection: Selection, path: Path) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    rows, told = _counted(articles(conn, selection))
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict] = []
        for r in rows:
            batch.append(r)
            if len(batch) == 2000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return told()


SQLITE_SCHEMA = """
create table stories (
    story_id      integer primary key,
    size          integer not null,
    origin        text,
    origin_kind   text,
    origin_reason text
);
create table articles (
    article_id      integer primary key,
    story_id        integer not null references stories (story_id),
    outlet_id       text not null,
    outlet_name_fa  text,
    outlet_name_en  text,
    outlet_kind     text,
    published_at    text,      -- ISO 8601 with offset (UTC)
    url             text not null,
    title           text,
    lead            text,
    body            text,
    chain           text not null,   -- JSON array: the publisher, then each credited source
    chain_corrected integer not null, -- 0/1
    uncredited      integer not null, -- 0/1: copied the origin without credit
    conflict        text,
    match_reason    text
);
create table hops (
    article_id integer not null references articles (article_id),
    position   integer not null,   -- 1 = the source the publisher credits, 2 = its source, ...
    source     text not null,
    known      integer not null,   -- 0/1: a registry outlet
    kind       text,
    via        text,
    evidence   text,               -- the credit sentence
    primary key (article_id, position)
);
create index articles_story on articles (story_id);
create index articles_outlet on articles (outlet_id, published_at);
create index hops_source on hops (source);
"""


def write_sqlite(conn, selection: Selection, path: Path) -> str:
    rows, told = _counted(articles(conn, selection))
    db = sqlite3.connect(path)
    try:
        db.executescript(SQLITE_SCHEMA)
        seen: set[int] = set()
        for r in rows:
            if r["story_id"] not in seen:
                seen.add(r["story_id"])
                db.execute("insert into stories values (?, ?, ?, ?, ?)",
                           (r["story_id"], r["story_size"], r["origin"], r["origin_kind"], r["origin_reason"]))
            db.execute("insert into articles values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (r["article_id"], r["story_id"], r["outlet_id"], r["outlet_name_fa"], r["outlet_name_en"], r["outlet_kind"],
                        r["published_at"].isoformat() if r["published_at"] else None, r["url"], r["title"], r["lead"], r["body"],
                        json.dumps(r["chain"], ensure_ascii=False), int(r["chain_corrected"]), int(r["uncredited"]),
                        r["conflict"], r["match_reason"]))
            db.executemany("insert into hops values (?, ?, ?, ?, ?, ?, ?)",
                           [(r["article_id"], h["position"], h["source"], int(h["known"]), h["kind"], h["via"], h["evidence"])
                            for h in r["chain_evidence"]])
        db.commit()
    except sqlite3.Error as exc:
        raise CannotWrite(f"cannot write the SQLite export: {exc}") from exc
    finally:
        db.close()
    return told()


# ---------------------------------------------------------------- the graph
def credit_graph(conn, selection: Selection):
    """A networkx DiGraph copier → source; edge attributes credited, uncredited and weight (their sum)."""
    import networkx as nx

    nodes, edges = graph(conn, selection)
    g = nx.DiGraph(name="who credits whom (newsagg)")
    for n in nodes:
        g.add_node(n["id"], label=n["name_en"] or n["id"], name_fa=n["name_fa"] or n["id"], name_en=n["name_en"] or "",
                   kind=n["kind"], crawled=bool(n["crawled"]), articles=int(n["articles"]))
    for e in edges:
        g.add_edge(e["source"], e["target"], credited=int(e["credited"]), uncredited=int(e["uncredited"]),
                   weight=int(e["credited"] + e["uncredited"]))
    return g


def graph_writer(fmt: str) -> Callable[[Any, Selection, Path], str]:
    """GEXF or GraphML: the same graph, networkx's writer of that name."""
    def write(conn, selection: Selection, path: Path) -> str:
        import networkx as nx

        g = credit_graph(conn, selection)
        getattr(nx, f"write_{fmt}")(g, path)
        return f"{g.number_of_nodes()} outlets and {g.number_of_edges()} credit edges"
    return write


WRITERS: dict[str, Callable[[Any, Selection, Path], str]] = {
    "jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet, "sqlite": write_sqlite,
    "gexf": graph_writer("gexf"), "graphml": graph_writer("graphml")}
