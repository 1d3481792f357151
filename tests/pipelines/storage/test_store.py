import threading

import psycopg
import pytest

from newsagg.errors import NotFound
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.process import ProcessConfig, Processor
from newsagg.pipelines.storage import reviews
from newsagg.pipelines.storage.db import connect, scalar
from newsagg.pipelines.storage.migrate import migrate, migrations, schema_version
from newsagg.pipelines.storage.spool import Spool
from newsagg.pipelines.storage.store import Store
from tests.helpers import OTHER, STORY, item


def test_migrations_are_idempotent_and_versioned(conn):
    newest, count = max(v for v, _, _ in migrations()), len(migrations())
    first = migrate(conn)
    assert first == schema_version(conn) == newest
    assert migrate(conn) == newest
    assert conn.execute("select count(*) from schema_version").fetchone()[0] == count
    assert conn.execute("select count(*) from outlets where crawled").fetchone()[0] >= 15


def test_migrate_until_stops_before_that_version_and_a_later_migrate_applies_the_rest(db_url):
    with psycopg.connect(db_url, autocommit=True) as c:
        assert migrate(c, until=6) == 5
        assert scalar(c, "select to_regclass('cluster_rollup')") is None  # 006 creates it
        assert scalar(c, "select count(*) from outlets where crawled") >= 15
        assert migrate(c) == max(v for v, _, _ in migrations())


def test_same_url_twice_is_one_row_and_an_edit_is_a_new_version(store, conn):
    first = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    again = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    assert (first.status, again.status) == ("new", "unchanged")
    assert first.article_id == again.article_id
    edited = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY + ["انتهای پیام"], title="عنوان اصلاح‌شده"))
    assert edited.status == "updated" and edited.article_id == first.article_id
    assert conn.execute("select count(*), max(version) from articles").fetchone() == (1, 2)
    assert conn.execute("select version, title from article_versions").fetchall() == [(1, "گفت‌وگوی پوتین و علی‌اف")]
    assert edited.cluster_id == first.cluster_id  # an edit stays in its story


def test_a_repost_joins_and_chains_and_provenance_are_stored(store, conn):
    origin = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    repost = store.save(item("https://nabzebazar.com/a/", "nabzebazar.com", ["به گزارش نبض بازار به نقل از ایسنا، " + STORY[0], *STORY[1:]], minutes=90))
    copy = store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY[:3], minutes=200))
    other = store.save(item("https://www.varzesh3.com/news/9", "varzesh3.com", OTHER, title="پیروزی والیبال", minutes=30))
    assert origin.cluster_id == repost.cluster_id == copy.cluster_id != other.cluster_id
    overview = conn.execute("select size, origin, first_publisher, uncredited_copies from cluster_overview where cluster_id = %s",
                            (origin.cluster_id,)).fetchone()
    assert overview == (3, "isna.ir", "isna.ir", 1)
    chains = dict(conn.execute("select outlet_id, chain from article_chain").fetchall())
    assert chains["nabzebazar.com"] == ["nabzebazar.com", "isna.ir"]
    assert conn.execute("select outlet_id from uncredited_copies").fetchall() == [("tabnak.ir",)]
    activity = dict(conn.execute("select outlet_id, copied_without_credit from outlet_activity where outlet_id = 'isna.ir'").fetchall())
    assert activity == {"isna.ir": 1}


def test_clusters_survive_a_restart_and_next_weeks_article_joins(conn, db_url):
    first = Store(conn, DedupConfig())
    a = first.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    with connect(db_url) as later_conn:
        later = Store(later_conn, DedupConfig())  # a new process: empty memory, same database
        b = later.save(item("https://www.mehrnews.com/news/2", "mehrnews.com", STORY[:3], minutes=3 * 24 * 60))
        c = later.save(item("https://www.yjc.ir/fa/news/3", "yjc.ir", STORY, minutes=30 * 24 * 60))  # outside the window
    assert a.cluster_id == b.cluster_id
    assert c.cluster_id != a.cluster_id


def test_two_writers_on_one_database_do_not_split_a_story(db_url):
    """Two processes' stores (two connections, two in-memory indexes) saving reposts of one story at once."""
    results, errors = {}, []

    def writer(name, urls):
        try:
            with connect(db_url) as c:
                s = Store(c, DedupConfig())
                for i, url in enumerate(urls):
                    results[url] = s.save(item(url, "isna.ir" if name == "a" else "irna.ir", STORY[i % 2:], minutes=i)).cluster_id
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n, [f"https://{n}.example/{i}" for i in range(6)])) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with psycopg.connect(db_url) as c:
        roots = scalar(c, "select count(*) from cluster_overview")
    assert roots == 1 and len(set(results.values())) == 1


