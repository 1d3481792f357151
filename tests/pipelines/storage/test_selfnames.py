"""Self-names learned from stored articles, their review and added sources, in PostgreSQL; and a real
crawl of an outlet the registry does not list (tests/data/real/roozno_crawl.json, pages assembled from
real Roozno text in ../shared)."""
from __future__ import annotations

import json
import sys
from datetime import datetime

import pytest

from newsagg.article import Article
from newsagg.errors import BadInput, NotFound
from newsagg.pipelines.attribution import SourceResolver, parse_chain
from newsagg.pipelines.process import ProcessConfig, Processor
from newsagg.pipelines.storage import selfnames
from tests.conftest import ROOT, newsagg
from tests.pipelines.storage.test_rollup import same_as_recount

FIXTURE = json.loads((ROOT / "tests" / "data" / "real" / "roozno_crawl.json").read_text(encoding="utf-8"))
NAME = "روز نو"  # what Roozno calls itself, learned; the spellings that differ in spaces or one letter match it
HOPS = ["روزنو", "رو زنو", "روزونو", NAME]


@pytest.fixture(scope="module")
def roozno(shared) -> dict[str, dict]:
    wanted = set(FIXTURE["first_run"] + FIXTURE["second_run"])
    rows = (json.loads(line) for line in (shared / "texts" / "ir-news-2019" / "articles.jsonl").open(encoding="utf-8"))
    return {r["id"]: r for r in rows if r["id"] in wanted}


def _article(row: dict) -> Article:
    lines = row["body"].split("\n")
    return Article(url=row["url"].rsplit("/", 1)[0], outlet="roozno.com", title=row["title"], lead=lines[0],
                   body="\n".join(lines[1:]), published=datetime.fromisoformat(row["published"]))


def _processed(rows, config: ProcessConfig | None = None) -> list[Article]:
    processor = Processor(config or ProcessConfig(display=False))
    return [processor(_article(r)) for r in rows]


def _self_hops(conn) -> int:
    return conn.execute("select count(*) from attribution_edges e join articles a on a.id = e.article_id"
                        " where a.outlet_id = 'roozno.com' and e.position > 0 and e.source = any(%s)", (HOPS,)).fetchone()[0]


def _origins(conn) -> set[str]:
    return {r[0] for r in conn.execute("select distinct c.origin from clusters c join cluster_members m on m.cluster_id = c.id"
                                       " join articles a on a.id = m.article_id where a.outlet_id = 'roozno.com'")}


def test_learning_from_stored_leads_keeps_the_names_and_rederives_the_chains_and_stories(store, conn, roozno):
    store.save_many(_processed([roozno[i] for i in FIXTURE["first_run"]]))
    assert _self_hops(conn) == 7 and set(HOPS) & _origins(conn)  # without the names, the self-credit is a source hop
    learned = selfnames.learn(conn)
    found, new, changed = learned["roozno.com"]
    assert found.names == (NAME,) and new == [NAME]
    assert found.articles == 7 and found.read == 8
    assert changed == 7 and _self_hops(conn) == 0 and not set(HOPS) & _origins(conn)
    assert "بیزنس تایمز" in _origins(conn)  # a real source after the self-credit stays («به گزارشرو زنو : به نقل از وب سایت "بیزنس تایمز"»)
    same_as_recount(conn)  # the outlet totals followed the chains
    rows = selfnames.self_names(conn)
    assert {(r["outlet_id"], r["name"], r["status"]) for r in rows} == {("roozno.com", NAME, "learned")}
    # learning again finds nothing new and parses nothing again
    assert selfnames.learn(conn)["roozno.com"][1:] == ([], 0)
    # the names reach a crawl's processor through its config: new articles have no self hop
    config = ProcessConfig(display=False, names=selfnames.known(conn))
    store.save_many(_processed([roozno[i] for i in FIXTURE["second_run"]], config))
    assert _self_hops(conn) == 0


def test_rejected_self_names_are_read_as_sources_again_and_confirming_changes_nothing(store, conn, roozno):
    store.save_many(_processed([roozno[i] for i in FIXTURE["first_run"]]))
    selfnames.learn(conn)
    assert selfnames.review(conn, "roozno.com", NAME, "confirm", "maryam", "its own name") == 0
    assert selfnames.review(conn, "roozno.com", NAME, "reject", "maryam") == 7
    assert _self_hops(conn) == 7 and selfnames.known(conn).learned == ()
    assert selfnames.learn(conn)["roozno.com"][1] == []  # a rejected name is not learned again
    same_as_recount(conn)
    assert selfnames.review(conn, "roozno.com", NAME, "confirm", "maryam", "taken back") == 7
    assert _self_hops(conn) == 0
    with pytest.raises(NotFound):
        selfnames.review(conn, "roozno.com", "رو نو", "confirm", "maryam")
    with pytest.raises(BadInput):
        selfnames.review(conn, "roozno.com", NAME, "reject", " ")


