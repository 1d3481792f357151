"""Write demo/snapshot/ from ../shared (real captures and texts) plus assembled pages.

    python demo/build_snapshot.py [--shared ../shared]

The snapshot is committed, so the demo and the tests need no ../shared; run this again only to
change the demo. Every page says in manifest.json whether it is a real capture or assembled.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from templates import TEMPLATES, at, rss, sitemap  # noqa: E402

HERE = Path(__file__).parent
OUT = HERE / "snapshot"
FIXTURES = HERE.parent / "tests" / "fixtures" / "outlets"

_ZWNJ_FIXES = {"رئیسجمهور": "رئیس‌جمهور", "گفتوگو": "گفت‌وگو", "میتوان": "می‌توان", "بینالمللی": "بین‌المللی",
               "مشترکالمنافع": "مشترک‌المنافع", "میشود": "می‌شود", "دههها": "دهه‌ها", "میبرند": "می‌برند",
               "کرده اند": "کرده‌اند", "شده اند": "شده‌اند", "ماموریتشان": "مأموریتشان"}


def with_zwnj(text: str) -> str:
    """The seed lost every ZWNJ in copying; the originals had them."""
    for bare, proper in _ZWNJ_FIXES.items():
        text = text.replace(bare, proper)
    return text


def page(outlet, layout, url, published, title, lead, body, site, tags=(), section="", source="assembled", **extra):
    return dict(outlet=outlet, layout=layout, url=url, published=published, title=title, lead=lead, body=list(body),
                site=site, tags=list(tags), section=section, source=source, **extra)


def real_paragraphs(shared: Path, name: str, parser: str, url: str) -> list[str]:
    """A real page's body as our parser reads it (what a reposting outlet copies)."""
    from newsagg.crawler.parsers import parse_article

    return parse_article(parser, (shared / "pages" / name).read_text(encoding="utf-8"), url).body.split("\n")


