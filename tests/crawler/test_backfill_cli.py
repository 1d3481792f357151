"""`newsagg backfill`: a Jalali --since year, and an outlet whose sitemaps cannot be fetched is said (which,
why) with a non-zero exit, not "0 article pages queued from 0 sitemaps" and exit 0."""
import argparse
import json

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
