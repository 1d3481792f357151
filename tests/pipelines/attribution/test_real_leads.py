"""The chain parser on real leads, one test per class of issue 14 (leads quoted, shortened, from
../shared/texts/ir-news-2019: Asriran, Tabnak, Roozno and Mashregh, 2019-2020), and the whole
labelled set's floors."""
import json

import pytest

from newsagg.pipelines.attribution import SourceResolver, parse_chain
from newsagg.pipelines.attribution.chain import _OPENER, _may_credit, default_resolver, unglue
from newsagg.pipelines.attribution.selfnames import learn
from newsagg.pipelines.credits import CREDIT_OPENER
from newsagg.pipelines.evaluate import (
    BLIND2_SET,
    BLIND3_SET,
    BLIND4_SET,
    BLIND5_SET,
    BLIND6_SET,
    BLIND7_SET,
    BLIND8_SET,
    BLIND11_SET,
    BLIND12_SET,
    BLIND13_SET,
    BLIND14_SET,
    BLIND15_SET,
    BLIND16_SET,
    BLIND_SET,
    DATA,
    FRESH_SET,
    LATER_SETS,
    REAL_SET,
    SHARED_TEXTS,
    LabelledSet,
    join_texts,
    kept_blind,
    load,
    readers_agreement,
    real_attribution,
    unread,
)
from newsagg.pipelines.normalize import fold

# Self-names as `learn` finds them in the shared corpus (tested below); the registry lists neither outlet.
LEARNED = SourceResolver(learned={"roozno.com": ("روز نو",), "mashreghnews.ir": ("مشرق",)})


def hops(text: str, publisher: str) -> list[tuple[str, str]]:
    chain = parse_chain(text.split("\n"), publisher, LEARNED)
    return [(fold(h.source), h.kind) for h in chain.hops[1:]]


def names(text: str, publisher: str) -> list[str]:
    return [n for n, _ in hops(text, publisher)]


