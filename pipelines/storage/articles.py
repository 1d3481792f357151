"""Articles and their versions: idempotent by URL (or canonical URL), an edit becomes a version."""
from __future__ import annotations

import hashlib
from typing import Any

import psycopg

from newsagg.article import Article
from newsagg.pipelines.attribution import Chain

# article columns that are the extracted field of the same name
_SAME = ("url", "canonical_url", "outlet_article_id", "title", "kicker", "lead", "body", "section", "missing",
         "authors", "tags", "extraction_agreement")


_ARRAYS = ("missing", "authors", "tags", "sentence_hashes", "figures")  # text[] and int8[] columns


def array_literal(values: list[str] | list[int]) -> str:
    """An array's input literal, every element quoted: the text psycopg writes into COPY for a list,
    which its list dumper builds in Python element by element (about an eighth of `save_many`'s CPU on
    the crawl bench's articles, py-spy). Quoted, a backslash and a double quote are the only characters
    to escape, and no element can read as NULL."""
    return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


def content_hash(article: Article) -> str:
    text = "\x1f".join(getattr(article, f) or "" for f in ("title", "lead", "body"))
    return hashlib.sha256(text.encode()).hexdigest()


def columns(article: Article, digest: str) -> dict[str, Any]:
    assert article.normalized is not None and article.signature is not None, "process the article first"
    sig = article.signature
    return {
        **{c: getattr(article, c) for c in _SAME}, "outlet_id": article.outlet,
        "published_at": article.published, "modified_at": article.modified, "normalized_text": article.normalized.key,
        "content_hash": digest, "minhash": sig.to_bytes(), "shingle_count": sig.size,
        "sentence_hashes": sig.sentence_hashes, "figures": sorted(sig.numbers),
    }


def new_version(conn: psycopg.Connection, article_id: int, article: Article, digest: str) -> None:
    conn.execute(
        "insert into article_versions (article_id, version, fetched_at, content_hash, title, lead, body)"
        " select id, version, fetched_at, content_hash, title, lead, body from articles where id = %s", (article_id,))
    cols = columns(article, digest)
    cols.pop("url")  # the URL a version was first seen under stays
    sets = ", ".join(f"{c} = %({c})s" for c in cols)
    conn.execute(f"update articles set {sets}, version = version + 1, fetched_at = now() where id = %(id)s",
                 {**cols, "id": article_id})


def write_chain(conn: psycopg.Connection, article_id: int, chain: Chain, replace: bool = False) -> None:
    if replace:
        conn.execute("delete from attribution_edges where article_id = %s", (article_id,))
    with conn.cursor() as cur:
        cur.executemany(
            "insert into attribution_edges (article_id, position, source, known, kind, via, evidence)"
            " values (%s, %s, %s, %s, %s, %s, %s)",
            [(article_id, i, h.source, h.known, h.kind, h.via, h.evidence) for i, h in enumerate(chain.hops)])


def cluster_of(conn: psycopg.Connection, article_id: int) -> int | None:
    row = conn.execute("select cluster_id from cluster_members where article_id = %s", (article_id,)).fetchone()
    return row[0] if row else None


# ---- batches (Store.save_many): a few statements per batch instead of ~11 per article

def find_many(conn: psycopg.Connection, batch: list[Article]) -> list[tuple[int, str] | None]:
    """(id, content hash) of each article's stored row, in one query: the same page under another URL
    (raw vs percent-encoded, a tracking query) is one article."""
    urls = list(dict.fromkeys(u for a in batch for u in (a.url, a.canonical_url) if u))
    rows = conn.execute("select id, content_hash, url, canonical_url from articles where url = any(%s) or canonical_url = any(%s)"
                        " order by id", (urls, urls)).fetchall()
    out: list[tuple[int, str] | None] = []
    for a in batch:
        mine = {u for u in (a.url, a.canonical_url) if u}
        hits = [r for r in rows if r[2] in mine or r[3] in mine]
        hits.sort(key=lambda r: r[2] != a.url)  # stable: the row stored under this URL first, then the oldest
        out.append((hits[0][0], hits[0][1]) if hits else None)
    return out


def touch_many(conn: psycopg.Connection, article_ids: list[int]) -> None:
    conn.execute("update articles set fetched_at = now() where id = any(%s)", (article_ids,))


def clusters_of(conn: psycopg.Connection, article_ids: list[int]) -> dict[int, int]:
    return dict(conn.execute("select article_id, cluster_id from cluster_members where article_id = any(%s)",
                             (article_ids,)).fetchall())


def allocate(conn: psycopg.Connection, table: str, n: int) -> list[int]:
    """n ids from a table's serial sequence, in increasing order, in one round trip."""
    return [r[0] for r in conn.execute(f"select nextval(pg_get_serial_sequence('{table}', 'id')) from generate_series(1, %s)"
                                       " order by 1", (n,))]


def insert_many(conn: psycopg.Connection, batch: list[Article], digests: list[str]) -> list[int]:
    """Insert new articles with COPY (ids allocated first, so no `returning` per row) and their chains."""
    outlets = sorted({a.outlet for a in batch})
    conn.execute("insert into outlets (id, name_fa, name_en, kind) select o, o, o, 'unknown' from unnest(%s::text[]) o"
                 " order by o on conflict do nothing", (outlets,))  # outlets missing from config/outlets.toml
    ids = allocate(conn, "articles", len(batch))
    rows = [{"id": i, **columns(a, d)} for i, a, d in zip(ids, batch, digests, strict=True)]
    for row in rows:
        for c in _ARRAYS:
            row[c] = array_literal(row[c])
    names = list(rows[0])
    with conn.cursor() as cur, cur.copy(f"copy articles ({', '.join(names)}) from stdin") as copy:
        for row in rows:
            copy.write_row([row[n] for n in names])
    with conn.cursor() as cur, cur.copy(
            "copy attribution_edges (article_id, position, source, known, kind, via, evidence) from stdin") as copy:
        for article_id, a in zip(ids, batch, strict=True):
            assert a.chain is not None
            for i, h in enumerate(a.chain.hops):
                copy.write_row((article_id, i, h.source, h.known, h.kind, h.via, h.evidence))
    return ids
