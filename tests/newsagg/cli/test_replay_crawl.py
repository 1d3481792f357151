"""`newsagg crawl --replay DIR` with no outlet crawls the outlets the snapshot holds (its manifest), not the
whole registry; an unreachable outlet is counted and worded apart from layout alerts, and each alert is
printed once in the default output (it was printed twice: the pipeline's ERROR line and the CLI's)."""
import json

from newsagg.crawler.replay import SNAPSHOT
from tests.conftest import newsagg


def test_a_replay_with_no_outlet_named_crawls_the_outlets_it_holds(db_url, tmp_path):
    done = newsagg("--database-url", db_url, "crawl", "--replay", str(SNAPSHOT), "--json", env={"NEWSAGG_DATA": str(tmp_path)})
    summary = json.loads(done.stdout)
    held = json.loads((SNAPSHOT / "manifest.json").read_text(encoding="utf-8"))["outlets"]
    assert sorted(r["outlet_id"] for r in summary["outlets"]) == sorted(held)
    assert summary["totals"]["alerts"] == 0 and "UNREACHABLE" not in done.stderr, done.stderr


def test_an_unreachable_outlet_is_no_layout_alert_and_is_said_once(db_url, tmp_path):
    done = newsagg("--database-url", db_url, "crawl", "isna", "irna", "--replay", str(SNAPSHOT),  # irna: not in the snapshot
                   env={"NEWSAGG_DATA": str(tmp_path), "COLUMNS": "250"})
    alert_lines = [line for line in done.stderr.splitlines() if "fetched 0 pages" in line]
    assert len(alert_lines) == 1 and alert_lines[0].startswith("UNREACHABLE?"), done.stderr
    assert "1 outlet unreachable" in done.stdout and "layout alert" not in done.stdout, done.stdout
