"""`newsagg dedup IN.jsonl -o OUT.jsonl`: clustering and attribution in memory, no database.

The contract (keep it stable, other tools read it): one output line per input line, in input order,
{"id", "cluster", "chain", "origin"}. Equal `cluster` values mean the same story (the value is the
id of the story's first article); `chain` is publisher first, then each credited source in order
(registry ids, or normalized names for unknown sources); `origin` is the story's inferred original
outlet. A line that cannot be read gets the same shape with "error" and nulls, so alignment holds:
blank, not UTF-8, too long, too deep, not an object, a field of the wrong type, NaN, a duplicate id.
Measured before these checks: a number where a string belongs, NaN or deep nesting was a traceback
and zero lines written; blank lines had no output line; a raw CR split a line in two.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from newsagg.article import Article
from newsagg.config import Registry, load_registry
from newsagg.pipelines.attribution import Member, SourceResolver, reconstruct
from newsagg.pipelines.attribution.selfnames import KnownNames, choose
from newsagg.pipelines.dedup.index import ClusterIndex, DedupConfig
from newsagg.pipelines.dedup.prepare import Workers
from newsagg.pipelines.dedup.signature import Signature
from newsagg.pipelines.process import ProcessConfig, Processor

MAX_LINE_BYTES = 4 * 1024 * 1024  # an article is 5-50 KB of JSON; a longer line is an error line, not read whole
MAX_DEPTH = 64                    # nesting beyond this is refused before parsing (json would recurse)
_TEXT_FIELDS = ("url", "title", "lead", "body", "outlet", "published")


@dataclass(frozen=True)
class BadLine:
    """A line that could not even be decoded: its place is kept and its output line says why."""
    reason: str


def read_lines(f: BinaryIO, max_bytes: int = MAX_LINE_BYTES) -> Iterator[str | BadLine]:
    """Lines of a byte stream split on "\\n" only (a raw "\\r" inside a line stays in it), with a
    UTF-8 BOM dropped from line 1 and a trailing "\\r" from any line; a line that is not UTF-8 or
    longer than max_bytes becomes a BadLine in its place, read past without holding it in memory."""
    n = 0
    while True:
        raw = f.readline(max_bytes + 1)
        if not raw:
            return
        n += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (more := f.readline(1 << 20)) and not more.endswith(b"\n"):
                pass
            yield BadLine(f"longer than {max_bytes} bytes")
            continue
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        raw = raw.removesuffix(b"\n").removesuffix(b"\r")
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield BadLine(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})")


@dataclass
class Record:
    line: int
    id: object = None
    outlet: str | None = None
    published: datetime | None = None
    chain: tuple[str, ...] = ()
    error: str | None = None


def parse_published(value) -> datetime | None:
    if value in (None, ""):
        return None
    dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)  # documented: naive times are UTC


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


# `json.loads` with any argument builds a new decoder each call (2 µs); a raw CR or tab inside a string is text
_DECODER = json.JSONDecoder(parse_constant=_no_constant, strict=False)


def _too_deep(line: str) -> bool:
    depth = deepest = 0
    if line.count("[") + line.count("{") <= MAX_DEPTH:
        return False
    in_string = escaped = False
    for ch in line:  # brackets inside strings do not count
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest > MAX_DEPTH


def _valid_id(value) -> bool:
    return (isinstance(value, str) and value.strip() != "") or (isinstance(value, int) and not isinstance(value, bool))


def _read(n: int, line: str | BadLine, registry: Registry) -> tuple[Record, Article | None]:
    rec = Record(n)
    try:
        if isinstance(line, BadLine):
            raise ValueError(line.reason)
        if not line.strip():
            raise ValueError("blank line")
        if _too_deep(line):
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
        obj = _DECODER.decode(line)
        if not isinstance(obj, dict):
            raise ValueError("not a JSON object")
        if _valid_id(obj.get("id")):
            rec.id = obj["id"]
        elif obj.get("id") not in (None, ""):
            raise ValueError(f"id must be a string or a whole number, not {type(obj['id']).__name__}")
        wrong = [k for k in _TEXT_FIELDS if obj.get(k) is not None and not isinstance(obj[k], str)]
        if wrong:
            raise ValueError("; ".join(f"{k} must be a string, not {type(obj[k]).__name__}" for k in wrong))
        text = {k: obj.get(k) or "" for k in _TEXT_FIELDS}
        for k, v in [("id", rec.id), *text.items()]:
            try:
                v.encode("utf-8") if isinstance(v, str) else None
            except UnicodeEncodeError:  # a \\ud800 escape: valid JSON, not text, cannot be written back out
                raise ValueError(f"{k} holds a lone surrogate (an escape like \\ud800 that is no character)") from None
        missing = [k for k, given in (("id", rec.id is not None), ("body", text["body"].strip())) if not given]
        if not text["url"].strip() and not text["outlet"].strip():
            missing.append("url (or outlet)")
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        rec.outlet = text["outlet"].strip() or _outlet_of(text["url"], registry)
        if not rec.outlet:
            raise ValueError("no outlet and no host in url")
        rec.published = parse_published(text["published"])
        return rec, Article(url=text["url"], outlet=rec.outlet, title=text["title"], lead=text["lead"] or None,
                            body=text["body"])
    except (ValueError, TypeError, RecursionError, UnicodeError) as exc:
        rec.error = f"line {n}: {str(exc)[:300]}"
        return rec, None


# "https://host" up to where urlsplit ends the host ("/", "?", "#" or the end), with nothing it
# would strip or split on (whitespace, controls, "\\", "@"): the host, so the outlet, depends on it alone.
_ORIGIN = re.compile(r"https?://[^/?#@\\\x00-\x20\x7f]*(?=[/?#]|\Z)")
_outlets: tuple[Registry | None, dict[str, str]] = (None, {})


def _outlet_of(url: str, registry: Registry) -> str:
    """`registry.id_for_url`, remembered by the URL's origin (urlsplit and the registry's walk up the
    domain cost 9 µs a line; a feed has few hosts)."""
    global _outlets
    if _outlets[0] is not registry:
        _outlets = (registry, {})
    if not (m := _ORIGIN.match(url)):
        return registry.id_for_url(url)
    known = _outlets[1]
    if (found := known.get(m[0])) is None:
        found = known[m[0]] = registry.id_for_url(url)
    return found


def run(lines: Iterable[str | BadLine], config: DedupConfig | None = None, workers: int | None = None,
        registry: Registry | None = None) -> Iterator[dict]:
    """One output row per input line, in order (see the module docstring and the README contract)."""
    config = config or DedupConfig()
    processor = Processor(ProcessConfig(dedup=config, display=False))
    registry = registry or load_registry()
    lines = lines if isinstance(lines, list) else list(lines)
    records, signed = [], []
    credits: dict[int, tuple[str, str | None]] = {}  # line -> (outlet, first credit) where the registry does not name the outlet
    first_line_of: dict[str, int] = {}  # id (as JSON) -> the line that used it first
    with Workers(lines, _read, processor, registry, workers or os.cpu_count() or 1) as pool:
        # Workers read, normalize and sign each line (prepare.py); this process keeps the input's order.
        for rec, sig, credit in pool.signed():
            if credit is not None:
                credits[rec.line] = (rec.outlet, credit or None)
            records.append(rec)
            if sig is None:
                continue
            key = json.dumps(rec.id)
            if key in first_line_of:
                rec.error = f"line {rec.line}: duplicate id {rec.id!r} (first on line {first_line_of[key]})"
                continue
            first_line_of[key] = rec.line
            if isinstance(sig, str):
                rec.error = f"line {rec.line}: {sig}"
            else:
                signed.append((rec, sig))
        # Cluster in publication order (undated last, then input order): the first article of a story
        # names its cluster and the window compares neighbours in time. The workers read the chains
        # meanwhile (clustering does not need them).
        signed.sort(key=lambda s: (s[0].published is None, s[0].published or datetime.min.replace(tzinfo=UTC), s[0].line))
        # An outlet the registry does not name is known by the name most of its leads open with
        # (selfnames.py): learned over the whole input, as templates are, before any chain is read.
        learned = choose((credits[rec.line] for rec, _ in signed if rec.line in credits), SourceResolver(registry))
        names = KnownNames(learned=tuple((outlet, found.names) for outlet, found in sorted(learned.items())))
        chains = pool.chains([(rec.line - 1, rec.outlet) for rec, _ in signed], names)
        index, first_of = _cluster(config, signed)
        failed = False
        for (rec, _), chain in zip(signed, chains, strict=True):
            if isinstance(chain, str):
                rec.error, failed = f"line {rec.line}: {chain}", True
            else:
                rec.chain = chain
    if failed:  # an article our chain step failed on (a bug) is not clustered either
        signed = [(rec, sig) for rec, sig in signed if rec.error is None]
        index, first_of = _cluster(config, signed)
    members: dict[int, list[Member]] = {}
    for rec, _ in signed:
        members.setdefault(index.cluster_of(rec.line), []).append(
            Member(rec.line, rec.outlet, rec.published, rec.chain))
    origins = {c: reconstruct(ms).origin for c, ms in members.items()}

    for rec in records:
        if rec.error:
            yield {"id": rec.id, "cluster": None, "chain": [], "origin": None, "error": rec.error}
            continue
        root = index.cluster_of(rec.line)
        yield {"id": rec.id, "cluster": first_of[root].id, "chain": list(rec.chain), "origin": origins[root]}


_PRIME = 4096  # signatures whose LSH bands are hashed together (200 bytes of keys each while they wait)


def _cluster(config: DedupConfig, signed: list[tuple[Record, Signature]]) -> tuple[ClusterIndex, dict[int, Record]]:
    """The index over `signed` (in publication order), and each story's first article by line.

    In batch mode an outlet's history is the input: its templates are counted over all of it
    before any article is clustered (signatures are 0.6 KB each: 100k articles hold 60 MB).
    Learning templates only from what came before merged 3 of 483 templated pairs of the real set
    (the first items of a series) instead of 0."""
    index = ClusterIndex(config, learn=False)
    for rec, sig in signed:
        index.templates.observe(rec.outlet, sig)
    first_of: dict[int, Record] = {}
    for i, (rec, sig) in enumerate(signed):
        if i % _PRIME == 0:
            index.lsh.prime([sig for _, sig in signed[i : i + _PRIME]])
        if index.assign(rec.line, sig, rec.published, rec.line, rec.outlet).best is None:
            first_of[rec.line] = rec
    return index, first_of
