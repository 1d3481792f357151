"""The workers' half of `newsagg dedup`: read, normalize and sign every line; then read the chains.

Two passes, because clustering (in the calling process) must wait for every signature (an outlet's
templates are counted over the whole input) but not for the chains (bench corpus, CPU time an
article, loaded machine: reading + normalizing + signing 215 µs, the chain pass 75, clustering 41 at
10k and 75 at 100k; before the dedupspeed branch 290, 80 and 65 at 10k): the workers read the chains
while the caller clusters. Workers are forked once the input is
read, so a task names a span of lines and nothing else; a result is only what clustering needs, as
plain values. Before, the main process read each line (17 µs) and pickled it as an `Article` for a
worker (about 6 µs), a serial 2.3 s at 100k. A span's articles are signed in one batch (their
shingles and MinHashes in one numpy pass: `Processor.signatures`). Sending the results as tuples
instead of `Record`s was measured and not kept (pickling 8.0 -> 4.2 µs an article, unpickling and
rebuilding 6.7 -> 8.3); nor is the chain pass's second `json.loads` (9 µs of its 430, loaded machine)
worth keeping texts in the workers for.
"""
from __future__ import annotations

import functools
import json
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.pool import Pool
from typing import Any

from newsagg.config import Registry
from newsagg.pipelines.attribution.selfnames import KnownNames, first_credit, named
from newsagg.pipelines.dedup.signature import Signature
from newsagg.pipelines.dedup.signature import build_tables as build_signature_tables
from newsagg.pipelines.normalize import build_tables, paragraphs
from newsagg.pipelines.process import Processor

SPAN = 256          # lines per task: 400 tasks at 100k keep both workers busy to the end
MIN_PARALLEL = 200  # fewer lines are read in this process (a fork costs more than they do)


@dataclass(frozen=True)
class _Input:
    lines: Sequence[Any]   # str | batch.BadLine
    read: Callable         # batch._read: (line number, line, registry) -> (Record, Article | None)
    processor: Processor
    registry: Registry


_DECODER = json.JSONDecoder(strict=False)  # (`json.loads` with an argument builds a decoder each call)
_input: _Input | None = None  # set before the pool forks: workers inherit it, nothing is sent


def _fail(exc: Exception) -> str:
    return f"could not process: {type(exc).__name__}: {str(exc)[:200]}"


def _sign(span: tuple[int, int]) -> list[tuple[Any, tuple | str | None, str | None]]:
    """Each line's Record, its signature's fields (or why it failed; None if unreadable), and, when the
    registry does not name its outlet, the name its lead's first credit gives ("" for none: what
    `selfnames.choose` counts)."""
    assert _input is not None
    read = [_input.read(n + 1, _input.lines[n], _input.registry) for n in range(*span)]
    articles = [article for _, article in read if article is not None]
    signed = iter(_input.processor.signatures(articles))  # one batch: the MinHashes together
    out: list[tuple[Any, tuple | str | None, str | None]] = []
    for rec, article in read:
        done: tuple | str | None = None
        credit = None
        if article is not None:  # one article our steps cannot handle costs its line, not the file
            sig = next(signed)
            done = _fail(sig) if isinstance(sig, Exception) else (sig.values, sig.size, sig.sentences, sig.numbers, sig.title)
            if article.normalized is not None and not named(_input.registry, article.outlet):
                try:
                    credit = first_credit(list(article.normalized.paragraphs)) or ""
                except Exception:  # a lead the scan cannot read counts as one opening with no credit
                    credit = ""
        out.append((rec, done, credit))
    return out


def _chains(task: tuple[KnownNames, list[tuple[int, str]]]) -> list[tuple[str, ...] | str]:
    """The chain of each (line index, publisher): lines `_sign` read without error, read with the
    self-names learned from all of them."""
    assert _input is not None
    names, todo = task
    processor = _with_names(_input.processor, names)
    out: list[tuple[str, ...] | str] = []
    for n, publisher in todo:
        obj = _DECODER.decode(_input.lines[n])
        try:
            out.append(tuple(processor.chain(publisher, paragraphs(obj.get("lead"), obj["body"])).outlets))
        except Exception as exc:
            out.append(_fail(exc))
    return out


@functools.lru_cache(maxsize=1)  # one run's names at a time (a long-lived caller runs many)
def _with_names(processor: Processor, names: KnownNames) -> Processor:
    """The processor with these names in its resolver (built once a worker, not once a task)."""
    return processor if names == processor.config.names else Processor(replace(processor.config, names=names))


class Workers:
    """`workers` forked processes over `lines` (this process alone for one worker or few lines)."""

    def __init__(self, lines: Sequence[Any], read: Callable, processor: Processor, registry: Registry, workers: int):
        global _input
        _input = _Input(lines, read, processor, registry)
        self.size = len(lines)
        self.pool: Pool | None = None
        if workers > 1 and self.size > MIN_PARALLEL:
            build_tables()
            build_signature_tables()
            self.pool = multiprocessing.get_context("fork").Pool(workers)

    def _map(self, fn: Callable, tasks: list) -> Iterator:
        return self.pool.imap(fn, tasks) if self.pool else map(fn, tasks)

    def signed(self) -> Iterator[tuple[Any, Signature | str | None, str | None]]:
        """(Record, Signature or why processing failed, or None if the line could not be read, and the
        first credit's name of an outlet the registry does not name, or None), in input order."""
        spans = [(i, min(i + SPAN, self.size)) for i in range(0, self.size, SPAN)]
        for batch in self._map(_sign, spans):
            for rec, done, credit in batch:
                yield rec, Signature(*done) if isinstance(done, tuple) else done, credit

    def chains(self, todo: list[tuple[int, str]], names: KnownNames) -> Iterator[tuple[str, ...] | str]:
        """Chains of (line index, publisher) in order, read with `names`; the workers start on them now."""
        tasks = [(names, todo[i : i + SPAN]) for i in range(0, len(todo), SPAN)]
        results = self._map(_chains, tasks)
        return (chain for batch in results for chain in batch)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        global _input
        if self.pool:
            if exc_type is None:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()
        _input = None
