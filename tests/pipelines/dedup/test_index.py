from datetime import timedelta

import numpy as np

from newsagg.pipelines.dedup import ClusterIndex, DedupConfig
from newsagg.pipelines.dedup.signature import signature
from newsagg.pipelines.normalize import normalize_story
from tests.helpers import OTHER, STORY, T0

# A recipe template as an outlet repeats it: two fixed sentences, one of its own.
INTRO = ["ترشی‌ها از جمله مخلفاتی هستند که در سفره ایرانی جایگاه ویژه‌ای دارند و طرفداران زیادی دارند.",
         "در ادامه این مطلب از بخش آشپزی طرز تهیه یکی از خوشمزه‌ترین ترشی‌های خانگی را آموزش می‌دهیم."]
DISHES = ["برای تهیه ترشی بادمجان ابتدا بادمجان‌ها را بخارپز کرده و با سیر و نعناع خشک لایه لایه در ظرف بچینید.",
          "برای ترشی هفت بیجار کلم و هویج و گل کلم را خرد کنید و با سرکه انگور و ادویه مخصوص مخلوط کنید.",
          "ترشی لیته را با بادمجان کبابی و سبزی معطر خشک و سرکه سفید درست کنید و چند هفته صبر کنید.",
          "برای ترشی انبه انبه کال را با نمک و زردچوبه و فلفل قرمز و روغن خردل مخلوط و در آفتاب بگذارید."]


def sig(body):
    return signature(normalize_story("", "\n".join(body)))


def test_items_of_one_template_stay_apart_and_a_copy_of_one_joins():
    index = ClusterIndex(DedupConfig())
    clusters = [index.assign(f"r{i}", sig(INTRO + [dish]), T0 + timedelta(hours=i), i, "tabnak").cluster
                for i, dish in enumerate(DISHES)]
    copy = index.assign("copy", sig(INTRO + [DISHES[3]]), T0 + timedelta(hours=5), 99, "tabnak")
    assert len(set(clusters)) == len(DISHES)
    assert copy.cluster == clusters[3]


def test_a_story_is_compared_through_a_bounded_set_of_representatives():
    config = DedupConfig(representatives=4)
    index = ClusterIndex(config)
    variants = [[f"به گزارش خبرگزاری شماره {n} که این خبر را منتشر کرد، " + STORY[0], *STORY[1:]] for n in range(40)]
    assigned = [index.assign(i, sig(v), T0 + timedelta(minutes=i), i, f"outlet{i}") for i, v in enumerate(variants)]
    assert {a.cluster for a in assigned} == {0}
    assert len(index.members(0)) <= 4 and sum(e.indexed for e in index.entries.values()) <= 4
    assert len(index.candidates(sig(STORY))) <= 4
    assert index.assign("other", sig(OTHER), T0, 1000).cluster == 1000


def test_removing_an_article_takes_it_out_of_both_indexes():
    index = ClusterIndex(DedupConfig())
    index.assign("a", sig(STORY), T0, 1)
    index.remove("a")
    assert index.candidates(sig(STORY)) == set() and not any(index.by_sentence.alive)


def test_bands_are_the_ones_datasketch_would_choose():
    from datasketch.lsh import _optimal_param

    from newsagg.pipelines.dedup.index import optimal_bands

    for threshold in (0.3, 0.5, 0.8):
        assert optimal_bands(threshold, 128) == _optimal_param(threshold, 128, 0.5, 0.5)


def test_two_days_of_one_report_stay_apart_even_when_most_figures_carry_over():
    fixed = [f"نرخ رسمی ارز شماره {n} در سامانه نیما بدون تغییر نسبت به هفته گذشته اعلام شد و معاملات ادامه یافت." for n in range(20, 40)]

    def day(prices):
        return [f"قیمت دلار در بازار آزاد امروز به {p} تومان رسید و خریداران زیادی در صف صرافی‌ها ایستادند." for p in prices] + fixed

    index = ClusterIndex(DedupConfig())
    first = index.assign("d1", sig(day([13100, 13250, 13520, 14600])), T0, 1)
    second = index.assign("d2", sig(day([13150, 13400, 13580, 14650])), T0 + timedelta(days=1), 2)
    again = index.assign("d1b", sig(day([13100, 13250, 13520, 14600])), T0 + timedelta(hours=2), 3)
    assert second.cluster != first.cluster and again.cluster == first.cluster


def test_the_band_index_finds_the_same_articles_before_and_after_merging():
    from newsagg.pipelines.dedup.index import BandIndex

    texts = [STORY[i:] + OTHER[: j + 1] for i in range(3) for j in range(3)] + [OTHER, STORY]
    sigs = [sig(t) for t in texts]
    small, never = BandIndex(0.5, 128, min_buffer=2), BandIndex(0.5, 128, min_buffer=10**6)
    rows = [(small.insert(n, s), never.insert(n, s)) for n, s in enumerate(sigs)]
    assert len(small.table.sorted_keys) and not len(never.table.sorted_keys)  # one merged, one still in its buffer
    for r_small, r_never in rows[::3]:
        small.remove(r_small)
        never.remove(r_never)
    small.table.merge()
    for s in sigs:
        assert small.query(s) == never.query(s)
    assert small.query(sigs[1]) >= {1} and 0 not in small.query(sigs[0])


