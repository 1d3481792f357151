"""Another outlet's excerpt under its source's title joins it, also days later (`DedupConfig.title_agreement`).

The texts are written for the tests in the shape of the real set's miss `asriran-714895` /
`roozno-414956` (tests/data/real/LABELLING-dedup.md, case 5): a newspaper editorial run by one
outlet as «روزنامه اعتماد: <title>», and a day later another outlet's analysis under the same title
(one word added) that carries 7 of the editorial's 18 sentences among its own 37 (here 6 of 10 among 12).
"""
from datetime import timedelta

from newsagg.pipelines.dedup import ClusterIndex, DedupConfig
from newsagg.pipelines.dedup.index import title_overlap
from newsagg.pipelines.dedup.signature import signature, title_grams
from newsagg.pipelines.normalize import normalize_story, title_key
from newsagg.pipelines.storage.db import connect
from newsagg.pipelines.storage.store import Store
from tests.helpers import T0, item

TITLE = "شورای نگهبان، اصلاح‌طلبان را به مرخصی فرستاد"
EDITORIAL = [
    "انتخابات دوره یازدهم مجلس شورای اسلامی روز گذشته برگزار شد و باز هم مردم در این عرصه حضور پیدا کردند.",
    "هر چند در مورد کیفیت و کمیت برگزاری انتخابات و آرای مردم بیان چند نکته ضروری به نظر می‌رسد.",
    "نخست اینکه رد صلاحیت گسترده نامزدهای اصلاح‌طلب عملا رقابت را در بسیاری از حوزه‌ها از میان برد.",
    "دوم اینکه مشارکت پایین در کلان‌شهرها نشان داد بخش بزرگی از طبقه متوسط از صندوق رای فاصله گرفته است.",
    "سوم اینکه اصولگرایان بدون رقیب جدی وارد مجلس می‌شوند و مسئولیت همه تصمیم‌های آینده با آنان خواهد بود.",
    "اصلاح‌طلبان نیز باید بپذیرند که بخشی از این فاصله گرفتن حاصل وعده‌های عمل‌نشده خودشان بوده است.",
    "جامعه‌ای که احساس کند صدایش شنیده نمی‌شود دیر یا زود راه‌های دیگری برای بیان مطالبات خود می‌یابد.",
    "از این رو بازگرداندن اعتماد عمومی مهم‌ترین وظیفه همه جریان‌های سیاسی در سال‌های پیش رو خواهد بود.",
    "مجلس آینده اگر بخواهد مشروعیت خود را تقویت کند باید به مطالبات همه مردم و نه فقط رای‌دهندگان بیندیشد.",
    "در غیر این صورت شکاف میان نهادهای انتخابی و جامعه هر روز عمیق‌تر از گذشته خواهد شد.",
]
OWN = [
    "نتایج رسمی بیشتر حوزه‌های انتخابیه مشخص شده و بررسی سوابق منتخبان پیروزی قاطع اصولگرایان را نشان می‌دهد.",
    "در واکنش به این موضوع یک روزنامه‌نگار اصلاح‌طلب در یادداشتی از پایان یک دوره سیاسی سخن گفت.",
    "فعالان سیاسی نزدیک به دولت هم در شبکه‌های اجتماعی از ضرورت بازنگری در راهبردهای انتخاباتی نوشتند.",
    "برخی تحلیلگران معتقدند ائتلاف‌های محلی در شهرستان‌ها نقشی تعیین‌کننده‌تر از فهرست‌های سراسری داشتند.",
    "در تهران نیز همه کرسی‌ها به فهرست ائتلاف نیروهای انقلاب رسید و هیچ نامزد مستقلی راه نیافت.",
    "سخنگوی ستاد انتخابات کشور گفت شمارش آرا در چند حوزه به دلیل شکایت نامزدها با تاخیر انجام شده است.",
    "گروهی از نمایندگان فعلی که دوباره نامزد شده بودند نتوانستند آرای لازم برای ورود به مجلس را کسب کنند.",
    "چهره‌های شناخته‌شده جبهه پایداری در شماری از حوزه‌های بزرگ جایگاه نخست را به دست آوردند.",
    "کارشناسان حقوقی درباره اختیارات نظارتی شورای نگهبان و شیوه بررسی صلاحیت‌ها دیدگاه‌های متفاوتی دارند.",
    "روزنامه‌های حامی دولت در صفحه نخست خود از ضرورت گفت‌وگوی ملی پس از انتخابات نوشتند.",
    "احزاب اصلاح‌طلب قرار است در نشستی مشترک درباره آینده فعالیت‌های خود در انتخابات ریاست جمهوری تصمیم بگیرند.",
    "برخی از منتخبان نیز در نخستین اظهارنظرها از اولویت مسائل معیشتی در دستور کار مجلس جدید خبر دادند.",
]
ANALYSIS = OWN[:4] + EDITORIAL[2:8] + OWN[4:]


def sig(body, title):
    return signature(normalize_story(title, "\n".join(body)))


