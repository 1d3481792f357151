"""Faithfully-structured article pages for outlets and stories we have no capture of.

Each template keeps the structure its layout's real capture has (same classes, meta and JSON-LD
that the parsers read) around text we supply; see demo/README.md for which pages are assembled.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

import jdatetime

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def jalali(dt: datetime) -> str:
    local = dt.astimezone(ZoneInfo("Asia/Tehran"))
    j = jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))
    return f"{j.year}/{j.month:02d}/{j.day:02d} - {local:%H:%M}".translate(_FA_DIGITS)


def _paras(body: list[str]) -> str:
    return "\n".join(f'<p style="text-align:justify">{escape(p)}</p>' for p in body)


def nastooh(a: dict) -> str:
    """Nastooh (ISNA, IRNA, Mehr, Hamshahri, Khabaronline, Khabarvarzeshi), as in www.isna.ir-2019.html."""
    tags = "".join(f'<li><a href="/tag/{escape(t)}" rel="tag">{escape(t)}</a></li>' for t in a.get("tags", []))
    return f"""<!DOCTYPE html>
<html class="no-js" lang="fa"><head><title>{escape(a['title'])} - {escape(a['site'])}</title>
<meta name="description" property="dc.description" content="{escape(a['lead'])}" />
<meta property="og:type" content="article" />
<meta name="twitter:url" property="og:url" content="{escape(a['url'])}" />
<meta property="article:modified_time" content="{a['published']:%Y-%m-%dT%H:%M:%SZ}" />
<meta property="article:section" content="{escape(a.get('section', ''))}" />
<meta name="keywords" property="article:tag" content="{escape(','.join(a.get('tags', [])))}" />
<meta property="og:title" itemprop="headline" content="{escape(a['title'])}" />
<meta itemprop="datePublished" property="article:published_time" content="{a['published']:%Y-%m-%dT%H:%M:%SZ}" />
<meta property="og:site_name" content="{escape(a['site'])}" />
<link rel="canonical" href="{escape(a['url'])}" />
</head><body class="body-rtl rtl pt-news">
<main><article itemscope itemtype="http://schema.org/NewsArticle">
<header><h1 class="first-title" itemprop="headline">{escape(a['title'])}</h1></header>
<div class="item-body content-full-news">
<p class="summary" itemprop="description">{escape(a['lead'])}</p>
<div itemprop="articleBody" class="item-text">{_paras(a['body'])}
</div></div>
<section class="tags"><ul>{tags}</ul></section>
<section class="related"><ul><li><a href="/news/1/x"><p>خبر مرتبط دیگری که جزو متن نیست</p></a></li></ul></section>
</article></main></body></html>
"""


def tasnim(a: dict) -> str:
    """Tasnim, as in www.tasnimnews.com-2019.html."""
    ld = {"@context": "http://schema.org", "@type": "NewsArticle", "headline": a["title"],
          "datePublished": f"{a['published']:%Y-%m-%dT%H:%M:%S.0000000Z}", "dateModified": f"{a['published']:%Y-%m-%dT%H:%M:%S.0000000Z}",
          "keywords": ", ".join(a.get("tags", [])), "author": {"name": "خبرگزاری تسنیم - Tasnim", "@type": "Organization"}}
    return f"""<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8">
<meta name="description" content="{escape(a['lead'])}" />
<meta name="keywords" content="{escape(', '.join(a.get('tags', [])))}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{escape(a['title'])}- اخبار تسنیم - Tasnim" />
<meta property="og:url" content="{escape(a['url'])}" />
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<title>{escape(a['title'])}</title></head><body>
<article class="single-news">
<h1 class="title">{escape(a['title'])}</h1>
<h3 class="lead">{escape(a['lead'])}</h3>
<ul class="list-inline details"><li class="time">{jalali(a['published'])}</li></ul>
<div class="story">{_paras(a['body'])}</div>
<div class="smart-keyword">{escape('  '.join(a.get('tags', [])))}</div>
</article></body></html>
"""


def sepehr(a: dict) -> str:
    """Sepehr/Iransamaneh (YJC, Tabnak, Entekhab, Asr-e Iran, Eghtesad News), as in www.yjc.ir-2019.html:
    meta with value= and a Jalali article:published_time."""
    tags = "".join(f'<a href="/fa/tags/1/{escape(t)}">{escape(t)}</a>' for t in a.get("tags", []))
    return f"""<!DOCTYPE HTML><html lang="fa-IR"><head><title>{escape(a['title'])}</title>
