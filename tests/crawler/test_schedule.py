"""The scheduler with a fake clock, running real crawls of the local replay in child processes."""
from datetime import UTC, datetime, timedelta

from newsagg.crawler.replay import SNAPSHOT
from newsagg.crawler.schedule import Scheduler, subprocess_runner


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


def test_scheduled_runs_follow_each_outlets_interval_and_store_nothing_twice(conn, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSAGG_DATA", str(tmp_path / "data"))
    clock = Clock()
    scheduler = Scheduler(conn, ["isna", "arannews"], subprocess_runner(str(SNAPSHOT), db_url), clock=clock)
    assert sorted(scheduler.tick()) == ["arannews", "isna"]            # first tick: both due
    stored = conn.execute("select count(*) from articles").fetchone()[0]
    assert stored == 3
    clock.now += timedelta(minutes=10)
    assert scheduler.tick() == []                                        # nothing due yet
    clock.now += timedelta(minutes=25)
    assert scheduler.tick() == ["isna"]                                  # ISNA every 30 min, Aran every 60
    clock.now += timedelta(minutes=30)
    assert sorted(scheduler.tick()) == ["arannews", "isna"]
    assert conn.execute("select count(*) from articles").fetchone()[0] == stored
    news = conn.execute("select coalesce(sum(new), 0) from crawl_run_outlets o join crawl_runs r on r.id = o.run_id"
                        " where r.trigger = 'schedule' and r.id > (select min(id) from crawl_runs)").fetchone()[0]
    assert news == 0
    assert {s for (s,) in conn.execute("select last_status from schedule_state")} == {"ok"}


def test_a_failed_run_is_recorded_and_retried_with_backoff(conn):
    clock = Clock()
    calls = []

    def flaky(names):
        calls.append(names)
        if len(calls) == 1:
            raise RuntimeError("reactor exploded")
        return len(calls) != 2, "exit 1: boom"

    scheduler = Scheduler(conn, ["isna"], flaky, clock=clock)
    scheduler.tick()
    status, error, failures, due = conn.execute("select last_status, last_error, failures, next_due_at from schedule_state").fetchone()
    assert (status, failures) == ("failed", 1) and "reactor exploded" in error and due == clock.now + timedelta(minutes=5)
    clock.now = due
    scheduler.tick()
    assert conn.execute("select failures, next_due_at from schedule_state").fetchone() == (2, clock.now + timedelta(minutes=10))
    clock.now += timedelta(minutes=10)
    scheduler.tick()
    assert conn.execute("select last_status, failures, next_due_at from schedule_state").fetchone() == ("ok", 0, clock.now + timedelta(minutes=30))


def test_state_survives_a_restart(conn):
    clock = Clock()
    Scheduler(conn, ["isna"], lambda names: (True, ""), clock=clock).tick()
    restarted = Scheduler(conn, ["isna"], lambda names: (True, ""), clock=clock)
    assert restarted.due() == [] and 0 < restarted.next_wake() <= 60
