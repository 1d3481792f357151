"""Round fourteen: blind13 and blind14 read together (240 leads, 18 misses after the adjudication across sets, decisions 16-20 of
LABELLING-attribution.md); only the classes that recur are fixed (two misses in the two sets, or one and an earlier round's
first-blind miss of the class, or the same wording wrong among the shared texts). Each test quotes the real lead its class was seen
in (shortened; ../shared/texts/ir-news-2019) and near-misses that must not fire. Names compare as `SourceResolver.canonical` does."""
import pytest

from newsagg.pipelines.evaluate import BLIND13_SET, BLIND14_SET, kept_blind
from tests.pipelines.attribution.reading import chain as _chain
from tests.pipelines.attribution.reading import names


def chain(text: str, publisher: str = "asriran.com") -> list[str]:
    return _chain(text, publisher)


# blind12 asriran-712632: ISNA's lead, then four paragraphs of its own, then Sputnik's side fact
TRAIN = ["قطاری با ۱۰۴ واگن که حامل نفت خام بود در ایالت ساسکاچوانِ کانادا منفجر شد.",
         "به گزارش ایسنا، بر اساس اطلاعات رسمی این سانحه تلفات جانی نداشته اما ساکنان یک روستای مجاور تخلیه شده‌اند.",
         "حادثه حدود ساعت ۶ صبح به وقت محلی در ساسکاچوان رخ داده و طی آن ۳۱ واگن قطار از ریل خارج شده‌اند.",
         "این قطار که نفت خام منتقل می‌کرده به دلایل نامعلوم از ریل خارج شده است.",
         "پلیس در حال بررسی علل انفجار و آتش‌سوزی است."]


def test_a_report_four_paragraphs_below_the_lead_is_a_citation():
    # «به گزارش اسپوتنیک، ...» four paragraphs below ISNA's lead (blind12 asriran-712632, its first-blind miss; blind10
    # asriran-709262, the blind set's asriran-712471, blind4 asriran-707687), «بنا بر گزارش روزنامه دِسان» four below ISNA's
    # (blind14 asriran-712490): a side fact of the credited piece, decision 19
    assert chain("\n".join([*TRAIN, "به گزارش اسپوتنیک، در پی این حادثه وزیر حمل و نقل کانادا یک دستور فوری صادر کرد.",
                            "پایان."])) == names("isna.ir")
    assert chain("\n".join([*TRAIN, "بنا بر گزارش روزنامه دِسان، خطوط قطار در حال حاضر به حالت تعلیق در آمده است."])) == names("isna.ir")
    # near-miss: three paragraphs below, it is still the credited outlet's source (round ten's reports, 1-3 below)
    assert chain("\n".join([*TRAIN[:4], "به گزارش اسپوتنیک، در پی این حادثه وزیر حمل و نقل کانادا یک دستور فوری صادر کرد.",
                            "پایان."])) == names("isna.ir", "sputniknews.com")


