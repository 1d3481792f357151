"""NEWSAGG_OUTLETS: the user's own sites join the bundled registry, names optional; mistakes are user errors."""
from __future__ import annotations

import pytest

from newsagg.config import load_registry
from newsagg.errors import BadInput
from newsagg.pipelines.attribution.selfnames import named


def registry(monkeypatch, tmp_path, text: str | None):
    path = tmp_path / "mine.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("NEWSAGG_OUTLETS", str(path))
    return load_registry.__wrapped__()  # not the cache: the bundled registry stays as it is for other tests


def test_a_users_site_without_names_is_crawled_and_not_named(monkeypatch, tmp_path):
    reg = registry(monkeypatch, tmp_path, '[[outlet]]\nid = "roozno.com"\n[outlet.crawl]\nfeeds = ["http://roozno.com/fa/rss"]\n')
    outlet = reg.outlet("roozno")
    assert outlet is not None and outlet.crawl.feeds == ("http://roozno.com/fa/rss",) and outlet.kind == "site"
    assert reg.outlets[-1] is outlet and reg.get("isna.ir") is not None  # after the bundled ones
    assert not named(reg, "roozno.com") and named(reg, "isna.ir")


@pytest.mark.parametrize("text, says", [
    (None, "No such file"), ("[[outlet]\n", "Expected"), ('[[outlet]]\nname_fa = "x"\n', "id"),
    ('[[outlet]]\nid = "isna.ir"\n', "already bundled: isna.ir"), ('[[outlet]]\nid = "a.ir"\ncolour = 1\n', "unknown keys"),
    ('[[outlet]]\nid = "a.ir"\n[[outlet]]\nid = "a.ir"\n', "listed twice"),
])
def test_a_bad_outlets_file_is_a_user_error(monkeypatch, tmp_path, text, says):
    with pytest.raises(BadInput, match=says):
        registry(monkeypatch, tmp_path, text)
