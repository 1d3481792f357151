"""`newsagg dedup` keeps its contract on any input: one output line per input line, in order."""
from __future__ import annotations

import json

from tests.conftest import newsagg
from tests.helpers import STORY

BODY = "\n".join(STORY)
GOOD = {"id": "isna-1", "url": "https://www.isna.ir/news/1", "title": "پوتین", "body": BODY}


def line(**fields) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def run_dedup(tmp_path, lines: list[bytes], *args: str):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    done = newsagg("dedup", str(source), "-o", str(tmp_path / "out.jsonl"), *args, check=False)
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    return done, out


def test_every_bad_line_is_an_error_line_in_place_and_good_lines_still_cluster(tmp_path):
    cases = [
        (line(**GOOD), None),
        (line(id="n1", url="https://x.ir/1", title=5, body=BODY), "title must be a string, not int"),
        (line(id="n2", url={"a": 1}, title="t", body=BODY), "url must be a string, not dict"),
        (line(id="n3", url="https://x.ir/3", body=BODY, lead=["x"]), "lead must be a string, not list"),
        (line(id="n4", url="https://x.ir/4", body=BODY, outlet=7), "outlet must be a string, not int"),
        (b'{"id": "n5", "url": "https://x.ir/5", "body": "b", "lead": NaN}', "NaN is not JSON"),
        (b'{"id": "n6", "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", "nested deeper than 64 levels"),
        (b'{"id": "n7", "body": "\xff"}', "line 8: not UTF-8 (byte 0xff at byte 23)"),
        (b"", "line 9: blank line"),
        (b"   ", "line 10: blank line"),
        (line(**{**GOOD, "url": "https://www.tabnak.ir/fa/news/9"}), "duplicate id 'isna-1' (first on line 1)"),
        (line(id=True, outlet="isna.ir", body=BODY), "id must be a string or a whole number, not bool"),
        (b"[1, 2]", "not a JSON object"),
        (line(id="n14", title="t"), "missing body, url (or outlet)"),
        (b'{"id": "n15", "outlet": "isna.ir", "body": "\\ud800"}', "body holds a lone surrogate"),
        (line(id="repost", url="https://www.tabnak.ir/fa/news/1", body=BODY), None),   # no title: clusters on the body
        (line(id="no-url", outlet="nabzebazar.com", body="به گزارش ایسنا، " + BODY), None),  # outlet instead of url
    ]
    done, out = run_dedup(tmp_path, [c[0] for c in cases])
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(out) == len(cases)
    for n, ((_, error), row) in enumerate(zip(cases, out, strict=True), 1):
        if error is None:
            assert "error" not in row and row["cluster"] == "isna-1", (n, row)
        else:
            assert row["error"].startswith(f"line {n}: ") and error in row["error"] and row["cluster"] is None, (n, row)
    assert out[1]["id"] == "n1" and out[10]["id"] == "isna-1"
    assert out[-1]["chain"] == ["nabzebazar.com", "isna.ir"]
    assert done.stderr.count("skipped line") == 14 and "14 input lines could not be read" in done.stderr


def test_a_bom_a_raw_carriage_return_and_windows_line_ends_keep_every_line(tmp_path):
    raw_cr = line(id="cr", url="https://www.tabnak.ir/fa/news/2", body=STORY[0] + "\r" + "\n".join(STORY[1:]))
    done, out = run_dedup(tmp_path, [b"\xef\xbb\xbf" + line(**GOOD) + b"\r", raw_cr + b"\r"])
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in out] == ["isna-1", "cr"] and out[1]["cluster"] == "isna-1"


def test_a_line_over_the_size_bound_is_an_error_line_and_the_next_line_is_read(tmp_path):
    huge = line(id="huge", url="https://x.ir/1", body="ب" * (3 * 1024 * 1024))  # 6 MB of UTF-8
    done, out = run_dedup(tmp_path, [huge, line(**GOOD)])
    assert done.returncode == 2
    assert out[0]["error"] == "line 1: longer than 4194304 bytes" and out[1]["cluster"] == "isna-1"


def test_dash_reads_standard_input_and_dash_o_dash_writes_standard_output(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run([sys.executable, "-m", "newsagg.cli", "dedup", "-", "-o", "-"], input=line(**GOOD) + b"\n",
                          capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0 and json.loads(done.stdout)["cluster"] == "isna-1"
