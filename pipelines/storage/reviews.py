"""Reviewers' corrections of chains and origins: they win over the parser on every read.

The CLI (`newsagg review`) and the review page call these functions and nothing else, so both obey
the same validation: a chain is not empty, names outlets of the registry (an unknown source only with
`allow_unknown`, or one the parser itself read in this article), and starts with the article's
publisher; an origin is a member or a credited source of the story (anything else only with
`allow_unknown`). A confirmation is a correction that keeps the current value. Undo marks a
correction undone (kept in the history); the previous live correction, or the parser, wins again.
"""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from newsagg.config import load_registry
from newsagg.errors import BadInput, NotFound
from newsagg.pipelines.storage import articles, provenance, rollup

MAX_NAME = 200  # a deliberate unknown source is a name, not a paragraph


def _publisher(conn: psycopg.Connection, article_id: int) -> str:
    row = conn.execute("select outlet_id from articles where id = %s", (article_id,)).fetchone()
    if not row:
        raise NotFound(f"no article {article_id}")
    return row[0]


def parse_chain(text: str) -> list[str]:
    """'tabnak.ir, isna.ir' -> ['tabnak.ir', 'isna.ir'] (blanks dropped; validation says if nothing is left)."""
    return [c.strip() for c in text.split(",") if c.strip()]


def validate_chain(conn: psycopg.Connection, article_id: int, chain: list[str], allow_unknown: bool = False) -> list[str]:
    """The chain as it will be stored, or BadInput saying what is wrong with it."""
    publisher = _publisher(conn, article_id)
    chain = [c.strip() for c in chain if c and c.strip()]
    if not chain:
        raise BadInput("empty chain: give the publisher first, then each credited source")
    if chain[0] != publisher:
        raise BadInput(f"a chain starts with the article's publisher ({publisher}), not {chain[0]}")
    if len(set(chain)) != len(chain):
        raise BadInput(f"an outlet appears twice in the chain: {', '.join(chain)}")
    registry = load_registry()
    parsed = {r[0] for r in conn.execute("select source from attribution_edges where article_id = %s", (article_id,))}
    unknown = [c for c in chain[1:] if registry.get(c) is None and c not in parsed]
    if unknown and not allow_unknown:
        raise BadInput(f"not in the outlet registry: {', '.join(unknown)} (a source outside it needs --allow-unknown)")
    if any(len(c) > MAX_NAME for c in chain):
        raise BadInput(f"a source name is longer than {MAX_NAME} characters")
    return chain


def origin_candidates(conn: psycopg.Connection, cluster_id: int) -> list[str]:
    """The outlets a story's origin may be: its members' publishers and every source their chains credit."""
    rows = conn.execute("select outlet_id, chain from cluster_member_chains where cluster_id = %s"
                        " order by published_at nulls last, article_id", (cluster_id,)).fetchall()
    found: dict[str, None] = {}
    for outlet, chain in rows:
        found.setdefault(outlet)
        for source in chain[1:]:
            found.setdefault(source)
    return list(found)


def _story(conn: psycopg.Connection, cluster_id: int) -> int:
    row = conn.execute("select coalesce(merged_into, id) from clusters where id = %s", (cluster_id,)).fetchone()
    if not row:
        raise NotFound(f"no cluster {cluster_id}")
    return row[0]


def validate_origin(conn: psycopg.Connection, cluster_id: int, origin: str, allow_unknown: bool = False) -> str:
    origin = (origin or "").strip()
    if not origin:
        raise BadInput("empty origin: give an outlet id")
    if len(origin) > MAX_NAME:
        raise BadInput(f"an origin name is longer than {MAX_NAME} characters")
    candidates = origin_candidates(conn, _story(conn, cluster_id))
    if origin not in candidates and not allow_unknown:
        known = "" if load_registry().get(origin) else ", and not in the outlet registry"
        raise BadInput(f"{origin} is neither a member nor a credited source of story {cluster_id}{known}"
                       f" (candidates: {', '.join(candidates)}; another origin needs --allow-unknown)")
    return origin


def correct_chain(conn: psycopg.Connection, article_id: int, chain: list[str], reviewer: str, note: str | None = None,
                  allow_unknown: bool = False, action: str = "correct") -> int | None:
    """Returns the story whose provenance was recomputed, if the article is in one."""
    reviewer = _reviewer(reviewer)
    with conn.transaction():
        chain = validate_chain(conn, article_id, chain, allow_unknown)
        rollup.articles(conn, [article_id], -1)  # the article's share under its old chain out, the new one in
        conn.execute("insert into chain_corrections (article_id, chain, reviewer, note, action, allow_unknown)"
                     " values (%s, %s, %s, %s, %s, %s)", (article_id, chain, reviewer, note or None, action, allow_unknown))
        rollup.articles(conn, [article_id])
        cluster = articles.cluster_of(conn, article_id)
        if cluster:
            provenance.update(conn, cluster)
            rollup.clusters(conn, [cluster])
    return cluster


def confirm_chain(conn: psycopg.Connection, article_id: int, reviewer: str, note: str | None = None) -> int | None:
    """The chain as it reads now is right: recorded as the reviewer's, so a later parser change cannot move it."""
    row = conn.execute("select chain from article_chain where article_id = %s", (article_id,)).fetchone()
    if not row:
        raise NotFound(f"no article {article_id}")
    return correct_chain(conn, article_id, row[0], reviewer, note, allow_unknown=True, action="confirm")


