from datetime import timedelta

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
    assert index.candidates(sig(STORY)) == set() and not index.by_sentence


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
    assert len(small.sorted_keys) and not len(never.sorted_keys)  # one merged, one still in its buffer
    for r_small, r_never in rows[::3]:
        small.remove(r_small)
        never.remove(r_never)
    small.merge()
    for s in sigs:
        assert small.query(s) == never.query(s)
    assert small.query(sigs[1]) >= {1} and 0 not in small.query(sigs[0])
