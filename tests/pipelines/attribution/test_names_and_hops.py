"""The chain parser's rules for names and hops, each from real leads (../shared/texts/ir-news-2019 and
the Varzesh3 set; quoted, shortened): descriptors and quotes around names, acronyms cut by the
sentence splitter, leads that open with a credit naming no one, second hops without «به نقل از», and
citations that are not hops. Names compare as `SourceResolver.canonical` compares them."""
import pytest

from newsagg.pipelines.attribution import SourceResolver, parse_chain
from newsagg.pipelines.attribution.chain import rejoin_acronyms
from newsagg.pipelines.evaluate import attribution

RESOLVER = SourceResolver(learned={"roozno.com": ("روز نو",), "mashreghnews.ir": ("مشرق",)})


def chain(text: str, publisher: str) -> list[str]:
    return [RESOLVER.canonical(h) for h in parse_chain(text.split("\n"), publisher, RESOLVER).outlets[1:]]


def kinds(text: str, publisher: str) -> list[tuple[str, str]]:
    return [(RESOLVER.canonical(h.source), h.kind) for h in parse_chain(text.split("\n"), publisher, RESOLVER).hops[1:]]


CASES: dict[str, list[tuple[str, str, list[str]]]] = {
    # round three, from the fresh set's held-out half (read since round three)
    "the_credited_agencys_own_source_after_az": [
        ("به گزارش «تابناک» به نقل از مهر از رویترز، گروهی از شبه نظامیان مسلح به یک بازارچه محلی حمله کردند.", "tabnak.ir",
         ["mehrnews.com", "reuters.com"]),
        ("به گزارش ایسنا از تهران، جلسه شورای شهر امروز برگزار شد.", "tabnak.ir", ["isna.ir"]),  # a place, not a source
    ],
    "an_interview_with_a_glued_or_reporter_named_agency": [
        ("به گزارش روز نو ، ناهید خداکرمی در گفت وگو باایسنا، با اشاره به فوت دو بیمار گفت: دستورالعمل در حال تهیه است.",
         "roozno.com", ["isna.ir"]),
        ("حاتم شاکرمی در گفتگو باخبرنگار مهر، با تاکید بر الزام کارفرمایان اظهار داشت: عیدی باید پرداخت شود.", "tabnak.ir",
         ["mehrnews.com"]),
        ("منابع کارگری از مرگ یک معدنچی خبر دادند.\nیک منبع کارگری با اعلام خبر درگذشت یک کارگر معدن به خبرنگار ایلنا گفت: "
         "شامگاه چهارشنبه یکی از کارگران جان باخت.", "asriran.com", ["ilna.ir"]),
    ],
    "a_reply_to_an_agencys_reporter_is_its_interview": [
        ("به گزارش روز نو ، هاشمی در حاشیه جلسه امروز شورای شهر تهران و در پاسخ به خبرنگار خبرآنلاین اعلام کرد احزاب اصلاح طلب "
         "لیست انتخاباتی خواهند داد.", "roozno.com", ["khabaronline.ir"]),
        ("به گزارش روز نو ، وزیر در پاسخ به سوال خبرنگار ما گفت: قیمت‌ها ثابت می‌ماند.", "roozno.com", []),
    ],
    "a_medium_word_is_no_person_quoted": [
        ("به گزارش ایسنا، به نقل از خبرگزاری پرس تراست، سخنگوی وزارت خارجه هند در بیانیه‌ای اعلام کرد، دولت دهلی نو "
         "اظهارات اردوغان را رد می‌کند.", "tabnak.ir", ["isna.ir", "پرس تراست"]),  # (the lead names it «پرس تراست آو ایندیا»)
        ("به گزارش ایسنا، به نقل از لیندسی گراهام، رئیس کمیته قضایی سنا، این طرح تصویب می‌شود.", "tabnak.ir", ["isna.ir"]),
    ],
    "a_piece_that_opens_x_wrote_is_xs": [
        ("رأي اليوم نوشت: ویروس کرونا باعث ایجاد ترس و وحشت زیادی در اروپا شده است.\nایتالیا از هر اقدام نظامی خودداری کرد.\n"
         "به گزارش روز نو ، در ادامه این مطلب آمده است: نقشه شیوع ویروس کرونا گسترده شده است.", "roozno.com", ["رای الیوم"]),
        ("به گزارش تابناک،شرق‌ نوشت: دکتر پیام صفوی‌نائینی نتایج تحقیقات خود را منتشر کرد.", "tabnak.ir", ["شرق"]),
        ("به گزارش ایسنا، ظریف نوشت: این طرح اجرا شد.", "tabnak.ir", ["isna.ir"]),  # after another's credit: a speaker
        ("ترامپ در توییتی نوشت: ما پیروز می‌شویم.\nبه گزارش روز نو ، این توییت بازتاب زیادی داشت.", "roozno.com", []),
    ],
    "a_writer_after_a_glued_title": [
        ("نمایندگان اصولگرا اکثریت آرا را به دست آوردند.\nروز‌های سختی در انتظار روحانی است / ۴ گزینه ریاست مجلس کدامند؟محمد "
         "خواجوئي در روزنامه عرب زبان الاخبار چاپ بیروت نوشت: نمایندگان اصولگرا اکثریت یافتند.\nبه گزارش روز نو ، در ادامه "
         "این مطلب آمده است: براساس نتایج نهایی ۳۰ نامزد رای آوردند.", "roozno.com", ["الاخبار", "محمد خواجوئی"]),
    ],
    # round two, from the fresh set's dev half (tests/data/real/attribution_fresh.jsonl)
    "a_country_or_capital_after_a_name_closes_it": [
        ("به گزارش ایسنا و به نقل از اسپورت، دیدار نماینده‌های ایران در زمین بی طرف برگزار خواهد شد.\nامسال قانون جدیدی آمد.\n"
         "طبق اعلام روزنامه اسپورت عربستان دیدار پرسپولیس با التعاون به میزبانی کویت برگزار خواهد شد.", "asriran.com",
         ["isna.ir", "اسپورت"]),
        ("به گزارش ایسنا، سهیل شاهین، سخنگوی دفتر سیاسی طالبان به تلویزیون طلوع کابل گفت: این یک مرحله اعتمادسازی است.",
         "tabnak.ir", ["isna.ir", "طلوع"]),
    ],
    "a_press_office_name_loses_its_prefix": [
        ("به گزارش ایسنا، به نقل از مرکز ارتباطات و امور رسانه‌ای النُجَباء در ایران، روزنامه صهیونیستی \"اورشلیم پست\" در "
         "گزارشی به‌قلم «سِث جی فرانتزمن» تهدید نجباء را مورد توجه قرار داد.", "tabnak.ir", ["isna.ir", "النجباء", "اورشلیم پست"]),
        ("به گزارش ایسنا به نقل از روابط عمومی شبکه یک، در این روز شبکه یک هر نیم ساعت یک بخش خبری پخش می‌کند.", "tabnak.ir",
         ["isna.ir", "شبکه یک"]),
    ],
    "a_teasers_medium_word_and_country_describe_the_credited_source": [
        ("خبرگزاری ایتالیا در گزارشی به مشکل سرمربی استقلال با باشگاهش پرداخت.\nبه گزارش فارس و به نقل از خبرگزاری «آنسا» "
         "ایتالیا، استقلال با استراماچونی قهرمان این روزهای لیگ ایران است.", "asriran.com", ["farsnews.ir", "انسا"]),
    ],
    "as_x_reported_right_after_the_lead": [
        ("به گزارش فارس، دیگو مارادونا ظاهرا برای هدایت تیم الچه مد نظر قرار گرفته است.\nهمانگونه که مارکا امروز گزارش کرد "
         "این چهره بزرگ امکان دارد سکان هدایت تیم دسته دومی را برعهده بگیرد.", "asriran.com", ["farsnews.ir", "مارکا"]),
        ("به گزارش فارس، تیم ملی امروز تمرین کرد.\nهمانطور که پیشتر گزارش کرده بودیم این اردو ده روز است.", "asriran.com",
         ["farsnews.ir"]),
    ],
    "who_writes_a_report_is_a_medium": [
        ("نیوزویک در گزارشی آمریکا را مانعی برای مقابله با کرونا دانست و نوشت: ایرانیان آمریکا را مسئول می‌دانند.\n"
         "به گزارش روز نو ، تحریم‌های آمریکا مانعی برای تلاش‌های ایران است.", "roozno.com", ["نیوزویک"]),
        ("وزارت بهداشت در گزارشی نوشت: آمار مبتلایان کاهش یافت.\nبه گزارش روز نو ، این آمار امروز منتشر شد.", "roozno.com", []),
    ],
    "the_report_read_below_is_its_press_offices": [
        ("مرکز رسانه قوه قضائیه اعلام کرد که دومین جلسه دادگاه برگزار شده است.\nبه گزارش روز نو ، گزارش مرکز رسانه قوه "
         "قضائیه از دادگاه امروز روح الله زم را در زیر می‌خوانید:دومین جلسه دادگاه امروز برگزار شد.", "roozno.com",
         ["قوه قضاییه"]),
    ],
    "a_country_after_an_outlets_name_is_a_descriptor": [
        ("به گزارش تسنیم و به نقل از روزنامه الرای کویت، مدیران باشگاه الکویت تصمیم گرفتند.", "asriran.com",
         ["tasnimnews.com", "الرای"]),
        ("به گزارش ایسنا، شبکه ۱۳ اسرائیل اعلام کرد که دستگاه اطلاعات مصر در تلاش است.", "tabnak.ir", ["isna.ir", "شبکه 13"]),
        ("به گزارش ایسنا و به نقل از اسپورت والی لهستان، سید محمد موسوی درباره شرایط خود صحبت کرد.", "asriran.com",
         ["isna.ir", "اسپورت والی"]),
    ],
    "a_name_that_is_only_a_country_keeps_its_medium_word": [
        ("به گزارش ایسنا، به نقل از سایت النشره، تلویزیون دولتی الجزایر اعلام کرد، تبون با امیر قطر مذاکره کرد.", "tabnak.ir",
         ["isna.ir", "النشره", "تلویزیون الجزایر"]),
        ("به گزارش ایسنا، به نقل از مرکز اطلاع رسانی فلسطین، هزاران فلسطینی در مسجدالاقصی حاضر شدند.", "tabnak.ir",
         ["isna.ir", "مرکز اطلاع رسانی فلسطین"]),
        ("وزیر دفاع گفت.\nبه نقل از وب سایت شبکه خبری آمریکا، این طرح اجرا می‌شود.", "asriran.com", []),
    ],
    "a_quoted_name_ends_at_its_quote": [
        ("به گزارش فارس، به نقل از سایت «lesoir» بلژیک، کاوه رضایی گل پیروزی را زد.", "asriran.com", ["farsnews.ir", "lesoir"]),
        ("به گزارش روز نو : به نقل از وب سایت \"هیل\" (وب سایت اخبار کنگره آمریکا) سناتور دموکرات الیزابت وارن محتوای "
         "نامه‌ای را رسانه‌ای کرد.", "roozno.com", ["هیل"]),
        ("به گزارش ایسنا به نقل از خبرگزاری رسمی عربستان (واس) یک مقام مسئول اعلام کرد که ریاض استقبال می کند.", "asriran.com",
         ["isna.ir", "واس"]),
    ],
    "an_acronym_cut_at_its_dots_is_put_back": [
        ("برای اولین بار یک مار رنگین کمانی مشاهده شد.\nبه گزارش پایگاه اینترنتی سی.\nان.\nان، یک شکار چی این مار را کشف کرد.",
         "asriran.com", ["cnn.com"]),
        ("به گزارش ایسنا، دموکرات‌ها استدلال کردند.\nاو هر دو اتهام را رد می کند.\nبه گزارش بی.\nبی.\nسی نادلر و سایر اعضای "
         "دموکرات، استدلال‌ها را آغاز کردند.", "tabnak.ir", ["isna.ir", "bbc.com"]),
    ],
    "a_credit_naming_no_one_does_not_end_the_lead": [
        ("روزنامه ژاپنی به نقل از منابع دیپلماتیک در توکیو گزارش داد که واشنگتن چراغ سبز نشان داده است.\n"
         "به گزارش فارس، روزنامه ژاپن تایمز به نقل از منابع دیپلماتیک گزارش داد که آمریکا موافقت کرده است.", "asriran.com",
         ["farsnews.ir", "ژاپن تایمز"]),
        ("نیویورک‌ تایمز به نقل از وزیر امور خارجه عمان مذاکره را محتمل دانست.\nروزنامه نیویورک تایمز در گزارشی نوشته که "
         "دولت عمان با ایران در ارتباط بوده است.", "roozno.com", ["نیویورک تایمز"]),
    ],
    "a_teasers_medium_is_deeper_than_the_lead_credit": [
        ("مجله معتبر فرانس فوتبال به نقل از منابع نزدیک به گریزمان فاش کرد که این بازیکن احساس غربت می کند.\n"
         "به گزارش \"ورزش سه\"، آنتوان گریزمان تابستان امسال به بارسلونا پیوست.", "asriran.com", ["varzesh3.com", "فرانس فوتبال"]),
    ],
    "a_medium_or_a_bodys_own_piece_is_a_hop": [
        ("به گزارش فارس، نشریه «الجزیره» عربستان در گزارشی امروز به حضور ویروس کرونا در آسیا و تاثیرش به فوتبال پرداخته است.",
         "asriran.com", ["farsnews.ir", "al-jazirah.com"]),
        ("به گزارش \"ورزش سه\" و به نقل از فارس روزنامه آبولا در گزارشی عنوان کرد تیم ملی ایران 2 گل به بحرین زد.",
         "varzesh3.com", ["farsnews.ir", "آبولا"]),
        ("به گزارش روز نو : دویچه وله با اشاره به سخنان وزیر دفاع رژیم صهیونیستی نوشت: نفتالی بنت گفت.", "roozno.com",
         ["dw.com"]),
    ],
    "a_bodys_statement_is_a_speakers": [
        ("به گزارش ایسنا به نقل از بیزینس اینسایدر، بنیاد \"آکسفام\" در گزارشی اعلام کرده است که ثروتمندان ثروتمندتر شده اند.",
         "asriran.com", ["isna.ir", "بیزینس اینسایدر"]),
        ("به گزارش ایسنا، به نوشته روزنامه مصری الیوم السابع، انور قرقاش، وزیر مشاور امارات در امور خارجه در صفحه کاربری خود "
         "در توییتر نوشت: دیدار مهمی بود.", "tabnak.ir", ["isna.ir", "الیوم السابع"]),
        ("هلگا اشمید، معاون مسئول سیاست خارجی اتحادیه اروپا در توییتی روز گذشته نوشت: کمیسیون مشترک تشکیل می‌شود.",
         "tabnak.ir", []),
        ("به گزارش ایسنا به نقل از شبکه خبری دویچه وله، سفارت چین در کپنهاگ نوشته است که این روزنامه به چین توهین کرده است.",
         "asriran.com", ["isna.ir", "dw.com"]),
        ("فرمانده نیروی هوافضای سپاه از انتشار اطلاعات جدید از حمله موشکی سپاه به پایگاه نظامی امریکایی عین الاسد در آینده "
         "نزدیک خبر داد.", "roozno.com", []),
    ],
    "the_paper_a_source_spoke_to_is_a_hop": [
        ("به گزارش ایسنا، یک منبع مطلع به روزنامه رای الیوم گفت که مذاکرات ادامه دارد.", "tabnak.ir", ["isna.ir", "رای الیوم"]),
    ],
    "an_author_in_a_named_paper": [
        ("ده ماه پیش، ران درمر، سفیر اسرائیل سخنانی را مطرح کرد.\nدرمر بر موضوع ایران متمرکز شد.\nامیر تیبون در هاآرتص نوشت: "
         "ده ماه پیش، ران درمر سخنانی را مطرح کرد.", "roozno.com", ["هاآرتص", "امیر تیبون"]),
        ("به گزارش همشهری آنلاین، مسعود ده‌نمکی نویسنده و کارگردان سینما در فقدان داریوش مهرجویی نوشت: اخراجی‌ها و سنتوری در "
         "سال ۸۵ ساخته شد.", "hamshahrionline.ir", []),  # targoman-sample: a subject, not a paper
        ("اقتصاددان آمریکایی پیش‌بینی وقوع ابرتورم در ایران را رد کرد.\nبه گزارش ، این استاد اقتصاد با نگارش مطلبی در نشریه "
         "\"نشنال ریویو\"، نوشت تنها موقعی که اقتصاد ایران در آستانه ابرتورم قرار گرفت 2012 بوده است.", "asriran.com",
         ["نشنال ریویو"]),
    ],
    "a_named_author_and_his_title": [
        ("گروه جهاد و مقاومت مشرقبه گزارش، حسین شرفخانلو، فرزند شهید شرفخانلو در مطلبی نوشت:خبر حاجی را صبح جمعه شنیدم.",
         "mashreghnews.ir", ["حسین شرفخانلو"]),
    ],
    "an_announcement_is_a_citation_unless_a_medium_or_a_press_office_makes_it": [
        ("به گزارش ایسنا، صندوق بین المللی پول در گزارشی رشد را پیش‌بینی کرد.\nطبق اعلام صندوق بین المللی پول، در صورتی که "
         "توافق پایدار بماند رشد بیشتر است.", "tabnak.ir", ["isna.ir"]),
        ("ابه گزارش فارس، گواردیولا از سال 2016 در خدمت‌ آبی‌های آسمانی است.\nقرارداد او تمام می‌شود.\nبراساس اعلام روزنامه "
         "سان، مسئولان این باشگاه برندان راجرز را مد نظر قرارداده‌اند.", "asriran.com", ["farsnews.ir", "سان"]),
        ("به گزارش، بر اساس اعلام ایران خودرو این شرکت پیش فروش را آغاز می کند.", "asriran.com", ["ایران خودرو"]),
    ],
    "a_name_that_runs_on_into_the_sentence_is_no_credit": [
        ("به گزارش شاخص قیمت وزنی ارزشی با کاهش 4805 واحدی به کانال 134 هزار و 850 واحدی عقب نشینی کرد.", "tabnak.ir", []),
        ("به نوشته \" وجتال\" مدتی به عنوان محقق در شعبه شرکت مشاوره سیتی گروپ در ورشو فعالیت می‌کرد.", "asriran.com", []),
    ],
    "an_office_keeps_the_title_in_its_name": [
        ("به گزارش روز نو : و به نقل از پایگاه اطلاع رسانی دفتر مقام معظم رهبری، حضرت آیت‌الله خامنه‌ای با عفو موافقت کردند.",
         "roozno.com", ["دفتر مقام معظم رهبری"]),
    ],
    "an_agencys_interview": [
        ("مدیرکل آموزش و پرورش استان قزوین گفت: مدارس تعطیل است.\nخیرالله رحمانی در گفتگو با مهر اظهارداشت: مدارس تعطیل است.",
         "asriran.com", ["mehrnews.com"]),
        ("به گزارش «تابناک»، هجرتی در گفت و گو با ایسنا، گفت: مدارس ابتدایی تعطیل هستند.", "tabnak.ir", ["isna.ir"]),
        ("به گزارش روز نو :هنوز تحلیل‌ها ادامه دارد و در همین راستا مهدی چمران به خبرآنلاین گفته است: مشارکت کم بود.",
         "roozno.com", []),
    ],
    "a_lead_that_hands_over_to_another_outlets_report": [
        ("یکی از اقدامات عجیب در شهرداری تهران تغییر کاربری است.\nگزارش رویداد۲۴ را بخوانید تا با اقدامات عجیب آشنا شوید.\n"
         "تخلفات شهرداری تهرانبه گزارش روز نو : یکی از درآمدهای شهرداری تراکم فروشی است.", "roozno.com", ["رویداد 24"]),
    ],
    "the_leads_speaker_going_on_as_another_outlet_reported_him": [
        ("رئیس قوه قضائیه گفت: هر کس انتخابات را زیر سوال ببرد در جبهه دشمن است.\nبه گزارشروز نو ، رئیسی ظهر امروز اظهار داشت: "
         "حضور مردم مثال‌زدنی بود.\nجمعیت بسیار مثال‌زدنی بود.\nبه نوشته تسنیم، وی ادامه داد: طلاب باید سیاسی باشند.",
         "roozno.com", ["tasnimnews.com"]),
        ("به گزارش روز نو ، شهردار گفت: بودجه تصویب شد.\nجلسه طولانی بود.\nمردم آمدند.\nبه گزارش ایسنا، قیمت بیت کوین بالا رفت.",
         "roozno.com", []),
    ],
}


