"""Benchmark articles from the bundled real texts: distinct stories made of real Persian paragraphs,
a fifth of them reposts (new credit, ZWNJ lost), spread over time like a real feed (1,000 a day)."""
from __future__ import annotations

import functools
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def paragraphs() -> list[str]:
    """Real paragraphs: the labeled dev set ships with the repo, so no ../shared is needed."""
    out: list[str] = []
    for line in (ROOT / "tests" / "data" / "dedup_dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["kind"] == "original":
            out += [p for p in row["body"].split("\n") if len(p) > 120]
    return out


@functools.cache
def vocabulary() -> list[str]:
    return sorted({w for p in paragraphs() for w in p.split() if len(w) > 2})


def _perturb(rng: random.Random, paragraph: str) -> str:
    words, vocab = paragraph.split(), vocabulary()
    return " ".join(rng.choice(vocab) if k % 5 == 4 else w for k, w in enumerate(words))


def articles(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    paras = paragraphs()
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    out: list[dict] = []
    for i in range(n):
        when = t0 + timedelta(seconds=86.4 * i)
        if out and rng.random() < 0.2:
            src = out[rng.randrange(max(0, len(out) - 200), len(out))]
            body = "به گزارش خبرگزاری تسنیم، " + src["body"].replace("\u200c", "")
            out.append({"id": i, "url": f"https://www.tabnak.ir/fa/news/{i}", "title": src["title"], "body": body,
                        "published": (when).isoformat()})
            continue
        # Real paragraphs, every fifth word swapped for another real word: distinct stories that
        # read like Persian news (unperturbed, 10k articles from ~600 paragraphs would share
        # sentences at random, which no real feed does).
        chosen = [_perturb(rng, p) for p in rng.sample(paras, 4)]
        out.append({"id": i, "url": f"https://www.isna.ir/news/{i}", "title": chosen[0][:70],
                    "body": "\n".join(chosen), "published": when.isoformat()})
    return out


def duplicate_heavy(n: int, bodies: int = 50, seed: int = 3) -> list[dict]:
    """n articles drawn from `bodies` stories (a wire story reposted by hundreds of sites, an outlet
    re-saving one page): each a copy with its own credit line, ZWNJ kept or lost, 1,000 a day.
    Comparing each with every member of its story made this quadratic (issue 10: 19.7 s at 10k)."""
    rng = random.Random(seed)
    base = articles(bodies, seed=seed + 1)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        src = base[rng.randrange(bodies)]
        body = f"به گزارش پایگاه خبری شماره {rng.randrange(1000)}، " + src["body"]
        out.append({"id": i, "url": f"https://www.tabnak.ir/fa/news/{i}", "title": src["title"],
                    "body": body if rng.random() < 0.5 else body.replace("\u200c", ""),
                    "published": (t0 + timedelta(seconds=86.4 * i)).isoformat()})
    return out
