"""The dedup key must not change when a repost changes how the same words are written."""
import functools
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newsagg.pipelines.normalize import (
    _APART,
    _KEPT,
    _SENTENCE_END,
    _display_normalizer,
    _fold_apart,
    _fold_regex,
    display_text,
    fold,
    normalize_story,
)
from tests.helpers import STORY

ZWNJ = "\u200c"
WORDS = ["رئیس‌جمهور", "گفت‌وگو", "می‌توان", "بین‌المللی", "مشترک‌المنافع", "کتاب‌ها", "نمی‌شود", "هفته‌نامه"]
story = st.lists(st.sampled_from(WORDS + ["روسیه", "گفت", "که", "در", "آذربایجان", "قیمت", "دلار"]), min_size=3, max_size=40).map(" ".join)


def key(text: str) -> str:
    return normalize_story("", text).key.replace(" ", "")


@given(story, st.sampled_from(["", " ", ZWNJ]))
def test_zwnj_space_or_nothing_fold_to_one_key(text, joiner):
    assert key(text) == key(text.replace(ZWNJ, joiner))


@given(story)
def test_arabic_letter_forms_fold(text):
    arabic = text.replace("ی", "ي").replace("ک", "ك")
    assert key(text) == key(arabic)


@given(st.integers(min_value=0, max_value=10**9))
def test_digit_scripts_fold(n):
    latin = f"قیمت دلار {n} تومان"
    persian = latin.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    arabic = latin.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert key(latin) == key(persian) == key(arabic)


@given(story, st.sets(st.integers(min_value=0, max_value=200), max_size=8), st.sampled_from(["\u0640", "\u064e", "\u064b", "\u0651", "\u200f", "\u200e", "\u202b"]))
@settings(max_examples=60)
def test_kashida_diacritics_and_bidi_marks_fold(text, positions, mark):
    chars = list(text)
    for p in sorted(positions, reverse=True):
        chars.insert(min(p, len(chars)), mark)
    assert key(text) == key("".join(chars))


@given(story, st.sampled_from([("«", "»"), ('"', '"'), ("“", "”"), ("'", "'"), ("(", ")")]))
def test_quote_styles_fold(text, quotes):
    assert key(f"«{text}»") == key(f"{quotes[0]}{text}{quotes[1]}")


def test_heh_and_alef_variants_fold():
    assert fold("خانهٔ") == fold("خانۀ") == fold("خانه")
    assert fold("أحمد إسلام ٱلله") == fold("احمد اسلام الله")
    assert fold("مؤسسه") == fold("موسسه") and fold("رئیس") == fold("رییس")


def test_credits_bureau_tags_and_sign_offs_do_not_change_the_key():
    plain = "\n".join(STORY)
    variants = [
        "به گزارش آران نیوز به نقل از نبض بازار، " + plain,
        "ایسنا/کرمان " + plain + "\nانتهای پیام",
        "تهران- ایرنا- " + plain + "\nمنبع: خبرگزاری مهر",
        STORY[0] + "\nبیشتر بخوانید: قیمت دلار امروز چند شد؟\n" + "\n".join(STORY[1:]),
    ]
    assert {key(v) for v in variants} == {key(plain)}


def test_display_text_keeps_zwnj_and_unifies_letters():
    shown = display_text("رئيس‌جمهور كشور")
    assert "\u200c" in shown and "ي" not in shown and "ك" not in shown


def test_seed_story_without_zwnj_has_the_key_of_the_original(shared):
    seed = (shared / "seed" / "000_25880a7db64d84cd.txt").read_text(encoding="utf-8")
    assert "رئیسجمهور" in seed and "رئیس‌جمهور" not in seed  # copying destroyed every ZWNJ
    restored = seed.replace("رئیسجمهور", "رئیس‌جمهور").replace("گفتوگو", "گفت‌وگو").replace("میتوان", "می‌توان")
    assert key(seed) == key(restored)


def test_hazm_character_pass_would_not_change_any_key(shared):
    """Why the batch key skips hazm's character pass (0.5 ms an article): on real text it changes
    nothing that NFKC and fold do not already fold. If a hazm release changes that, this fails."""
    import json

    from hazm import Normalizer

    texts = [a["title"] + "\n" + "\n".join(a["paragraphs"])
             for a in json.loads((shared / "texts" / "varzesh3-500.json").read_text(encoding="utf-8"))]
    texts.append((shared / "seed" / "000_25880a7db64d84cd.txt").read_text(encoding="utf-8"))
    hazm = Normalizer(correct_spacing=False, seperate_mi=False, decrease_repeated_chars=False,
                      remove_specials_chars=False, persian_numbers=False)  # its character-level passes only
    assert [key(t) for t in texts] == [key(hazm.normalize(t)) for t in texts]


