"""Tables at 80 and 100 columns and in a pipe: ids and commands whole, never cropped; every heading whole;
titles and outlet lists wrap. Before: at 80 columns `clusters` showed an empty id column, at 100 it dropped
the title and outlets; `status` cropped its psql command and lost the `new` heading; crawl tables read `s…`."""
from datetime import UTC, datetime

import pytest
from rich.cells import cell_len
from rich.console import Console

from newsagg.cli.render import FSI, PDI, clusters_table, live_table, run_summary, status_view
from tests.conftest import newsagg

AT = datetime(2023, 10, 13, 9, 10, tzinfo=UTC)
TITLE = "پوتین: درباره قره‌باغ با علی‌اف گفت‌وگو کردم"
STORIES = [{"cluster_id": 123456789, "size": 4, "first_published": AT, "first_publisher": "isna.ir", "origin": "isna.ir",
            "outlets": ["isna.ir", "tabnak.ir", "arannews.com", "khabaronline.ir"], "uncredited_copies": 2, "title": TITLE}]
RUN = {"outlet_id": "yjc.ir", "pages": 10, "new": 3, "updated": 0, "unchanged": 0, "elapsed_s": 2.0,
       "skipped": {"already_stored": 4, "not_article": 2}, "errors": {"http_404": 1}}


def text_at(width: int, renderable) -> str:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115 (closed with the console)
    console.print(renderable)
    return console.export_text()


def words(text: str) -> str:
    return " ".join(text.replace(FSI, "").replace(PDI, "").replace("│", " ").split())


@pytest.mark.parametrize("width", [80, 100, 200])
def test_clusters_keep_the_id_whole_and_show_title_and_outlets(width):
    shown = text_at(width, clusters_table(STORIES, "newest"))
    assert "123456789" in shown and "…" not in shown.split("\n")[1:4][-1]  # the id, the headings whole
    flat = words(shown)
    for word in ("پوتین:", "قره‌باغ", "تابناک", "خبرآنلاین", "ایسنا"):
        assert word in flat, (width, shown)
    assert max(cell_len(line) for line in shown.splitlines()) <= width  # isolates take no cell


@pytest.mark.parametrize("width", [80, 100])
def test_run_tables_keep_every_heading_and_count_whole(width):
    summary = {"run_id": 3, "status": "finished", "elapsed_s": 3.2, "outlets": [RUN],
               "totals": {"pages": 10, "new": 3, "updated": 0, "unchanged": 0, "skipped": 6, "errors": 1, "alerts": 0, "unreachable": 0}}
    for renderable, headings in ((run_summary(summary), ("pages", "new", "updated", "unchanged", "skipped", "errors", "elapsed")),
                                 (live_table([{**RUN, "done": True}], "crawl run 3: 1 outlets"), ("skipped", "errors", "elapsed"))):
        shown = text_at(width, renderable)
        head = next(line for line in shown.splitlines() if "pages" in line)
        assert all(h in head.split() for h in headings) and "…" not in head, shown
        assert "…" not in shown, shown
    assert "already_stored 4" in text_at(width, run_summary(summary))


@pytest.mark.parametrize("width", [80, 100])
def test_status_keeps_the_runs_and_schedule_headings_and_the_alerts(width):
    info = {"database": "127.0.0.1:5432/test", "articles": 5,
            "schedule": [{"outlet_id": "yjc.ir", "interval_minutes": 30, "last_finished_at": AT, "last_status": "failed", "next_due_at": AT,
                          "failures": 2, "last_error": "exit 1: …\nConnectionRefusedError: [Errno 111] Connection refused"}],
            "recent_runs": [{"id": 12, "started_at": AT, "status": "finished", "trigger": "manual", "outlets": 11, "pages": 300,
                             "new": 120, "updated": 3, "unchanged": 4, "alerts": ["fetched 0 pages (3 answers, none 2xx)"]}]}
    shown = text_at(width, status_view(info))
    head = next(line for line in shown.splitlines() if "started" in line)
    assert head.split() == ["run", "started", "status", "trigger", "outlets", "pages", "new", "updated", "unchanged"], shown
    assert "run 12: fetched 0 pages (3 answers, none 2xx)" in shown and "…" not in shown
    sched = next(line for line in shown.splitlines() if "failures" in line)
    assert sched.split() == ["outlet", "every", "last", "run", "status", "next", "due", "failures", "last", "error"], shown


def test_status_in_a_pipe_prints_the_psql_command_whole(db_url):
    done = newsagg("--database-url", db_url, "status", env={"COLUMNS": ""})  # a pipe: rich's 80 columns
    line = next(line for line in done.stdout.splitlines() if "open it with:" in line)
    assert line.split("open it with: ", 1)[1] == "psql " + _quoted(db_url), done.stdout


def _quoted(url: str) -> str:
    import shlex

    return shlex.quote(url)
