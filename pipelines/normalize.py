"""Persian normalization: display text (hazm) and the dedup key (hazm plus what hazm leaves apart).

The key must be the same for the same story written three ways: with ZWNJ, with a space, or with
nothing ('رئیس‌جمهور' = 'رئیس جمهور' = 'رئیسجمهور'), with Arabic letter forms, any digit script,
kashida, diacritics, bidi marks and any quote style. So the key drops every separator: shingles are
taken over the letters alone.

The display text is hazm's, but for numbers, links and Latin words, which hazm read as Persian
(`58,500` -> `۵۸ , ۵۰۰`, `https://t.me/x` -> `https: / / t. me / x`): kept as written (`display_text`).
"""
from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from newsagg.pipelines.credits import strip_credits


@functools.cache
def _display_normalizer():
    return _skipping_normalizer()()  # hazm: a 2 s import, loaded once, on first use


def display_text(text: str) -> str:
    """Readable, canonical Persian for storage and display (ZWNJ kept, spacing corrected), with every
    number, URL, e-mail, @handle, #tag and Latin token exactly as written (`_KEPT`)."""
    normalizer = _display_normalizer()
    return "\n".join(_around_kept_spans(normalizer.normalize, p) for p in text.split("\n") if p.strip())


# hazm reads every character as Persian: it spaced `58,500` into `۵۸ , ۵۰۰`, `2.5` into `۲ ٫ ۵`, `G20` into
# `G ۲۰`, `https://t.me/isna94` into `https: / / t. me / isna ۹۴`, and rewrote digits into Persian ones. These
# spans go through hazm as one private-use character each (which no pass touches, spaces or joins) and
# come back as written; hazm still spaces and joins the Persian words around them.
_KEEP = "\ue000"
_URL = r"(?:https?://|www\.)[^\s«»\"<>]*[^\s«»\"<>.,;:!?،؛؟)\]}']"
_HANDLE = r"[@#][\w\u200c]*\w"  # Persian tags too: «#ایران» is a name to search for, kept as typed
# A run of Latin letters and digits of any script, with the ASCII marks and number separators between
# them (`58,500`, `۲٫۵`, `alert(1`, `info@isna.ir`); a mark at either end belongs to the sentence around it.
_ENDS = "[\\dA-Za-z\u00c0-\u024f_" + _KEEP + "]"  # a kept placeholder already in the text is a span too
_MIDDLE = "[!-~\u00c0-\u024f\\d٫٬" + _KEEP + "]"
# the lookahead first lets the engine skip to candidates (the Persian letters between): 0.43x the scan time
_KEPT = re.compile(rf"(?=[A-Za-z\d@#$\u00c0-\u024f_{_KEEP}])(?:{_URL}|{_HANDLE}|[@#$]?{_ENDS}(?:{_MIDDLE}*{_ENDS})?%?)")


_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")  # Arabic-script letters, not digits


def _glued(letter: str, edge: str) -> bool:
    """A number glued to a Persian word (`12نفر`, `کووید19`): hazm spaces them apart, and so do we."""
    return bool(letter) and edge.isdecimal() and bool(_LETTER.match(letter))


def _around_kept_spans(normalize, text: str) -> str:
    """`normalize` of the text with each kept span masked, the spans put back as written. On the 2,650
    ir-news-2019 articles: 1 paragraph in 4 has one, none was dropped or doubled by hazm, and the whole
    display text takes 1.03x hazm's time alone (medians of 7 alternated runs, 1.50 vs 1.45 ms an article)."""
    spans: list[str] = []

    def mask(m: re.Match) -> str:
        span, start, end = m[0], m.start(), m.end()
        spans.append(span)
        return (" " if _glued(text[start - 1 : start], span[0]) else "") + _KEEP + (" " if _glued(text[end : end + 1], span[-1]) else "")

    masked = _KEPT.sub(mask, text)
    if not spans:
        return normalize(text)
    parts = normalize(masked).split(_KEEP)
    if len(parts) != len(spans) + 1:  # a pass dropped or doubled a span (none seen on real texts): keep the paragraph as written
        return text.strip()
    return "".join(itertools.chain.from_iterable(zip(parts, spans, strict=False))) + parts[-1]  # parts has one more


