"""The CLI's output on a real crawl of the seed story's outlets (one crawl per module, in a child
process, into its own PostgreSQL schema): text with isolates and Tehran time, JSON without
isolates, Jalali --since, the run summary as JSON, status with the schedule, and every export
format read back by its own library."""
import csv
import json
import sqlite3
import uuid

import networkx as nx
import psycopg
import pyarrow.parquet as pq
import pytest

from newsagg.cli.render import FSI, PDI
from newsagg.crawler.replay import SNAPSHOT
from tests.conftest import _base_url, newsagg, url_with_schema

SEED_OUTLETS = ("isna", "nabzebazar", "arannews", "tabnak")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    base = _base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"create schema {schema}")
    url = url_with_schema(base, schema)
    env = {"NEWSAGG_DATA": str(tmp_path_factory.mktemp("data"))}
    try:
        done = newsagg("--database-url", url, "crawl", *SEED_OUTLETS, "--replay", str(SNAPSHOT), "--json", env=env)
        yield url, env, json.loads(done.stdout)
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"drop schema {schema} cascade")


def cli(seeded, *args, check=True):
    url, env, _ = seeded
    return newsagg("--database-url", url, *args, env={**env, "COLUMNS": "250"}, check=check)  # no line wrapping


def seed_story(seeded) -> int:
    return json.loads(cli(seeded, "clusters", "--json", "--min-size", "2").stdout)[0]["cluster_id"]


def test_crawl_json_is_the_run_summary(seeded):
    summary = seeded[2]
    assert summary["status"] == "finished" and summary["totals"]["new"] == 5
    per = {r["outlet_id"]: r for r in summary["outlets"]}
    assert set(per) == {"isna.ir", "nabzebazar.com", "arannews.com", "tabnak.ir"}
    assert per["isna.ir"]["new"] == 2 and per["isna.ir"]["pages"] >= 2 and per["isna.ir"]["elapsed_s"] > 0
    assert summary["totals"]["pages"] == sum(r["pages"] for r in summary["outlets"])


def test_text_output_isolates_persian_and_json_never_does(seeded):
    cid = seed_story(seeded)
    text = cli(seeded, "cluster", str(cid)).stdout
    assert f"{FSI}پوتین: درباره قره‌باغ با علی‌اف به طور مفصل گفت‌وگو کردم{PDI}" in text
    assert f"chain: {FSI}آران نیوز{PDI} → {FSI}نبض بازار{PDI} → {FSI}ایسنا{PDI}" in text
    assert "chain: Aran News → Nabz-e Bazar → ISNA" in cli(seeded, "cluster", str(cid), "--ascii-names").stdout
    for args in (["cluster", str(cid), "--json"], ["clusters", "--json"], ["status", "--json"], ["export"]):
        out = cli(seeded, *args).stdout
        assert FSI not in out and PDI not in out and "پوتین" in out or args[0] == "status", args


def test_times_are_tehran_by_default_utc_on_request_and_iso_with_offset_in_json(seeded):
    cid = seed_story(seeded)
    assert "2023-10-13 12:40 +0330" in cli(seeded, "cluster", str(cid)).stdout       # ISNA at 09:10 UTC
    assert "2023-10-13 09:10 UTC" in cli(seeded, "cluster", str(cid), "--utc").stdout
    assert "(1402-07-21)" in cli(seeded, "cluster", str(cid), "--calendar", "jalali").stdout
    detail = json.loads(cli(seeded, "cluster", str(cid), "--json").stdout)
    assert detail["first_published"] == "2023-10-13T09:10:00+00:00"


def test_since_and_until_take_jalali_dates_and_tehran_times(seeded):
    def ids(*window):
        return [c["cluster_id"] for c in json.loads(cli(seeded, "clusters", "--json", "--min-size", "2", *window).stdout)]

    cid = seed_story(seeded)
    assert ids("--since", "1402-07-21", "--until", "1402-07-21") == [cid]   # 13 October 2023, Jalali
    assert ids("--since", "1402-07-22") == []
    assert ids("--until", "1402-07-20") == []
    assert ids("--until", "2023-10-13T12:40") == []          # first published 12:40 Tehran = 09:10 UTC: not before
    assert ids("--until", "2023-10-13T12:41") == [cid]
    bad = cli(seeded, "clusters", "--since", "1402-13-40", check=False)
    assert bad.returncode == 2 and "1402-13-40" in bad.stderr


