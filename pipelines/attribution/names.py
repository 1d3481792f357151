"""Resolve the name in a credit («خبرگزاری تسنیم»، «ايسنا»، «Reuters») to an outlet id.

Matching runs on folded text, so ي/ی, ZWNJ, spaces and diacritics do not matter. A name that no
alias matches is kept as its normalized text, never dropped; a person («وزیر خارجه») is a speaker,
not a source, and yields nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from newsagg.config import Registry, load_registry
from newsagg.pipelines.normalize import fold

# Words that frame a source without naming it: «به گزارش خبرنگار اقتصادی خبرگزاری X».
_FRAME = {
    "خبرنگار", "خبرنگاران", "گروه", "سرویس", "خبرگزاری", "پایگاه", "خبری", "تحلیلی", "اطلاع", "رسانی",
    "سایت", "روزنامه", "شبکه", "رسانه", "نشریه", "هفته", "نامه", "هفتهنامه", "ماهنامه", "اینترنتی",
    "اعزامی", "حوزه", "دفتر", "منطقه", "استان", "استانها", "مرکز", "پرتال", "خبرگزاریهای", "رسمی", "از",
    "ویژه", "تلویزیون", "رادیو", "وبسایت", "کانال", "تلگرام", "صفحه", "اینستاگرام", "به", "نقل", "و",
    "روابط", "عمومی",  # «روابط عمومی فدراسیون کشتی»: the federation is the source
}
_DESK = {"خبرنگار", "خبرنگاران", "گروه", "سرویس", "حوزه", "دفتر"}
# A credit that names a person is a quotation, not a source outlet.
_SPEAKER = {
    "وزیر", "رئیس", "رییس", "سخنگوی", "سخنگو", "معاون", "مدیر", "مدیرکل", "نماینده", "سرمربی", "مربی", "دبیر",
    "مشاور", "فرمانده", "استاندار", "شهردار", "دادستان", "امام", "آیت", "حجت", "سردار", "دکتر", "مهندس",
    "آقای", "خانم", "عضو", "کارشناس", "بازیکن", "کاپیتان", "رهبر", "نخست", "پادشاه", "قاضی", "سفیر",
    "او", "وی", "ایشان", "مقامات", "منابع", "یک", "برخی", "رسانهها", "رسانه ها", "شاهدان",
}


@dataclass(frozen=True)
class Source:
    id: str        # outlet id, or the normalized name of an unknown source
    known: bool    # in the registry
    kind: str      # the registry kind, or "unknown"
    own_desk: bool = False  # «به گزارش خبرنگار X»: X's own reporting


class SourceResolver:
    def __init__(self, registry: Registry | None = None):
        self.registry = registry or load_registry()
        # first folded word -> [(folded words, outlet id)], longest first; a multi-word alias is also
        # filed under its words joined, for when copying dropped the ZWNJ («آراننیوز» = «آران نیوز»)
        self.aliases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for outlet in self.registry.outlets:
            for name in {*outlet.names, outlet.id, outlet.id.split(".")[0]}:
                words = tuple(fold(name).split())
                if words:
                    self.aliases.setdefault(words[0], []).append((words, outlet.id))
                    if len(words) > 1:
                        self.aliases.setdefault("".join(words), []).append((("".join(words),), outlet.id))
        for found in self.aliases.values():
            found.sort(key=lambda a: (-len(a[0]), -sum(map(len, a[0]))))

    def _find(self, words: list[str], start: int) -> tuple[str, int] | None:
        for alias, outlet_id in self.aliases.get(words[start], ()):
            if tuple(words[start : start + len(alias)]) == alias:
                return outlet_id, len(alias)
        return None

    def resolve(self, name: str) -> Source | None:
        words = fold(name).split()
        if not words:
            return None
        own_desk = words[0] in _DESK
        # A registry name standing right after the framing words («خبرنگار ورزشی ایسنا»: the desk
        # words may be anything, so after a desk word the name may stand anywhere).
        i = 0
        while i < len(words):
            if hit := self._find(words, i):
                outlet = self.registry.get(hit[0])
                return Source(outlet.id, True, outlet.kind, own_desk)
            if words[i] in _FRAME or own_desk:
                i += 1
                continue
            break
        rest = [w for w in words if w not in _FRAME]
        if not rest or rest[0] in _SPEAKER or " ".join(rest[:2]) in _SPEAKER:
            return None  # a generic frame («به گزارش رسانه‌ها») or a person
        return Source(" ".join(rest), False, "unknown", own_desk)