def _skipping_normalizer():
    """hazm's Normalizer, its passes in its order, minus the work that cannot change a text: the same
    output as hazm's own on every real text in ../shared (tests/pipelines/test_normalize.py). CPU
    time on the 2,650 ir-news-2019 articles, 2.1 -> 1.5 ms an article (2.6 with hazm as released):
    - hazm rebuilt its two translation tables on every call: built once here;
    - `str.translate` looks up every character (0.3 ms a table): only the letters a table rewrites
      that the text has are replaced, one `str.replace` each, and most paragraphs have none;
    - the repeated-letters pass (0.2 ms) scans with a backtracking pattern: a linear search for a
      letter three times over (which every match of it contains) goes first;
    - its 26 regex passes (`regex_replace`) are compiled once, not looked up in `re`'s cache on every
      call, and a pass whose every match contains a literal (`_NEEDS`) runs only when the text has one
      (a plain substring test). With the `str.replace` translation above: the 2,650 articles 2.1-2.4 ->
      1.4-1.5 ms an article (this machine, loaded; alternating runs), the crawl bench's 1.17 -> 0.80;
    - the token spacing looks a joined pair up once, in one set of the verbs and the words hazm joins
      (built once): 1.4-1.6 -> 1.3 ms, crawl bench 0.75 -> 0.70."""
    import hazm.constants as c
    from hazm.normalizer import Normalizer, maketrans

    def translator(src: str, dst: str):
        table = maketrans(src, dst)
        present = re.compile("[" + re.escape("".join(map(chr, table))) + "]")
        assert all(len(v) == 1 and ord(v) not in table for v in table.values())  # so one `replace` a letter is the same

        def translate(text: str) -> str:
            for letter in set(present.findall(text)):
                text = text.replace(letter, table[ord(letter)])
            return text
        return translate

    def passes(patterns: list[tuple[str, str]]):
        compiled = [(re.compile(p), r, _NEEDS.get(p)) for p, r in patterns]

        def run(text: str) -> str:
            for pattern, repl, needs in compiled:
                if needs is None or needs(text):
                    text = pattern.sub(repl, text)
            return text
        return run

    letters, digits = translator(c.TRANSLATION_SRC, c.TRANSLATION_DST), translator(c.NUMBERS_SRC, c.NUMBERS_DST)
    extra_space, affix_spacing = passes(c.EXTRA_SPACE_PATTERNS), passes(c.AFFIX_SPACING_PATTERNS)
    punctuation_spacing, style = passes(c.PUNCTUATION_SPACING_PATTERNS), passes(c.PERSIAN_STYLE_PATTERNS)
    diacritics, specials = passes(c.DIACRITICS_PATTERNS), passes(c.SPECIAL_CHARS_PATTERNS)

    class SkippingNormalizer(Normalizer):
        def __init__(self) -> None:
            super().__init__()
            assert self._words and self._verbs  # hazm's pass tests them for emptiness; never empty as shipped
            self._joinable = self._verbs | {w for w, (count, _) in self._words.items() if count > 0}

        def normalize(self, text: str) -> str:  # hazm's `normalize`, every pass on
            text = self.persian_style(letters(text))
            text = self.correct_spacing(self.remove_diacritics(self.persian_number(text)))
            text = self.remove_specials_chars(self.unicodes_replacement(text))
            return self.seperate_mi(self.decrease_repeated_chars(text))

        def persian_style(self, text: str) -> str:
            return style(text)

        def persian_number(self, text: str) -> str:
            return digits(text)

        def remove_diacritics(self, text: str) -> str:
            return diacritics(text)

        def remove_specials_chars(self, text: str) -> str:
            return specials(text)

        def correct_spacing(self, text: str) -> str:  # hazm's, with the passes above
            text = extra_space(text)
            assert self._tokenizer is not None
            lines = [" ".join(self.token_spacing(self._tokenizer.tokenize(line))) if line.strip() else line
                     for line in text.split("\n")]
            return punctuation_spacing(affix_spacing("\n".join(lines)))

        def decrease_repeated_chars(self, text: str) -> str:
            return super().decrease_repeated_chars(text) if self.more_than_two_repeat_pattern.search(text) else text

        def token_spacing(self, tokens: list[str]) -> list[str]:  # hazm's, its two lookups of a pair as one
            joinable, verbs, words = self._joinable, self._verbs, self._words
            assert verbs is not None and words is not None
            result: list[str] = []
            last = len(tokens) - 1
            for t, token in enumerate(tokens):
                if result:
                    pair = result[-1] + "\u200c" + token
                    if pair in joinable:
                        if not (t < last and token + "_" + tokens[t + 1] in verbs):
                            result[-1] = pair
                            continue
                    elif token in c.SUFFIXES and result[-1] in words:
                        result[-1] = pair
                        continue
                result.append(token)
            return result


    return SkippingNormalizer


def _any(*needles: str):
    """A test of whether a text contains one of the needles (a regex search for several)."""
    if len(needles) == 1:
        needle = needles[0]
        return lambda text: needle in text
    return re.compile("|".join(map(re.escape, needles))).search