def test_an_excerpt_under_its_sources_title_joins_it_a_day_later():
    index = ClusterIndex(DedupConfig())
    source = index.assign("editorial", sig(EDITORIAL, "روزنامه اعتماد: " + TITLE), T0, 1, "asriran")
    later = index.assign("analysis", sig(ANALYSIS, TITLE.replace("مرخصی", "مرخصی اجباری")), T0 + timedelta(hours=25), 2, "roozno")
    assert later.best is not None and later.best.jaccard < 0.5 and later.best.containment < 0.8
    assert later.cluster == source.cluster


def test_the_same_sentences_under_another_title_stay_apart():
    """A background paragraph repeated under a title of its own is a follow-up, not an excerpt."""
    index = ClusterIndex(DedupConfig())
    index.assign("editorial", sig(EDITORIAL, "روزنامه اعتماد: " + TITLE), T0, 1, "asriran")
    assert index.assign("analysis", sig(ANALYSIS, "مجلس یکدست به کام اصولگرایان"), T0 + timedelta(hours=25), 2, "roozno").cluster == 2


def test_a_long_title_of_many_headlines_agrees_with_no_title_by_chance():
    """Tabnak runs «A / B / C» titles of several headlines: their sketch sets most of its bits."""
    headlines = " / ".join(["نتایج انتخابات مجلس در حوزه‌های استان تهران اعلام شد", "قیمت دلار و یورو در بازار آزاد امروز",
                            "پیش‌بینی هواشناسی از بارش برف و باران در نیمه شمالی کشور", "واکنش وزارت خارجه به بیانیه اتحادیه اروپا",
                            "برنامه دیدارهای تیم ملی فوتبال در مرحله مقدماتی جام جهانی", "افزایش ساعت کاری مدارس در روزهای پایانی سال",
                            "آغاز ثبت‌نام وام ازدواج جوانان در بانک‌های عامل", "گزارش مرکز آمار از نرخ تورم ماهانه خانوارها",
                            "جزئیات طرح جدید مجلس برای ساماندهی بازار خودرو", "ترافیک سنگین در آزادراه‌های منتهی به شمال کشور",
                            "زمان برگزاری کنکور سراسری سال آینده مشخص شد", "رکورد تازه صادرات غیرنفتی در ده ماه نخست سال",
                            "هشدار پلیس فتا درباره کلاهبرداری‌های پیامکی", "افتتاح سه بیمارستان جدید در استان‌های جنوبی کشور"])
    index = ClusterIndex(DedupConfig())
    index.assign("editorial", sig(EDITORIAL, "روزنامه اعتماد: " + TITLE), T0, 1, "asriran")
    assert index.assign("analysis", sig(ANALYSIS, headlines), T0 + timedelta(hours=25), 2, "tabnak").cluster == 2


def test_a_title_of_a_word_or_two_is_no_evidence():
    index = ClusterIndex(DedupConfig())
    index.assign("editorial", sig(EDITORIAL, "روزنامه اعتماد: " + TITLE), T0, 1, "asriran")
    assert index.assign("analysis", sig(ANALYSIS, "اعتماد"), T0 + timedelta(hours=25), 2, "roozno").cluster == 2


def test_one_outlets_own_items_under_one_title_get_no_lower_bar():
    index = ClusterIndex(DedupConfig())
    index.assign("editorial", sig(EDITORIAL, TITLE), T0, 1, "roozno")
    assert index.assign("analysis", sig(ANALYSIS, TITLE), T0 + timedelta(hours=25), 2, "roozno").cluster == 2


def test_title_overlap_is_the_share_of_the_shorter_titles_letters_in_the_other():
    def sketch(title):
        return title_grams(title_key(title))

    with_paper = sketch("روزنامه اعتماد:شورای نگهبان،اصلاح طلبان را به مرخصی فرستاد")
    assert title_overlap(with_paper, sketch(TITLE)) == 1.0  # ZWNJ, spaces and the paper's name aside
    assert 0.75 <= title_overlap(with_paper, sketch(TITLE.replace("مرخصی", "مرخصی اجباری"))) < 1.0
    assert title_overlap(sketch(TITLE), sketch("مجلس یکدست به کام اصولگرایان")) < 0.1
    assert title_overlap(sketch(""), sketch(TITLE)) == title_overlap(sketch("اعتماد"), with_paper) == 0.0


def test_an_excerpt_joins_a_source_another_process_stored_under_its_title(conn, db_url):
    """The title is read back from the store with the signature, so a later process compares it too."""
    first = Store(conn, DedupConfig())
    source = first.save(item("https://www.asriran.com/fa/news/1", "asriran.com", EDITORIAL, title="روزنامه اعتماد: " + TITLE))
    with connect(db_url) as later_conn:
        later = Store(later_conn, DedupConfig())
        excerpt = later.save(item("https://roozno.com/fa/news/2", "roozno.com", ANALYSIS, title=TITLE, minutes=25 * 60))
    assert excerpt.cluster_id == source.cluster_id
