"""The charset check on every outlet fixture: read right it passes, read as windows-1256 it does not,
and decode_page recovers the right text from the bytes."""
import gzip

import pytest

from newsagg.crawler.parsers.encoding import BadEncoding, decode_page, letter_counts, looks_right
from tests.conftest import ROOT

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "outlets").glob("*/*.html.gz"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.parent.name)
def test_every_fixture_looks_right_and_its_mojibake_is_recovered(path):
    raw = gzip.decompress(path.read_bytes())
    text = raw.decode("utf-8")
    assert looks_right(text)
    assert decode_page(raw, text) == (text, None)
    mojibake = raw.decode("cp1256", errors="replace")
    if text.isascii():  # a page of numeric character references only (YJC): no letters to misread
        return
    assert not looks_right(mojibake)
    assert decode_page(raw, mojibake) == (text, "utf-8")


def test_bytes_no_encoding_explains_are_refused():
    raw = ("خبری درباره اقتصاد و بازار ارز " * 20).encode("utf-8").replace("ا".encode(), b"\xff")
    with pytest.raises(BadEncoding):
        decode_page(raw, raw.decode("utf-8", errors="replace"))


def test_letters_are_counted_as_the_arabic_letter_classes_say():
    """letter_counts (numpy over code points) counts what the regex classes it replaced match,
    on every fixture read right and as mojibake, and at each range's edges."""
    import re

    letters, lead_byte = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]"), re.compile(r"[طظعغ]")
    edges = "".join(chr(c) for c in (0x620, 0x621, 0x64A, 0x64B, 0x670, 0x671, 0x6D3, 0x6D4, 0x6F9, 0x6FA, 0x6FF, 0x700,
                                     0x636, 0x637, 0x63A, 0x63B)) + "\ufffd😀 abc\n"
    texts = [edges, ""]
    for path in FIXTURES:
        raw = gzip.decompress(path.read_bytes())
        texts += [raw.decode("utf-8"), raw.decode("cp1256", errors="replace")]
    for text in texts:
        assert letter_counts(text) == (len(letters.findall(text)), len(lead_byte.findall(text)))
    assert letter_counts(edges) == (10, 2)  # the ranges are inclusive; U+063B lies inside the first
