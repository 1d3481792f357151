"""`newsagg dedup` in forked workers gives what one process gives, line for line."""
import json

import pytest

from newsagg.pipelines import process
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.dedup.batch import run
from newsagg.pipelines.evaluate import SHARED_TEXTS
from tests.helpers import STORY


def test_workers_and_one_process_give_the_same_rows_on_the_real_articles(shared):
    lines = SHARED_TEXTS.read_text(encoding="utf-8").splitlines()
    alone = list(run(lines, DedupConfig(), workers=1))
    forked = list(run(lines, DedupConfig(), workers=2))
    assert forked == alone
    assert len(alone) == len(lines) and len({r["cluster"] for r in alone}) < len(lines)  # stories were found


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_a_step_fails_on_is_an_error_line_and_the_rest_cluster_without_it(monkeypatch, workers):
    parse_chain = process.parse_chain

    def failing(paragraphs, publisher, resolver=None):
        if any("FAIL" in p for p in paragraphs):
            raise RuntimeError("a bug")
        return parse_chain(paragraphs, publisher, resolver)

    monkeypatch.setattr(process, "parse_chain", failing)  # forked workers inherit it
    body = "\n".join(STORY)
    rows = [{"id": f"filler-{i}", "url": f"https://www.isna.ir/news/{i}", "body": f"خبر شماره {i} درباره موضوعی دیگر"}
            for i in range(300)]  # enough lines for the workers to be used
    rows[10:13] = [{"id": "first", "url": "https://www.tabnak.ir/fa/news/1", "body": "FAIL " + body},
                   {"id": "second", "url": "https://www.isna.ir/news/2", "body": body},
                   {"id": "third", "url": "https://www.mehrnews.com/news/3", "body": body}]
    out = list(run([json.dumps(r, ensure_ascii=False) for r in rows], DedupConfig(), workers=workers))
    assert out[10]["error"] == "line 11: could not process: RuntimeError: a bug" and out[10]["cluster"] is None
    assert out[11]["cluster"] == out[12]["cluster"] == "second"  # the failed line named no story
    assert len(out) == len(rows) and sum("error" in r for r in out) == 1


def test_the_outlet_remembered_by_a_urls_origin_is_the_registrys_for_every_url_shape():
    from newsagg.config import load_registry
    from newsagg.pipelines.dedup.batch import _outlet_of

    registry = load_registry()
    urls = ["https://www.isna.ir/news/1", "https://news.isna.ir", "http://user@evil.com@www.isna.ir/x",
            "https://www.tabnak.ir?x=1", "https://WWW.ISNA.IR:443/a", "https://a\tb.com/x", "https://[::1]/x",
            "ftp://isna.ir/", "https://www.isna.ir#f", "https://exa mple.com/", "https://www.isna.ir\n/x", "isna.ir/x", ""]
    for url in urls * 2:  # the second time from what was remembered
        assert _outlet_of(url, registry) == registry.id_for_url(url), url
    with pytest.raises(ValueError):  # a URL urlsplit refuses is refused each time, never remembered
        _outlet_of("https://[::1/x", registry)
    with pytest.raises(ValueError):
        _outlet_of("https://[::1/x", registry)


@pytest.mark.parametrize("workers", [1, 2])
def test_an_outlet_the_registry_does_not_name_is_read_with_the_self_name_its_leads_open_with(workers):
    """As the crawler learns self-names from the store, `newsagg dedup` learns them from its input:
    on the shared texts Roozno's «به گزارش روز نو» was a source hop in about 330 chains without it."""
    rows = [{"id": f"n{i}", "url": f"https://www.nemoonekhabar.ir/news/{i}",
             "body": f"به گزارش نمونه خبر، جلسه شماره {i} شورای شهر درباره طرح‌های عمرانی محله‌ها برگزار شد."}
            for i in range(300)]
    rows[7]["body"] = "به گزارش نمونه‌خبر به نقل از ایسنا، وزیر نیرو از افتتاح سد تازه‌ای در استان خبر داد."
    out = list(run([json.dumps(r, ensure_ascii=False) for r in rows], DedupConfig(), workers=workers))
    publisher = out[0]["chain"][0]
    assert {tuple(r["chain"]) for i, r in enumerate(out) if i != 7} == {(publisher,)}
    assert out[7]["chain"] == [publisher, "isna.ir"]  # the self-name written with a ZWNJ, then the source


def _chains_of(rows):
    return [r["chain"] for r in run([json.dumps(r, ensure_ascii=False) for r in rows], DedupConfig(), workers=1)]


def _lead(i: int, credit: str) -> str:
    return f"{credit}، نشست شماره {i} انجمن صنفی کشاورزان درباره قیمت خرید تضمینی گندم برگزار شد."


def test_the_publishers_own_reporter_or_desk_is_no_self_name():
    rows = [{"id": f"u{i}", "url": f"https://www.unlistedsite.ir/news/{i}", "body": _lead(i, "به گزارش خبرنگار ما")} for i in range(10)]
    rows += [{"id": f"g{i}", "url": f"https://www.unlistedsite.ir/news/g{i}", "body": _lead(i, "به گزارش گروه سیاسی")} for i in range(10)]
    rows.append({"id": "t", "url": "https://www.tabnak.ir/fa/news/1", "body": _lead(99, "به گزارش خبرنگار ما")})
    assert _chains_of(rows)[-1] == ["tabnak.ir"]  # "ما" learned as unlistedsite.ir's name made this [tabnak.ir, unlistedsite.ir]


def test_a_name_two_unlisted_outlets_open_with_is_learned_by_neither():
    """A site's own credit and an aggregator reprinting it look alike: which one's name it is, is unknown."""
    rows = [{"id": f"s{i}", "url": f"https://www.zzsite.ir/news/{i}", "body": _lead(i, "به گزارش پژواک شرق")} for i in range(20)]
    rows += [{"id": f"a{i}", "url": f"https://www.aaagg.ir/news/{i}", "body": _lead(i + 50, "به گزارش پژواک شرق")} for i in range(20)]
    chains = _chains_of(rows)
    assert chains[0] == ["zzsite.ir", "پژواک شرق"] and chains[20] == ["aaagg.ir", "پژواک شرق"]