# What every match of a hazm pattern contains, keyed by the pattern's own text (a hazm release that
# changes a pattern loses its skip, never its pass). `\b\u200c*\B` cannot match empty: no position is
# a word boundary and not one at once. The two digit-letter passes keep running: `\d` is any script's digit.
_NEEDS = {
    r"^ +| +$": lambda t: t[:1] == " " or t[-1:] == " " or t[-2:] == " \n",  # `$` also before a final newline
    r" {2,}": _any("  "), r"\n{3,}": _any("\n\n\n"), r"\u200c{2,}": _any("\u200c\u200c"),
    r"\u200c{1,} ": _any("\u200c "), r" \u200c{1,}": _any(" \u200c"),
    r"\b\u200c*\B": _any("\u200c"), r"\B\u200c*\b": _any("\u200c"), r"[ـ\r]": _any("ـ", "\r"),
    r"([^ ]ه) ی ": _any("ه ی "), r"(^| )(ن?می) ": _any("می "), r"(ه)(ها)": _any("هها"),
    r"(?<=[^\n\d \.:!،؛؟»\]\)\}«\[\(\{]{2}) (تر(ین?)?|گری?|های?)(?=[ \n\.:!،؛؟»\]\)\}«\[\(\{]|$)": _any(" تر", " گر", " ها"),
    r"([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n\.:!،؛؟»\]\)\}]|$)": _any("ه ا"),
    r'" ([^\n"]+) "': _any('" '), r" ([\.:!،؛؟»\]\)\}])": _any(*(" " + p for p in ".:!،؛؟»])}")),
    r"([«\[\(\{]) ": _any("« ", "[ ", "( ", "{ "), r"([\.:])([^ \.:!،؛؟»\]\)\}\d۰۱۲۳۴۵۶۷۸۹])": _any(".", ":"),
    r"([!،؛؟»\]\)\}])([^ \.:!،؛؟»\]\)\}])": _any(*"!،؛؟»])}"), r"([^ «\[\(\{])([«\[\(\{])": _any(*"«[({"),
    r'"([^\n"]+)"': _any('"'), r"([\d+])\.([\d+])": _any("."), r" ?\.\.\.": _any("..."),
}


