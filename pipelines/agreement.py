"""A second opinion on every extraction: the article's text (lead + body) against trafilatura's.

Our parsers read each layout's selectors; when a layout changes, a selector may keep matching but
grab the wrong block (a box of related news, a comment policy), and nothing else notices: the page
still has a title, a body and a date, so the coverage alert stays quiet. trafilatura knows nothing of
our selectors, so its text is an independent reading of the same page. The score is a token-level F1
on folded text (`normalize.fold`): trafilatura drops ZWNJ ('می‌توان' -> 'میتوان') and fold does too,
so the two agree on the same words. Lead and body together, because trafilatura keeps the summary
paragraph that our parsers store as the lead.

Two readings, the cheap one first: trafilatura's fast mode (its own extractor, no fallbacks), and
only when that disagrees with ours (F1 below CONFIRMED) its full mode, which compares its result with
readability's and jusText's and keeps the better; that full reading is then the score. So a fast
reading that agrees confirms the extraction, and disagreement is reported only after the full
reading (a fallback that rescues trafilatura's own miss raises no false alarm).

Measured by bench/agreement.py on the 23 article fixtures (CPU time, 5 runs, medians): 0.89-0.99 on
the five real captures (ISNA 0.95, Tasnim 0.99, Varzesh3 0.96, YJC 0.89, Mehr 2024 0.99), 0.60-1.00
on the assembled ones (a one-sentence body, where trafilatura's extra sentence weighs a lot); the
wrong block of tests/pipelines/test_agreement.py scores 0.19. Against the full reading alone, two
scores change (ILNA 1.00 -> 0.92, IRNA 1.00 -> 0.89: both confirm either way) and the 23 pages cost
175 ms instead of 222 (YJC's 286 KB page 69 instead of 108; the assembled pages that disagree pay
both readings); the crawl bench's pages 1.4 instead of 2.0 ms. Our own parse of a page: 0.6 ms. It
runs in the crawl's worker process (`Processor`, beside hazm), never in the thread that downloads and parses.

Shed under load, never the articles (`Shedding`): in a polite crawl the worker is idle most of the
time and every article is scored. When the worker falls behind (more articles queued for it than the
pool keeps in flight: a backfill, the crawl bench), and until it has been idle for a second, an
article goes without a second opinion, except a floor that keeps the layout alert (a median per
outlet and run) working: the first `first` articles of each outlet in the run, then at least one in
`every`. The crawl process decides before the page crosses to the worker, so an unscored article
does not ship its HTML. On the crawl bench (1,500 pages, 1 worker) the second opinion was about half
of the worker's 2.2 ms a page.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from newsagg.pipelines.normalize import fold

# trafilatura's lxml parse yields nothing when the document opens with a comment (the Mehr captures do)
_LEADING_COMMENTS = re.compile(r"^\s*(?:<!--.*?-->\s*)+", re.S)
CONFIRMED = 0.85  # a fast reading agreeing this well confirms the extraction; below it, the full reading decides


def second_opinion(html: str, fast: bool = False) -> str:
    """trafilatura's reading of the page: main text with tables, no comments; "" when it finds none.
    `fast`: its own extractor only, without the readability and jusText fallbacks."""
    import trafilatura  # about 0.3 s to import: only where pages are scored

    return trafilatura.extract(_LEADING_COMMENTS.sub("", html), options=_options(fast)) or ""


@functools.cache
def _options(fast: bool):
    """trafilatura's options, built once: `extract` otherwise builds them on every call from its config
    (a tenth of a fast reading of a crawl-bench page); it never changes them (its recall retry copies them)."""
    from trafilatura.settings import Extractor

    return Extractor(comments=False, tables=True, fast=fast)


def token_f1(ours: str, theirs: str) -> float:
    """F1 of the folded word multisets: 1.0 the same words, 0.0 none in common."""
    a, b = Counter(fold(ours).split()), Counter(fold(theirs).split())
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return round(2 * precision * recall / (precision + recall), 3)


def agreement(html: str, lead: str | None, body: str) -> float | None:
    """How far trafilatura's text agrees with ours; None when it extracts nothing (no opinion)."""
    ours = "\n".join(t for t in (lead, body) if t)
    quick = second_opinion(html, fast=True)
    if quick.strip() and (score := token_f1(ours, quick)) >= CONFIRMED:
        return score
    theirs = second_opinion(html) or quick  # an empty full reading keeps the fast one's disagreement
    return token_f1(ours, theirs) if theirs.strip() else None


MODES = ("always", "adaptive", "off")


@dataclass(frozen=True)
class Shedding:
    """When the crawl scores an article (NEWSAGG_SECOND_OPINION: always, adaptive, off).

    `first` = 20: the alert is a median, and the real captures score 0.89-0.99 against 0.19 for a
    selector on the wrong block, so 20 scored articles tell a changed layout even with 9 odd pages
    among them (a one-sentence body, a video item). `every` = 10: the floor then costs a tenth of the
    second opinion (about 0.16 ms a crawl-bench page), and a layout that changes partway through a
    backfill of 1,000 pages still has about 100 scored articles after the change to move the median.
    `behind` (None: what the pool keeps in flight, `WorkerPool.in_flight_bound`): more articles than
    this queued for or in the worker means the worker is behind; it stays behind until it has had
    nothing to do for `release_s` (a polite crawl's articles come 0.1-0.5 s apart an outlet and never
    fill the queue; a saturated crawl's come milliseconds apart)."""

    mode: str = "adaptive"
    first: int = 20
    every: int = 10
    behind: int | None = None
    release_s: float = 1.0

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"second opinion mode {self.mode!r}: one of {', '.join(MODES)}")
        if self.first < 0 or self.every < 1:
            raise ValueError(f"second opinion floor: first >= 0 and every >= 1 (got {self.first}, {self.every})")


def scored(policy: Shedding, seen: int, since_scored: int, behind: bool) -> bool:
    """Whether the outlet's next article gets a second opinion: `seen` of its articles came before it
    in this run, the last `since_scored` of them without one; `behind`: the worker is behind."""
    if policy.mode != "adaptive":
        return policy.mode == "always"
    return not behind or seen < policy.first or since_scored >= policy.every - 1
