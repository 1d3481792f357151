"""`newsagg export`'s reads: the story selection (shared with `newsagg clusters`) and the credit graph."""
from collections import Counter
from datetime import timedelta
from typing import Any

from newsagg.pipelines.storage import export, queries
from tests.helpers import OTHER, STORY, T0, item

FILTERS: list[dict[str, Any]] = [{}, {"min_size": 2}, {"outlet": "tabnak.ir"}, {"outlet": "varzesh3.com"},
           {"since": T0 + timedelta(minutes=100)}, {"until": T0 + timedelta(minutes=20)}]


def seed(store) -> None:
    store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    store.save(item("https://nabzebazar.com/a/", "nabzebazar.com", ["به گزارش نبض بازار به نقل از ایسنا، " + STORY[0], *STORY[1:]], minutes=90))
    store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY[:3], minutes=200))
    store.save(item("https://www.varzesh3.com/news/9", "varzesh3.com", OTHER, title="پیروزی والیبال", minutes=30))


def test_export_and_clusters_select_the_same_stories_for_the_same_filters(store, conn):
    seed(store)
    picked = []
    for f in FILTERS:
        exported = {r["story_id"] for r in export.articles(conn, export.Selection(**f))}
        assert exported == {r["cluster_id"] for r in queries.clusters(conn, limit=100, **f)}, f
        picked.append(len(exported))
    assert picked == [2, 1, 1, 1, 1, 1]


def test_the_graph_counts_what_the_exported_articles_of_the_selection_say(store, conn):
    seed(store)
    for f in FILTERS:
        rows = list(export.articles(conn, export.Selection(**f)))
        nodes, edges = export.graph(conn, export.Selection(**f))
        credited = Counter(pair for story in {r["story_id"] for r in rows}
                           for pair in {p for r in rows if r["story_id"] == story for p in zip(r["chain"], r["chain"][1:], strict=False)})
        uncredited = Counter((r["outlet_id"], r["origin"]) for r in rows if r["uncredited"] and r["origin"] != r["outlet_id"])
        assert {(e["source"], e["target"]): (e["credited"], e["uncredited"]) for e in edges} == {
            pair: (credited[pair], uncredited[pair]) for pair in credited | uncredited}, f
        published = Counter(r["outlet_id"] for r in rows)
        assert {n["id"]: n["articles"] for n in nodes} == {n: published[n] for n in {*published, *(x for e in edges for x in (e["source"], e["target"]))}}
    nodes, edges = export.graph(conn, export.Selection())
    assert ("nabzebazar.com", "isna.ir") in {(e["source"], e["target"]) for e in edges if e["credited"]}
    assert next(n for n in nodes if n["id"] == "isna.ir")["name_fa"] == "ایسنا"