def test_a_foreign_network_interviewed_in_the_credited_sentence():
    # «... در مصاحبه با شبکه «اسکای اسپورت» ایتالیا ... گفت» under Fars's credit (blind13 asriran-716287), «در مصاحبه‌ای با شبکه
    # تلویزیونی France 3 گفت» under Sputnik's (blind6 tabnak-954942), «در مصاحبه‌ای با سی‌بی‌اس نیوز» under the Daily Beast's
    # (blind8 asriran-697458): the network's interview, decision 16, as a network told is (decision 13)
    assert chain("سرمربی سابق استقلال در جدیدترین مصاحبه اش حضور هواداران ایرانی را به دهه های 80 و 90 ایتالیا تشبیه کرد.\n"
                 "به گزارش فارس، آندره آ استراماچونی، سرمربی سابق استقلال در مصاحبه با شبکه «اسکای اسپورت» ایتالیا درباره تجربه "
                 "حضورش در ایران، گفت: رفتن به آن سر دنیا تصمیم خاص و البته شجاعانه بود.\n"
                 "در آن برهه فرصت چندانی در ایتالیا برای مربیگری من نبود.") == names("farsnews.ir", "اسکای اسپورت")
    assert chain("مقامات فرانسه استفاده از نارنجک گاز اشک‌آور را ممنوع کردند.\n"
                 "به گزارش ایسنا، به نقل از خبرگزاری اسپوتنیک، کریستوف کاستانر، وزیر کشور فرانسه در مصاحبه‌ای با شبکه تلویزیونی "
                 "France 3 گفت: نارنجک گاز اشک‌آور دیگر توسط نیروهای پلیس استفاده نخواهد شد.\n"
                 "وی تاکید کرد که این ممنوعیت فورا اجرایی خواهد شد.", "tabnak.ir") == names("isna.ir", "sputniknews.com", "France 3")
    assert chain("سفیر سابق آمریکا در سازمان ملل از دونالد ترامپ دفاع کرد.\n"
                 "به گزارش ایسنا، به نوشته پایگاه دیلی بیست، نیکی هیلی، سفیر سابق آمریکا در سازمان ملل در مصاحبه‌ای با سی‌بی‌اس "
                 "نیوز با این موضوع که ترامپ استیضاح شود مخالفت کرد.\nپایان.") == names("isna.ir", "دیلی بیست", "سی بی اس نیوز")
    # near-misses: a domestic broadcast the speaker appeared on is a venue (blind14 asriran-702664, blind10 roozno-412486); a
    # network named by its country only; a ministry's post of the interview, not the interview (blind5 tabnak-954127)
    assert chain("رئیس هیات مدیره باشگاه استقلال از قرارداد استراماچونی گفت.\n"
                 "به گزارش فارس، اسماعیل خلیل‌زاده در گفت‌وگو با شبکه ورزش در مورد قرارداد استراماچونی اظهار داشت: قرارداد او "
                 "750 هزار یورو بوده است.\nپایان.") == names("farsnews.ir")
    assert chain("به گزارش روز نو ، غلامحسین اسماعیلی سخنگوی قوه قضاییه در گفت‌وگو با رادیو تهران درباره پرونده گفت: ما اهل "
                 "احتمالات نیستیم.\nپایان.", "roozno.com") == []
    assert chain("به گزارش ایسنا، رافائل گروسی در مصاحبه با شبکه تلویزیونی ژاپن گفت: بازرسی ادامه دارد.\nپایان.") == names("isna.ir")
    assert chain("عادل الجبیر اخبار هک تلفن بزوس را یاوه دانست.\n"
                 "به گزارش ایسنا، به نقل از روسیا الیوم، وزارت خارجه عربستان در توییتر بخش‌هایی از مصاحبه الجبیر با شبکه "
                 "\"CNBC\" در خصوص این اخبار را منتشر کرد.\nپایان.", "tabnak.ir") == names("isna.ir", "روسیا الیوم")


def test_a_medium_that_reports_within_two_paragraphs_below_a_blank_credit():
    # «به گزارش،» then «منابع آگاه به خبرگزاری بلومبرگ گفته اند» one paragraph below (blind13 asriran-712681), «به گزارش ، ...
    # توئیتی اعلام کرد» then «فارس گزارش داد، ...» (blind3 asriran-700481, corrected by decision 17): the blank credit's source
    assert chain("درآمدهای تبلیغاتی اینستاگرام از یوتیوب بیشتر شد.\n"
                 "به گزارش، یوتیوب در مالکیت شرکت گوگل و اینستاگرام در مالکیت فیس بوک است.\n"
                 "منابع آگاه به خبرگزاری بلومبرگ گفته اند که درآمد تبلیغاتی این شبکه اجتماعی 20 میلیارد دلار بوده است.\n"
                 "این، بیشتر از درآمد یوتیوب است.") == names("bloomberg.com")
    tweet = ("سخنگوی طالبان از دیدار معاون سیاسی گروه طالبان با وزیر امور خارجه کشورمان خبر داد.\n"
             "به گزارش ، «ذبیح‌الله مجاهد» سخنگوی گروه طالبان دقایقی پیش با انتشار توئیتی اعلام کرد ساعاتی پیش محمدجواد ظریف "
             "در تهران با «ملا عبدالغنی برادر» دیدار کرده است.\n")
    fars = "فارس گزارش داد، گفته می‌شود در این دیدار ظریف بر آغاز مذاکرات بین‌الافغانی تأکید کرده است."
    assert chain(tweet + fars) == names("farsnews.ir")
    # near-misses: deeper than two paragraphs it is a citation (round six's line, blind4 asriran-713016); a body that reports is
    # no medium
    assert chain(tweet + "گروه طالبان پیش از این نیز به تهران آمده بود.\nاین سفر دومین سفر است.\n" + fars) == []
    assert chain(tweet + "وزارت خارجه گزارش داد، در این دیدار ظریف بر آغاز مذاکرات تأکید کرده است.") == []


