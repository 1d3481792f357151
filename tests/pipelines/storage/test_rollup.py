"""The per-outlet rollup behind outlet_activity, and each story's row in it, equal a full recount after every kind of write."""
from datetime import UTC, datetime, timedelta

from newsagg.pipelines.storage import reviews
from tests.helpers import OTHER, STORY, item

THIRD = ["بهای هر گرم طلای هجده عیار امروز در بازار تهران با افزایش نسبت به روز گذشته به رکورد تازه‌ای رسید و معامله‌گران محتاط شدند."]


def same_as_recount(conn) -> list:
    kept = conn.execute("select * from outlet_activity order by outlet_id").fetchall()
    assert kept == conn.execute("select * from outlet_activity_full order by outlet_id").fetchall()
    stale = conn.execute("select r.cluster_id from cluster_rollup r where r.last_published is distinct from"
                         " (select max(a.published_at) from cluster_members m join articles a on a.id = m.article_id"
                         "  where m.cluster_id = r.cluster_id)").fetchall()
    assert stale == []  # each story's latest publication time too (010)
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


def test_the_readmes_stories_of_the_week_are_the_multi_article_stories_with_an_article_this_week(store, conn):
    from bench.store import readme_queries

    now = datetime.now(UTC)
    days = lambda d: now - timedelta(days=d)  # noqa: E731
    store.save_many([item("https://www.isna.ir/news/1", "isna.ir", STORY, published=days(7.1)),  # began last week,
                     item("https://www.tabnak.ir/fa/news/2", "tabnak.ir", STORY[:3], published=days(6.9)),  # a copy this week
                     item("https://www.varzesh3.com/news/3", "varzesh3.com", OTHER, title="پیروزی والیبال", published=days(10)),
                     item("https://www.irna.ir/news/4", "irna.ir", OTHER, title="پیروزی والیبال", published=days(9.8)),  # last week only
                     item("https://www.irna.ir/news/5", "irna.ir", THIRD, title="قیمت طلا", published=days(1))])  # one article
    sql = readme_queries(0)["the stories of the week, largest first, with who published first and the inferred origin"]
    week = conn.execute(sql).fetchall()
    story = conn.execute("select cluster_id from cluster_members m join articles a on a.id = m.article_id"
                         " where a.url = 'https://www.tabnak.ir/fa/news/2'").fetchone()[0]
    assert [(row[0], row[1]) for row in week] == [(story, 2)]
