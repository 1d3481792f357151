"""The Python API researchers use from notebooks: the batch contract as a function, and reads."""
import newsagg
from newsagg.pipelines.storage import reviews
from tests.helpers import STORY, item


def test_dedup_as_a_function_keeps_the_batch_contract():
    body = "\n".join(STORY)
    rows = newsagg.dedup([
        {"id": "isna-1", "url": "https://www.isna.ir/news/1", "title": "گفت‌وگوی پوتین", "body": body,
         "published": "2023-10-13T09:00:00+00:00"},
        {"id": "aran-1", "url": "https://arannews.com/news/2", "title": "پوتین و علی‌اف",
         "body": "به گزارش آران نیوز به نقل از ایسنا، " + body, "published": "2023-10-13T12:00:00+00:00"},
        {"id": "broken", "title": "no url or body"},
    ])
    assert [r["id"] for r in rows] == ["isna-1", "aran-1", "broken"]
    assert rows[0]["cluster"] == rows[1]["cluster"] == "isna-1"
    assert rows[1]["chain"] == ["arannews.com", "isna.ir"] and rows[1]["origin"] == "isna.ir"
    assert rows[2]["cluster"] is None and "missing" in rows[2]["error"]


def test_connect_reads_stories_one_story_and_a_chain(store, db_url):
    origin = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    copy = store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60))
    reviews.correct_chain(store.conn, copy.article_id, ["tabnak.ir", "isna.ir"], "maryam")
    with newsagg.connect(db_url) as db:
        stories = db.stories(outlet="tabnak.ir")
        assert [(s["cluster_id"], s["size"], s["origin"]) for s in stories] == [(origin.cluster_id, 2, "isna.ir")]
        story = db.story(origin.cluster_id)
        assert {m["outlet_id"]: m["chain"] for m in story["members"]} == {"isna.ir": ["isna.ir"], "tabnak.ir": ["tabnak.ir", "isna.ir"]}
        chain = db.chain(copy.article_id)
        assert chain["chain"] == ["tabnak.ir", "isna.ir"] and chain["corrected"] and chain["reviewer"] == "maryam"
        assert [h["source"] for h in chain["hops"]] == ["tabnak.ir"]  # what the parser read; the review wins in `chain`