def correct_origin(conn: psycopg.Connection, cluster_id: int, origin: str, reviewer: str, note: str | None = None,
                   allow_unknown: bool = False, action: str = "correct") -> int:
    """Returns the story (a merged story's id leads to the one it was merged into)."""
    reviewer = _reviewer(reviewer)
    with conn.transaction():
        story = _story(conn, cluster_id)
        origin = validate_origin(conn, story, origin, allow_unknown)
        conn.execute("insert into origin_corrections (cluster_id, origin, reviewer, note, action, allow_unknown)"
                     " values (%s, %s, %s, %s, %s, %s)", (story, origin, reviewer, note or None, action, allow_unknown))
        provenance.update(conn, story)
        rollup.clusters(conn, [story])
    return story


def confirm_origin(conn: psycopg.Connection, cluster_id: int, reviewer: str, note: str | None = None) -> int:
    story = _story(conn, cluster_id)
    row = conn.execute("select origin from cluster_origin where cluster_id = %s", (story,)).fetchone()
    if not row or not row[0]:
        raise BadInput(f"story {cluster_id} has no origin to confirm")
    return correct_origin(conn, story, row[0], reviewer, note, allow_unknown=True, action="confirm")


def _reviewer(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise BadInput("a correction needs a reviewer's name")
    if len(name) > MAX_NAME:
        raise BadInput(f"a reviewer's name is longer than {MAX_NAME} characters")
    return name


_HISTORY = (
    "select * from ("
    " select 'chain' as what, c.id, c.article_id as target, m.cluster_id, array_to_string(c.chain, ',') as value, c.action,"
    "  c.reviewer, c.note, c.created_at, c.undone_at, c.undone_by"
    " from chain_corrections c left join cluster_members m on m.article_id = c.article_id {chain_where}"
    " union all"
    " select 'origin', o.id, o.cluster_id, o.cluster_id, o.origin, o.action, o.reviewer, o.note, o.created_at, o.undone_at, o.undone_by"
    " from origin_corrections o {origin_where}"
    ") h order by created_at desc, id desc limit %(limit)s")


def history(conn: psycopg.Connection, article_id: int | None = None, cluster_id: int | None = None,
            limit: int = 50) -> list[dict[str, Any]]:
    """Corrections newest first, undone ones included: of one article, of one story (its members' chains
    and its origin), or of everything."""
    params: dict[str, Any] = {"limit": limit, "article": article_id, "cluster": cluster_id}
    if article_id is not None:
        chain_where, origin_where = "where c.article_id = %(article)s", "where false"
    elif cluster_id is not None:
        params["cluster"] = _story(conn, cluster_id)
        chain_where, origin_where = "where m.cluster_id = %(cluster)s", "where o.cluster_id = %(cluster)s"
    else:
        chain_where = origin_where = ""
    sql = _HISTORY.format(chain_where=chain_where, origin_where=origin_where)
    return conn.cursor(row_factory=dict_row).execute(sql, params).fetchall()


def undo(conn: psycopg.Connection, what: str, target_id: int, reviewer: str, correction_id: int | None = None) -> dict[str, Any]:
    """Undo one correction (by default the latest live one) of an article's chain ('chain') or a story's
    origin ('origin'); returns it. The story's provenance is recomputed."""
    reviewer = _reviewer(reviewer)
    table, column = {"chain": ("chain_corrections", "article_id"), "origin": ("origin_corrections", "cluster_id")}[what]
    with conn.transaction():
        if what == "origin":
            target_id = _story(conn, target_id)
        else:
            _publisher(conn, target_id)
        pick = "and id = %(id)s" if correction_id is not None else ""
        if what == "chain":
            rollup.articles(conn, [target_id], -1)
        row = conn.cursor(row_factory=dict_row).execute(
            f"update {table} set undone_at = now(), undone_by = %(by)s where id = ("
            f" select id from {table} where {column} = %(target)s and undone_at is null {pick}"
            " order by created_at desc, id desc limit 1) returning *",
            {"by": reviewer, "target": target_id, "id": correction_id}).fetchone()
        if not row:
            raise NotFound(f"no live correction to undo for {'article' if what == 'chain' else 'story'} {target_id}"
                           + (f" with id {correction_id}" if correction_id is not None else ""))
        if what == "chain":
            rollup.articles(conn, [target_id])
        cluster = target_id if what == "origin" else articles.cluster_of(conn, target_id)
        if cluster:
            provenance.update(conn, cluster)
            rollup.clusters(conn, [cluster])
    return row



def correction_target(conn: psycopg.Connection, correction_id: int, what: str | None = None) -> tuple[str, int]:
    """('chain', article id) or ('origin', story id) of a correction known by its id alone (`review undo
    --correction ID`); the two tables number their corrections apart, so an id both hold is the live one,
    or needs `what` when both are live."""
    rows = [(kind, *row) for kind, table, column in (("chain", "chain_corrections", "article_id"),
                                                     ("origin", "origin_corrections", "cluster_id"))
            if what in (None, kind)
            and (row := conn.execute(f"select {column}, undone_at is null from {table} where id = %s", (correction_id,)).fetchone())]
    found = [(kind, target) for kind, target, live in rows if live or len(rows) == 1] or [(k, t) for k, t, _ in rows]
    if not found:
        raise NotFound(f"no {what + ' ' if what else ''}correction with id {correction_id} (see `newsagg review history`)")
    if len(found) > 1:
        raise BadInput(f"correction {correction_id} is both a chain and an origin correction's id: "
                       f"say which (review undo chain|origin --correction {correction_id})")
    return found[0]