CASES = {
    "self_credit_of_an_unknown_outlet_and_its_misspellings": [
        ("به گزارش روز نو ، حجت الاسلام و المسلمین سیدابراهیم رئیسی ظهر امروز در دیدار با خانواده شهدا سخن گفت.", "roozno.com", []),
        ("به گزارش رو زنو ، به نقل از سایت وزارت خارجه آمریکا، این وزارتخانه روز سه‌شنبه از تحریم چند فرد خبر داده است.",
         "roozno.com", ["وزارت خارجه امریکا"]),
        ("به گزارش رزو نو ، نمایندگان مجلس امروز درباره بودجه رای دادند.", "roozno.com", []),
        ("به گزارش روزنو؛ این اندیشکده در ادامه می نویسد: سیاستگذاران اقتصادی ایران باید بازنگری کنند.", "tabnak.ir", ["roozno.com"]),
    ],
    "second_hop_without_naql": [
        ("به گزارش ایسنا، روزنامه شرق نوشت: «سرمربی تیم ملی همین روزها قرار است معرفی شود.»", "asriran.com", ["isna.ir", "شرق"]),
        ("به گزارش ایسنا، به نوشته روزنامه دیلی میل، عمده متون مربوط به بازجویی رابرت مولر منتشر شد.", "tabnak.ir",
         ["isna.ir", "دیلی میل"]),
        ("به گزارش فارس، روزنامه ژاپن تایمز به نقل از منابع دیپلماتیک گزارش داد که آمریکا با طرح توکیو موافقت کرده است.",
         "asriran.com", ["farsnews.ir", "ژاپن تایمز"]),
        ("به گزارش، بر اساس اعلام ایران خودرو این شرکت از ساعت 11 صبح پنج شنبه پیش فروش را آغاز می کند.", "asriran.com",
         ["ایران خودرو"]),
    ],
    "glued_words": [
        ("به گزارشمهربه نقل از وزارت نفت، قیمت سبد نفتی اوپک به ۶۵ دلار رسید.", "tabnak.ir", ["mehrnews.com", "وزارت نفت"]),
        ("تخلفات شهرداری تهرانبه گزارش روز نو : یکی از درآمدهای شهرداری تهران از راه تراکم فروشی است.", "roozno.com", []),
        ("ادامه دارد.به گزارش ایلنا، نمایندگان امروز جلسه داشتند.", "asriran.com", ["ilna.ir"]),
    ],
    "names_end_before_the_sentence_runs_on": [
        ("به گزارش روابط عمومی بانک ملی ایران، مشتریان گرامی می‌توانند رمز پویای کارت خود را فعال کنند.", "tabnak.ir",
         ["بانک ملی ایران"]),
        ("به گزارش تابناک به نقل از پایگاه اطلاع رسانی دفتر هیئت دولت در جلسه امروز هیئت وزیران، اعضای دولت بحث کردند.",
         "tabnak.ir", ["دفتر هییت دولت"]),
    ],
    "speakers_are_not_sources": [
        ("به گزارش روز نو ، اسپوتنیک به نقل از لیندسی گراهام، رئیس کمیته قضایی سنای آمریکا گفت: برجام باید جایگزین شود.",
         "roozno.com", ["sputniknews.com"]),
        ("وزارت خزانه‌داری آمریکا اعلام کرد تحریم‌های تازه‌ای وضع کرده است.\nبه گزارش ایسنا به نقل از سایت سومریه نیوز، این تحریم‌ها اعمال شد.",
         "tabnak.ir", ["isna.ir", "سومریه نیوز"]),
        ("به گزارش روز نو ، اسدالله عباسی در جمع خبرنگاران گفت: براساس گزارش ارائه شده از سوی آقای نمکی وضعیت کنترل شده است.",
         "roozno.com", []),
    ],
    "body_citations_are_not_hops": [
        ("به گزارش ایسنا، درگیری‌ها در بغداد ادامه دارد.\nمعترضان در میدان التحریر جمع شدند.\nنیروهای امنیتی مستقر شدند.\n"
         "خبرگزاری رویترز به نقل از شاهدان عینی گزارش کرد که دست‌کم سه نفر کشته شدند.", "asriran.com", ["isna.ir"]),
        ("اگرچه درگیری‌ها در یمن فروکش کرده است، حملات ادامه دارد.\nیگان پهپادی ارتش یمن یک پادگان را هدف قرار داد و "
         "بر اساس اعلام وزارت خارجه دولت مستعفی یمن ده نفر کشته شدند.", "mashreghnews.ir", []),
    ],
    "sign_offs_and_bare_tags": [
        ("به نقل از وب سایت خبری تحلیلی Engadget،قابلیت‌های عرضه شده برای یوتیوب تحول زیادی داشته است.\nمتن خبر.\nمنبع: ایتنا",
         "asriran.com", ["ایتنا", "engadget"]),
        ("چهار روز از آغاز بررسی پرونده استیضاح گذشته است.\nخبرگزاری مهر گروه بین‌الملل: جلسات استیضاح دونالد ترامپ آغاز شده است.",
         "tabnak.ir", ["mehrnews.com"]),
        ("به گزارش روز نو :منوچهر جمالي، نماينده رودبار در مجلس گفته است: جنگل‌هاي شمال در خطرند.\nادامه خبر.\nآرمان ملی",
         "roozno.com", ["ارمان ملی"]),
    ],
    "empty_vague_and_misspelled_credits": [
        ("به گزارش گروه سلامت به نقل از \"\"، کروناویروس ها خانواده ای بزرگ از ویروس ها هستند.", "asriran.com", []),
        ("به گزارش ایرنا به نقل از رسانه های عراق، عده ای از اغتشاشگران به مقر نیروها حمله کردند.", "asriran.com", ["irna.ir"]),
        ("به گزرش ایرنا، نشست امروز برگزار شد.", "asriran.com", ["irna.ir"]),
        ("به گزارش به نقل از یورونیوز، این نوع ویزای جدید ETIAS نام گرفته است.", "asriran.com", ["parsi.euronews.com"]),
    ],
    "zwnj_in_credits": [
        ("به‌گزارش ایسنا، شورای شهر امروز تشکیل جلسه داد.", "asriran.com", ["isna.ir"]),
        ("به گزارش روابط‌عمومی محک، همه دعوت هستند.", "asriran.com", ["محک"]),
    ],
}