def test_a_bridging_article_merges_clusters_and_records_it(store, conn):
    half_a = STORY[:2]
    half_b = STORY[2:]
    a = store.save(item("https://x.example/a", "isna.ir", half_a + ["جمله اول برای متمایز شدن این گزارش از گزارش دیگر است که طولانی است."]))
    b = store.save(item("https://x.example/b", "irna.ir", half_b + ["جمله دوم برای متمایز شدن این گزارش از گزارش نخست است که طولانی است."], minutes=5))
    whole = store.save(item("https://x.example/c", "mehrnews.com", STORY, minutes=10))
    assert a.cluster_id != b.cluster_id
    roots = conn.execute("select distinct cluster_id from cluster_members").fetchall()
    merges = conn.execute("select from_cluster, into_cluster from cluster_merges").fetchall()
    # Either the full text was close enough to both halves to prove one story (merged, recorded),
    # or to one only (joined it, no merge): never a merge without a record.
    assert (len(roots) == 1) == bool(merges)
    assert whole.cluster_id in {r[0] for r in roots}


def test_reviewer_corrections_win_over_the_parser(store, conn):
    origin = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    repost = store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60))
    assert conn.execute("select uncredited from cluster_members where article_id = %s", (repost.article_id,)).fetchone()[0]
    reviews.correct_chain(conn, repost.article_id, ["tabnak.ir", "isna.ir"], "reviewer-1", "credit was in a photo caption")
    row = conn.execute("select chain, corrected, reviewer from article_chain where article_id = %s", (repost.article_id,)).fetchone()
    assert row == (["tabnak.ir", "isna.ir"], True, "reviewer-1")
    assert not conn.execute("select uncredited from cluster_members where article_id = %s", (repost.article_id,)).fetchone()[0]
    reviews.correct_origin(conn, origin.cluster_id, "irna.ir", "reviewer-2", allow_unknown=True)  # outside the story, deliberately
    assert conn.execute("select origin, origin_reason from cluster_overview").fetchone() == ("irna.ir", "reviewer")
    # a later crawl re-saving the article does not undo the correction
    store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY + ["انتهای پیام"], minutes=60))
    assert conn.execute("select corrected from article_chain where article_id = %s", (repost.article_id,)).fetchone()[0]
    with pytest.raises(NotFound):
        reviews.correct_chain(conn, 999999, ["x"], "r")


def test_a_database_that_went_away_loses_nothing(db_url, tmp_path):
    """The spool keeps items the store could not write; the next connection writes them."""
    spool = Spool(tmp_path / "pending.jsonl")
    conn = connect(db_url)
    migrate(conn)
    s = Store(conn, DedupConfig())
    s.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    conn.close()  # the database is gone for this writer
    pending = item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60)
    with pytest.raises(psycopg.OperationalError):
        s.save(pending)
    spool.put(pending)
    assert len(spool) == 1
    with connect(db_url) as back:
        restored = Store(back, DedupConfig())
        processor = Processor(ProcessConfig(display=False))
        assert spool.drain(lambda a: restored.save(processor(a))) == 1
        assert back.execute("select count(*), count(distinct cluster_id) from cluster_members").fetchone() == (2, 1)
    assert len(spool) == 0 and not spool.path.exists()


def test_list_fields_are_stored_exactly_whatever_characters_they_hold(store, conn):
    """The array columns go into COPY as literals (articles.array_literal): quotes, backslashes, commas,
    braces, a "NULL" and an empty name come back as written."""
    article = item("https://www.isna.ir/news/2", "isna.ir", STORY)
    article.authors = ['محمد "ممد" رضایی', "back\\slash", "a,b", "{braces}", "NULL", "", " فاصله "]
    article.tags = ["فوتبال", 'تیم "ملی"', "\\"]
    article.missing = ["published"]
    store.save(article)
    row = conn.execute("select authors, tags, missing, figures, sentence_hashes from articles where url = %s",
                       (article.url,)).fetchone()
    assert article.signature is not None and article.signature.sentence_hashes
    assert row == (article.authors, article.tags, ["published"], sorted(article.signature.numbers),
                   article.signature.sentence_hashes)
