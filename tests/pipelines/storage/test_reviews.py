"""Corrections are validated against the registry and the story, keep their history, and undo."""
import re

import pytest

from newsagg.errors import BadInput, NotFound
from newsagg.pipelines.storage import reviews
from tests.helpers import STORY, item


@pytest.fixture
def seed(store):
    """ISNA's report, Nabz-e Bazar crediting it, Tabnak's uncredited copy."""
    isna = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    nabz = store.save(item("https://nabzebazar.com/news/2", "nabzebazar.com", STORY, minutes=30, lead="به گزارش ایسنا، پوتین گفت."))
    tabnak = store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60))
    assert isna.cluster_id == nabz.cluster_id == tabnak.cluster_id
    return isna, nabz, tabnak


def _origin(conn, cluster_id):
    return conn.execute("select origin, origin_reason from cluster_overview where cluster_id = %s", (cluster_id,)).fetchone()


@pytest.mark.parametrize("chain, message", [
    ([], "empty chain"), (["", " "], "empty chain"),
    (["isna.ir", "tabnak.ir"], "starts with the article's publisher (tabnak.ir)"),
    (["tabnak.ir", "foo.ir"], "not in the outlet registry: foo.ir"),
    (["tabnak.ir", "isna.ir", "isna.ir"], "appears twice"),
])
def test_a_bad_chain_is_refused_and_nothing_is_written(seed, conn, chain, message):
    tabnak = seed[2]
    with pytest.raises(BadInput, match=re.escape(message)):
        reviews.correct_chain(conn, tabnak.article_id, chain, "maryam")
    assert conn.execute("select count(*) from chain_corrections").fetchone()[0] == 0


def test_the_cli_splits_a_chain_and_an_empty_one_stays_empty():
    assert reviews.parse_chain(" tabnak.ir, ,isna.ir ,") == ["tabnak.ir", "isna.ir"]
    assert reviews.parse_chain(",,,") == []


def test_an_unknown_source_only_deliberately(seed, conn):
    tabnak = seed[2]
    reviews.correct_chain(conn, tabnak.article_id, ["tabnak.ir", "روابط عمومی فدراسیون"], "maryam", allow_unknown=True)
    row = conn.execute("select chain, allow_unknown from chain_corrections").fetchone()
    assert row == (["tabnak.ir", "روابط عمومی فدراسیون"], True)


def test_an_origin_must_be_a_member_or_a_credited_source(seed, conn):
    isna, _, tabnak = seed
    with pytest.raises(BadInput, match="neither a member nor a credited source"):
        reviews.correct_origin(conn, isna.cluster_id, "isna", "maryam")  # a typo of isna.ir
    with pytest.raises(BadInput, match="neither a member nor a credited source"):
        reviews.correct_origin(conn, isna.cluster_id, "irna.ir", "maryam")  # known, but not in this story
    with pytest.raises(BadInput, match="empty origin"):
        reviews.correct_origin(conn, isna.cluster_id, "  ", "maryam")
    with pytest.raises(BadInput, match="reviewer"):
        reviews.correct_origin(conn, isna.cluster_id, "tabnak.ir", " ")
    reviews.correct_origin(conn, isna.cluster_id, "tabnak.ir", "maryam")
    assert _origin(conn, isna.cluster_id) == ("tabnak.ir", "reviewer")
    reviews.correct_origin(conn, isna.cluster_id, "irna.ir", "maryam", "IRNA ran it first, not crawled", allow_unknown=True)
    assert _origin(conn, isna.cluster_id) == ("irna.ir", "reviewer")
    with pytest.raises(NotFound):
        reviews.correct_origin(conn, 424242, "isna.ir", "maryam")


def test_history_lists_every_correction_and_undo_restores_the_parser(seed, conn):
    isna, _, tabnak = seed
    assert _origin(conn, isna.cluster_id) == ("isna.ir", "deepest credited source")
    uncredited = "select uncredited from cluster_members where article_id = %s"
    assert conn.execute(uncredited, (tabnak.article_id,)).fetchone()[0]

    reviews.correct_chain(conn, tabnak.article_id, ["tabnak.ir", "isna.ir"], "maryam", "credit in a caption")
    assert not conn.execute(uncredited, (tabnak.article_id,)).fetchone()[0]
    reviews.confirm_origin(conn, isna.cluster_id, "reza")
    story = reviews.history(conn, cluster_id=isna.cluster_id)
    assert [(h["what"], h["action"], h["reviewer"], h["value"]) for h in story] == [
        ("origin", "confirm", "reza", "isna.ir"), ("chain", "correct", "maryam", "tabnak.ir,isna.ir")]
    assert reviews.history(conn, article_id=tabnak.article_id)[0]["note"] == "credit in a caption"

    undone = reviews.undo(conn, "chain", tabnak.article_id, "reza")
    assert undone["chain"] == ["tabnak.ir", "isna.ir"] and undone["undone_by"] == "reza"
    assert conn.execute(uncredited, (tabnak.article_id,)).fetchone()[0]  # the parser's reading is back
    assert conn.execute("select chain, corrected from article_chain where article_id = %s", (tabnak.article_id,)).fetchone() == (["tabnak.ir"], False)
    assert reviews.history(conn, article_id=tabnak.article_id)[0]["undone_at"] is not None  # kept in the history
    with pytest.raises(NotFound, match="no live correction"):
        reviews.undo(conn, "chain", tabnak.article_id, "reza")

    reviews.correct_origin(conn, isna.cluster_id, "tabnak.ir", "maryam")
    reviews.undo(conn, "origin", isna.cluster_id, "reza")  # the latest: back to the confirmation
    assert _origin(conn, isna.cluster_id) == ("isna.ir", "reviewer")
    first = reviews.history(conn, cluster_id=isna.cluster_id)[-1]
    reviews.undo(conn, "origin", isna.cluster_id, "reza", correction_id=[h for h in reviews.history(conn, cluster_id=isna.cluster_id)
                                                                        if h["what"] == "origin" and not h["undone_at"]][0]["id"])
    assert _origin(conn, isna.cluster_id) == ("isna.ir", "deepest credited source")
    assert first["what"] == "chain"
