"""The per-outlet rollup behind outlet_activity equals a full recount after every kind of write."""
from newsagg.pipelines.storage import reviews
from tests.helpers import OTHER, STORY, item


def same_as_recount(conn) -> list:
    kept = conn.execute("select * from outlet_activity order by outlet_id").fetchall()
    assert kept == conn.execute("select * from outlet_activity_full order by outlet_id").fetchall()
    return kept


def totals(rows) -> tuple[int, ...]:
    return tuple(sum(r[i] for r in rows) for i in range(3, 9))


def test_the_rollup_equals_a_recount_after_saves_merges_and_reviews(store, conn):
    assert totals(same_as_recount(conn)) == (0,) * 6
    origin = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    store.save(item("https://nabzebazar.com/a/", "nabzebazar.com", ["به گزارش نبض بازار به نقل از ایسنا، " + STORY[0], *STORY[1:]], minutes=90))
    store.save_many([item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY[:3], minutes=200),
                     item("https://www.varzesh3.com/news/9", "varzesh3.com", OTHER, title="پیروزی والیبال", minutes=30),
                     item("https://www.unknown-outlet.ir/1", "unknown-outlet.ir", OTHER, minutes=40)])
    after_saves = totals(same_as_recount(conn))
    assert all(after_saves[:5]) and after_saves[5]  # every column is exercised
    # two halves of a story, then the whole text bridges them (a merge, when it proves one story)
    store.save(item("https://x.example/a", "isna.ir", STORY[:2] + ["جمله اول برای متمایز شدن این گزارش از گزارش دیگر است که طولانی است."], minutes=3000))
    store.save_many([item("https://x.example/b", "irna.ir", STORY[2:] + ["جمله دوم برای متمایز شدن این گزارش از گزارش نخست است که طولانی است."], minutes=3005),
                     item("https://x.example/c", "mehrnews.com", STORY, minutes=3010)])
    same_as_recount(conn)
    # an edit changes the chain; reviewers change a chain and an origin
    store.save(item("https://nabzebazar.com/a/", "nabzebazar.com", STORY, minutes=90))
    same_as_recount(conn)
    copy = conn.execute("select id from articles where url like '%%tabnak%%'").fetchone()[0]
    reviews.correct_chain(conn, copy, ["tabnak.ir", "isna.ir"], "reviewer-1")
    same_as_recount(conn)
    reviews.correct_origin(conn, origin.cluster_id, "irna.ir", "reviewer-2", allow_unknown=True)
    assert same_as_recount(conn) != after_saves
