"""The shared cluster index after a restart: what the in-memory index decided must come back from the store."""
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.storage.db import connect
from newsagg.pipelines.storage.store import Store
from tests.helpers import OTHER, STORY, item

FILLER = [f"گزارش شماره {n} کمیسیون درباره بودجه سال آینده و سهم استان‌ها از اعتبارات عمرانی در جلسه امروز بررسی شد و نمایندگان نظر دادند."
          for n in range(3)]


def test_a_roundup_reloaded_after_a_restart_still_takes_no_second_item(conn, db_url):
    """Containment is not transitive (ClusterIndex.assign): a roundup through which one item joined
    takes no second one. A new process rebuilds that from the stored memberships."""
    first = Store(conn, DedupConfig())
    digest = first.save(item("https://www.tabnak.ir/fa/news/1", "tabnak.ir", STORY + OTHER + FILLER[:2], title="خبرهای امروز"))
    one = first.save(item("https://www.isna.ir/news/2", "isna.ir", STORY, title="دیدار", minutes=60))
    with connect(db_url) as later_conn:
        later = Store(later_conn, DedupConfig())  # a new process: empty memory, same database
        two = later.save(item("https://www.irna.ir/news/3", "irna.ir", OTHER, title="والیبال", minutes=120))
    assert one.cluster_id == digest.cluster_id
    assert two.cluster_id != digest.cluster_id


def test_in_one_process_the_roundup_takes_the_second_item_of_its_own_when_it_is_a_copy(conn):
    """The rule stops a second *part*; a copy of the roundup itself still joins it."""
    store = Store(conn, DedupConfig())
    digest = store.save(item("https://www.tabnak.ir/fa/news/1", "tabnak.ir", STORY + OTHER + FILLER[:2], title="خبرهای امروز"))
    store.save(item("https://www.isna.ir/news/2", "isna.ir", STORY, title="دیدار", minutes=60))
    copy = store.save(item("https://www.asriran.com/fa/news/3", "asriran.com", STORY + OTHER + FILLER[:2], title="خبرهای امروز", minutes=90))
    assert copy.cluster_id == digest.cluster_id


def test_a_batch_spread_over_minutes_reads_one_window_and_still_finds_a_story_another_process_stored(conn, db_url):
    """The windows of a batch's articles are merged before the stored neighbours are read: articles a
    minute apart (as a crawl stores them) once cost a query each and a list of windows that grew by one."""
    with connect(db_url) as other_conn:  # another process: not in this one's memory
        first = Store(other_conn, DedupConfig()).save(item("https://www.isna.ir/news/1", "isna.ir", STORY, title="دیدار"))
    store = Store(conn, DedupConfig())
    batch = [item(f"https://www.tabnak.ir/fa/news/{n}", "tabnak.ir", [text], title=f"بودجه {n}", minutes=10 + n)
             for n, text in enumerate(FILLER)]
    saved = store.save_many([*batch, item("https://www.irna.ir/news/9", "irna.ir", STORY, title="دیدار", minutes=14)])
    assert saved[-1].cluster_id == first.cluster_id
    assert len(store.clusters._covered) == 1  # one span around the batch, not one window an article
