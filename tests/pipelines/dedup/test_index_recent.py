"""Two outlets within hours of each other: a copy joins on less (`DedupConfig.recent_hours`).

The texts are written for the tests in the shape of the real set's misses (tests/data/real,
README "Real reprints"): a repost that inserts a hedge and an intro of its own and keeps one
sentence verbatim (`asriran-709949` / `tabnak-953400`, 2 hours apart), and an excerpt whose list
numbers are not figures of its source (`asriran-712774` / `roozno-412438`, 3.6 hours apart).
"""
from datetime import timedelta

from newsagg.pipelines.dedup import ClusterIndex, DedupConfig
from newsagg.pipelines.dedup.signature import signature
from newsagg.pipelines.normalize import normalize_story
from newsagg.pipelines.storage.db import connect
from newsagg.pipelines.storage.store import Store
from tests.helpers import T0, item

SOURCE = [
    "عضو پیشین تیم ملی تکواندو ایران تابعیت کشور بلغارستان را دریافت کرد و از این پس برای این کشور مبارزه می‌کند.",
    "فرزاد محمدی ملی‌پوش پیشین تکواندو ایران با حضور در صوفیه و دریافت تابعیت این کشور برای بلغارها مبارزه خواهد کرد.",
    "او قرار است در نخستین گام بیست و نهم بهمن ماه در تورنمنت جام ریاست فدراسیون جهانی در سوئد برای بلغارستان مبارزه کند.",
    "محمدی کاپیتان پیشین تیم نوجوانان بود و در کارنامه خود مدال برنز قهرمانی آسیا و نقره جام جهانی مکزیک را دارد.",
    "او درباره این مهاجرت گفت حرف خاصی ندارم و با تیم ملی بلغارستان در رقابت‌های انتخابی المپیک اروپا شرکت می‌کنم.",
]
# Another outlet's version: its own intro, a hedge inserted, a sentence of background; one sentence verbatim.
REPOST = [
    "در ادامه موج تغییر تابعیت ورزشکاران بار دیگر حرف از تکواندو است و شنیده می‌شود عضو پیشین تیم ملی تابعیت بلغارستان را دریافت کرد.",
    "طبق ادعای چند سایت خبری که هنوز واکنشی از فدراسیون نداشته، فرزاد محمدی ملی‌پوش پیشین تکواندو ایران با دریافت تابعیت صوفیه برای بلغارها مبارزه خواهد کرد.",
    SOURCE[2],
    "پیش از این چند تکواندوکار دیگر هم به تیم‌های اروپایی پیوسته بودند. محمدی کاپیتان پیشین تیم نوجوانان بود و در کارنامه‌اش مدال برنز قهرمانی آسیا و نقره جام جهانی مکزیک را دارد.",
]


def sig(body):
    return signature(normalize_story("", "\n".join(body)))


def test_another_outlets_edited_repost_joins_its_source_run_two_hours_earlier():
    index = ClusterIndex(DedupConfig())
    source = index.assign("source", sig(SOURCE), T0, 1, "asriran")
    repost = index.assign("repost", sig(REPOST), T0 + timedelta(hours=2), 2, "tabnak")
    assert repost.best is not None and repost.best.jaccard < 0.5
    assert repost.cluster == source.cluster


def test_the_same_overlap_a_day_later_is_a_follow_up_and_stays_apart():
    index = ClusterIndex(DedupConfig())
    index.assign("source", sig(SOURCE), T0, 1, "asriran")
    assert index.assign("later", sig(REPOST), T0 + timedelta(hours=20), 2, "tabnak").cluster == 2


def test_one_outlets_own_items_within_hours_get_no_lower_bar():
    """An outlet's items of one morning share its series' sentences (recipes, live prices)."""
    index = ClusterIndex(DedupConfig())
    index.assign("source", sig(SOURCE), T0, 1, "tabnak")
    assert index.assign("again", sig(REPOST), T0 + timedelta(hours=2), 2, "tabnak").cluster == 2


