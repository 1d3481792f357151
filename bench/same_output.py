"""A speed change must not change what `newsagg dedup` writes: `python -m bench.same_output [--against REV]`
runs `newsagg dedup` of this tree and of git revision REV (default `main`) on the 2,650 real texts of
../shared (when present) and on the 10k bench corpus, and compares the outputs line by line.
Exit status 1 when any line differs (the first differences are printed)."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import articles  # noqa: E402
from newsagg.pipelines.evaluate import SHARED_TEXTS  # noqa: E402


def checkout(rev: str, into: Path) -> Path:
    """REV's files laid out as the installed package (pyproject's package-dir), importable from `into`."""
    archive = into / "src.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), rev], check=True)
    src = into / "src"
    with tarfile.open(archive) as tar:
        tar.extractall(src, filter="data")
    dirs = tomllib.loads((src / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    pkg = into / "pkg"
    (pkg / "newsagg").parent.mkdir(parents=True)
    (src / dirs["newsagg"]).rename(pkg / "newsagg")
    for name, folder in dirs.items():
        if name != "newsagg":
            (src / folder).rename(pkg / Path(*name.split(".")))
    return pkg


def dedup(pythonpath: str | None, infile: Path, outfile: Path) -> None:
    """`newsagg dedup` of the package on `pythonpath` (None: the one installed, this tree). Run from the
    output's folder: `python -m` puts the working directory first on the path, and from the project root
    that is this tree's `newsagg`, whatever `pythonpath` says (so the check below)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | ({"PYTHONPATH": pythonpath} if pythonpath else {})
    where = subprocess.run([sys.executable, "-c", "import newsagg.pipelines.dedup.index as m; print(m.__file__)"],
                           env=env, cwd=outfile.parent, check=True, capture_output=True, text=True).stdout.strip()
    expected = Path(pythonpath) if pythonpath else ROOT
    if not Path(where).resolve().is_relative_to(expected.resolve()):
        raise SystemExit(f"newsagg imported from {where}, not from {expected}")
    subprocess.run([sys.executable, "-m", "newsagg.cli", "dedup", str(infile), "-o", str(outfile)],
                   env=env, cwd=outfile.parent, check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--against", default="main", help="git revision to compare with (default: main)")
    ap.add_argument("--articles", type=int, default=10_000, help="bench corpus size (default: 10000)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="same_output_") as tmp:
        work = Path(tmp)
        base = checkout(args.against, work)
        inputs = [p for p in [SHARED_TEXTS] if p.exists()] + [work / f"bench{args.articles}.jsonl"]
        inputs[-1].write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles(args.articles)), encoding="utf-8")
        differ = 0
        for infile in inputs:
            outs = [work / f"{infile.stem}.{who}.jsonl" for who in ("before", "after")]
            dedup(str(base), infile, outs[0])
            dedup(None, infile, outs[1])
            before, after = (p.read_text(encoding="utf-8").splitlines() for p in outs)
            diffs = [(i, b, a) for i, (b, a) in enumerate(zip(before, after, strict=False), 1) if b != a]
            diffs += [(0, f"{len(before)} lines", f"{len(after)} lines")] if len(before) != len(after) else []
            print(f"{infile.name}: {len(after)} lines, {len(diffs)} differ from {args.against}")
            for line, b, a in diffs[:5]:
                print(f"  line {line}:\n    before {b}\n    after  {a}")
            differ += len(diffs)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