@pytest.mark.parametrize("case,text,publisher,expected",
                         [(c, *x) for c, xs in CASES.items() for x in xs], ids=lambda v: v if isinstance(v, str) and len(v) < 80 else "")
def test_real_lead(case, text, publisher, expected):
    assert chain(text, publisher) == [RESOLVER.canonical(e) for e in expected]


def test_a_report_embedded_deep_in_a_long_piece_is_a_citation():
    body = ["به گزارش به نقل از ترجمان علوم انسانی، تابستان گذشته بلیتی به مقصد لس‌آنجلس گرفتم."]
    body += [f"بند {i} این مقاله درباره چهره‌های اینستاگرامی است." for i in range(30)]
    body += ["به گزارش جامعهٔ جراحان پلاستیک آمریکا، آمریکایی‌ها در سال ۲۰۱۸ هفت میلیون تزریق انجام دادند."]
    assert chain("\n".join(body), "asriran.com") == [RESOLVER.canonical("ترجمان علوم انسانی")]


def test_kinds_follow_what_the_credit_says():
    assert kinds("به گزارش ایسنا، فدراسیون جهانی والیبال با انتشار مطلبی، به تمجید از امیر غفور پرداخت.", "asriran.com") == [
        ("isna.ir", "outlet"), (RESOLVER.canonical("فدراسیون جهانی والیبال"), "press_office")]
    # a credited name without a body's or a channel's word is an outlet's («سایت X» too)
    assert kinds("به گزارش فارس، به نقل از سایت «lesoir» بلژیک، کاوه رضایی گل زد.", "asriran.com") == [
        ("farsnews.ir", "outlet"), ("lesoir", "outlet")]
    assert kinds("به گزارش مهر به نقل از راشاتودی، برزیل رکورد زد.", "tabnak.ir") == [
        ("mehrnews.com", "outlet"), ("راشاتودی", "outlet")]


