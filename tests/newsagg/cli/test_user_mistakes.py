"""A user's mistake is one line on stderr and exit 2, never a traceback (the README's promise), for the
mistakes a hostile user made following the README in a fresh clone; and the forms the README offers work."""
import json

import pytest

from tests.conftest import newsagg
from tests.helpers import STORY


def one_line_error(done, says: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert says in done.stderr, done.stderr


def test_sources_input_derives_the_outlet_from_the_url_as_dedup_does(tmp_path, db_url):
    dedup_line = {"id": 1, "url": "https://www.isna.ir/news/1", "body": "\n".join(["به گزارش روزنامه فلان‌نامه، " + STORY[0], *STORY[1:]])}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(dedup_line, ensure_ascii=False) + "\n", encoding="utf-8")
    rows = json.loads(newsagg("--database-url", db_url, "sources", "--unknown", "--input", str(path), "--json").stdout)
    assert rows == [{"name": "فلاننامه", "kind": "outlet", "articles": 1, "outlets": 1}]  # normalized: no ZWNJ


@pytest.mark.parametrize("content, says", [
    (b"\xff\xfe not utf-8\n", "line 1: not UTF-8"),
    (b'{"id": 1,\n', "line 1: not JSON"),
    (b'[{"id": 1, "url": "https://www.isna.ir/news/1", "body": "x"}]\n', "line 1: a JSON list, not an object"),
    (b'\n{"id": 1, "body": "x"}\n', "line 2: missing url (or outlet)"),
])
def test_sources_input_refuses_what_dedup_refuses_in_one_line(tmp_path, db_url, content, says):
    path = tmp_path / "in.jsonl"
    path.write_bytes(content)
    one_line_error(newsagg("--database-url", db_url, "sources", "--unknown", "--input", str(path), check=False), says)


def test_a_database_url_that_is_not_postgresql_is_one_line():
    one_line_error(newsagg("status", env={"DATABASE_URL": "notaurl"}, check=False), "$DATABASE_URL is not a PostgreSQL URL")
    one_line_error(newsagg("status", "--database-url", "mysql://u@h/db", check=False), "is a mysql:// URL")


def test_a_file_for_a_jobdir_is_refused_before_the_crawl(db_url, tmp_path):
    a_file = tmp_path / "passwd"
    a_file.write_text("root:x:0:0\n")
    one_line_error(newsagg("--database-url", db_url, "crawl", "isna", "--replay", "demo/snapshot", "--jobdir", str(a_file),
                           check=False), "is a file, not a directory")


@pytest.mark.parametrize("option, content, says", [
    ("--dedup-set", b"\xe9t\xe9\n", "line 1: not UTF-8"),
    ("--dedup-set", b'{"id": "a", "body": "x"}\n', "line 1: no story"),
    ("--attribution-set", b'{"id": "a", "publisher": "isna.ir"}\n', "line 1: no case, paragraphs, chain"),
])
def test_evaluate_refuses_a_labelled_set_it_cannot_read(tmp_path, option, content, says):
    path = tmp_path / "set.jsonl"
    path.write_bytes(content)
    one_line_error(newsagg("evaluate", option, str(path), check=False), says)


def test_export_refuses_a_suffix_no_format_writes(db_url, tmp_path):
    target = tmp_path / "s.xlsx"
    one_line_error(newsagg("--database-url", db_url, "export", "-o", str(target), check=False), "no export format writes .xlsx")
    assert not target.exists()


def test_a_reversed_range_is_said_not_shown_as_an_empty_table(db_url):
    one_line_error(newsagg("--database-url", db_url, "clusters", "--since", "1402-07-01", "--until", "1402-06-01", check=False),
                   "is not before --until")
