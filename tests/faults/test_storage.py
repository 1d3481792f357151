"""Storage never wedges: refused records, oversized fields, races, failed transactions, killed runs.
All against the real PostgreSQL (each test in its own schema)."""
from __future__ import annotations

import json
import secrets
import threading
import time

import psycopg
import pytest

from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.process import ProcessConfig
from newsagg.pipelines.storage import articles, deadletter, runs
from newsagg.pipelines.storage.db import connect
from newsagg.pipelines.storage.pipeline import Writer
from newsagg.pipelines.storage.store import Store
from tests.helpers import OTHER, STORY, item

LONG_URL = "https://www.isna.ir/news/1234/" + secrets.token_hex(4000)  # 8,030 characters that do not compress


@pytest.fixture
def writer(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSAGG_DATA", str(tmp_path / "data"))
    w = Writer(db_url, ProcessConfig(display=False))
    yield w
    w.call(w._close)
    w.thread.shutdown()


def test_postgresql_refuses_an_8000_character_url_and_that_is_not_a_lost_connection(conn):
    """The measured failure: psycopg reports the index row size as an OperationalError."""
    a = item(LONG_URL, "isna.ir", STORY)
    with pytest.raises(psycopg.OperationalError) as refused:
        with conn.transaction():
            articles.insert_many(conn, [a], [articles.content_hash(a)])
    assert refused.value.sqlstate == "54000"  # program_limit_exceeded: the record, not the server
    assert not deadletter.is_lost(refused.value, conn)
    assert deadletter.is_lost(psycopg.OperationalError("server closed the connection unexpectedly"))


def test_oversized_fields_are_bounded_counted_and_the_same_long_url_stays_one_article(store, conn):
    a = item(LONG_URL, "isna.ir", STORY, title="عنوان " * 5000)
    a.canonical_url = LONG_URL + "/canonical"
    first = store.save(a)
    assert first.status == "new" and set(first.bounded) == {"url", "canonical_url", "title"}
    url, canonical, title = conn.execute("select url, canonical_url, title from articles").fetchone()
    assert len(url.encode()) <= 2000 and url != canonical and len(title) == 1000
    again = item(LONG_URL, "isna.ir", STORY, title="عنوان " * 5000)
    again.canonical_url = LONG_URL + "/canonical"
    assert store.save(again).status == "unchanged"
    assert conn.execute("select count(*) from articles").fetchone()[0] == 1


def test_a_refused_record_goes_to_dead_letters_and_later_records_are_stored(writer, conn, tmp_path):
    conn.execute("alter table articles add constraint no_tabnak check (outlet_id <> 'tabnak.ir')")
    refused = item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY)
    assert writer.call(lambda: writer._save(refused)) == ("dead_letter", ["store_refused_CheckViolation"])
    assert writer.call(lambda: writer._save(item("https://www.isna.ir/news/1", "isna.ir", STORY)))[0] == "new"
    dead = [json.loads(line) for line in (tmp_path / "data" / "spool" / "dead.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(dead) == 1 and dead[0]["reason"] == "CheckViolation" and "no_tabnak" in dead[0]["error"]
    assert dead[0]["record"]["url"] == "https://www.tabnak.ir/fa/news/7"
    assert not (tmp_path / "data" / "spool" / "pending.jsonl").exists()  # nothing spooled: the database was there


def test_the_spool_replay_moves_refused_and_unreadable_records_to_dead_letters_and_goes_on(writer, conn, tmp_path):
    conn.execute("alter table articles add constraint no_tabnak check (outlet_id <> 'tabnak.ir')")
    pending = tmp_path / "data" / "spool" / "pending.jsonl"
    pending.parent.mkdir(parents=True)
    lines = [item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY).extracted(), "not json {",
             item("https://www.isna.ir/news/1", "isna.ir", OTHER).extracted()]
    pending.write_text("".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines),
                       encoding="utf-8")
    assert writer.call(writer.connected) is not None
    assert writer.take_replayed() == [("dead_letter", ["store_refused_CheckViolation"]),
                                      ("dead_letter", ["store_refused_JSONDecodeError"]), ("new", [])]
    assert not pending.exists()
    assert conn.execute("select url from articles").fetchall() == [("https://www.isna.ir/news/1",)]
    assert len((tmp_path / "data" / "spool" / "dead.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_only_a_lost_connection_is_spooled(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSAGG_DATA", str(tmp_path / "data"))
    w = Writer("postgresql://postgres@127.0.0.1:1/none", ProcessConfig(display=False))
    try:
        assert w.call(lambda: w._save(item("https://www.isna.ir/news/1", "isna.ir", STORY))) == ("spooled", ["database_unavailable"])
    finally:
        w.thread.shutdown()
    assert len((tmp_path / "data" / "spool" / "pending.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    assert not (tmp_path / "data" / "spool" / "dead.jsonl").exists()


def _wait_for_lock_wait(conn, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = conn.execute("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                               " and query like 'copy articles%%'").fetchone()[0]
        if waiting:
            return
        time.sleep(0.05)
    raise AssertionError("the second insert never waited for the first")


def test_an_insert_that_loses_a_race_to_another_crawler_is_an_update_not_an_error(db_url, conn):
    """Two crawlers store the same URL at once: the loser's insert waits on the unique index, then
    fails with UniqueViolation; it is saved again as the no-op it is."""
    winner, loser = connect(db_url), connect(db_url)
    page = item("https://www.isna.ir/news/1", "isna.ir", STORY)
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(Store(loser, DedupConfig()).save(item("https://www.isna.ir/news/1", "isna.ir", STORY))))
    with winner.transaction():
        articles.insert_many(winner, [page], [articles.content_hash(page)])
        thread.start()
        _wait_for_lock_wait(conn)
    thread.join(30)
    assert outcome and outcome[0].status == "unchanged"
    assert conn.execute("select count(*) from articles").fetchone()[0] == 1
    winner.close()
    loser.close()


def test_the_cluster_index_is_rebuilt_after_a_failed_transaction(store, conn):
    """The database refuses an article after the in-memory index took it: the rollback removes the
    row, so the index must forget it too, or the next repost matches an article that does not exist."""
    conn.execute("""create function refuse_tabnak() returns trigger language plpgsql as $$
        begin
            if (select outlet_id from articles where id = new.article_id) = 'tabnak.ir' then
                raise exception 'refused by the test';
            end if;
            return new;
        end $$""")
    conn.execute("create trigger refuse_tabnak before insert on cluster_members for each row execute function refuse_tabnak()")
    with pytest.raises(psycopg.errors.RaiseException):
        store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY))
    repost = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY, minutes=5))
    assert repost.status == "new"
    assert conn.execute("select reason, matched_article_id from cluster_members").fetchall() == [("new-story", None)]


