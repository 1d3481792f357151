"""Build the labeled development sets in tests/data/ from real Persian text in ../shared.

    python tests/data/build_devsets.py [--shared ../shared]

dedup_dev.jsonl: real articles (Varzesh3 dataset, the seed, the real 2019 pages) and reposts made
the way outlets repost (new lead credit, ZWNJ loss, Arabic letters, digit scripts, truncation,
«بیشتر بخوانید» inserts, rewritten titles, lead-only, merged reports), labeled with their story;
hard negatives: templated daily reports that differ only in figures, and same-topic stories.
attribution_dev.jsonl: real leads (the seed, 76 Varzesh3 articles crediting others, the real pages),
labeled by hand, plus written hard cases.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

V3 = "varzesh3.com"
TAS, FARS, ISNA, MEHR, IRNA = "tasnimnews.com", "farsnews.ir", "isna.ir", "mehrnews.com", "irna.ir"
# Varzesh3 articles that credit others: the chain a reader sees (publisher first), labeled by hand.
V3_CHAINS = {
    1257418: [FARS], 1021210: [FARS], 1245869: [TAS], 1328474: ["فدراسیون والیبال"], 1150183: [TAS], 1117798: [FARS],
    1504101: [TAS], 1333315: ["باشگاه نفت تهران"], 1396071: [TAS], 1165121: ["فدراسیون فوتبال"],
    1267954: ["باشگاه نفت تهران"], 1330172: ["باشگاه ملوان"], 1206147: [FARS], 1312656: [FARS], 1465971: [TAS],
    1179824: [FARS], 1240222: [ISNA], 1422282: ["فدراسیون والیبال"], 1358370: [TAS], 1409553: ["فدراسیون کشتی"],
    1313755: ["ESPN"], 1717034: ["فدراسیون فوتبال"], 1623163: ["بیلد"], 1397436: [TAS], 1170437: ["استقلال"],
    1454317: ["فدراسیون فوتبال"], 1735293: ["مارکا"], 1196679: [FARS, "آبولا"], 1353802: [TAS],
    1257509: ["فدراسیون کشتی"], 1197473: [TAS], 1693344: [ISNA, "کمیته بین المللی المپیک"], 1642071: ["فدراسیون فوتبال"], 1059452: [TAS],
    1284680: [MEHR], 1509605: ["فدراسیون کشتی"], 1258203: [ISNA], 1035272: [TAS], 1494898: ["فدراسیون کشتی"],
    1196989: ["گلف تایمز"], 1318984: [TAS], 1656468: ["فدراسیون تکواندو"], 1233719: [FARS], 1151524: [TAS],
    1512725: [MEHR], 1028480: ["سازمان لیگ"], 1060634: [TAS], 1238430: [FARS], 1693869: [TAS],
    986378: ["reuters.com", FARS], 1473846: ["فدراسیون وزنه برداری"], 1347342: ["ایران ورزشی"], 1019945: [ISNA, "بیلد"],
    1060943: ["باشگاه پرسپولیس"], 1022268: ["باشگاه پرسپولیس"], 1297821: [TAS], 1471926: [TAS],
    1679046: ["فدراسیون والیبال"], 1495420: ["فدراسیون شنا شیرجه و واترپلو"], 1267510: [IRNA], 1164721: [FARS],
    984687: ["باشگاه پرسپولیس"], 1193167: ["فدراسیون فوتبال"], 1293719: [TAS], 1060550: [TAS],
    991829: ["باشگاه پرسپولیس"], 1236009: [TAS], 1638597: ["ایران ورزشی"], 1150342: ["فدراسیون فوتبال"],
    1152978: [FARS], 1081854: [FARS], 1750354: [TAS], 1000686: ["گل"], 1314049: [FARS], 1032079: [FARS], 1058153: [ISNA],
}
# Written hard cases: (publisher, text, chain after the publisher, what it tests)
HARD = [
    ("khabaronline.ir", "به گزارش خبرآنلاین، دولت لایحه بودجه را به مجلس فرستاد.", [], "self-credit"),
    ("khabaronline.ir", "به گزارش خبرنگار اقتصادی خبرآنلاین، بازار ارز امروز آرام بود.", [], "own desk"),
    ("tabnak.ir", "به گزارش تابناک به نقل از ایلنا به نقل از روزنامه شرق، کارگران تجمع کردند.", ["ilna.ir", "شرق"], "nested credits"),
    ("entekhab.ir", "به گزارش انتخاب به نقل از خبرگزاری فرانسه، معترضان در پاریس تجمع کردند.", ["afp.com"], "foreign agency"),
    ("asriran.com", "به گزارش عصرایران به نقل از رویترز، قیمت نفت برنت افزایش یافت.", ["reuters.com"], "foreign agency"),
    ("mehrnews.com", "به گزارش خبرگزاری مهر به نقل از اسپوتنیک، مذاکرات در مسکو ادامه دارد.", ["sputniknews.com"], "foreign agency"),
    ("irna.ir", "پوتین گفت که با علی‌اف درباره قره‌باغ گفت‌وگو کرده است.", [], "a speaker is not a source"),
    ("isna.ir", "به نقل از وزیر امور خارجه، مذاکرات هفته آینده از سر گرفته می‌شود.", [], "a speaker is not a source"),
    ("hamshahrionline.ir", "به نقل از سخنگوی دولت، جلسه هیئت دولت فردا برگزار می‌شود.", [], "a speaker is not a source"),
    ("yjc.ir", "ایسنا/کرمان رئیس سازمان جهاد کشاورزی استان از خرید تضمینی گندم خبر داد.", [ISNA], "bureau tag"),
    ("khabaronline.ir", "تهران- ایرنا- وزیر امور خارجه امروز به بغداد سفر کرد.", [IRNA], "dateline"),
    ("tabnak.ir", "وزیر اقتصاد از کاهش نرخ تورم خبر داد.\nاو افزود این روند ادامه دارد.\nمنبع: خبرگزاری مهر", [MEHR], "credit only at the end"),
    ("entekhab.ir", "رویترز گزارش داد: قیمت طلا در بازارهای جهانی بالا رفت.", ["reuters.com"], "X گزارش داد"),
    ("asriran.com", "بنابر گزارش خبرگزاری تسنیم، جلسه شورای شهر به تعویق افتاد.", [TAS], "بنابر گزارش"),
    ("donya-e-eqtesad.com", "براساس گزارش بانک مرکزی، نقدینگی افزایش یافت.", ["بانک مرکزی"], "institution as source"),
    ("farsnews.ir", "به گزارش رسانه‌ها، این مسابقه لغو شد.", [], "generic media is not a source"),
    ("nabzebazar.com", "به گزارش نبض بازار، قیمت سکه کاهش یافت.\nبه گزارش ایسنا، بانک مرکزی حراج سکه را متوقف کرد.", [ISNA], "embedded report"),
    ("arannews.com", "به گزارش آران‌نیوز به نقل از نبض‌بازار، قیمت طلا افزایش یافت.", ["nabzebazar.com"], "ZWNJ in names"),
    ("tabnak.ir", "به گزارش تابناک به نقل از ايسنا، شوراي شهر تشکيل جلسه داد.", [ISNA], "Arabic letters"),
    ("khabaronline.ir", "به گزارش خبرگزاری باشگاه خبرنگاران جوان، واکسن جدید توزیع شد.", ["yjc.ir"], "long alias"),
]


def seed_lines(shared: Path) -> list[str]:
    return [p.strip() for p in (shared / "seed" / "000_25880a7db64d84cd.txt").read_text(encoding="utf-8").split("\n") if p.strip()]


def attribution_set(shared: Path, v3: dict) -> list[dict]:
    rows = [{"id": "seed", "publisher": "arannews.com", "paragraphs": seed_lines(shared)[1:],
             "chain": ["arannews.com", "nabzebazar.com", "isna.ir"], "case": "the seed (real)"}]
    for code, chain in V3_CHAINS.items():
        rows.append({"id": f"v3-{code}", "publisher": V3, "paragraphs": v3[code]["paragraphs"], "chain": [V3, *chain],
                     "case": "varzesh3-500 (real)"})
    from newsagg.crawler.parsers import parse_article
    for name, outlet, parser in [("www.isna.ir-2019.html", ISNA, "nastooh"), ("www.tasnimnews.com-2019.html", TAS, "tasnim"),
                                 ("www.yjc.ir-2019.html", "yjc.ir", "sepehr"), ("www.varzesh3.com-2019.html", V3, "generic")]:
        got = parse_article(parser, (shared / "pages" / name).read_text(encoding="utf-8"), f"https://{outlet}/news/1")
        rows.append({"id": name, "publisher": outlet, "paragraphs": [got["lead"] or "", *got["body"].split("\n")],
                     "chain": [outlet], "case": "real page: self-credit or none"})
    for i, (publisher, text, chain, case) in enumerate(HARD):
        rows.append({"id": f"hard-{i}", "publisher": publisher, "paragraphs": text.split("\n"), "chain": [publisher, *chain], "case": case})
    return rows


# ------------------------------------------------------------------ dedup
OUTLETS = ["isna.ir", "tasnimnews.com", "farsnews.ir", "mehrnews.com", "yjc.ir", "khabaronline.ir", "tabnak.ir",
           "entekhab.ir", "asriran.com", "hamshahrionline.ir", "khabarvarzeshi.com", "irna.ir"]
NAMES = {"isna.ir": "ایسنا", "tasnimnews.com": "تسنیم", "farsnews.ir": "فارس", "mehrnews.com": "مهر", "yjc.ir": "باشگاه خبرنگاران جوان",
         "khabaronline.ir": "خبرآنلاین", "tabnak.ir": "تابناک", "entekhab.ir": "انتخاب", "asriran.com": "عصر ایران",
         "hamshahrionline.ir": "همشهری آنلاین", "khabarvarzeshi.com": "خبرورزشی", "irna.ir": "ایرنا", V3: "ورزش سه"}
_TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def repost(rng: random.Random, story: dict, others: list[dict], kind: str) -> tuple[str, list[str]]:
    title, paras = story["title"], list(story["paragraphs"])
    if kind == "credit":
        paras[0] = f"به گزارش {{me}} به نقل از {NAMES.get(story['outlet'], story['outlet'])}، " + paras[0]
    elif kind == "zwnj_loss":
        title, paras = title.replace("\u200c", ""), [p.replace("\u200c", "") for p in paras]
    elif kind == "arabic_letters":
        title, paras = title.translate(_TO_ARABIC), [p.translate(_TO_ARABIC) for p in paras]
    elif kind == "digits":
        paras = [p.translate(_FA_DIGITS) for p in paras]
    elif kind == "truncated":
        paras = paras[: max(1, len(paras) // 2)]
    elif kind == "lead_only":
        title, paras = "بازنویسی: " + " ".join(paras[0].split()[:6]), paras[:1]
    elif kind == "read_more":
        for i in range(len(paras) - 1, 0, -2):
            paras.insert(i, "بیشتر بخوانید: " + rng.choice(others)["title"])
    elif kind == "rewritten_title":
        title = " ".join(reversed(title.split())) + " | " + rng.choice(["گزارش", "جزئیات", "واکنش‌ها"])
    elif kind == "merged":
        paras = paras + ["در خبری دیگر، " + rng.choice(others)["paragraphs"][0]]
    elif kind == "stacked":  # what a copy-paste chain does: several edits at once
        for step in ("credit", "zwnj_loss", "arabic_letters", "digits", "read_more"):
            title, paras = repost(rng, {**story, "title": title, "paragraphs": paras}, others, step)
    elif kind == "edited":  # a light rewrite: synonyms, a sentence dropped, two paragraphs swapped
        def swap(p):
            for a, b in SYNONYMS:
                if rng.random() < 0.7:
                    p = p.replace(a, b)
            return p
        paras = [swap(p) for p in paras]
        sentences = paras[0].split(". ")
        if len(sentences) > 2:
            sentences.pop(rng.randrange(1, len(sentences)))
            paras[0] = ". ".join(sentences)
        if len(paras) > 3:
            paras[1], paras[2] = paras[2], paras[1]
    elif kind == "commentary":  # the outlet's own intro, then the first half of the story
        paras = [rng.choice(INTROS), *paras[: max(2, len(paras) // 2)]]
    return title, paras


SYNONYMS = [(" گفت", " اظهار کرد"), ("امروز", "روز جاری"), (" کرد.", " نمود."), ("همچنین", "علاوه بر این"), ("بازیکنان", "ورزشکاران"),
            (" است.", " می‌باشد."), ("تیم", "تیم"), ("درباره", "در خصوص"), ("اما", "ولی"), ("باید", "لازم است")]
INTROS = ["در حالی که حواشی این روزها بیش از هر زمان دیگری در کانون توجه قرار گرفته است، تازه‌ترین اظهارات در این باره را بخوانید.",
          "این خبر را از دست ندهید؛ جزئیات تازه‌ای که امروز منتشر شد واکنش‌های زیادی در فضای مجازی به دنبال داشته است.",
          "به گزارش پایگاه خبری ما، آنچه در ادامه می‌خوانید خلاصه‌ای از مهم‌ترین نکات این گزارش است که ساعاتی پیش منتشر شد."]


KINDS = ["credit", "zwnj_loss", "arabic_letters", "digits", "truncated", "lead_only", "read_more", "rewritten_title", "merged",
         "stacked", "edited", "commentary"]


def templated(rng: random.Random) -> list[dict]:
    """Daily reports in one wording, different figures each day: each (template, day) is its own story."""
    templates = {
        "dollar": ("قیمت دلار امروز {d} آبان ۱۴۰۵", ["قیمت دلار آمریکا امروز {d} آبان در بازار آزاد تهران به {a} هزار و {b} تومان رسید و نسبت به روز گذشته {c} تومان تغییر کرد.",
                    "یورو نیز در صرافی‌های بانکی {e} هزار و {f} تومان و پوند انگلیس {g} هزار و {h} تومان معامله شد.",
                    "فعالان بازار ارز معتقدند روند قیمت‌ها در روزهای آینده به تحولات سیاسی و میزان عرضه ارز بستگی دارد."]),
        "coin": ("قیمت سکه و طلا امروز {d} آبان", ["هر قطعه سکه تمام بهار آزادی طرح جدید امروز {d} آبان به قیمت {a} میلیون و {b} هزار تومان فروخته شد.",
                  "نیم سکه {e} میلیون و {f} هزار تومان و ربع سکه {g} میلیون و {h} هزار تومان قیمت خورد و هر گرم طلای ۱۸ عیار {c} هزار تومان شد.",
                  "کارشناسان بازار طلا نوسان قیمت اونس جهانی و نرخ ارز را دو عامل اصلی تعیین قیمت سکه در بازار داخلی می‌دانند."]),
        "weather": ("پیش‌بینی هوای تهران {d} آبان", ["بر اساس پیش‌بینی سازمان هواشناسی، دمای هوای تهران امروز {d} آبان بین {a} و {b} درجه سانتی‌گراد خواهد بود.",
                     "سرعت وزش باد تا {c} کیلومتر بر ساعت می‌رسد و شاخص کیفیت هوا در محدوده {e} قرار دارد و رطوبت نسبی {f} درصد است.",
                     "هواشناسی به شهروندان توصیه کرده است در ساعات اوج ترافیک از تردد غیرضروری در سطح شهر خودداری کنند."]),
        "bourse": ("شاخص بورس امروز {d} آبان", ["شاخص کل بورس تهران امروز {d} آبان با {c} هزار واحد تغییر به {a} میلیون و {b} هزار واحد رسید.",
                    "ارزش معاملات خرد سهام {e} هزار میلیارد ریال بود و حقوقی‌ها {f} میلیارد تومان از بازار خارج کردند و شاخص هم‌وزن {g} هزار واحد شد.",
                    "تحلیلگران بازار سرمایه معتقدند تصمیمات شورای عالی بورس در هفته آینده مسیر بازار را مشخص می‌کند."]),
    }
    rows, base = [], datetime(2026, 11, 1, 5, 30, tzinfo=timezone.utc)
    for name, (title, body) in templates.items():
        fig = {}
        for day in range(10, 15):
            # most figures move every day, some stay (a realistic market): a third of them kept
            fig = {k: fig[k] if fig and rng.random() < 0.34 else str(rng.randint(10, 999)) for k in "abcefgh"}
            fmt = lambda s: s.format(d=str(day).translate(_FA_DIGITS), **fig)  # noqa: E731
            story = f"{name}-{day}"
            when = base + timedelta(days=day - 10)
            rows.append({"story": story, "kind": "templated", "outlet": "eghtesadnews.com", "title": fmt(title), "paragraphs": [fmt(p) for p in body], "published": when})
            if day % 2 == 0:  # a credited repost of that day's report
                rows.append({"story": story, "kind": "templated_repost", "outlet": "donya-e-eqtesad.com", "title": fmt(title),
                             "paragraphs": ["به گزارش دنیای اقتصاد به نقل از اقتصادنیوز، " + fmt(body[0]), *map(fmt, body[1:])],
                             "published": when + timedelta(minutes=50)})
    return rows


def dedup_set(shared: Path, v3: dict, rng: random.Random) -> list[dict]:
    originals = [a for a in v3.values() if len(a["paragraphs"]) >= 3 and len(" ".join(a["paragraphs"])) > 600][:120]
    stories = [{"story": f"v3-{a['code']}", "outlet": V3, "title": a["title"], "paragraphs": a["paragraphs"], "tags": a["tags"]} for a in originals]
    seed = seed_lines(shared)
    stories.append({"story": "seed", "outlet": "isna.ir", "title": seed[0], "paragraphs": [seed[3].removeprefix("به گزارش ایسنا، "), *seed[4:]], "tags": []})
    base = datetime(2026, 10, 1, 4, 0, tzinfo=timezone.utc)
    rows = []
    for i, s in enumerate(stories):
        when = base + timedelta(hours=3 * i)  # several stories a day: the window holds many candidates
        rows.append({**s, "kind": "original", "published": when})
        others = [o for o in stories if o is not s]
        for j, kind in enumerate(rng.sample(KINDS, 4)):
            me = rng.choice(OUTLETS)
            title, paras = repost(rng, s, others, kind)
            paras = [p.replace("{me}", NAMES[me]) for p in paras]
            rows.append({"story": s["story"], "kind": kind, "outlet": me, "title": title, "paragraphs": paras,
                         "published": when + timedelta(minutes=rng.randint(10, 600))})
    rows += templated(rng)
    rng.shuffle(rows)
    out = []
    for n, r in enumerate(rows):
        out.append({"id": f"a{n:04d}", "url": f"https://{r['outlet']}/news/{n}", "outlet": r["outlet"], "title": r["title"],
                    "body": "\n".join(r["paragraphs"]), "published": r["published"].isoformat(), "story": r["story"], "kind": r["kind"],
                    "tags": r.get("tags", [])})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    shared = ap.parse_args().shared
    v3 = {a["code"]: a for a in json.loads((shared / "texts" / "varzesh3-500.json").read_text(encoding="utf-8"))}
    for name, rows in [("attribution_dev.jsonl", attribution_set(shared, v3)), ("dedup_dev.jsonl", dedup_set(shared, v3, random.Random(20261125)))]:
        (HERE / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