def test_an_unknown_name_added_as_a_source_resolves_in_stored_chains_and_new_resolvers(store, conn):
    from tests.helpers import OTHER, STORY, item

    store.save(item("https://www.tabnak.ir/fa/news/1", "tabnak.ir", ["به گزارش روزنامه اطلاعات، " + STORY[0], *STORY[1:]]))
    store.save(item("https://unknown-outlet.ir/1", "unknown-outlet.ir", OTHER, title="والیبال"))  # a publisher of the store
    assert conn.execute("select source, known from attribution_edges where position = 1").fetchone() == ("اطلاعات", False)
    source, changed = selfnames.add_source(conn, "اطلاعات", "newspaper", "maryam", source_id="ettelaat.com")
    assert (source, changed) == ("ettelaat.com", 1)
    assert conn.execute("select source, known, kind from attribution_edges where position = 1").fetchone() == ("ettelaat.com", True, "outlet")
    assert conn.execute("select origin from clusters where origin <> 'unknown-outlet.ir'").fetchone()[0] == "ettelaat.com"
    assert selfnames.known(conn).resolver().resolve("روزنامه اطلاعات").id == "ettelaat.com"
    same_as_recount(conn)
    for name, kind, by, sid, why in [("", "agency", "m", None, "empty name"), ("خبرگزاری جدید", "blog", "m", None, "unknown kind"),
                                     ("ایسنا", "agency", "m", None, "already resolves"), ("نو", "agency", "m", "isna.ir", "an outlet already"),
                                     ("نو", "agency", "m", "unknown-outlet.ir", "an outlet already"),
                                     ("خبرگزاری جدید", "agency", "", None, "reviewer")]:
        with pytest.raises(BadInput, match=why):
            selfnames.add_source(conn, name, kind, by, source_id=sid)


def test_a_crawl_of_an_unlisted_site_learns_its_self_names_and_the_next_crawl_stores_no_self_hop(db_url, conn, roozno, tmp_path):
    """Real Scrapy crawls (child processes, the worker pool on) of a replay of roozno.com, which the
    user lists in their own outlets file without names."""
    sys.path.insert(0, str(ROOT / "demo"))
    from templates import generic, rss

    outlets = tmp_path / "outlets.toml"
    outlets.write_text('[[outlet]]\nid = "roozno.com"\n[outlet.crawl]\nfeeds = ["http://roozno.com/fa/rss"]\n'
                       'article_url = "^/fa/news/\\\\d+"\nparser = "generic"\n', encoding="utf-8")
    env = {"NEWSAGG_DATA": str(tmp_path / "data"), "NEWSAGG_OUTLETS": str(outlets)}

    def replay(ids: list[str]):
        root = tmp_path / f"replay{len(ids)}"
        root.mkdir()
        items = []
        for i, art in enumerate(_article(roozno[x]) for x in ids):
            page = {"url": art.url, "title": art.title, "lead": art.lead, "body": art.body.split("\n"),
                    "published": art.published, "site": "روز نو"}
            (root / f"a{i}.html").write_text(generic(page), encoding="utf-8")
            items.append({**page, "file": f"a{i}.html"})
        (root / "feed.xml").write_text(rss("روز نو", "http://roozno.com/", items), encoding="utf-8")
        pages = [{"url": p["url"], "file": p["file"], "content_type": "text/html; charset=utf-8"} for p in items]
        pages.append({"url": "http://roozno.com/fa/rss", "file": "feed.xml", "content_type": "application/rss+xml"})
        (root / "manifest.json").write_text(json.dumps({"outlets": ["roozno.com"], "pages": pages}), encoding="utf-8")
        newsagg("--database-url", db_url, "crawl", "roozno", "--replay", str(root), env=env)

    replay(FIXTURE["first_run"])
    first = {r[0]: r[1] for r in conn.execute("select id, body from articles")}
    assert len(first) == 8
    names = {r["name"] for r in selfnames.self_names(conn)}
    assert names == {NAME}
    # the crawl stored them with a resolver that did not know the names yet: read so, they have self hops;
    # the stored chains were re-derived at the end of the run, and their stories' origins with them
    plain = SourceResolver()
    stored = conn.execute("select id, title, lead, body from articles").fetchall()
    from newsagg.pipelines.normalize import normalize_story

    assert sum(any(h.source in HOPS for h in parse_chain(list(normalize_story(t, b, lead).paragraphs), "roozno.com", plain).hops)
               for _, t, lead, b in stored) == 7
    assert _self_hops(conn) == 0 and not set(HOPS) & _origins(conn)
    same_as_recount(conn)

    replay(FIXTURE["second_run"])
    assert {r["name"] for r in selfnames.self_names(conn)} == names  # nothing new learnt: nothing re-derived
    assert conn.execute("select count(*) from articles").fetchone()[0] == 12
    assert _self_hops(conn) == 0  # the workers' resolver started with the stored names
    done = newsagg("--database-url", db_url, "sources", "--self-names", "--json", env=env)
    assert {(r["name"], r["status"]) for r in json.loads(done.stdout)} == {(NAME, "learned")}


def test_rederiving_leaves_alone_an_article_a_crawler_saved_again_meanwhile(store, conn, roozno):
    store.save_many(_processed([roozno[i] for i in FIXTURE["first_run"]]))
    ids = [r[0] for r in conn.execute("select id from articles where outlet_id = 'roozno.com' order by id")]
    learned = SourceResolver(learned={"roozno.com": (NAME,)})

    class CrawlerSavesMeanwhile(SourceResolver):  # the edit lands while the chains are being parsed again
        def __init__(self):
            super().__init__(learned={"roozno.com": (NAME,)})
            self.saved = False

        def resolve(self, *args, **kwargs):
            if not self.saved:
                self.saved = True
                with conn.transaction():
                    conn.execute("update attribution_edges set evidence = 'saved again' where article_id = %s", (ids[0],))
            return super().resolve(*args, **kwargs)

    def saved_again() -> int:
        return conn.execute("select count(*) from attribution_edges where evidence = 'saved again'").fetchone()[0]

    first = selfnames.rederive(conn, ids, CrawlerSavesMeanwhile())
    assert first >= 6 and saved_again() > 0  # its new chain kept, not overwritten from what was read before
    assert selfnames.rederive(conn, ids, learned) == 1 and saved_again() == 0  # the next re-derivation takes it
    assert _self_hops(conn) == 0