def test_an_article_committed_after_a_newer_id_still_enters_another_processes_index(db_url, conn):
    """Article ids are taken at insert, before the cluster lock: A takes id 1, B takes id 2 and
    commits first, then A commits. Reading "ids above the last seen" (the old `_refresh`), B had
    seen 2 and never read 1, so a repost of A's story saved by B started a second story."""
    a_conn, b_conn = connect(db_url), connect(db_url)
    a_store, b_store = Store(a_conn, DedupConfig()), Store(b_conn, DedupConfig())
    original = item("https://www.isna.ir/news/1", "isna.ir", STORY)
    with a_conn.transaction():
        a_id, = articles.insert_many(a_conn, [original], [articles.content_hash(original)])
        b_first = b_store.save(item("https://www.varzesh3.com/news/2", "varzesh3.com", OTHER))
        assert b_first.article_id > a_id
        a_store.clusters.lock()
        a_store.clusters.assign_many([(a_id, original.signature, original.published, original.outlet)])
    repost = b_store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=30))
    a_cluster = conn.execute("select cluster_id from cluster_members where article_id = %s", (a_id,)).fetchone()[0]
    assert repost.cluster_id == a_cluster
    a_conn.close()
    b_conn.close()


def test_a_run_whose_process_died_is_marked_aborted_by_the_next_run_and_a_live_one_is_left_alone(db_url, conn):
    dead, alive = connect(db_url), connect(db_url)
    dead_run = runs.start_run(dead, ["isna.ir"], "manual")
    alive_run = runs.start_run(alive, ["tabnak.ir"], "manual")
    pid = dead.info.backend_pid
    dead.close()  # its session lock goes with the connection, as it does on kill -9
    deadline = time.monotonic() + 10  # once its server process has exited (not at once on a loaded machine)
    while conn.execute("select 1 from pg_stat_activity where pid = %s", (pid,)).fetchone() and time.monotonic() < deadline:
        time.sleep(0.05)
    runs.start_run(conn, ["isna.ir"], "manual")
    status = dict(conn.execute("select id, status from crawl_runs").fetchall())
    assert status[dead_run] == "aborted" and status[alive_run] == "running"
    alive.close()