def test_a_merge_keeps_every_live_row_under_its_keys_in_insertion_order():
    """Merging inserts the sorted recent keys into the sorted part: the arrays a stable sort of all live
    (key, row) pairs gives, through many merges, equal keys and removals."""
    from newsagg.pipelines.dedup.index import RowIndex

    rng = np.random.default_rng(5)
    index, pairs, dead = RowIndex(min_buffer=40), [], set()
    for row in range(2000):
        keys = rng.integers(0, 300, size=int(rng.integers(0, 6))).astype(np.uint64)
        assert index.insert(row, keys) == row
        pairs += [(int(k), row) for k in keys]
        if row > 5 and rng.random() < 0.2:
            gone = int(rng.integers(0, row))
            index.remove(gone)
            dead.add(gone)
    index.merge()
    live = sorted(((k, r) for k, r in pairs if r not in dead), key=lambda p: p[0])  # stable: rows in order
    assert index.sorted_keys.tolist() == [k for k, _ in live] and index.sorted_rows.tolist() == [r for _, r in live]


# Ten sentences of a long piece on another subject: what an excerpt is cut from.
FILLER = [f"گزارش شماره {n} کمیسیون درباره بودجه سال آینده و سهم استان‌ها از اعتبارات عمرانی در جلسه امروز بررسی شد و نمایندگان نظر دادند."
          for n in range(10, 30)]


def test_an_excerpt_cut_from_deep_inside_a_longer_text_joins_it():
    index = ClusterIndex(DedupConfig())
    full = index.assign("full", sig(FILLER + STORY), T0, 1, "roozno")
    excerpt = index.assign("excerpt", sig(STORY[1:3]), T0 + timedelta(days=2), 2, "asriran")
    assert excerpt.cluster == full.cluster and excerpt.best.reason == "contained"


def test_a_repost_edited_in_most_sentences_joins_when_its_letters_are_in_the_other():
    edited = [STORY[0].replace("امروز", "روز پنجشنبه").replace("گفت", "اظهار داشت"),
              STORY[1].replace("آماده", "مایل به"), STORY[2]]  # one sentence left verbatim
    index = ClusterIndex(DedupConfig())
    source = index.assign("source", sig(STORY + OTHER + FILLER[:3]), T0, 1, "isna")
    repost = index.assign("repost", sig(edited), T0 + timedelta(hours=1), 2, "tabnak")
    assert repost.best is not None and repost.best.jaccard < 0.5 and repost.best.containment >= 0.8
    assert repost.cluster == source.cluster
    # one verbatim sentence and little else in common is not enough
    index.assign("topic", sig([STORY[2], *OTHER]), T0 + timedelta(hours=2), 3, "roozno")
    assert index.cluster_of("topic") == 3


def test_two_items_of_one_digest_are_not_made_one_story_through_it():
    """A daily roundup pastes whole items; each item is contained in it, but containment does not
    carry over: the second item starts its own story, and its own repost joins that one."""
    index = ClusterIndex(DedupConfig())
    digest = index.assign("digest", sig(STORY + OTHER + FILLER[:2]), T0, 1, "tabnak")
    first = index.assign("first", sig(STORY), T0 + timedelta(hours=1), 2, "isna")
    second = index.assign("second", sig(OTHER), T0 + timedelta(hours=2), 3, "irna")
    again = index.assign("again", sig(OTHER), T0 + timedelta(hours=3), 4, "asriran")
    assert first.cluster == digest.cluster
    assert second.cluster == 3 and again.cluster == 3


def test_a_sentence_in_more_indexed_articles_than_the_bound_makes_no_candidate():
    from newsagg.pipelines.dedup.index import RowIndex

    rows = RowIndex(min_buffer=4, common=3)
    stock, own = np.uint64(7), [np.uint64(100 + n) for n in range(6)]
    for n in range(6):
        rows.insert(n, np.array([stock, own[n]], dtype=np.uint64))  # merged into the sorted part on the way
    assert rows.query(np.array([stock], dtype=np.uint64)) == set()
    assert rows.query(np.array([stock, own[4]], dtype=np.uint64)) == {4}
    for n in range(3):
        rows.remove(n)
    assert rows.query(np.array([stock], dtype=np.uint64)) == {3, 4, 5}  # three live rows: within the bound


def test_an_excerpt_joins_a_long_text_another_process_loaded_from_the_store():
    """The store's index is loaded with `add` (a new process, next week): every indexed sentence is there too."""
    from newsagg.pipelines.dedup import Entry

    loaded = ClusterIndex(DedupConfig())
    loaded.add(Entry("full", sig(FILLER + STORY), T0, 1, "roozno"))
    excerpt = loaded.assign("excerpt", sig(STORY[2:]), T0 + timedelta(days=3), 2, "asriran")
    assert excerpt.cluster == 1
