"""What the review page computes from rows, without the database: Persian digits, Tehran time with the
Jalali date, the provenance tree, shared passages and credit sentences for the compare view, and the
who-credits-whom graph's layout (drawn as SVG by the template)."""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime

from newsagg.config import load_registry
from newsagg.pipelines.normalize import fold

TEHRAN = ZoneInfo("Asia/Tehran")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
MIN_SHARED_WORDS = 6  # a run of fewer equal words is a phrase, not a copied passage


def fa_digits(value: Any) -> str:
    return str(value).translate(_FA_DIGITS)


def tehran(dt: datetime | None) -> dict[str, str] | None:
    """Tehran local time with the Jalali date in Persian digits, and the Gregorian date beside it."""
    if dt is None:
        return None
    local = dt.astimezone(TEHRAN)
    j = jdatetime.datetime.fromgregorian(datetime=local)
    return {"jalali": fa_digits(f"{j.day} {_MONTHS[j.month - 1]} {j.year}"), "time": fa_digits(local.strftime("%H:%M")),
            "gregorian": local.strftime("%Y-%m-%d %H:%M"), "iso": local.isoformat()}


def outlet_name(outlet_id: str | None) -> str:
    outlet = load_registry().get(outlet_id or "")
    return outlet.name_fa if outlet else (outlet_id or "؟")


def known(outlet_id: str | None) -> bool:
    return load_registry().get(outlet_id or "") is not None


def origin_why(detail: dict) -> str:
    """The inferred origin's reason in words a reader can check against the tree."""
    origin, reason = detail.get("origin"), detail.get("origin_reason") or ""
    crediting = sorted({m["outlet_id"] for m in detail["members"] if origin in m["chain"][1:]})
    if reason == "reviewer":
        return "تعیین‌شده به دست بازبین"
    if reason == "deepest credited source":
        names = "، ".join(outlet_name(o) for o in crediting)
        return f"ژرف‌ترین منبعِ نقل‌شده: {names} از آن نقل کرده‌اند و خودش از کسی نقل نکرده" if names else "ژرف‌ترین منبعِ نقل‌شده"
    if reason == "earliest publisher":
        return "نخستین ناشر: هیچ عضوی از کسی نقل نکرده"
    return reason


KIND_LABELS = {
    "conflict": "ناسازگاری زمانی",
    "uncredited": "رونوشت بی‌ذکر منبع",
    "weak": "شباهت کم",
    "unknown_source": "منبع ناشناخته",
    "origin_unknown": "منشأ: روابط عمومی یا ناشناخته",
}


def fa_number(value: float | None, digits: int = 2) -> str:
    """0.88 -> ۰٫۸۸ (the Persian decimal separator)."""
    return "" if value is None else fa_digits(f"{value:.{digits}f}").replace(".", "٫")


# ---------------------------------------------------------------- compare
@dataclass(frozen=True)
class Segment:
    text: str
    shared: bool
    credit: bool


def _tokens(paragraphs: list[str]) -> list[tuple[int, int, int, str]]:
    """(paragraph, start, end, folded word) for every word."""
    out = []
    for p, text in enumerate(paragraphs):
        for m in re.finditer(r"\S+", text):
            out.append((p, m.start(), m.end(), fold(m[0])))
    return out


def paragraphs(article: dict) -> list[str]:
    text = "\n".join(t for t in (article.get("lead"), article.get("body")) if t)
    return [p.strip() for p in text.split("\n") if p.strip()]


def _credit_spans(text: str, evidences: list[str]) -> list[tuple[int, int]]:
    spans = []
    for ev in evidences:
        ev = ev.strip()
        for probe in (ev, ev[:60]):
            i = text.find(probe) if probe else -1
            if i >= 0:
                spans.append((i, i + len(ev) if probe == ev else i + len(probe)))
                break
    return spans