# blind14 asriran-704263: a feature whose first six paragraphs quote no one
THEATRE = ["کم و زیاد، اجراها روی صحنه می‌رود و هر شب نمایشی در این شهر به اجرا در می‌آید.",
           "همین امسال 150 شب روی صحنه بازی کردند تا شبی در این شهر بی نمایش به سر نرود.",
           "اما نمایش برای صندلی‌های خالی حال خوبی برایشان نگذاشته و رمقشان را گرفته.",
           "درد نداری و بی پولی را شاید بتوانند تحمل کنند.", "اصلا شدنی نیست.",
           "حالا نبود تماشاچی تئاتر به معضلی برای اهالی این هنر تبدیل شده است."]


def test_the_first_quote_of_a_piece_with_no_credit_an_agencys_interview():
    # «محمدرضا درند در گفت و گو با ایسنا ... گفت» as the seventh paragraph, the piece's first quote (blind14 asriran-704263), «مالک
    # بنا به ایسنا گفت» in the seventh (blind11 asriran-701199, its first-blind miss): the agency's interview, so its piece
    interview = "محمدرضا درند در گفت و گو با ایسنا با بیان اینکه اجراها روی صحنه می‌رود، گفت: امسال 150 شب اجرا داشتیم."
    assert chain("\n".join([*THEATRE, interview, "وی افزود: کار سخت‌تر شده است."])) == names("isna.ir")
    # near-misses: someone quoted first (a roundup's later section, 300 roozno-414701), and a self-credited piece (round thirteen's
    # cost: its own report quoting another outlet's interview)
    assert chain("\n".join([*THEATRE[:3], "وزیر ارشاد گفت: تئاتر حمایت می‌شود.", *THEATRE[3:], interview])) == []
    assert chain("\n".join(["به گزارش روز نو ، " + THEATRE[0], *THEATRE[1:], interview]), "roozno.com") == []


FLOOR_BLIND13_READ = 0.92  # 120 leads, scored blind: 0.917 with round twelve, 0.925 / 0.933 with round thirteen; read in round fourteen
FLOOR_BLIND14_READ = 0.93  # 120 leads, scored blind after round thirteen: 0.933 exact and origin; read in round fourteen


@pytest.mark.parametrize(("path", "floor"), [(BLIND13_SET, FLOOR_BLIND13_READ), (BLIND14_SET, FLOOR_BLIND14_READ)],
                         ids=["blind13", "blind14"])
def test_the_thirteenth_and_fourteenth_sets_read_in_round_fourteen(shared, path, floor):
    r = kept_blind(path, listed=("dev", "held_out"))
    assert len(r["misses"]) == round(120 * (1 - r["whole"]["exact_chain_accuracy"])) and "unlisted_misses" not in r
    assert r["whole"]["exact_chain_accuracy"] >= floor and r["whole"]["origin_accuracy"] >= floor
    assert r["whole"]["cases"] == r["readers_agreement"]["cases"] == 120
