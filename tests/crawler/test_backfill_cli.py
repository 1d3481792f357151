"""`newsagg backfill`: a Jalali --since year, and an outlet whose sitemaps cannot be fetched is said (which,
why) with a non-zero exit, not "0 article pages queued from 0 sitemaps" and exit 0."""
import argparse
import json
from datetime import UTC, datetime

import pytest

from newsagg.cli.backfill import _year
from tests.conftest import newsagg
from tests.crawler.test_frontier import REDIS, _archive, frontier  # noqa: F401 (a fixture)


def test_since_takes_a_gregorian_or_a_jalali_year():
    assert _year("2015") == 2015
    assert _year("1394") == 2015 and _year("۱۴۰۱") == 2022  # a Jalali year from the Gregorian year it starts in
    for wrong in ("1299", "95", "1500", "last year"):
        with pytest.raises(argparse.ArgumentTypeError):
            _year(wrong)


def test_a_since_year_out_of_range_says_why():
    """Measured before: `--since 1368` (Jalali, 1989) and `--since 1989` said "not a year"; a future year
    walked the index and queued nothing, exit 0."""
    with pytest.raises(argparse.ArgumentTypeError, match=r"^1368 \(Jalali\) is 1989: no news site has sitemaps before 1990"):
        _year("1368")
    with pytest.raises(argparse.ArgumentTypeError, match=r"^1989: no news site has sitemaps before 1990"):
        _year("1989")
    next_year = datetime.now(UTC).year + 1
    with pytest.raises(argparse.ArgumentTypeError, match=rf"^{next_year}: later than this year"):
        _year(str(next_year))


def _backfill(root, db_url, frontier, tmp_path, since="2021"):  # noqa: F811
    return newsagg("--database-url", db_url, "backfill", "donya-e-eqtesad.com", "--since", since, "--frontier", REDIS,
                   "--prefix", frontier, "--replay", str(root), env={"NEWSAGG_DATA": str(tmp_path / "data")}, check=False)


def test_a_number_in_an_article_address_is_not_its_year(frontier, db_url, tmp_path):  # noqa: F811
    """Measured before: `/news/2010`, `/news/1999` and a slug with 2018 in it, all modified in 2023, were
    skipped as dated before 2021: the year in the address was read as the article's."""
    root = tmp_path / "archive"
    root.mkdir()
    _archive(root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    odd = ["https://donya-e-eqtesad.com/news/2010", "https://donya-e-eqtesad.com/news/1999",
           "https://donya-e-eqtesad.com/news/4012345/مقایسه-تورم-2018-با-امروز"]
    entries = "".join(f"<url><loc>{u}</loc><lastmod>2023-06-10T08:00:00Z</lastmod></url>" for u in odd)
    s2023 = root / "s2023.xml"
    s2023.write_text(s2023.read_text(encoding="utf-8").replace("</urlset>", entries + "</urlset>"), encoding="utf-8")
    manifest["pages"] += [{"url": u, "file": "a20230.html", "content_type": "text/html; charset=utf-8"} for u in odd]
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    done = _backfill(root, db_url, frontier, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "12 article pages queued from 4 sitemaps since 2021" in " ".join(done.stdout.split())  # 2021-2023, and the 3


def test_a_child_sitemap_that_cannot_be_fetched_is_named_and_the_rest_is_queued(frontier, db_url, tmp_path):  # noqa: F811
    """Measured before: a child sitemap answering 404 or 500 was left out without a word, exit 0."""
    root = tmp_path / "archive"
    root.mkdir()
    _archive(root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    manifest["pages"] = [p for p in manifest["pages"] if p["file"] != "s2022.xml"]  # answers 404
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    done = _backfill(root, db_url, frontier, tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "6 article pages queued from 3 sitemaps since 2021" in " ".join(done.stdout.split())
    said = " ".join(done.stderr.split())
    assert "warning: sitemap not fetched: https://donya-e-eqtesad.com/sitemap/2022/sitemap.xml: HTTP 404" in said
    assert "error: Donya-e-Eqtesad: 1 of its sitemaps could not be fetched (above)" in said
    again = _backfill(root, db_url, frontier, tmp_path)  # the same sitemaps again: nothing queued twice
    assert "0 article pages queued from 3 sitemaps since 2021 (6 already queued" in " ".join(again.stdout.split())
    assert "Fetch them with" not in again.stdout  # nothing new to fetch


def test_a_replay_folder_without_a_snapshot_is_one_line(frontier, db_url, tmp_path):  # noqa: F811
    done = _backfill(tmp_path / "nowhere", db_url, frontier, tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip() == f"error: no snapshot in {tmp_path / 'nowhere'} (it needs a manifest.json)"


def test_a_jalali_since_walks_the_sitemaps_of_the_gregorian_year_it_starts_in(frontier, db_url, tmp_path):  # noqa: F811
    root = tmp_path / "archive"
    root.mkdir()
    _archive(root)
    done = newsagg("--database-url", db_url, "backfill", "donya-e-eqtesad.com", "--since", "1401", "--frontier", REDIS,
                   "--prefix", frontier, "--replay", str(root), env={"NEWSAGG_DATA": str(tmp_path / "data")})
    assert "6 article pages queued from 3 sitemaps since 2022" in " ".join(done.stdout.split())


def test_sitemaps_that_cannot_be_fetched_are_named_with_why_and_exit_2(frontier, db_url, tmp_path):  # noqa: F811
    root = tmp_path / "empty"
    root.mkdir()
    (root / "manifest.json").write_text(json.dumps({"pages": [], "outlets": ["isna.ir"]}))  # every URL answers 404
    done = newsagg("--database-url", db_url, "backfill", "isna", "--since", "2015", "--frontier", REDIS, "--prefix", frontier,
                   "--replay", str(root), env={"NEWSAGG_DATA": str(tmp_path / "data")}, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stdout == "", (done.stdout, done.stderr)
    assert "error: ISNA: none of its 1 sitemaps could be fetched (https://www.isna.ir/sitemap.xml: HTTP 404); nothing queued" \
        in " ".join(done.stderr.split())
