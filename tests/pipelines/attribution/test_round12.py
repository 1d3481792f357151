"""Round twelve: blind9 and blind10 read together (300 leads, 19 misses); only the classes that recur are fixed. Each test
quotes the real lead its class was seen in (shortened; ../shared/texts/ir-news-2019) and a near-miss that must not fire.
Names compare as `SourceResolver.canonical` compares them."""
import pytest

from newsagg.pipelines.evaluate import BLIND9_SET, BLIND10_SET, kept_blind
from tests.pipelines.attribution.reading import chain as _chain
from tests.pipelines.attribution.reading import names


def chain(text: str, publisher: str = "asriran.com") -> list[str]:
    return _chain(text, publisher)


def test_a_medium_that_deals_with_the_story_is_its_source():
    # «X (در گزارشی) به Y پرداخت(ه)»: a medium's report on Y, as «X نوشت» is. Under a blank credit (blind10 asriran-713643) ...
    assert chain("با وجود اینکه خوردن گوشت خفاش به عنوان یکی از عوامل احتمالی بیماری کرونا مطرح شده اما فروش آن ادامه دارد.\n"
                 "به گزارش ، رویترز با این مقدمه، به وضعیت فروش گوشت خفاش و پخت غذا با آن پرداخته است.\n"
                 "در این گزارش آمده است: همچنان فروش گوشت خفاش در بخش هایی از اندونزی ادامه داد.") == names("reuters.com")
    # ... and heading the paragraph right below an agency's credit (blind10 asriran-706155)
    assert chain("روزنامه آ اس می‌گوید لباس و وسایلی که کریستیانو رونالدو به تن کرده بوده 630هزار یورو ارزش داشته.\n"
                 "به گزارش \"ورزش سه\"، کریستیانو رونالدو، ابرستاره پرتغالی یوونتوس دیروز به دبی پرواز کرد.\n"
                 "روزنامه اسپانیایی آ اس در گزارشی به لباس و وسایل رونالدو در زمان حضور در این مراسم پرداخته و می‌گوید ارزش "
                 "لباسها به 630هزار یورو بالغ می‌شود.\nشانزدهمین کنفرانس بین‌المللی ورزش دبی دیروز در این شهر اماراتی برگزار شد."
                 ) == names("varzesh3.com", "آ اس")
    # near-misses: a person or a body that deals with a subject is a speaker; a medium dealt with is the object, not the subject
    assert chain("به گزارش ، وزیر امور خارجه در این نشست به بررسی روابط دو کشور پرداخت.\nوی افزود: روابط خوب است.") == []
    assert chain("به گزارش ایسنا، کمیته انضباطی در جلسه امروز به پرونده باشگاه پرداخت.\nرای آن هفته بعد اعلام می‌شود."
                 ) == names("isna.ir")
    assert chain("به گزارش ، کارشناسان به نقد گزارش رویترز پرداختند.\nآنها گفتند این گزارش نادرست است.") == []


def test_an_interview_with_a_listed_agencys_reporter_whose_spaces_were_lost():
    # «در گفت وگوباخبرنگارمهردرباره ...» (blind10 tabnak-956716), «در گفتگو باخبرنگار مهربا بیان اینکه» (tabnak-958578 of the
    # shared texts): «با»، «خبرنگار» and the listed agency glued together are «با خبرنگار مهر», the agency's interview
    assert chain("رئیس سازمان خصوصی‌سازی گفت: در دوره مدیریت قبلی سود سهام عدالت آذر به حساب مشمولین واریز می شد.\n"
                 "علیرضا صالح در گفت وگوباخبرنگارمهردرباره سود سهام عدالت، اظهار داشت: سهام عدالت به میزان ۲۶ هزار میلیارد تومان است.\n"
                 "رئیسسازمان خصوصی سازی گفت: مشمولین باید توجه داشته باشند.", "tabnak.ir") == names("mehrnews.com")
    assert chain("سخنگوی شرکت ملی گاز ایران با بیان اینکه در استان گیلان قطعی گاز وجود ندارد، گفت: مصرف بالا بوده است.\n"
                 "محمد عسگری، سخنگوی شرکت ملی گاز ایران در گفتگو باخبرنگار مهربا بیان اینکه در استان گیلان قطعی گاز وجود ندارد، "
                 "گفت: دیروز مصرف ۵۹۰ میلیون مترمکعب بود.", "tabnak.ir") == names("mehrnews.com")
    # near-misses: a reporter's plural and his trade are words of their own; a word glued to «خبرنگار» that opens with no listed
    # name stays as it is
    assert chain("محمد عسگری در جمع خبرنگاران درباره گاز گفت: مصرف بالا بوده است.\nوی افزود: قطعی نداریم.", "tabnak.ir") == []
    assert chain("محمد عسگری در گفتگو باخبرنگارانجمن صنفی گفت: مصرف بالا بوده است.\nوی افزود: قطعی نداریم.", "tabnak.ir") == []