def compare(left: dict, right: dict) -> tuple[list[list[Segment]], list[list[Segment]], int]:
    """Both texts as paragraphs of segments: `shared` marks runs of at least MIN_SHARED_WORDS words the
    other text has too (on folded words, so ZWNJ or Arabic letters do not hide a copy), `credit` the
    credit sentence each article's parser kept as evidence. Returns the shared word count too."""
    lp, rp = paragraphs(left), paragraphs(right)
    lt, rt = _tokens(lp), _tokens(rp)
    lshared, rshared = [False] * len(lt), [False] * len(rt)
    matcher = SequenceMatcher(None, [t[3] for t in lt], [t[3] for t in rt], autojunk=False)
    shared_words = 0
    for a, b, size in matcher.get_matching_blocks():
        if size >= MIN_SHARED_WORDS:
            shared_words += size
            for k in range(size):
                lshared[a + k] = rshared[b + k] = True
    return (_segments(lp, lt, lshared, [h["evidence"] for h in left["hops"] if h["position"] > 0 and h["evidence"]]),
            _segments(rp, rt, rshared, [h["evidence"] for h in right["hops"] if h["position"] > 0 and h["evidence"]]),
            shared_words)


def _segments(paras: list[str], tokens, shared: list[bool], evidences: list[str]) -> list[list[Segment]]:
    out: list[list[Segment]] = []
    by_para: dict[int, list[int]] = defaultdict(list)
    for i, t in enumerate(tokens):
        by_para[t[0]].append(i)
    for p, text in enumerate(paras):
        spans = _credit_spans(text, evidences)
        segs: list[Segment] = []
        pos = 0
        for i in by_para[p]:
            _, start, end, _ = tokens[i]
            credit = any(s < end and start < e for s, e in spans)
            flags = (shared[i], credit)
            piece = text[pos:end]
            if segs and (segs[-1].shared, segs[-1].credit) == flags:
                segs[-1] = Segment(segs[-1].text + piece, *flags)
            else:
                if segs and text[pos:start]:  # the space before a new kind of run belongs to the previous run
                    segs[-1] = Segment(segs[-1].text + text[pos:start], segs[-1].shared, segs[-1].credit)
                    piece = text[start:end]
                segs.append(Segment(piece, *flags))
            pos = end
        out.append(segs)
    return out


# ---------------------------------------------------------------- the credit graph
def graph_layout(edges: list[dict], size: int = 640) -> dict[str, Any]:
    """Outlets on a circle (busiest first), edges weighted by count: stroke width grows with the square
    root of the count, so one busy pair does not hide the others."""
    weight: dict[str, int] = defaultdict(int)
    for e in edges:
        weight[e["a"]] += e["credited"] + e["uncredited"]
        weight[e["b"]] += e["credited"] + e["uncredited"]
    names = sorted(weight, key=lambda n: (-weight[n], n))[:40]
    c, r = size / 2, size / 2 - 90
    pos = {n: (c + r * math.cos(2 * math.pi * i / max(len(names), 1) - math.pi / 2),
               c + r * math.sin(2 * math.pi * i / max(len(names), 1) - math.pi / 2)) for i, n in enumerate(names)}
    top = max((max(e["credited"], e["uncredited"]) for e in edges), default=1) or 1
    lines = []
    for e in edges:
        if e["a"] not in pos or e["b"] not in pos or e["a"] == e["b"]:
            continue
        (x1, y1), (x2, y2) = pos[e["a"]], pos[e["b"]]
        # stop short of the target so the arrow head stays visible, and bend uncredited edges aside
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        x2s, y2s = x2 - dx / d * 14, y2 - dy / d * 14
        for count, kind, bend in ((e["credited"], "credited", 0.0), (e["uncredited"], "uncredited", 0.18)):
            if count:
                mx, my = (x1 + x2s) / 2 - dy * bend, (y1 + y2s) / 2 + dx * bend
                lines.append({"kind": kind, "count": count, "a": e["a"], "b": e["b"],
                              "path": f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2s:.1f},{y2s:.1f}",
                              "width": round(1 + 5 * math.sqrt(count / top), 1)})
    nodes = [{"id": n, "name": outlet_name(n), "x": round(x, 1), "y": round(y, 1), "weight": weight[n],
              "anchor": "start" if x > c + 1 else "end" if x < c - 1 else "middle",
              "lx": round(x + (10 if x > c + 1 else -10 if x < c - 1 else 0), 1),
              "ly": round(y + (4 if abs(x - c) > 1 else (-12 if y < c else 20)), 1)} for n, (x, y) in pos.items()]
    return {"size": size, "nodes": nodes, "lines": lines}