def test_acronyms_are_rejoined_only_at_their_dots():
    assert rejoin_acronyms(["به گزارش سی.", "ان.", "ان، یک شکارچی"]) == ["به گزارش سی.ان.ان، یک شکارچی"]
    assert rejoin_acronyms(["او رفت.", "او گفت که می‌آید."]) == ["او رفت.", "او گفت که می‌آید."]


def test_names_compare_as_the_system_folds_them():
    key = RESOLVER.canonical
    assert key("راشا تودی") == key("راشاتودی") == key("راشا\u200cتودی")
    assert key("شبکه ۱۳") == key("شبکه 13") and key("روسيا اليوم") == key("روسیا الیوم")
    assert key("دویچه وله") == key("دویچه‌وله") == "dw.com" and key("isna.ir") == key("ایسنا") == "isna.ir"
    assert key("الجزیره") == "aljazeera.net" != key("الجزیره عربستان")


def test_the_evaluation_counts_a_label_written_another_way_as_exact():
    rows = [{"id": "t", "case": "spelling", "publisher": "tabnak.ir", "chain": ["tabnak.ir", "ایسنا", "شبکه ۱۳"],
             "paragraphs": ["به گزارش ایسنا، شبکه 13 اسرائیل اعلام کرد که تماس‌ها ادامه دارد."]}]
    assert attribution(rows)["exact_chain_accuracy"] == 1.0