def stories(shared: Path) -> tuple[list[dict], list[dict]]:
    """(assembled pages, real captures)."""
    seed = [p.strip() for p in (shared / "seed" / "000_25880a7db64d84cd.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
    title, lead, aran_p1, isna_p1, *rest = seed
    isna_body = [with_zwnj(isna_p1.removeprefix("به گزارش ایسنا، "))] + [with_zwnj(p) for p in rest]
    t0 = at("2023-10-13T09:10:00")
    pages = [
        # 1. The seed's chain: ISNA -> Nabz-e Bazar (credits ISNA) -> Aran News (credits Nabz-e Bazar); Tabnak copies silently.
        page("isna.ir", "nastooh", "https://www.isna.ir/news/1402072114321/پوتین-درباره-قره-باغ-با-علی-اف-گفت-وگو-کردم", t0,
             "پوتین: درباره قره‌باغ با علی‌اف به طور مفصل گفت‌وگو کردم",
             "رئیس‌جمهور روسیه گفت که با همتای آذربایجانی خود درباره بحران قره‌باغ به طور مفصل رایزنی کرده است.",
             isna_body + ["انتهای پیام"], "ایسنا", ["ولادیمیر پوتین", "قره‌باغ"], "بین‌الملل"),
        page("nabzebazar.com", "generic", "https://nabzebazar.com/1402/07/21/putin-aliyev-karabakh/", t0.replace(hour=10, minute=40),
             title, with_zwnj(lead),
             [with_zwnj(aran_p1.replace("به گزارش آران نیوز به نقل از نبض بازار، ", "به گزارش نبض بازار، ")), with_zwnj(isna_p1)] + [with_zwnj(p) for p in rest],
             "نبض بازار", ["پوتین"], "سیاسی"),
        page("arannews.com", "generic", "https://arannews.com/news/25880/", t0.replace(hour=12, minute=5),
             title, lead, [aran_p1, isna_p1, *rest], "آران نیوز", ["پوتین"], "سیاسی", source="seed text (real), page assembled"),
        page("tabnak.ir", "sepehr", "https://www.tabnak.ir/fa/news/1203311/گفت-وگوی-پوتین-و-علی-اف-درباره-قره-باغ", t0.replace(hour=14, minute=30),
             "گفت‌وگوی پوتین و علی‌اف درباره قره‌باغ", "رئیس‌جمهور روسیه از رایزنی با رئیس‌جمهور آذربایجان درباره قره‌باغ خبر داد.",
             isna_body[:5], "تابناک", ["قره‌باغ"], "بین‌الملل"),
    ]
    # 2. ISNA's real 2019 page, reposted by Varzesh3 with credit and by Khabarvarzeshi lead-only with credit.
    isna_url = "https://www.isna.ir/news/98030903723/%DA%A9%D8%A7%D8%B1%D8%B4%D9%86%D8%A7%D8%B3%DB%8C-%D8%AF%D8%A7%D9%88%D8%B1%DB%8C-%D8%AF%DB%8C%D8%AF%D8%A7%D8%B1-%D8%B3%D9%BE%D8%A7%D9%87%D8%A7%D9%86-%D9%88-%D9%BE%D8%B1%D8%B3%D9%BE%D9%88%D9%84%DB%8C%D8%B3-%D8%A7%D8%B2-%D8%B2%D8%A8%D8%A7%D9%86-%D8%B9%D8%B3%DA%AF%D8%B1%DB%8C"
    isna_paras = real_paragraphs(shared, "www.isna.ir-2019.html", "nastooh", isna_url)
    t1 = at("2019-05-29T19:50:37")
    pages += [
        page("varzesh3.com", "generic", "https://www.varzesh3.com/news/1609017/عسگری-داوری-سپاهان-پرسپولیس", at("2019-05-29T20:40:00"),
             "عسگری: تیم داوری بازی سپاهان و پرسپولیس قضاوت کم‌نقصی داشت",
             "کارشناس داوری فوتبال ایران عملکرد تیم داوری مسابقه سپاهان و پرسپولیس را قابل قبول دانست.",
             ['به گزارش "ورزش سه" و به نقل از ایسنا، ' + isna_paras[0], *isna_paras[1:]], "ورزش سه", ["پرسپولیس"], "فوتبال"),
        page("khabarvarzeshi.com", "nastooh", "https://www.khabarvarzeshi.com/news/98030905/داور-بازی-سپاهان-و-پرسپولیس", at("2019-05-29T22:05:00"),
             "نظر کارشناس داوری درباره بازی سپاهان و پرسپولیس", "حسین عسگری از عملکرد داوران بازی سپاهان و پرسپولیس گفت.",
             ["به گزارش خبرورزشی به نقل از ایسنا، " + isna_paras[0]], "خبرورزشی", ["داوری"], "فوتبال"),
    ]
    # 3. Tasnim's real 2019 page, reposted (first five paragraphs) by YJC with credit.
    tasnim_paras = real_paragraphs(shared, "www.tasnimnews.com-2019.html", "tasnim", "https://www.tasnimnews.com/fa/news/1398/02/30/2015910/")[:5]
    pages.append(page("yjc.ir", "sepehr", "https://www.yjc.ir/fa/news/6925001/برتری-پرسپولیس-مقابل-السد", at("2019-05-20T18:55:00"),
                      "برتری پرسپولیس مقابل السد در شب خداحافظی ژاوی",
                      "پرسپولیس در آخرین بازی مرحله گروهی لیگ قهرمانان آسیا السد را شکست داد.",
                      [re.sub(r"^به گزارش خبرگزاری تسنیم، ", "به گزارش باشگاه خبرنگاران جوان به نقل از تسنیم، ", tasnim_paras[0]), *tasnim_paras[1:]],
                      "باشگاه خبرنگاران جوان", ["پرسپولیس"], "ورزشی"))
    # 4. Templated daily reports: same wording, other figures -> two stories; Donya-e-Eqtesad reposts day one.
    def dollar(day, price, change, direction, transfer, euro, pound, dirham):
        return [f"به گزارش اقتصادنیوز، قیمت دلار آمریکا امروز {day} مهر ۱۴۰۵ در بازار آزاد تهران با {change} تومان {direction} نسبت به روز گذشته به {price} تومان رسید.",
                f"در بازار متشکل ارزی نیز هر دلار حواله‌ای {transfer} تومان معامله شد و یورو با قیمت {euro} تومان دست به دست شد.",
                f"قیمت هر پوند انگلیس در صرافی‌های بانکی {pound} تومان و درهم امارات {dirham} تومان اعلام شد.",
                "فعالان بازار ارز معتقدند روند قیمت‌ها در روزهای آینده به تحولات سیاسی و میزان عرضه ارز در مرکز مبادله بستگی دارد."]
    day12 = dollar("۱۲", "۱۰۲ هزار و ۴۵۰", "۸۵۰", "افزایش", "۸۹ هزار و ۲۰۰", "۱۱۹ هزار و ۳۰۰", "۱۳۶ هزار و ۱۰۰", "۲۷ هزار و ۹۰۰")
    day13 = dollar("۱۳", "۱۰۱ هزار و ۹۸۰", "۴۷۰", "کاهش", "۸۹ هزار و ۴۰۰", "۱۱۸ هزار و ۷۵۰", "۱۳۵ هزار و ۶۲۰", "۲۷ هزار و ۷۸۰")
    pages += [
        page("eghtesadnews.com", "sepehr", "https://www.eghtesadnews.com/fa/news/700112/قیمت-دلار-امروز-۱۲-مهر-۱۴۰۵", at("2026-10-04T07:30:00"),
             "قیمت دلار امروز ۱۲ مهر ۱۴۰۵", "قیمت دلار آمریکا امروز در بازار آزاد تهران به ۱۰۲ هزار و ۴۵۰ تومان رسید.", day12, "اقتصادنیوز", ["قیمت دلار"], "بازار ارز"),
        page("eghtesadnews.com", "sepehr", "https://www.eghtesadnews.com/fa/news/700145/قیمت-دلار-امروز-۱۳-مهر-۱۴۰۵", at("2026-10-05T07:30:00"),
             "قیمت دلار امروز ۱۳ مهر ۱۴۰۵", "قیمت دلار آمریکا امروز در بازار آزاد تهران به ۱۰۱ هزار و ۹۸۰ تومان رسید.", day13, "اقتصادنیوز", ["قیمت دلار"], "بازار ارز"),
        page("donya-e-eqtesad.com", "generic", "https://donya-e-eqtesad.com/بخش-بازار-ارز-12/4211230-دلار-۱۰۲-هزار-تومانی-شد", at("2026-10-04T08:45:00"),
             "دلار ۱۰۲ هزار تومانی شد", "قیمت دلار در بازار آزاد امروز افزایش یافت.",
             [day12[0].replace("به گزارش اقتصادنیوز، ", "به گزارش دنیای اقتصاد به نقل از اقتصادنیوز، "), *day12[1:]], "دنیای اقتصاد", ["دلار"], "بازار ارز"),
    ]
    # 5. Real Varzesh3 texts (texts/varzesh3-500.json) crediting Tasnim and Fars; the originals assembled from them.
    v3 = {a["code"]: a for a in json.loads((shared / "texts" / "varzesh3-500.json").read_text(encoding="utf-8"))}
    for code, outlet, layout, site, credit, url, when in [
        (1396071, "tasnimnews.com", "tasnim", "تسنیم", "به گزارش خبرگزاری تسنیم، ",
         "https://www.tasnimnews.com/fa/news/1396/09/20/1597001/کمالوند-بازیکنان-تنبیه-انضباطی", at("2017-12-11T10:00:00")),
        (1206147, "farsnews.ir", "generic", "فارس", "به گزارش خبرگزاری فارس، ",
         "https://www.farsnews.ir/news/13950525000911/تساوی-استقلال-مقابل-آلومینیوم-اراک", at("2016-08-15T15:20:00")),
    ]:
        a = v3[code]
        original = [re.sub(r'^به گزارش\s+"ورزش سه" و به نقل از [^،]+،\s*', credit, a["paragraphs"][0]), *a["paragraphs"][1:]]
        pages += [
            page(outlet, layout, url, when, a["title"], a["abstract"], original, site, a["tags"], "ورزشی",
                 source=f"text of varzesh3-500 #{code} (real) with the original's credit, page assembled"),
            page("varzesh3.com", "generic", f"https://www.varzesh3.com/news/{code}/", when + timedelta(minutes=35),
                 a["title"], a["abstract"], a["paragraphs"], "ورزش سه", a["tags"], "ورزشی", source=f"varzesh3-500 #{code} (real text), page assembled"),
        ]
    real = [
        dict(outlet="isna.ir", url=isna_url, file="www.isna.ir-2019.html", published=t1, title="کارشناسی داوری دیدار سپاهان و پرسپولیس از زبان عسگری",
             lead=""),
        dict(outlet="tasnimnews.com", file="www.tasnimnews.com-2019.html", published=at("2019-05-20T18:23:00"), lead="",
             url="https://www.tasnimnews.com/fa/news/1398/02/30/2015910/%D9%84%DB%8C%DA%AF-%D9%82%D9%87%D8%B1%D9%85%D8%A7%D9%86%D8%A7%D9%86-%D8%A2%D8%B3%DB%8C%D8%A7-%D8%A8%D8%B1%D8%AA%D8%B1%DB%8C-%D8%A8%DB%8C-%D9%81%D8%A7%DB%8C%D8%AF%D9%87-%D9%BE%D8%B1%D8%B3%D9%BE%D9%88%D9%84%DB%8C%D8%B3-%D8%AF%D8%B1-%D8%B4%D8%A8-%D8%AA%D9%84%D8%AE-%D8%AE%D8%AF%D8%A7%D8%AD%D8%A7%D9%81%D8%B8%DB%8C-%DA%98%D8%A7%D9%88%DB%8C-%D8%A7%D8%B2-%D9%81%D9%88%D8%AA%D8%A8%D8%A7%D9%84",
             title="لیگ قهرمانان آسیا| برتری بی‌فایده پرسپولیس در شب تلخ خداحافظی ژاوی از فوتبال"),
        dict(outlet="yjc.ir", file="www.yjc.ir-2019.html", published=at("2019-05-02T11:42:00"), lead="",
             url="https://www.yjc.ir/fa/news/6919119/%DA%AF%D8%B1%D8%AF%D9%87%D9%85%D8%A7%DB%8C%DB%8C-%D8%B1%D8%A4%D8%B3%D8%A7%DB%8C-%D8%B3%D8%A7%D8%B2%D9%85%D8%A7%D9%86-%D9%86%D8%B8%D8%A7%D9%85-%D8%AF%D8%A7%D9%85%D9%BE%D8%B2%D8%B4%DA%A9%DB%8C-%DA%A9%D8%B4%D9%88%D8%B1-%D8%AF%D8%B1-%D8%B4%D9%87%D8%B1%DA%A9%D8%B1%D8%AF",
             title="گردهمایی رؤسای سازمان نظام دامپزشکی کشور در شهرکرد"),
        dict(outlet="varzesh3.com", file="www.varzesh3.com-2019.html", published=at("2019-05-01T14:34:00"), lead="",
             url="https://www.varzesh3.com/news/1608590/%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4-%D8%B2%D9%86%D8%AF%D9%87-%D8%AA%D8%B1%D8%A7%DA%A9%D8%AA%D9%88%D8%B1%D8%B3%D8%A7%D8%B2%DB%8C-0-%D9%BE%D8%B1%D8%B3%D9%BE%D9%88%D9%84%DB%8C%D8%B3-0-%D9%84%DB%8C%DA%AF-%D8%A8%D8%B1%D8%AA%D8%B1-11-02-1398",
             title="تراکتور 1 - پرسپولیس 1؛ دانیال علیه جشن قهرمانی!"),
    ]
    return pages, real


def build(shared: Path) -> None:
    from newsagg.config import load_registry

    registry = load_registry()
    assembled, real = stories(shared)
    manifest, by_outlet = [], {}

    # a page that is also an outlet fixture is not copied: the manifest points at the fixture
    fixtures = {hashlib.sha1(gzip.decompress(f.read_bytes())).digest(): f"{f.parent.name}/{f.name.removesuffix('.html.gz')}"
                for f in FIXTURES.glob("*/*.html.gz")}

    def put(url: str, content: str | bytes, content_type: str, source: str) -> None:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if fixture := fixtures.get(hashlib.sha1(data).digest()):
            manifest.append({"url": url, "fixture": fixture, "content_type": content_type, "source": source})
            return
        host = urlsplit(url).netloc
        name = f"{host}/{hashlib.sha1(url.encode()).hexdigest()[:12]}{'.xml' if 'xml' in content_type else '.txt' if 'plain' in content_type else '.html'}"
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_bytes(data)
        manifest.append({"url": url, "file": name, "content_type": content_type, "source": source})

    for p in assembled:
        put(p["url"], TEMPLATES[p["layout"]](p), "text/html; charset=utf-8", p["source"] + f"; {p['layout']} layout")
        by_outlet.setdefault(p["outlet"], []).append(p)
    for r in real:
        put(r["url"], (shared / "pages" / r["file"]).read_bytes(), "text/html; charset=utf-8", f"real capture: shared/pages/{r['file']}")
        by_outlet.setdefault(r["outlet"], []).append(r)
    for outlet_id, items in sorted(by_outlet.items()):
        outlet = registry.get(outlet_id)
        items = sorted(items, key=lambda i: i["published"], reverse=True)
        for feed in outlet.crawl.feeds:
            put(feed, rss(outlet.name_fa, f"https://{outlet_id}", items), "application/rss+xml; charset=utf-8", "assembled feed")
        for sm in outlet.crawl.sitemaps:
            put(sm, sitemap(items), "application/xml; charset=utf-8", "assembled sitemap")
        for host in {urlsplit(i["url"]).netloc for i in items} | {urlsplit(u).netloc for u in (*outlet.crawl.feeds, *outlet.crawl.sitemaps)}:
            put(f"https://{host}/robots.txt", "User-agent: *\nDisallow: /search\n", "text/plain", "assembled robots.txt")
    manifest = list({m["url"]: m for m in manifest}.values())
    (OUT / "manifest.json").write_text(json.dumps({"note": "url -> file in this folder, or fixture: a page of tests/fixtures/outlets (<outlet>/<layout>.html.gz); source says real capture or assembled",
                                                   "outlets": sorted(by_outlet), "pages": manifest}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(manifest)} files for {len(by_outlet)} outlets in {OUT}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    build(parser.parse_args().shared)
