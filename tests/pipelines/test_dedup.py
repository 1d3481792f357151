import json
from datetime import timedelta

from newsagg.pipelines.dedup import ClusterIndex, DedupConfig
from newsagg.pipelines.dedup.signature import minhash_from_bytes, shingle_hashes, signature
from newsagg.pipelines.normalize import normalize_story
from tests.conftest import newsagg
from tests.helpers import OTHER, STORY, T0


def sig(body, title="", lead=None):
    return signature(normalize_story(title, "\n".join(body), lead))


def test_shingles_are_unique_32_bit_and_ignore_separators():
    h = shingle_hashes("رئیس جمهور روسیه", 5)
    assert h.dtype.name == "uint32" and len(h) == len(set(h.tolist()))
    assert (shingle_hashes("رئیسجمهور روسیه", 5) == h).all()


def test_signature_round_trips_through_bytes():
    s = sig(STORY)
    back = minhash_from_bytes(s.to_bytes(), 128)
    assert back.jaccard(s.minhash) == 1.0


def test_reposts_join_and_other_stories_do_not():
    index = ClusterIndex(DedupConfig())
    first = index.assign("a", sig(STORY), T0, 1)
    edited = index.assign("b", sig(["به گزارش تسنیم، " + STORY[0].replace("\u200c", ""), *STORY[1:]], title="عنوان دیگر"), T0 + timedelta(hours=2), 2)
    truncated = index.assign("c", sig(STORY[:2]), T0 + timedelta(hours=3), 3)
    lead_only = index.assign("d", sig(STORY[:1], lead="خلاصه‌ای که بازنویسی شده است"), T0 + timedelta(hours=4), 4)
    other = index.assign("e", sig(OTHER), T0 + timedelta(hours=1), 5)
    assert first.best is None and first.cluster == 1
    assert edited.cluster == truncated.cluster == lead_only.cluster == 1
    assert truncated.best.reason == "contained"
    assert other.cluster == 5


def test_templated_daily_reports_with_other_figures_are_different_stories():
    def report(day, price, euro):
        return [f"قیمت دلار آمریکا امروز {day} مهر در بازار آزاد تهران به {price} تومان رسید و نسبت به دیروز تغییر کرد.",
                f"یورو نیز با قیمت {euro} تومان در صرافی‌های بانکی معامله شد و پوند در همان محدوده ماند.",
                "فعالان بازار ارز معتقدند روند قیمت‌ها در روزهای آینده به تحولات سیاسی بستگی دارد."]
    index = ClusterIndex(DedupConfig())
    d12 = index.assign("12", sig(report("۱۲", "۱۰۲,۴۵۰", "۱۱۹,۳۰۰"), title="قیمت دلار امروز ۱۲ مهر"), T0, 1)
    d13 = index.assign("13", sig(report("۱۳", "۱۰۱,۹۸۰", "۱۱۸,۷۵۰"), title="قیمت دلار امروز ۱۳ مهر"), T0 + timedelta(days=1), 2)
    again = index.assign("12b", sig(report("12", "102,450", "119,300"), title="دلار ۱۰۲ هزار تومانی شد"), T0 + timedelta(hours=1), 3)
    assert d12.cluster != d13.cluster
    assert again.cluster == d12.cluster  # the same day's report in Latin digits is a repost


def test_the_time_window_keeps_old_stories_apart():
    index = ClusterIndex(DedupConfig(window_days=2))
    index.assign("old", sig(STORY), T0, 1)
    late = index.assign("new", sig(STORY), T0 + timedelta(days=3), 2)
    undated = index.assign("undated", sig(STORY), None, 3)
    assert late.cluster == 2
    assert undated.cluster in (1, 2)  # no date: compared with everything


def test_a_merged_report_does_not_bridge_two_stories():
    index = ClusterIndex(DedupConfig())
    a = index.assign("a", sig(STORY), T0, 1)
    b = index.assign("b", sig(OTHER), T0, 2)
    merged = index.assign("m", sig(STORY[:2] + OTHER[:2]), T0 + timedelta(hours=1), 3)
    assert merged.merged == ()
    assert index.cluster_of("a") == a.cluster != index.cluster_of("b") == b.cluster


def test_dedup_command_keeps_its_contract(tmp_path):
    rows = [
        {"id": "isna-1", "url": "https://www.isna.ir/news/1", "title": "گفت‌وگوی پوتین", "body": "\n".join(STORY), "published": "2023-10-13T09:00:00Z"},
        {"id": "nabz-1", "url": "https://nabzebazar.com/a/", "title": "پوتین و علی‌اف", "body": "به گزارش نبض بازار به نقل از ایسنا، " + "\n".join(STORY), "published": "2023-10-13T10:00:00+00:00"},
        {"id": "aran-1", "url": "https://arannews.com/news/1/", "title": "پوتین", "body": "به گزارش آران نیوز به نقل از نبض بازار، " + "\n".join(STORY).replace("\u200c", ""), "published": "2023-10-13T12:00:00"},
        {"id": 7, "url": "https://example.org/x", "outlet": "varzesh3.com", "title": "والیبال", "body": "\n".join(OTHER)},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{not json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = newsagg("dedup", str(src), "-o", str(out), check=False)
    assert done.returncode == 2 and "line 5" in done.stderr and "Traceback" not in done.stderr
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [g["id"] for g in got] == ["isna-1", "nabz-1", "aran-1", 7, None]
    assert set(got[0]) == {"id", "cluster", "chain", "origin"}
    assert got[0]["cluster"] == got[1]["cluster"] == got[2]["cluster"] == "isna-1"
    assert got[3]["cluster"] == 7
    assert got[2]["chain"] == ["arannews.com", "nabzebazar.com"]  # its own text credits only Nabz-e Bazar
    assert got[1]["chain"] == ["nabzebazar.com", "isna.ir"]
    assert {g["origin"] for g in got[:3]} == {"isna.ir"} and got[3]["origin"] == "varzesh3.com"
    assert got[4]["cluster"] is None and "error" in got[4]