def test_status_shows_the_schedule_and_how_to_open_psql(seeded):
    url = seeded[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("insert into schedule_state (outlet_id, next_due_at, last_status, last_error, failures)"
                     " values ('isna.ir', '2026-11-25T08:05:00Z', 'failed', 'line one\nexit 1: boom', 1)")
    info = json.loads(cli(seeded, "status", "--json").stdout)
    assert info["psql"].startswith("psql ") and "127.0.0.1" in info["psql"] or "host=" in info["psql"]
    isna = next(s for s in info["schedule"] if s["outlet_id"] == "isna.ir")
    assert isna["failures"] == 1 and isna["interval_minutes"] == 30 and isna["next_due_at"] == "2026-11-25T08:05:00+00:00"
    text = cli(seeded, "status").stdout
    assert "exit 1: boom" in text and "2026-11-25 11:35 +0330" in text and "psql" in text


def test_exports_carry_text_chain_evidence_and_origin_in_every_format(seeded, tmp_path):
    paths = {fmt: tmp_path / name for fmt, name in
             [("jsonl", "a.jsonl"), ("csv", "a.csv"), ("parquet", "a.parquet"), ("sqlite", "stories.db"), ("gexf", "g.gexf"), ("graphml", "g.graphml")]}
    for path in paths.values():
        cli(seeded, "export", "-o", str(path))   # the format follows the suffix

    rows = [json.loads(line) for line in paths["jsonl"].read_text(encoding="utf-8").splitlines()]
    aran = next(r for r in rows if r["outlet_id"] == "arannews.com")
    assert aran["chain"] == ["arannews.com", "nabzebazar.com", "isna.ir"] and aran["origin"] == "isna.ir"
    assert aran["origin_kind"] == "agency" and aran["body"] and aran["lead"] is not None
    assert "نبض بازار" in aran["chain_evidence"][0]["evidence"] and aran["published_at"].endswith("+00:00")

    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")       # UTF-8 BOM: Excel reads Persian
    table = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(table) == len(rows) and {r["uncredited"] for r in table} == {"true", "false"}
    assert next(r for r in table if r["outlet_id"] == "arannews.com")["chain"] == "arannews.com > nabzebazar.com > isna.ir"

    parquet = pq.read_table(paths["parquet"])
    assert parquet.num_rows == len(rows) and str(parquet.schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    p = next(r for r in parquet.to_pylist() if r["outlet_id"] == "arannews.com")
    assert p["chain"] == aran["chain"] and p["chain_evidence"][0]["source"] == "nabzebazar.com" and p["body"] == aran["body"]

    db = sqlite3.connect(paths["sqlite"])
    types = {name: kind for _, name, kind, *_ in db.execute("pragma table_info(articles)")}
    assert types["article_id"] == "INTEGER" and types["body"] == "TEXT" and types["uncredited"] == "INTEGER"
    assert db.execute("select count(*) from articles").fetchone()[0] == len(rows)
    assert db.execute("select count(*) from stories").fetchone()[0] == len({r["story_id"] for r in rows})
    evidence = db.execute("select h.evidence from hops h join articles a using (article_id)"
                          " where a.outlet_id = 'arannews.com' and h.position = 1").fetchone()[0]
    assert "نبض بازار" in evidence

    for g in (nx.read_gexf(paths["gexf"]), nx.read_graphml(paths["graphml"])):
        assert g.is_directed()
        assert g["arannews.com"]["nabzebazar.com"]["credited"] == 1 and g["nabzebazar.com"]["isna.ir"]["credited"] == 1
        assert g["tabnak.ir"]["isna.ir"]["uncredited"] == 1 and g["tabnak.ir"]["isna.ir"]["weight"] == 1
        assert g.nodes["isna.ir"]["name_fa"] == "ایسنا" and g.nodes["isna.ir"]["kind"] == "agency"


def test_export_filters_select_whole_stories(seeded):
    def stories(*args):
        return {json.loads(line)["story_id"] for line in cli(seeded, "export", *args).stdout.splitlines()}

    cid = seed_story(seeded)
    everything = stories()
    assert len(everything) >= 2
    assert stories("--min-size", "2") == {cid} == stories("--story", str(cid)) == stories("--outlet", "tabnak")
    assert stories("--since", "1402-07-22") == {s for s in everything if s != cid} - stories("--until", "1402-07-21")


def test_export_write_errors_are_one_line_and_exit_2(seeded, tmp_path):
    for target in ("/dev/full", str(tmp_path), str(tmp_path / "no" / "such" / "dir.csv")):
        done = cli(seeded, "export", "-o", target, check=False)
        assert done.returncode == 2 and done.stderr.startswith("error: cannot write") and "Traceback" not in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
