"""Batched writes (Store.save_many, the Writer's batching loop): same stories as one by one, each item its own status."""
import asyncio
import json
import logging
import time
import uuid

import psycopg
import pytest

from newsagg.article import Article
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.process import ProcessConfig, Processor
from newsagg.pipelines.storage.db import scalar
from newsagg.pipelines.storage.migrate import migrate
from newsagg.pipelines.storage.pipeline import Writer
from newsagg.pipelines.storage.store import Store
from tests.conftest import _base_url, url_with_schema
from tests.helpers import OTHER, STORY, item


@pytest.fixture
def second_conn():
    """A second, empty store in its own schema."""
    base, schema = _base_url(), f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"create schema {schema}")
    try:
        with psycopg.connect(url_with_schema(base, schema), autocommit=True) as c:
            migrate(c)
            yield c
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"drop schema {schema} cascade")


def real_articles(shared, n: int) -> list[Article]:
    """n consecutive real articles of four outlets that reprint each other (ir-news-2019), processed."""
    rows = [json.loads(line) for line in (shared / "texts" / "ir-news-2019" / "articles.jsonl").open(encoding="utf-8")]
    rows.sort(key=lambda r: (r["published"], r["id"]))
    processor = Processor(ProcessConfig(display=False))
    return [processor(Article.from_record(r)) for r in rows[:n]]


def stories(conn: psycopg.Connection) -> set[tuple[frozenset[str], str | None, frozenset[str]]]:
    """Each story as (member URLs, origin, uncredited member URLs): comparable across two stores."""
    rows = conn.execute(
        "select array_agg(a.url), co.origin, coalesce(array_agg(a.url) filter (where m.uncredited), '{}')"
        " from cluster_members m join articles a on a.id = m.article_id join cluster_origin co using (cluster_id)"
        " group by m.cluster_id, co.origin").fetchall()
    return {(frozenset(urls), origin, frozenset(copies)) for urls, origin, copies in rows}


def test_a_batch_makes_the_same_stories_as_one_by_one(conn, second_conn, shared):
    batch = real_articles(shared, 400)
    one = Store(conn, DedupConfig())
    for a in batch:
        one.save(a)
    many = Store(second_conn, DedupConfig())
    for i in range(0, len(batch), 64):
        many.save_many(batch[i:i + 64])
    expected = stories(conn)
    assert any(len(urls) > 1 for urls, _, _ in expected), "the sample should hold reposts"
    assert stories(second_conn) == expected
    merges = "select count(*) from cluster_merges"
    assert second_conn.execute(merges).fetchone() == conn.execute(merges).fetchone()
    activity = "select * from outlet_activity order by outlet_id"
    assert second_conn.execute(activity).fetchall() == conn.execute(activity).fetchall()


def test_each_article_of_a_batch_gets_its_own_status(store, conn):
    first = store.save_many([item("https://www.isna.ir/news/1", "isna.ir", STORY),
                             item("https://www.varzesh3.com/news/9", "varzesh3.com", OTHER, title="پیروزی والیبال")])
    assert [s.status for s in first] == ["new", "new"]
    edited = item("https://www.isna.ir/news/1", "isna.ir", STORY + ["انتهای پیام"], title="عنوان اصلاح‌شده")
    repost = item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60)
    again = store.save_many([edited, item("https://www.varzesh3.com/news/9", "varzesh3.com", OTHER, title="پیروزی والیبال"),
                             repost, item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60)])
    assert [s.status for s in again] == ["updated", "unchanged", "new", "unchanged"]
    assert again[0].article_id == first[0].article_id and again[1].article_id == first[1].article_id
    assert again[2].cluster_id == again[0].cluster_id == first[0].cluster_id
    assert again[3].article_id == again[2].article_id
    assert conn.execute("select count(*) from articles").fetchone()[0] == 3
    assert conn.execute("select uncredited from cluster_members where article_id = %s", (again[2].article_id,)).fetchone()[0]


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def writer(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSAGG_DATA", str(tmp_path))
    w = Writer(db_url, ProcessConfig(display=False), batch_size=3, batch_ms=2000)
    yield w
    w.thread.submit(w._close).result()
    w.thread.shutdown()


def test_the_writer_closes_a_batch_at_n_items_and_each_item_learns_its_status(writer):
    store = writer.call(writer.connected)
    sizes = []
    save_many = store.save_many

    def counted(batch):  # count, then the real write
        sizes.append(len(batch))
        return save_many(batch)

    store.save_many = counted
    items = [item(f"https://www.isna.ir/news/{i}", "isna.ir", [f"{i} " + s for s in OTHER], minutes=i) for i in range(6)]

    async def crawl():
        return await asyncio.gather(*(writer.save(a) for a in items + items[:1]))

    results = run(crawl())
    assert results == [("new", [])] * 6 + [("unchanged", [])]
    assert sizes == [3, 3, 1]  # two full batches at once; the straggler waited for batch_ms


def test_the_last_article_of_a_crawl_closes_its_batch_without_waiting_for_batch_ms(writer):
    store = writer.call(writer.connected)
    sizes = []
    save_many = store.save_many

    def counted(batch):
        sizes.append(len(batch))
        return save_many(batch)

    store.save_many = counted
    items = [item(f"https://www.isna.ir/news/{i}", "isna.ir", [f"{i} " + s for s in OTHER], minutes=i) for i in range(2)]

    async def crawl():
        first = asyncio.ensure_future(writer.save(items[0]))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        results = await asyncio.gather(first, writer.save(items[1], last=True))
        return results, time.monotonic() - started

    results, waited = run(crawl())
    assert results == [("new", [])] * 2
    assert sizes == [2] and waited < 1.0  # one batch, closed by the last article, not after batch_ms (2 s)
    # the next batch waits for its items again
    later = item("https://www.isna.ir/news/9", "isna.ir", [f"9 {s}" for s in OTHER], minutes=9)
    started = time.monotonic()
    assert run(writer.save(later)) == ("new", [])
    assert time.monotonic() - started >= 1.9 and sizes == [2, 1]


def test_a_failed_batch_is_saved_one_by_one_and_a_lost_connection_spools_it(writer, caplog):
    store = writer.call(writer.connected)
    store.conn.execute("alter table articles add constraint no_tabnak check (outlet_id <> 'tabnak.ir')")
    refused = item("https://www.tabnak.ir/fa/news/2", "tabnak.ir", OTHER, minutes=5)  # the batch fails, not the others
    good = [item("https://www.isna.ir/news/1", "isna.ir", STORY), item("https://www.varzesh3.com/news/9", "varzesh3.com", OTHER)]
    with caplog.at_level(logging.WARNING):
        results = writer.call(lambda: writer._save_batch([good[0], refused, good[1]]))
    assert "one by one" in caplog.text
    assert results[0] == results[2] == ("new", [])
    assert results[1] == ("dead_letter", ["store_refused_CheckViolation"])
    with psycopg.connect(writer.database_url) as c:
        assert scalar(c, "select count(*) from articles where url like '%%/1' or url like '%%/9'") == 2
    spooled = len(writer.spool)
    writer.call(lambda: writer.store.conn.close())  # the database goes away
    later = [item(f"https://www.yjc.ir/fa/news/{i}", "yjc.ir", STORY, minutes=60 + i) for i in range(3)]
    assert writer.call(lambda: writer._save_batch(later)) == [("spooled", ["database_unavailable"])] * 3
    assert len(writer.spool) == spooled + 3
