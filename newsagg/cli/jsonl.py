"""A user's JSONL file read whole, or refused in one line: which line, and what is wrong with it.

Before this, `sources --unknown --input` and `evaluate --dedup-set/--attribution-set` ran json.loads
on each line and indexed fields: a non-UTF-8 file, a bad line, a JSON list or a missing field was a
traceback and exit 1. Lines are read as `newsagg dedup` reads them (pipelines/dedup/batch.read_lines).
"""
from __future__ import annotations

import json
from pathlib import Path

from newsagg.errors import BadInput


def objects(path: Path, required: tuple[str, ...] = (), what: str = "JSONL file") -> list[dict]:
    """The non-blank lines of `path` as JSON objects holding `required`; any other line is a BadInput."""
    return [obj for _, obj in numbered(path, required, what)]


def numbered(path: Path, required: tuple[str, ...] = (), what: str = "JSONL file") -> list[tuple[int, dict]]:
    """(line number, object) of each non-blank line, as objects()."""
    from newsagg.pipelines.dedup.batch import BadLine, read_lines

    if path.is_dir():
        raise BadInput(f"{path} is a directory, not a {what}")
    if not path.is_file():
        raise BadInput(f"no such file: {path}")
    rows = []
    try:
        with path.open("rb") as f:
            for n, line in enumerate(read_lines(f), 1):
                if isinstance(line, BadLine):
                    raise BadInput(f"{path} line {n}: {line.reason}")
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as exc:
                    raise BadInput(f"{path} line {n}: not JSON ({exc})") from None
                if not isinstance(obj, dict):
                    raise BadInput(f"{path} line {n}: a JSON {type(obj).__name__}, not an object (one object per line)")
                if missing := [k for k in required if k not in obj]:
                    raise BadInput(f"{path} line {n}: no {', '.join(missing)} (a {what} line needs {', '.join(required)})")
                rows.append((n, obj))
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    return rows