NOTE = [  # the list numbers on their own lines, as the note printed them
    "1-", "دولت باید پیش از هر چیز درباره علت تأخیر در اعلام خبر سقوط هواپیما به مردم توضیح روشن و قانع‌کننده بدهد.",
    "2-", "مسئولانی که در این سه روز سکوت کردند باید بپذیرند که اعتماد عمومی با این سکوت آسیب جدی دیده است.",
    "3-", "رسانه‌های رسمی باید به جای تکرار روایت‌های نادرست به پرسش‌های خانواده‌های قربانیان پاسخ دهند.",
    "4-", "نهادهای نظارتی باید گزارش کامل این رویداد را در مهلتی مشخص و بدون حذف جزئیات منتشر کنند.",
]
# The piece the note was cut from: the same points without their list numbers, edited, inside an analysis.
ANALYSIS = [
    "سقوط هواپیمای مسافربری در حوالی تهران و اعلام دیرهنگام علت آن، پرسش‌های بسیاری را در افکار عمومی برانگیخته است.",
    "دولت باید پیش از هر چیز درباره علت تأخیر در اعلام خبر سقوط هواپیما به مردم توضیح روشن و قانع‌کننده بدهد.",
    "مسئولانی که در این سه روز سکوت کردند باید بپذیرند که اعتماد عمومی با این سکوت آسیب جدی دیده است.",
    "رسانه‌های رسمی باید به جای تکرار روایت‌های نادرست به پرسش‌های خانواده‌های قربانیان پاسخ بدهند.",
    "نهادهای نظارتی هم باید گزارش کامل این رویداد را در مهلتی مشخص و بدون حذف جزئیات منتشر کنند.",
    "در این سانحه 176 مسافر و خدمه جان باختند که بیشتر آنها دانشجو و پژوهشگر بودند و 82 نفر از آنها ایرانی بودند.",
    "کارشناسان می‌گویند تنها راه بازگرداندن اعتماد عمومی شفافیت کامل و پاسخگویی همه نهادهای مسئول است.",
]


def test_an_excerpt_whose_list_numbers_are_not_in_its_source_joins_within_hours():
    index = ClusterIndex(DedupConfig())
    full = index.assign("analysis", sig(ANALYSIS), T0, 1, "roozno")
    note = index.assign("note", sig(NOTE), T0 + timedelta(hours=3), 2, "asriran")
    assert note.cluster == full.cluster


def test_figures_that_differ_need_two_verbatim_sentences_even_within_hours():
    """A follow-up an hour later repeats one background sentence and has figures of its own."""
    follow = [ANALYSIS[6], "شمار جان‌باختگان این سانحه به 177 نفر رسید و 12 خانواده هنوز منتظر تحویل پیکرها هستند و 3 پرواز لغو شد.",
              ANALYSIS[0].replace("پرسش‌های بسیاری", "پرسش‌های تازه‌ای"), ANALYSIS[3].replace("رسمی", "دولتی")]
    index = ClusterIndex(DedupConfig())
    index.assign("analysis", sig(ANALYSIS), T0, 1, "roozno")
    assert index.assign("follow", sig(follow), T0 + timedelta(hours=1), 2, "tabnak").cluster == 2


def test_a_repost_joins_within_hours_of_a_source_another_process_stored(conn, db_url):
    """Incremental mode: publication time and outlet are stored with every article, so a process
    started later compares the repost with the stored source through the same window."""
    first = Store(conn, DedupConfig())
    source = first.save(item("https://www.asriran.com/fa/news/1", "asriran.com", SOURCE, title="تابعیت بلغارستان"))
    with connect(db_url) as later_conn:
        later = Store(later_conn, DedupConfig())  # a new process: empty memory, same database
        repost = later.save(item("https://www.tabnak.ir/fa/news/2", "tabnak.ir", REPOST, title="تکواندوکار دیگری رفت", minutes=120))
    assert repost.cluster_id == source.cluster_id