# Long texts fold through a table of every BMP character (numpy), short ones through the regexes.
_ANY = st.characters(max_codepoint=0xFFFF, codec="utf-8")  # no lone surrogates
_MARKS = st.sampled_from([" ", "  ", "\n", "\n\n", " \n ", "\t", ".", "،", "\u200c", "ـ", "ي", "ك", "۱", "İ", "Σ", "\U0001F600"])


@given(st.lists(st.one_of(_ANY, _MARKS, st.sampled_from(WORDS)), min_size=60, max_size=400).map("".join))
@settings(max_examples=300)
def test_the_table_fold_of_long_texts_is_the_regex_fold(text):
    assert fold(text) == _fold_regex(unicodedata.normalize("NFKC", text))


@given(st.lists(st.lists(st.one_of(_ANY, _MARKS, st.sampled_from([*WORDS, _APART])), max_size=80).map("".join), min_size=1, max_size=4))
@settings(max_examples=300)
def test_texts_folded_together_fold_as_each_alone(texts):
    """normalize_story folds title, head and body in one call (`_fold_apart`): the same as three."""
    assert _fold_apart(*texts) == [fold(t) for t in texts]


def test_the_fold_table_agrees_with_the_regexes_on_every_bmp_character():
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    for i in range(0, len(chars), 100):  # a chunk with a letter the table leaves to the regexes goes there whole
        text = "".join(f"ab{c}cd\n{c} {c}" for c in chars[i : i + 100])
        assert fold(text) == _fold_regex(unicodedata.normalize("NFKC", text)), chars[i]


def test_the_table_fold_of_real_articles_is_the_regex_fold(shared):
    import json

    with (shared / "texts" / "ir-news-2019" / "articles.jsonl").open(encoding="utf-8") as f:
        bodies = [json.loads(line)["body"] for line in f]
    assert [fold(b) for b in bodies] == [_fold_regex(unicodedata.normalize("NFKC", b)) for b in bodies]


def test_display_text_is_hazms_own_output_on_every_real_text(shared):
    """display_text skips hazm's work that cannot change a text (normalize.py): the output must be
    exactly what hazm's Normalizer makes, on every real text we have and on text each skip guards."""
    import json

    from hazm import Normalizer

    texts = ["سلاممممم به همه", "نمیدانم 12.5% ٣ ي ك", "ـــ «قول» ... \u064e", "plain latin 1999"]
    with (shared / "texts" / "ir-news-2019" / "articles.jsonl").open(encoding="utf-8") as f:
        texts += [t for line in f for t in (json.loads(line)["title"], json.loads(line)["body"])]
    texts += [t for a in json.loads((shared / "texts" / "varzesh3-500.json").read_text(encoding="utf-8"))
              for t in (a["title"], a["abstract"] or "", *a["paragraphs"])]
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "texts" / "targoman-sample").rglob("*.json"))]
    texts.append((shared / "seed" / "000_25880a7db64d84cd.txt").read_text(encoding="utf-8"))
    hazm, ours = Normalizer(), _display_normalizer()
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    assert len(texts) > 5000
    assert [ours.normalize(p) for p in paragraphs] == [hazm.normalize(p) for p in paragraphs]
    plain = [p for p in paragraphs if not _KEPT.search(p)]  # nothing kept: display_text is hazm's
    assert len(plain) > 40000 and [display_text(p) for p in plain] == [hazm.normalize(p) for p in plain]


def test_display_text_keeps_numbers_links_and_latin_as_written():
    """What hazm did to them (found by a user): `۵۸ , ۵۰۰`, `۲ ٫ ۵`, `G ۲۰`, `https: / / t. me / isna ۹۴`, `alert (۱)`."""
    assert display_text("قيمت 58,500 تومان و نرخ 2.5 درصد") == "قیمت 58,500 تومان و نرخ 2.5 درصد"
    assert display_text("نشست G20 در کانال https://t.me/isna94 و کد alert(1)") == "نشست G20 در کانال https://t.me/isna94 و کد alert(1)"
    assert display_text("ايميل info@isna.ir، @isna_ir و #ايران") == "ایمیل info@isna.ir، @isna_ir و #ايران"
    assert display_text("در تاریخ ۱۴۰۲/۰۷/۲۱ رشد ٣٫٥ درصد") == "در تاریخ ۱۴۰۲/۰۷/۲۱ رشد ٣٫٥ درصد"  # the digits' script too