@pytest.mark.parametrize("case,text,publisher,expected",
                         [(c, *x) for c, xs in CASES.items() for x in xs], ids=lambda v: v if isinstance(v, str) and len(v) < 60 else "")
def test_real_lead(case, text, publisher, expected):
    assert names(text, publisher) == [fold(e) for e in expected]


def test_sources_have_kinds():
    assert hops("به گزارش روابط عمومی بانک ملی ایران، مشتریان گرامی.", "tabnak.ir") == [("بانک ملی ایران", "press_office")]
    assert hops("به گزارش مشرق، محمد ایمانی تحلیلگر مسائل سیاسی و فعال رسانه ای در کانال تلگرامی خود نوشت:مایک پمپئو "
                "این روزها دچار بیش فعالی است.", "mashreghnews.ir") == [("محمد ایمانی", "person")]
    assert hops("علی ربیعی سخنگوی دولت در روزنامه ایران نوشت: این روزها ضرورت اقناع افکار عمومی را می‌شنویم.",
                "asriran.com") == [("ایران", "outlet"), ("علی ربیعی", "person")]
    chain = parse_chain(["به گزارش ایسنا به نقل از رویترز، قیمت نفت بالا رفت."], "asriran.com")
    assert chain.origin_kind == "outlet" and [h.kind for h in chain.hops] == ["outlet"] * 3


def test_one_credit_opener_alternation():
    assert CREDIT_OPENER in _OPENER.pattern
    assert unglue("صادر کردبه گزارش ایسنا") == "صادر کرد به گزارش ایسنا"
    assert unglue("روز سه‌شنبه گزارش داد") == "روز سه‌شنبه گزارش داد"   # «سه‌شنبه» ends in «به»: left alone
    assert unglue("به گزارشگر ما گفت") == "به گزارشگر ما گفت"
    # the cheap scan that comes before the opener pattern passes every opener the pattern knows
    for opener in ("به گزارش", "به‌گزارش", "به گزرش", "به نقل از", "به نوشته", "بنا بر گزارش", "بنابه اعلام", "بنا بر نوشته",
                   "بر اساس گزارش", "براساس اعلام", "طبق گزارش", "طبق اعلام", "به استناد گزارش"):
        assert _OPENER.search(f"{opener} ایسنا،") and _may_credit(f"{opener} ایسنا،")


def test_self_names_are_learned_from_an_outlets_own_leads(shared):
    with SHARED_TEXTS.open(encoding="utf-8") as f:
        articles = [(a["outlet"], a["body"].split("\n")) for a in map(json.loads, f)]
    learned = learn(articles)
    assert "روز نو" in learned["roozno.com"] and "مشرق" in learned["mashreghnews.ir"]
    assert "asriran.com" not in learned  # registry outlets are not relearned


# A name is a fragment when it is a lone descriptor, holds a verb of saying or a time word, opens with a
# clause word, runs past six words, or holds a registry outlet's name that it should have resolved to.
_DESCRIPTORS = {fold(w) for w in ("روزنامه", "سایت", "خبرگزاری", "شبکه", "نشریه", "پایگاه", "رسانه", "کانال", "گروه", "خبرنگار")}
_VERBS = ("اعلام کرد", "گفت", "نوشت", "گزارش داد", "خبر داد", "افزود", "اظهار", "کرده", "است")
_TIME = {fold(w) for w in ("امروز", "دیروز", "صبح", "ظهر", "شامگاه", "بامداد", "امشب")}
_CLAUSE = {fold(w) for w in ("که", "از", "در", "با", "به", "را", "این", "و")}


def fragment(name: str, resolver: SourceResolver, longest: int = 6) -> str | None:
    words = fold(name).split()
    if not words:
        return "empty"
    if len(words) == 1 and (words[0] in _DESCRIPTORS or len(words[0]) < 2):
        return "lone descriptor"
    if any(f" {fold(v)} " in f" {' '.join(words)} " for v in _VERBS):
        return "verb of saying"
    if _TIME & set(words):
        return "time word"
    if words[0] in _CLAUSE or words[-1] in _CLAUSE:
        return "clause word"
    if len(words) > longest:
        return "run-on"
    if any(resolver.known_at_start(" ".join(words[i:])) for i in range(1, len(words))):
        return "holds a registry name"
    return None