_FOLD = {
    **{ord(c): "ی" for c in "يىئۍێې"}, **{ord(c): "ک" for c in "كڪ"},
    **{ord(c): "ه" for c in "ۀةە"}, **{ord(c): "ا" for c in "أإٱآٲٳ"}, ord("ؤ"): "و",
    **{0x06F0 + i: str(i) for i in range(10)}, **{0x0660 + i: str(i) for i in range(10)},
    # dropped outright: ZWNJ/ZWJ, bidi marks, kashida, BOM, soft hyphen
    **{c: None for c in (0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x0640, 0xFEFF, 0x00AD, *range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
_DIACRITICS = "\u064B-\u065F\u0670\u06D6-\u06ED"
# Deleting needs no callback (ZWNJ alone is every 20th character of Persian); mapping does.
_DROPPED = re.compile("[" + re.escape("".join(chr(c) for c, v in _FOLD.items() if v is None)) + _DIACRITICS + "]")
_MAPPED = re.compile("[" + re.escape("".join(chr(c) for c, v in _FOLD.items() if v)) + "]")
_NON_WORD = re.compile(r"[^\w\n]+")  # punctuation, quotes of every style, symbols -> one space
# A sentence ends at «. ! ؟ ?» before whitespace or the end, or at a run of newlines. Written as
# `[.!؟?](?:\s+|$)|\n+` it cost as much as the fold (the engine tried both branches at every letter);
# opening with the one character class lets it skip to the candidates: the same matches, 0.28x the time
# (bench and real bodies, same run).
_SENTENCE_END = re.compile(r"[.!؟?\n](?:(?<=\n)\n*|(?<=[.!؟?])(?:\s+|$))")


def fold(text: str) -> str:
    """Fold a text to its dedup form: letters and digits, one space between words; newlines kept
    (they mark sentences); callers remove the spaces for shingles."""
    if len(text) <= _MEMO_CHARS:
        return _fold_memo(text)
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # Arabic presentation forms -> base letters
    if len(text) < _LONG:
        return _fold_regex(text)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if cps.max() > 0xFFFF:  # beyond the table (emoji, rare scripts): the regexes
        return _fold_regex(text)
    out = _fold_table()[cps]
    if (out == _SLOW).any():  # a letter whose lower case is not one letter, or depends on its neighbours
        return _fold_regex(text)
    out = out[out != _DROP]
    space = out == 32
    out = out[~(space & np.concatenate(([False], space[:-1])))]  # a run of marks -> one space
    space, edge = out == 32, out == 10
    edge = np.concatenate(([True], edge[:-1])) | np.concatenate((edge[1:], [True]))
    out = out[~(space & edge)]  # no space beside a newline, nor at either end
    return out.tobytes().decode("utf-32-le", "surrogatepass").strip()


# Attribution folds the same few names over and over (2 an article on the bench corpus, 4.5 on the real
# texts; 7 in 10 of them seen before): remembered, chain parsing takes 0.9x the CPU time (0.86x real).
_MEMO_CHARS = 100
_fold_memo = functools.lru_cache(maxsize=8192)(_fold)


def _fold_regex(text: str) -> str:
    # Only the characters that fold are touched (a regex scan is 5x faster than str.translate here).
    text = _MAPPED.sub(lambda m: _FOLD[ord(m[0])] or "", _DROPPED.sub("", text)).lower()
    return re.sub(r" ?\n ?", "\n", _NON_WORD.sub(" ", text)).strip()


# Long texts (bodies) fold through a table of the Basic Multilingual Plane instead: each code point
# to its folded, lower-cased letter, a space (any other mark) or nothing, in one numpy lookup
# (CPU time, the real ir-news-2019 bodies of 2,700 letters: 31 µs instead of 154; bench bodies 20 vs 66).
_LONG = 200
_DROP, _SLOW = 0xFFFFFFFF, 0xFFFFFFFE


@functools.cache
def _fold_table() -> np.ndarray:
    """What `_fold_regex` makes of each BMP character alone: 32 for a space, _DROP for nothing,
    _SLOW where the answer depends on context or is not one character (tested against it)."""
    table = np.empty(0x10000, dtype=np.uint32)
    for cp in range(0x10000):
        c = chr(cp)
        if _DROPPED.match(c):
            table[cp] = _DROP
            continue
        c = (_FOLD.get(cp) or c).lower()
        if len(c) != 1 or c in "σς":  # «İ» lowers to two letters, «Σ» to «σ» or «ς» by position
            table[cp] = _SLOW
        else:
            table[cp] = ord(c) if c == "\n" or c.isalnum() or c == "_" else 32
    return table


def build_tables() -> None:
    """Build `fold`'s table now (50 ms): processes forked afterwards share it instead of each building its own."""
    _fold_table()


@dataclass(frozen=True)
class NormalizeConfig:
    min_sentence_chars: int = 40  # shorter sentences are too generic to prove containment


@dataclass(frozen=True)
class Normalized:
    key: str                      # folded story text, credits stripped, words separated by single spaces
    sentences: tuple[str, ...]    # folded body sentences long enough to identify the story
    paragraphs: tuple[str, ...] = ()  # lead and body as given, credits intact (for attribution)
    title: str = ""               # the folded title, letters and digits only (`title_key`)


def normalize_story(title: str, body: str, lead: str | None = None, config: NormalizeConfig = NormalizeConfig()) -> Normalized:
    """The dedup form of an article: title + lead + body, credits and boilerplate stripped, folded.
    Sentences come from the body only: reposts rewrite titles and leads, which says nothing about
    whether the story is contained in another. One fold per article: title, head and body together
    (`_fold_apart`: normalize_story in 0.86x the CPU time of three folds, bench corpus; 0.9x real texts).

    No hazm pass here: on 1,138 real texts its character passes change no key that NFKC and fold
    do not already settle (tests/pipelines/test_normalize.py keeps checking), and it costs 0.5 ms an
    article. In the crawler the input is already hazm's display text."""
    head, body_lines = strip_credits(_one_line(title) + "\n" + _one_line(lead)), strip_credits(body)
    title_folded, head, folded = _fold_apart(_one_line(title), head, _SENTENCE_END.sub("\n", body_lines))
    sentences = tuple(s for s in folded.split("\n") if len(s) >= config.min_sentence_chars)
    key = (head + " " + folded).replace("\n", " ").strip()
    return Normalized(key=key, sentences=sentences, paragraphs=paragraphs(lead, body), title=title_folded.replace(" ", ""))


# A letter that folds to itself, on a line of its own between texts folded together (lines fold apart:
# no mark, space or letter form depends on another line).
_APART = "\ua66e"


def _fold_apart(*texts: str) -> list[str]:
    """`fold` of each text, from one fold of them all: an article's title and head are short, and a
    short text folds through the regexes (5 µs each), a long one through the table (0.02 µs a letter)."""
    if any(_APART in text for text in texts):
        return [_fold(text) for text in texts]
    return [part.strip() for part in _fold(f"\n{_APART}\n".join(texts)).split(_APART)]


def title_key(title: str | None) -> str:
    """The title's letters and digits, folded, without spaces: what two titles are compared on (an excerpt
    keeps its source's title, give or take a word or a «روزنامه اعتماد:» in front)."""
    return _fold(_one_line(title)).replace(" ", "")


def paragraphs(lead: str | None, body: str) -> tuple[str, ...]:
    """Lead and body paragraphs as given, blank ones dropped: what attribution reads."""
    return tuple(p for p in [_one_line(lead), *body.split("\n")] if p.strip())


def _one_line(text: str | None) -> str:
    return (text or "").replace("\n", " ")