def test_roz_ends_a_name_only_as_a_time_word():
    bare = SourceResolver()  # no learned self-names: «روز نو» is an unknown name, whole
    assert bare.resolve("سایت روز نو").id == "روز نو"
    assert bare.resolve("روزنامه الاخبار روز سه‌شنبه").id == "الاخبار"
    assert bare.resolve("روزنامه القدس العربی روز ۱۲ آذر").id == "القدس العربی"
    # with them, the publisher's own name is a self-credit and another outlet's credit of it a hop
    assert chain("به گزارش روز نو ، نمایندگان مجلس امروز درباره بودجه رای دادند.", "roozno.com") == []
    assert chain("به گزارش روز نو ، نمایندگان مجلس امروز درباره بودجه رای دادند.", "tabnak.ir") == ["roozno.com"]


def test_the_report_read_below_is_a_press_offices():
    assert kinds("به گزارش روز نو ، گزارش مرکز رسانه قوه قضائیه از دادگاه امروز را در زیر می‌خوانید:جلسه برگزار شد.",
                 "roozno.com") == [(RESOLVER.canonical("قوه قضاییه"), "press_office")]


def test_a_listed_name_that_ends_in_a_country_keeps_it_and_arab_is_dropped_only_before_zaban():
    bare = SourceResolver()
    assert bare.resolve("رادیو صدای آمریکا", "outlet").id == "voanews.com"  # not «صدای»
    assert bare.resolve("روزنامه عرب نیوز", "outlet").id == "arabnews.com"  # not «نیوز»
    assert bare.resolve("روزنامه عرب زبان الاخبار", "outlet").id == "الاخبار"
    assert bare.resolve("الرای کویت", "outlet").id == "الرای"  # an unlisted name still drops its country


def test_a_long_closing_paragraph_is_no_bare_sign_off_tag():
    body = ["به گزارش ایسنا، نمایندگان مجلس امروز درباره بودجه سال آینده رای دادند.", "جلسه تا ظهر ادامه داشت.",
            "مهر" + " " * 40 + "و در پایان جلسه نمایندگان درباره لایحه دیگری هم گفت‌وگو کردند."]
    assert parse_chain(body, "asriran.com").outlets == ["asriran.com", "isna.ir"]
    assert parse_chain(body[:2] + ["مهر"], "asriran.com").outlets == ["asriran.com", "mehrnews.com", "isna.ir"]