def test_no_source_name_is_a_fragment(shared):
    synthetic = load(DATA / "attribution_dev.jsonl")
    real = join_texts(load(REAL_SET)) or []
    real += join_texts(load(FRESH_SET)) or []  # both halves, read since round three
    real += join_texts(load(BLIND_SET)) or []  # both halves, read since round four
    real += join_texts(load(BLIND2_SET)) or []  # both halves, read since round five
    docs = [(r["paragraphs"], r["publisher"]) for r in synthetic] + [(r["body"].split("\n"), r["chain"][0]) for r in real]
    produced = {(h.source, h.kind) for paragraphs, publisher in docs for h in parse_chain(paragraphs, publisher, LEARNED).hops[1:]
                if not h.known}
    assert len(produced) > 50
    # (a press office's name may be long: «معاونت امور مطبوعاتی و اطلاع‌رسانی وزارت فرهنگ و ارشاد اسلامی»)
    bad = {n: why for n, kind in produced if (why := fragment(n, LEARNED, 10 if kind == "press_office" else 6))}
    assert not bad


def test_real_lead_set_figures(shared):
    rows = join_texts(load(REAL_SET))
    assert rows is not None and len(rows) == 300
    r = real_attribution(rows)
    assert {"dev", "held_out", "whole"} <= set(r) and r["dev"]["cases"] + r["held_out"]["cases"] == 300
    # floors a little under today's figures (dev 1.0, held-out 0.97, whole 0.99): a regression fails, not a new lead style
    assert r["dev"]["exact_chain_accuracy"] >= 0.97 and r["held_out"]["exact_chain_accuracy"] >= 0.94
    assert r["whole"]["exact_chain_accuracy"] >= 0.95 and r["whole"]["origin_accuracy"] >= 0.95
    assert r["whole"]["origin_kind_accuracy"] >= 0.93 and r["whole"]["hops"]["f1"] >= 0.95
    assert r["whole"]["errors_by_class"]["no_credit"]["cases"] == 45


def test_fresh_set_figures_and_a_blind_half_is_counted_never_listed(shared):
    rows = join_texts(load(FRESH_SET))
    assert rows is not None and len(rows) == 150
    r = real_attribution(rows)
    assert (r["dev"]["cases"], r["held_out"]["cases"]) == (85, 65)
    # floors a little under today's figures (dev 0.95, held-out 0.97 after round three; 0.86 and 0.86 before round two)
    assert r["dev"]["exact_chain_accuracy"] >= 0.92 and r["dev"]["origin_accuracy"] >= 0.92
    assert r["held_out"]["exact_chain_accuracy"] >= 0.93 and r["held_out"]["origin_accuracy"] >= 0.93
    assert r["whole"]["hops"]["f1"] >= 0.94
    assert len(r["misses"]) == round(150 * (1 - r["whole"]["exact_chain_accuracy"]))  # both halves listed since round three
    # the mechanism a half kept blind is scored with: its misses counted, never listed
    half_blind = real_attribution(rows, listed=("dev",))
    assert {m["half"] for m in half_blind["misses"]} <= {"dev"} and "errors_by_class" not in half_blind["held_out"] | half_blind["whole"]
    assert half_blind["unlisted_misses"]["held_out"] == round(65 * (1 - half_blind["held_out"]["exact_chain_accuracy"]))


FLOOR_BLIND = 0.92  # first scored after round three: 0.893 exact, 0.900 origin; read in round four: 0.947 / 0.953


