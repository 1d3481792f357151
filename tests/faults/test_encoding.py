"""The charset check on every outlet fixture: read right it passes, read as windows-1256 it does not,
and decode_page recovers the right text from the bytes."""
import gzip

import pytest

from newsagg.crawler.parsers.encoding import BadEncoding, decode_page, looks_right
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