<meta name="description" value="{escape(a['lead'])}">
<meta value="website" name="og:type">
<meta value="{escape(a['title'])}" name="og:title">
<meta value="{escape(a['url'])}" name="og:url">
<meta value="{escape(a.get('section', ''))}" name="article:section">
<meta value="{escape(' , '.join(a.get('tags', [])))}" name="article:tag">
<meta value="{jalali(a['published'])}" name="article:published_time">
</head><body>
<div class="news_nav"><span class="news_pdate_c">تاریخ انتشار: {jalali(a['published'])}</span></div>
<div class="rutitr_body"></div>
<div class="title"><h1 class="Htags">{escape(a['title'])}</h1></div>
<div class="subtitle"><h2 class="Htags_news_subtitle">{escape(a['lead'])}</h2></div>
<div class="body">{_paras(a['body'])}</div>
<div class="tag_items">{tags}</div>
</body></html>
"""


def generic(a: dict) -> str:
    """A WordPress-style news page (Aran News, Nabz-e Bazar, Fars, Varzesh3, Donya-e-Eqtesad): JSON-LD
    and Open Graph, the body in an entry-content div between boxes that are not the story."""
    ld = {"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "headline": a["title"],
          "datePublished": a["published"].isoformat(), "dateModified": a["published"].isoformat(),
          "author": [{"@type": "Person", "name": n} for n in a.get("authors", [])],
          "keywords": a.get("tags", []), "articleSection": a.get("section", "")}]}
    return f"""<!doctype html><html dir="rtl" lang="fa-IR"><head><meta charset="UTF-8">
<title>{escape(a['title'])} - {escape(a['site'])}</title>
<meta property="og:type" content="article" />
<meta property="og:title" content="{escape(a['title'])}" />
<meta property="og:description" content="{escape(a['lead'])}" />
<meta property="og:url" content="{escape(a['url'])}" />
<meta property="og:site_name" content="{escape(a['site'])}" />
<meta property="article:published_time" content="{a['published'].isoformat()}" />
<link rel="canonical" href="{escape(a['url'])}" />
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head><body>
<nav class="menu"><p>صفحه اصلی</p><p>اقتصادی</p><p>سیاسی</p></nav>
<article><h1 class="entry-title">{escape(a['title'])}</h1>
<div class="entry-content"><p><strong>{escape(a['lead'])}</strong></p>
{_paras(a['body'])}
</div>
<div class="related-posts"><p><a href="/x">مطلب مرتبط: عنوان دیگری با پیوند</a></p><p><a href="/y">مطلب مرتبط دوم با پیوند</a></p></div>
</article>
<footer class="site-footer"><p>تمامی حقوق برای این پایگاه محفوظ است.</p></footer>
</body></html>
"""


def rss(title: str, link: str, items: list[dict]) -> str:
    body = "".join(
        f"<item><title>{escape(i['title'])}</title><link>{escape(i['url'])}</link>"
        f"<description>{escape(i['lead'])}</description><pubDate>{i['published']:%a, %d %b %Y %H:%M:%S} GMT</pubDate></item>"
        for i in items)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title><link>{escape(link)}</link>{body}</channel></rss>\n'


def sitemap(items: list[dict]) -> str:
    urls = "".join(f"<url><loc>{escape(i['url'])}</loc><lastmod>{i['published']:%Y-%m-%dT%H:%M:%SZ}</lastmod></url>" for i in items)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'


def at(text: str, minutes: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC) + timedelta(minutes=minutes)


TEMPLATES = {"nastooh": nastooh, "tasnim": tasnim, "sepehr": sepehr, "generic": generic}