def test_blind_set_figures_with_both_halves_listed_since_round_four(shared):
    rows = join_texts(load(BLIND_SET))
    assert rows is not None and len(rows) == 150
    r = real_attribution(rows)
    assert len(r["misses"]) == round(150 * (1 - r["whole"]["exact_chain_accuracy"])) and "unlisted_misses" not in r
    assert r["whole"]["exact_chain_accuracy"] >= FLOOR_BLIND and r["whole"]["origin_accuracy"] >= FLOOR_BLIND
    assert r["whole"]["hops"]["f1"] >= 0.93
    # a set kept blind is still scored with its misses counted, never listed (how the next blind set is read)
    blind = real_attribution(rows, listed=())
    assert blind["misses"] == [] and not any("errors_by_class" in blind[part] for part in ("dev", "held_out", "whole"))
    assert sum(blind["unlisted_misses"].values()) == len(r["misses"])


FLOOR_BLIND2 = 0.95  # first scored after round four: 0.887 exact, 0.893 origin; read in round five: 0.980 / 0.980


def test_second_blind_set_figures_with_both_halves_listed_since_round_five(shared):
    rows = join_texts(load(BLIND2_SET))
    assert rows is not None and len(rows) == 150
    r = real_attribution(rows)
    assert len(r["misses"]) == round(150 * (1 - r["whole"]["exact_chain_accuracy"])) and "unlisted_misses" not in r
    assert r["whole"]["exact_chain_accuracy"] >= FLOOR_BLIND2 and r["whole"]["origin_accuracy"] >= FLOOR_BLIND2
    assert r["whole"]["hops"]["f1"] >= 0.95


FLOOR_BLIND3 = 0.83  # first scored after round five, adjudicated labels: 0.853 exact and origin (the two readers agreed on 0.953)
FLOOR_BLIND4 = 0.84  # first scored after round five, adjudicated labels: 0.860 exact, 0.867 origin (the readers agreed on 0.993)
FLOOR_BLIND4_READ = 0.95  # read in round seven: 0.967 exact and origin


def test_a_blind_set_is_counted_never_listed_and_skipped_when_absent(shared, tmp_path):
    assert "skipped" in kept_blind(tmp_path / "attribution_blind11.jsonl")
    assert BLIND6_SET.name == "attribution_blind6.jsonl"  # its held-out half kept blind
    blind = kept_blind(BLIND4_SET)  # the mechanism, on a set that was scored so before round seven read it
    assert blind["misses"] == [] and not any("errors_by_class" in blind[part] for part in ("dev", "held_out", "whole"))
    assert sum(blind["unlisted_misses"].values()) == round(150 * (1 - blind["whole"]["exact_chain_accuracy"]))
    assert blind["readers_agreement"]["cases"] == 150


FLOOR_BLIND5_READ = 0.97  # scored blind after rounds six and seven: 0.893 / 0.900 exact and origin; read in round eight: 0.987


def test_fifth_blind_set_figures_with_both_halves_listed_since_round_eight(shared):
    r = kept_blind(BLIND5_SET, listed=("dev", "held_out"))
    assert len(r["misses"]) == round(150 * (1 - r["whole"]["exact_chain_accuracy"])) and "unlisted_misses" not in r
    assert r["whole"]["exact_chain_accuracy"] >= FLOOR_BLIND5_READ and r["whole"]["origin_accuracy"] >= FLOOR_BLIND5_READ
    assert r["whole"]["hops"]["f1"] >= 0.97 and r["readers_agreement"]["cases"] == 150


FLOOR_BLIND6 = 0.88  # scored blind after round seven and again after round eight: 0.900 exact and origin both times (readers 0.987)
FLOOR_BLIND6_DEV_READ = 0.97  # its dev half (81) read in round nine: 0.876 -> 1.000 exact and origin; the held-out half stays blind


def test_sixth_blind_set_keeps_its_held_out_half_blind(shared):
    r = kept_blind(BLIND6_SET, listed=("dev",))
    assert {m["half"] for m in r["misses"]} <= {"dev"} and list(r["unlisted_misses"]) == ["held_out"]
    assert r["whole"]["exact_chain_accuracy"] >= FLOOR_BLIND6 and r["whole"]["origin_accuracy"] >= FLOOR_BLIND6
    assert r["dev"]["cases"] == 81 and len(r["misses"]) == round(81 * (1 - r["dev"]["exact_chain_accuracy"]))
    assert r["dev"]["exact_chain_accuracy"] >= FLOOR_BLIND6_DEV_READ and r["dev"]["origin_accuracy"] >= FLOOR_BLIND6_DEV_READ
    assert "errors_by_class" in r["dev"] and "errors_by_class" not in r["held_out"]
    assert r["readers_agreement"]["cases"] == 150


