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


def test_each_tick_logs_what_was_due_what_ran_what_failed_and_when_it_retries(conn, caplog):
    clock = Clock()
    results = iter([(False, "Traceback …\nexit 1: feed unreachable\n"), (True, "")])
    scheduler = Scheduler(conn, ["isna", "arannews"], lambda names: next(results), clock=clock)
    with caplog.at_level("INFO", logger="newsagg.crawler.schedule"):
        scheduler.tick()
        failed = [r for r in caplog.records if r.levelname == "ERROR"]
        assert [r.getMessage() for r in caplog.records][0] == "due: isna.ir, arannews.com; crawling in a child process"
        assert len(failed) == 1
        assert failed[0].getMessage() == ("failed isna.ir, arannews.com after 0 s: exit 1: feed unreachable; retry "
                                          "isna.ir at 2026-11-25T08:05+00:00 (failure 1), arannews.com at 2026-11-25T08:05+00:00 (failure 1)")
        caplog.clear()
        clock.now += timedelta(minutes=1)
        scheduler.tick()
        scheduler.tick()   # an idle tick logs the next due time once, not every minute
        assert [r.getMessage() for r in caplog.records] == ["nothing due; next: arannews.com at 2026-11-25T08:05+00:00"]
        caplog.clear()
        clock.now += timedelta(minutes=4)
        scheduler.tick()
        assert caplog.records[-1].getMessage() == ("ran isna.ir, arannews.com in 0 s; next: isna.ir at 2026-11-25T08:35+00:00, "
                                                   "arannews.com at 2026-11-25T09:05+00:00")


def test_newsagg_schedule_once_logs_to_stderr_in_tehran_time(db_url, tmp_path):
    from tests.conftest import newsagg

    done = newsagg("--database-url", db_url, "schedule", "isna", "--once", "--replay", str(SNAPSHOT),
                   env={"NEWSAGG_DATA": str(tmp_path / "data")})
    lines = done.stderr.splitlines()
    assert "scheduling 1 outlets: isna.ir every 30 min" in lines[0]
    assert "info    due: isna.ir; crawling in a child process" in lines[1]
    assert "info    ran isna.ir in" in lines[2] and "+0330" in lines[2]   # stamps and due times in Tehran time