GOVERNOR = ["آیت‌الله سید احمد علم الهدی در همایش معین‌های اقتصاد مقاومتی استان، الگوی مثلث توسعه اقتصادی فرهنگی را برشمرد.",
            "وی افزود: مدل مثلث توسعه اقتصادی فرهنگی یک حرکت اقتصادی صرف نیست.",
            "نماینده ولی فقیه در خراسان رضوی افزود: با تکیه بر قدرت خود می‌توانیم به نقطه اوجی برسیم.",
            "آیت‌الله علم‌الهدی ادامه داد: دشمن بیش از 30 سال است که فقط در اطراف کشور تهدید می‌کند.",
            "وی در بخش دیگری از سخنان خود تصریح کرد: هیچ فعالیت اقتصادی در کشور را به این صورت شاهد نبودیم.",
            "به عبارت دیگر شما فعالان اقتصادی می‌توانید با تکیه بر اقتدار قضائی کشور مشکلات خود را حل کنید.",
            "وی گفت: این همه قدرت در این استان در کنار فعالیت اقتصادی شما قرار گرفته است.",
            "نماینده ولی فقیه افزود: این الگو در استان ما اجرا می‌شود."]


def test_a_credit_opening_a_paragraph_below_the_lead_search():
    # blind10 tabnak-954770: the credit is the ninth paragraph, under eight of the cleric's words (round eleven's blind8
    # tabnak-958232, «به گزارش روزنو؛» as a Guardian piece's eleventh paragraph, is the same class)
    credit = ("به گزارش تابناک به نقل از اداره کل روابط عمومی استانداری خراسان رضوی، علیرضا رزم حسینی در همایش معین‌های اقتصاد "
              "مقاومتی ضمن گرامیداشت یاد سپهبد شهید حاج قاسم سلیمانی اظهار کرد: این مدل را جلو خواهیم برد.")
    assert chain("\n".join([*GOVERNOR, credit, "استاندار خراسان رضوی ابراز کرد: ما مدیون مردمیم."]), "tabnak.ir") == names(
        "استانداری خراسان رضوی")
    # near-misses: a formula glued to the words after it (tabnak-960646's «به گزارشدر مقابل نماد ...»), and a head whose
    # speaker spoke to a listed agency (asriran-710694's «در گفت وگو با ایرنا» above «به گزارش خبرگزاری فرانسه» in the eleventh)
    assert chain("\n".join([*GOVERNOR, "به گزارشدر مقابل نماد معاملاتی حق تقدم سیمان خزر (سخزرح) با ثبت زیاندهی در صدر بود.",
                            "این نماد در جایگاه دوم بود."]), "tabnak.ir") == []
    interviewed = ["رئیس اداره مراقبت از بیماری‌های واگیر وزارت بهداشت گفت: تاکنون هیچ مورد مثبت نداشته‌ایم.",
                   "حسین عرفانی در گفت وگو با ایرنا در واکنش به شایعات گفت: این شایعات صحت ندارد.", *GOVERNOR[1:],
                   "به گزارش خبرگزاری فرانسه، این آمار پس از آن منتشر شد که مقام‌های استان هوبی خبر دادند.", "هوبی کانون است."]
    assert chain("\n".join(interviewed), "asriran.com") == names("irna.ir")


def test_a_listed_name_of_two_words_misspelt_by_one_letter():
    # «به گزارش وزش سه،» (blind9 asriran-703648; typos recur in every set: blind8's «رو زنو»، «ایرا»): one edit from a listed
    # name of two or more words is that outlet, as one from a learned self-name already was
    assert chain("پوشیدن شماره 10 استقلال توسط مهدی قائدی در ابتدا با انتقادهایی همراه بود.\n"
                 "به گزارش وزش سه، اما درخشش مهدی قائدی در بازی برابر تیم همشهری خود هم ادامه داشت.\n"
                 "قائدی شاید تنها بازیکنی در تاریخ لیگ برتر باشد که آقای گل لیگ است.") == names("varzesh3.com")
    # near-miss: a one-word name one edit from a listed one is too often another word («ایران» and «ایرنا»)
    assert chain("به گزارش روزنامه ایران، دولت لایحه بودجه را تقدیم کرد.\nوی افزود: سلام.") == names("ایران")


FLOOR_BLIND9_READ = 0.95  # scored blind after rounds ten and eleven: 0.960 exact and origin; read in round twelve: 0.960 -> 0.967
FLOOR_BLIND10_READ = 0.93  # scored blind after round eleven: 0.913 exact and origin; read in round twelve: 0.913 -> 0.940


@pytest.mark.parametrize(("path", "floor"), [(BLIND9_SET, FLOOR_BLIND9_READ), (BLIND10_SET, FLOOR_BLIND10_READ)],
                         ids=["blind9", "blind10"])
def test_the_ninth_and_tenth_sets_read_in_round_twelve(shared, path, floor):
    r = kept_blind(path, listed=("dev", "held_out"))
    assert len(r["misses"]) == round(150 * (1 - r["whole"]["exact_chain_accuracy"])) and "unlisted_misses" not in r
    assert r["whole"]["exact_chain_accuracy"] >= floor and r["whole"]["origin_accuracy"] >= floor
