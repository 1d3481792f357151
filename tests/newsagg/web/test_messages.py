"""Every refusal the review page can show reads in Persian: each storage-layer error, raised for real
against PostgreSQL, has a Persian reading (no English fallback), and none names a command-line flag."""
import pytest

from newsagg.errors import UserError
from newsagg.pipelines.storage import reviews
from newsagg.web.messages import persian
from tests.helpers import STORY, item


def test_each_refusal_of_the_review_storage_has_a_persian_reading(store, conn):
    isna = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    tabnak = store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60))
    a, story = tabnak.article_id, isna.cluster_id
    refusals = [
        lambda: reviews.correct_chain(conn, 424242, ["isna.ir"], "m"),
        lambda: reviews.correct_chain(conn, a, [], "m"),
        lambda: reviews.correct_chain(conn, a, ["isna.ir"], "m"),
        lambda: reviews.correct_chain(conn, a, ["tabnak.ir", "isna.ir", "isna.ir"], "m"),
        lambda: reviews.correct_chain(conn, a, ["tabnak.ir", "foo.ir"], "m"),
        lambda: reviews.correct_chain(conn, a, ["tabnak.ir", "x" * 300], "m", allow_unknown=True),
        lambda: reviews.correct_chain(conn, a, ["tabnak.ir", "isna.ir"], ""),
        lambda: reviews.correct_chain(conn, a, ["tabnak.ir", "isna.ir"], "m" * 300),
        lambda: reviews.correct_origin(conn, 424242, "isna.ir", "m"),
        lambda: reviews.correct_origin(conn, story, "", "m"),
        lambda: reviews.correct_origin(conn, story, "x" * 300, "m"),
        lambda: reviews.correct_origin(conn, story, "irna.ir", "m"),
        lambda: reviews.undo(conn, "chain", a, "m"),
        lambda: reviews.correction_target(conn, 999),
    ]
    for refuse in refusals:
        with pytest.raises(UserError) as caught:
            refuse()
        shown = persian(str(caught.value))
        assert not shown.startswith("درخواست انجام نشد"), str(caught.value)  # the fallback: English inside
        assert "--" not in shown and not any("a" <= ch <= "z" for ch in shown.replace("isna.ir", "").replace("irna.ir", "")
                                             .replace("tabnak.ir", "").replace("foo.ir", "").replace("x", "")), shown
