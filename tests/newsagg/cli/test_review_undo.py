"""`newsagg review undo --correction ID --by NAME`: the README's "or --correction ID" form works; the
correction's id tells what and whose it is."""
from newsagg.pipelines.storage import reviews
from tests.conftest import newsagg
from tests.helpers import STORY, item


def test_undo_by_the_correction_id_alone(db_url, store, conn):
    isna = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    tabnak = store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60))
    reviews.confirm_chain(conn, tabnak.article_id, "maryam")
    chain_id = reviews.history(conn, article_id=tabnak.article_id)[0]["id"]
    done = newsagg("--database-url", db_url, "review", "undo", "--correction", str(chain_id), "--by", "reza")
    assert f"undone: correction {chain_id} of chain {tabnak.article_id}" in done.stdout
    assert reviews.history(conn, article_id=tabnak.article_id)[0]["undone_by"] == "reza"

    reviews.confirm_origin(conn, isna.cluster_id, "maryam")
    origin_id = reviews.history(conn, cluster_id=isna.cluster_id)[0]["id"]
    assert origin_id == chain_id  # the two tables number apart (a fresh schema: both 1): the live one is meant
    done = newsagg("--database-url", db_url, "review", "undo", "--correction", str(origin_id), "--by", "reza")
    assert f"undone: correction {origin_id} of origin {isna.cluster_id}" in done.stdout

    reviews.confirm_chain(conn, tabnak.article_id, "maryam")  # chain 2 and origin 2, both live: say which
    reviews.confirm_origin(conn, isna.cluster_id, "maryam")
    ambiguous = newsagg("--database-url", db_url, "review", "undo", "--correction", "2", "--by", "reza", check=False)
    assert ambiguous.returncode == 2 and "say which (review undo chain|origin --correction 2)" in ambiguous.stderr
    done = newsagg("--database-url", db_url, "review", "undo", "chain", "--correction", "2", "--by", "reza")
    assert f"undone: correction 2 of chain {tabnak.article_id}" in done.stdout

    missing = newsagg("--database-url", db_url, "review", "undo", "--correction", "999999", "--by", "reza", check=False)
    assert missing.returncode == 2 and "no correction with id 999999" in missing.stderr and "Traceback" not in missing.stderr
