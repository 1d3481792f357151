"""One installed namespace: a wheel installed outside the repository runs the demo, the three
folders are not top-level modules, and the CLI finds its Scrapy settings from any directory."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsagg.crawler.replay import SNAPSHOT
from tests.conftest import ROOT, newsagg


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory):
    """The project built as a wheel and installed (without dependencies: the test venv has them) into a folder."""
    build = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(build), str(ROOT)], check=True,
                   capture_output=True)
    site = build / "site"
    wheel = next(build.glob("newsagg-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)], check=True,
                   capture_output=True)
    return site


def run_installed(site: Path, cwd: Path, *code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "\n".join(code)], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(site), **(env or {})})


def test_the_wheel_installs_one_namespace_and_runs_the_demo_outside_the_repository(wheel_site, tmp_path, db_url):
    assert sorted(p.name for p in wheel_site.iterdir() if p.name not in ("bin",) and not p.name.endswith(".dist-info")) == ["newsagg"]
    done = run_installed(wheel_site, tmp_path, "import newsagg, sys", "print(newsagg.__file__)", "import config")
    assert done.stdout.startswith(str(wheel_site)) and "No module named 'config'" in done.stderr
    demo = run_installed(wheel_site, tmp_path, "import sys", "from newsagg.cli import main", "sys.exit(main(['demo']))",
                         env={"DATABASE_URL": db_url, "NEWSAGG_DATA": str(tmp_path / "data")})
    assert demo.returncode == 0, demo.stderr[-2000:]
    assert "story #" in demo.stdout and "ایسنا" in demo.stdout and "copied without credit" in demo.stdout


def test_crawl_from_another_directory_finds_spiders_and_pipelines(db_url, tmp_path, conn):
    done = newsagg("--database-url", db_url, "crawl", "isna", "--replay", str(SNAPSHOT), cwd=tmp_path,
                   env={"NEWSAGG_DATA": str(tmp_path / "data")})
    assert "ایسنا" in done.stdout and "run 1 finished" in done.stdout
    assert conn.execute("select count(*) from articles where outlet_id = 'isna.ir'").fetchone()[0] == 2
    assert not (tmp_path / "scrapy.cfg").exists()


def test_version_and_global_options_after_the_subcommand(db_url, tmp_path):
    assert newsagg("--version").stdout.startswith("newsagg ")
    status = json.loads(newsagg("status", "--json", "-v", "--database-url", db_url, cwd=tmp_path).stdout)
    assert status["schema_version"] >= 2


def test_user_mistakes_are_one_line_and_exit_2_without_a_traceback(db_url):
    for args in (["clusters", "--limit", "-1"], ["clusters", "--limit", "99999999999999999999"], ["crawl", "x[/]"],
                 ["cluster", "424242"], ["dedup", str(ROOT)]):
        done = newsagg("--database-url", db_url, *args, check=False)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.strip(), args
