"""Pages whose bytes and declared charset disagree, told apart by what the text looks like.

Measured before: a windows-1256 page served with `charset=utf-8` was stored as a body of U+FFFD;
a UTF-8 page labelled windows-1256 was stored as mojibake, and both counted as full coverage.
Two signs: replacement characters (the bytes were not the declared encoding), and an implausible
letter distribution: UTF-8 Persian read as windows-1256 turns each letter's lead byte 0xD8-0xDB
into ط ظ ع غ, so those four are 89-97 % of the letters of the 21 outlet fixtures read that way,
against 0.5-5 % of the same fixtures read right. When the
declared reading looks wrong, the bytes are read as UTF-8, then windows-1256 (strictly); the first
that looks right wins, else the page is skipped as `bad_encoding`.

A third sign refuses bytes that are no text at all: windows-1256 gives a character to every byte, so
5,000 random bytes served as text/html were "read as cp1256" (a quarter of them land on Arabic letters,
few on ط ظ ع غ) and skipped later as `no_title`. Control characters (C0 but tab, newline, carriage
return, form feed; DEL) are 0 in every fixture and shared page and 11 % of random bytes so read.
"""
from __future__ import annotations

import re

import numpy as np

# the Arabic-script letters counted, as code point ranges (inclusive): U+0621-064A, U+0671-06D3, U+06FA-06FF;
# the lead-byte letters ط ظ ع غ are U+0637-063A
_LETTER_RANGES = ((0x621, 0x64A), (0x671, 0x6D3), (0x6FA, 0x6FF))
_LEAD_BYTE_RANGE = (0x637, 0x63A)
MIN_LETTERS = 50            # fewer Arabic-script letters than this: too little text to judge
MAX_REPLACEMENT = 0.01      # U+FFFD per letter
MAX_LEAD_BYTE_SHARE = 0.2   # ط ظ ع غ among letters (fixtures: 0.005-0.051; as mojibake: 0.89-0.97)
MAX_CONTROL = 0.01          # control characters per character (real pages: 0; random bytes: 0.11)
FALLBACKS = ("utf-8", "cp1256")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


class BadEncoding(ValueError):
    pass


def letter_counts(text: str) -> tuple[int, int]:
    """(Arabic-script letters, of which ط ظ ع غ), counted over the code points in numpy: every page
    the crawl fetches passes here, in the thread that downloads, and a regex `findall` of the letters
    built a list of thousands of one-letter strings: 0.21 -> 0.024 ms a crawl-bench page, 0.55 -> 0.06
    on the 25 outlet fixtures (same counts on all of them)."""
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    letters = np.zeros(len(cps), dtype=bool)
    for low, high in _LETTER_RANGES:
        letters |= (cps >= low) & (cps <= high)
    low, high = _LEAD_BYTE_RANGE
    return int(np.count_nonzero(letters)), int(np.count_nonzero((cps >= low) & (cps <= high)))


def looks_right(text: str) -> bool:
    letters, lead_byte = letter_counts(text)
    replacements = text.count("\ufffd")
    if replacements > max(5, MAX_REPLACEMENT * letters):
        return False
    if len(_CONTROL.findall(text)) > max(5, MAX_CONTROL * len(text)):  # bytes that are no text in any encoding
        return False
    if letters < MIN_LETTERS:
        return True
    return lead_byte / letters <= MAX_LEAD_BYTE_SHARE


def decode_page(body: bytes, text: str) -> tuple[str, str | None]:
    """(text, the encoding that replaced the declared one or None); raises BadEncoding."""
    if looks_right(text):
        return text, None
    for encoding in FALLBACKS:
        try:
            candidate = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        if looks_right(candidate):
            return candidate, encoding
    raise BadEncoding("bad_encoding")