FLOOR_BLIND7_READ = 0.94  # scored blind after rounds eight and nine: 0.887 / 0.893 exact; read in round ten: 0.960 exact, 0.967 origin


def test_seventh_blind_set_figures_with_both_halves_listed_since_round_ten(shared):
    r = kept_blind(BLIND7_SET, listed=("dev", "held_out"))
    assert len(r["misses"]) == round(150 * (1 - r["whole"]["exact_chain_accuracy"])) and "unlisted_misses" not in r
    assert r["whole"]["exact_chain_accuracy"] >= FLOOR_BLIND7_READ and r["whole"]["origin_accuracy"] >= FLOOR_BLIND7_READ
    assert r["whole"]["hops"]["f1"] >= 0.94 and "errors_by_class" in r["whole"] and r["readers_agreement"]["cases"] == 150


FLOOR_BLIND8_READ = 0.92  # scored blind after rounds nine and ten: 0.893 exact, 0.907 origin (readers 0.940); read in round eleven: 0.933 / 0.947


def test_eighth_blind_set_figures_with_both_halves_listed_since_round_eleven(shared):
    r = kept_blind(BLIND8_SET, listed=("dev", "held_out"))
    assert len(r["misses"]) == round(150 * (1 - r["whole"]["exact_chain_accuracy"])) and "unlisted_misses" not in r
    assert r["whole"]["exact_chain_accuracy"] >= FLOOR_BLIND8_READ and r["whole"]["origin_accuracy"] >= FLOOR_BLIND8_READ
    assert r["readers_agreement"]["cases"] == 150


def test_the_eleventh_to_fourteenth_sets_are_listed_since_rounds_thirteen_and_fourteen():
    # blind11 (0.900 exact and origin) and blind12 (0.886 / 0.893) were scored blind after rounds eleven and twelve, then read in
    # round thirteen (their figures: test_round13.py); blind13 (0.925 / 0.933) and blind14 (0.933) were scored blind after round
    # thirteen, then read in round fourteen (test_round14.py); the halves no round has read are blind3's and blind6's held-out halves
    # and blind15 and blind16
    listed = {s.key: s.listed for s in LATER_SETS}
    assert listed["attribution_blind11"] == listed["attribution_blind12"] == ("dev", "held_out")
    assert listed["attribution_blind13"] == listed["attribution_blind14"] == ("dev", "held_out")
    assert [(s.key, h) for s in LATER_SETS for h in ("dev", "held_out") if h not in s.listed] == [
        ("attribution_blind3", "held_out"), ("attribution_blind6", "held_out"),
        ("attribution_blind15", "dev"), ("attribution_blind15", "held_out"),  # labelled during round fourteen
        ("attribution_blind16", "dev"), ("attribution_blind16", "held_out")]  # labelled after it
    assert {BLIND11_SET, BLIND12_SET, BLIND13_SET, BLIND14_SET, BLIND15_SET, BLIND16_SET} <= {s.path for s in LATER_SETS}


FLOOR_BLIND15 = 0.94  # 120 leads labelled during round fourteen, scored blind after it: 0.975 exact and origin (readers 1.000)
FLOOR_BLIND16 = 0.92  # the last 50 shared texts, labelled after round fourteen, scored blind: 0.960 exact and origin (readers 1.000)
FLOOR_UNREAD = 0.94  # blind3's and blind6's held-out halves, blind15 and blind16: 311 leads, 0.952 exact and origin after round fourteen


@pytest.mark.parametrize(("path", "cases", "floor"), [(BLIND15_SET, 120, FLOOR_BLIND15), (BLIND16_SET, 50, FLOOR_BLIND16)],
                         ids=["blind15", "blind16"])