def test_display_text_still_does_hazms_persian_work_around_them():
    assert display_text("كتاب هاي G20 و 12نفر از کووید19 ( 2.5 )") == "کتاب‌های G20 و 12 نفر از کووید 19 (2.5)"


def test_every_number_link_and_latin_token_of_real_articles_comes_out_as_written(shared):
    import json

    with (shared / "texts" / "ir-news-2019" / "articles.jsonl").open(encoding="utf-8") as f:
        texts = [t for line in f for t in (json.loads(line)["title"], json.loads(line)["body"])]
    kept = 0
    for text in texts:
        shown = display_text(text)
        for token in _KEPT.findall(text):
            assert token in shown, token
            kept += 1
    assert kept > 20000


# Every character a skipped pass looks for, beside letters hazm's passes join, split or keep apart.
_SPACING = st.sampled_from([" ", "  ", "\n", "\n\n\n", "\r", "\u200c", "\u200c\u200c", "ـ", '"', ".", "...", ":", "!",
                            "،", "؛", "؟", "»", "«", "(", ")", "[", "]", "{", "}", "12", "۳", "٤", "5.5", "ه ی ", "می ", "نمی ",
                            " تر", " ترین", " گر", " ها", "ه ای", "ه اند", "هها", "ي", "ك", "\u064e", "ﷲ", "سلاممم", "مییییی"])


@given(st.lists(st.one_of(_SPACING, st.sampled_from(WORDS + ["کتاب", "خانه", "رود", "که", "a"])), max_size=40).map("".join))
@settings(max_examples=500)
def test_display_passes_with_their_skips_are_hazms_own(text):
    assert _display_normalizer().normalize(text) == _hazm().normalize(text)


@functools.cache
def _hazm():
    from hazm import Normalizer

    return Normalizer()


_PLAIN_SENTENCE_END = re.compile(r"[.!؟?](?:\s+|$)|\n+")  # the definition; _SENTENCE_END is its faster spelling
_ENDS = st.sampled_from([".", "!", "؟", "?", " ", "\n", "\n\n", "\t", "\u200c", "\u00a0", "\u2029", "3.5", "a"])


@given(st.lists(st.one_of(_ANY, _ENDS, st.sampled_from(WORDS)), max_size=120).map("".join))
@settings(max_examples=400)
def test_sentence_ends_are_found_where_the_plain_pattern_finds_them(text):
    assert _SENTENCE_END.sub("\n", text) == _PLAIN_SENTENCE_END.sub("\n", text)


def test_sentence_ends_of_real_articles_are_found_where_the_plain_pattern_finds_them(shared):
    import json

    with (shared / "texts" / "ir-news-2019" / "articles.jsonl").open(encoding="utf-8") as f:
        bodies = [json.loads(line)["body"] for line in f]
    assert [_SENTENCE_END.sub("\n", b) for b in bodies] == [_PLAIN_SENTENCE_END.sub("\n", b) for b in bodies]


_KEPT_SAMPLES = st.sampled_from(["58,500", "2.5", "G20", "https://t.me/isna94", "alert(1)", "info@isna.ir", "@isna_ir",
                                 "#ایران", "۱۴۰۲/۰۷/۲۱", "٣٫٥", "12.5%", "www.isna.ir/news/98", "COVID-19", "U.S", "iPhone"])
_LATIN = st.from_regex(r"[A-Za-z0-9٠-٩۰-۹][A-Za-z0-9٠-٩۰-۹.,/:_٫-]{0,12}[A-Za-z0-9٠-٩۰-۹]", fullmatch=True)
_AROUND = st.one_of(_SPACING, st.sampled_from(WORDS + ["کتاب", "که", "ي", "ك", "«", "»", "(", ")"]))


@given(st.lists(st.one_of(st.one_of(_KEPT_SAMPLES, _LATIN).map(lambda t: (t, True)), _AROUND.map(lambda t: (t, False))), max_size=30))
@settings(max_examples=500)
def test_every_number_link_and_latin_token_comes_out_as_written(items):
    """Numbers (any digit script, any separators), links, e-mails, handles and Latin words, between
    Persian words and every mark hazm spaces or joins: each is in the display text as written."""
    shown = display_text(" ".join(t for t, _ in items))
    for token, kept in items:
        assert not kept or token in shown, token