def test_the_fifteenth_and_sixteenth_blind_sets_are_counted_never_listed(shared, path, cases, floor):
    r = kept_blind(path)
    assert r["misses"] == [] and set(r["unlisted_misses"]) == {"dev", "held_out"}
    assert r["whole"]["exact_chain_accuracy"] >= floor and r["whole"]["origin_accuracy"] >= floor
    assert r["whole"]["cases"] == r["readers_agreement"]["cases"] == cases and r["readers_agreement"]["exact_chain"] == 1.0


def test_the_unread_pool_is_every_half_no_round_has_read_and_stays_above_its_floor(shared):
    sets = tuple(s for s in LATER_SETS if s.listed != ("dev", "held_out"))
    pool = unread({s.key: kept_blind(s.path, listed=s.listed) for s in sets}, sets)
    assert pool["cases"] == 72 + 69 + 120 + 50
    assert pool["exact_chain_accuracy"] >= FLOOR_UNREAD and pool["origin_accuracy"] >= FLOOR_UNREAD


def test_the_unread_figure_pools_exactly_the_halves_no_round_has_read(shared):
    # the mechanism, on blind3 (its held-out half kept blind) and blind11 as it was kept before round thirteen read it
    sets = (next(s for s in LATER_SETS if s.key == "attribution_blind3"), LabelledSet(BLIND11_SET, (), "blind11 kept blind"))
    result = {s.key: kept_blind(s.path, listed=s.listed) for s in sets}
    u = unread(result, sets)
    assert u["halves"] == ["attribution_blind3:held_out", "attribution_blind11:dev", "attribution_blind11:held_out"]
    halves = [result["attribution_blind3"]["held_out"], result["attribution_blind11"]["whole"]]
    assert u["cases"] == sum(h["cases"] for h in halves) == 72 + 150
    right = sum(round(h["exact_chain_accuracy"] * h["cases"]) for h in halves)
    assert u["exact_chain_accuracy"] == round(right / u["cases"], 4)


def test_fourth_blind_set_figures_with_both_halves_listed_since_round_seven(shared):
    r = kept_blind(BLIND4_SET, listed=("dev", "held_out"))
    assert len(r["misses"]) == round(150 * (1 - r["whole"]["exact_chain_accuracy"])) and "unlisted_misses" not in r
    assert r["whole"]["exact_chain_accuracy"] >= FLOOR_BLIND4_READ and r["whole"]["origin_accuracy"] >= FLOOR_BLIND4_READ
    assert r["whole"]["hops"]["f1"] >= 0.95 and "errors_by_class" in r["whole"]


def test_a_blind_set_whose_dev_half_was_read_lists_only_that_halfs_misses(shared):
    blind = kept_blind(BLIND3_SET, listed=("dev",))
    assert {m["half"] for m in blind["misses"]} == {"dev"} and list(blind["unlisted_misses"]) == ["held_out"]
    assert len(blind["misses"]) == round(blind["dev"]["cases"] * (1 - blind["dev"]["exact_chain_accuracy"]))
    assert "errors_by_class" in blind["dev"] and "errors_by_class" not in blind["held_out"]
    assert blind["whole"]["exact_chain_accuracy"] >= FLOOR_BLIND3


@pytest.mark.parametrize("blind_set", [BLIND3_SET, BLIND4_SET], ids=["blind3", "blind4"])
def test_two_readers_agreement_is_measured_and_every_adjudicated_chain_is_one_of_theirs(blind_set):
    resolver = default_resolver()
    readers = [{r["id"]: [resolver.canonical(n) for n in r["chain"]] for r in load(blind_set.with_name(f"{blind_set.stem}_reader_{x}.jsonl"))}
               for x in "ab"]
    adjudicated = {r["id"]: [resolver.canonical(n) for n in r["chain"]] for r in load(blind_set)}
    assert adjudicated.keys() == readers[0].keys() == readers[1].keys()
    assert all(chain in (readers[0][i], readers[1][i]) for i, chain in adjudicated.items())
    agree = readers_agreement(blind_set, resolver)
    assert agree is not None
    assert agree["exact_chain"] == round(sum(readers[0][i] == readers[1][i] for i in adjudicated) / 150, 4) < 1


def test_the_real_set_is_skipped_with_a_reason_without_shared(tmp_path):
    assert join_texts(load(REAL_SET), tmp_path / "absent.jsonl") is None
