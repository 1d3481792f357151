"""Generic extraction for any news page: JSON-LD, then Open Graph / meta, then the page's text.

Outlet parsers subclass GenericParser and override only the selectors their layout needs; a dated
layout names a `marker_css` that only its own template has, so an outlet's pages of another year fall
through to the older layout instead of being half-read by the newer one.
The text fallback keeps ZWNJ (lxml returns it untouched; trafilatura 2.3 would strip it).

A page is an article only on evidence (`evidence()`): with the loose `article_url` of WordPress sites
(`/[^/]+/$`), category and tag pages reach the parser, and their densest block of teasers would
otherwise be stored as a story.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from newsagg.article import Article
from newsagg.crawler.parsers.dates import to_utc

_BOILERPLATE_CLASSES = re.compile(r"related|more-news|tags|share|social|comment|banner|ads?\b|advert|footer|sidebar|menu|nav", re.I)
_SIGN_OFF_LINE = re.compile(r"^\s*(?:انتهای\s*پیام|پایان\s*پیام|بیشتر\s*بخوانید|اخبار\s*مرتبط)\b[^\n]{0,40}$")
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "OpinionNewsArticle"}
_LISTING_TYPES = {"CollectionPage", "ItemList", "SearchResultsPage", "ImageGallery", "VideoObject"}
# /2023/11/01/ (Gregorian) or /1402/07/21/ (Jalali) in the path: WordPress permalinks, Tasnim, Euronews
_DATED_URL = re.compile(r"/(?:19|20|13|14)\d\d/[01]?\d/(?:[0-3]?\d/)?")
MIN_TEXT_EVIDENCE = 600   # chars of body that count as evidence on their own (a teaser is 150-300)
MIN_MEDIA_TEXT = 200      # a body shorter than this beside a player is a media item's caption
LISTING_TEASERS = 4       # this many teaser headings (h2/h3 with a link) or <article> blocks = a list page


class NotAnArticle(Exception):
    """A page that is not an article (gallery, list, video); the message is the counted reason.

    `final`: the page was recognised (its layout matched, or it is a media item or a list) and no
    other parser should try it; otherwise the next, older layout and then the generic parser do."""

    def __init__(self, reason: str, final: bool = False):
        super().__init__(reason)
        self.final = final


_SPACES = re.compile(r"[ \t\r\f\v]+")
# compiled once, applied to lxml elements: densest_paragraphs evaluated them through parsel, which
# wraps every result in a Selector and compiles each expression per call (0.49 ms a crawl-bench page)
_STRING, _PARAGRAPHS, _PARAGRAPH_LINKS = etree.XPath("string()"), etree.XPath("./p"), etree.XPath("./p//a")
_WITH_PARAGRAPHS = etree.XPath("//*[p]")


def text_of(sel) -> str:
    return _SPACES.sub(" ", sel.xpath("string()").get() or "").strip()


def _element_text(element) -> str:
    """`text_of` of an lxml element (not a parsel Selector)."""
    return _SPACES.sub(" ", _STRING(element)).strip()


def block_lines(block) -> list[str]:
    """A body block as lines: a paragraph is one line, a table one line per row, cells joined by
    " | " (string() would run the cells together: «دسته اصلی فناوریزیردسته فناوری»)."""
    if block.root.tag != "table":
        return [text_of(block)]
    lines = [" | ".join(c for td in tr.xpath("./td | ./th") if (c := text_of(td))) for tr in block.xpath(".//tr")]
    return [line for line in lines if line]


class GenericParser:
    name = "generic"
    layout = "any"          # layout date this parser was written against (fundus-style versioning)
    title_css: str | None = None
    kicker_css: str | None = None
    lead_css: str | None = None
    body_css: str | None = None   # paragraphs of the body
    tags_css: str | None = None
    date_css: str | None = None   # visible (Jalali) date, used when no machine-readable one exists
    section_css: str | None = None  # visible section (breadcrumb), used when meta and JSON-LD have none
    marker_css: str | None = None   # only this layout's template has it; evidence that the page is its article
    media_css = "video, audio"      # a player in the page: with almost no text, a media-only item
    id_pattern = r"/(?:news|fa/news/(?:\d+/){0,3})/?(\d{4,})"

    def parse(self, html: str, url: str) -> Article:
        sel = Selector(text=html)
        marked = bool(self.marker_css and sel.css(self.marker_css))
        if self.marker_css and not marked:
            raise NotAnArticle(f"not the {self.name}@{self.layout} layout")
        objects = self.json_ld_objects(sel)  # parsed once: the article object and every declared type
        ld = self.json_ld(objects)
        meta = self.meta(sel)
        og_type = meta.get("og:type", "")
        ld_types = {t for obj in objects for t in _as_list(obj.get("@type")) if isinstance(t, str)}
        if og_type and og_type not in ("article", "website", "news") or ld_types & _LISTING_TYPES and not ld_types & _ARTICLE_TYPES:
            raise NotAnArticle(f"og:type {og_type or sorted(ld_types & _LISTING_TYPES)[0]}", final=True)
        title = self.title(sel, ld, meta)
        body = self.body(sel, ld)
        if len(body) < MIN_MEDIA_TEXT and (player := sel.css(self.media_css)):
            raise NotAnArticle(f"media-only {player[0].root.tag}", final=True)
        if not title or not body:
            raise NotAnArticle("no title" if not title else "no body text", final=marked)
        found = self.evidence(sel, ld, meta, url, body, marked)
        if not found:
            raise NotAnArticle("listing page" if self.teasers(sel) >= LISTING_TEASERS else "no article evidence", final=True)
        published = to_utc(meta.get("article:published_time") or ld.get("datePublished") or meta.get("date")) or \
            to_utc(self.first(sel, self.date_css))
        canonical = sel.css("link[rel=canonical]::attr(href)").get() or meta.get("og:url")
        lead = self.first(sel, self.lead_css) or ld.get("description") or meta.get("og:description") or meta.get("description")
        first, _, rest = body.partition("\n")
        if lead and rest and first.strip() == lead.strip():
            body = rest  # many pages repeat the lead as the body's first paragraph
        return Article(
            url=url,
            title=title,
            kicker=self.first(sel, self.kicker_css),
            lead=lead,
            body=body,
            published=published,
            modified=to_utc(meta.get("article:modified_time") or ld.get("dateModified")),
            authors=self.authors(ld, meta),
            section=meta.get("article:section") or _breadcrumb_section(ld) or self.first(sel, self.section_css),
            tags=self.tags(sel, ld, meta),
            canonical_url=urljoin(url, canonical) if canonical else None,
            outlet_article_id=(m.group(1) if (m := re.search(self.id_pattern, url)) else None),
            parser=f"{self.name}@{self.layout}",
        )

    # ---- is it an article?
    def evidence(self, sel: Selector, ld: dict, meta: dict, url: str, body: str, marked: bool) -> list[str]:
        """What says this page is one article; empty = refuse it. og:type "website" is no evidence
        (WordPress gives it to category pages), and a long text counts only on a page that is not
        a list of teasers."""
        found = []
        if set(_as_list(ld.get("@type"))) & _ARTICLE_TYPES:
            found.append("json-ld article")
        if meta.get("og:type") == "article":
            found.append("og:type article")
        if meta.get("article:published_time") or meta.get("og:article:published_time") or ld.get("datePublished"):
            found.append("published time")
        if _DATED_URL.search(urlsplit(url).path):
            found.append("dated url")
        if marked:
            found.append(f"{self.name}@{self.layout} article template")
        if len(body) >= MIN_TEXT_EVIDENCE and self.teasers(sel) < LISTING_TEASERS:
            found.append("article text")
        return found

    @staticmethod
    def teasers(sel: Selector) -> int:
        """Headings that link elsewhere, or <article> blocks: a list page has many, an article few.
        Boxes of related news (class related/sidebar/...) do not count."""
        blocks = [a for a in sel.xpath("//article | //h2[a] | //h3[a]")
                  if not any(_BOILERPLATE_CLASSES.search(c) for c in a.xpath("ancestor-or-self::*/@class").getall())]
        return len(blocks)

    # ---- sources of fields
    def title(self, sel: Selector, ld: dict, meta: dict) -> str:
        """The layout's title, the JSON-LD headline, og:title, the <h1>, the <title>: the first that is one.
        An <h1> left unclosed runs on over the body (a hostile page: 712 characters stored as its title)."""
        layout = next((t for s in sel.css(self.title_css) if (t := _title_text(s))), None) if self.title_css else None
        return layout or ld.get("headline") or meta.get("og:title") or \
            next((t for s in sel.css("h1") if (t := _title_text(s))), None) or text_of(sel.css("title")) or ""

    @staticmethod
    def first(sel: Selector, css: str | None) -> str | None:
        if not css:
            return None
        return next((t for s in sel.css(css) if (t := text_of(s))), None)

    @staticmethod
    def meta(sel: Selector) -> dict[str, str]:
        out: dict[str, str] = {}
        for m in sel.root.iter("meta"):  # as sel.css("meta"), without a Selector and an attribute dict a tag
            attrib = m.attrib
            key = attrib.get("property") or attrib.get("name") or attrib.get("itemprop")
            value = attrib.get("content", attrib.get("value"))  # YJC's layout writes value=
            if key and value:
                if key == "article:tag" and key in out:
                    out[key] += "," + value
                else:
                    out.setdefault(key, value.strip())
            # a tag like <meta name="twitter:url" property="og:url"> names two keys
            if attrib.get("name") and attrib.get("property") and value:
                out.setdefault(attrib["property"], value.strip())
        return out

    @staticmethod
    def json_ld_objects(sel: Selector) -> list[dict]:
        """Every object of the page's JSON-LD blocks (lists and @graph flattened; broken blocks skipped)."""
        out: list[dict] = []
        for raw in sel.css('script[type="application/ld+json"]::text').getall():
            try:
                data = json.loads(raw, strict=False)
            except json.JSONDecodeError:
                continue
            out += [o for o in (data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else [])
                    if isinstance(o, dict)]
        return out

    @staticmethod
    def json_ld(objects: list[dict]) -> dict:
        """The article among the JSON-LD objects (an article type, or anything with a headline)."""
        return next((obj for obj in objects if set(_as_list(obj.get("@type"))) & _ARTICLE_TYPES or "headline" in obj), {})

    def body(self, sel: Selector, ld: dict) -> str:
        if self.body_css:
            paras = [line for block in sel.css(self.body_css) for line in block_lines(block)]
        else:
            paras = self.densest_paragraphs(sel)
        paras = [p for p in paras if p and not _SIGN_OFF_LINE.match(p)]
        if not paras and ld.get("articleBody"):
            paras = [p.strip() for p in ld["articleBody"].split("\n") if p.strip()]
        return "\n".join(paras)

    @staticmethod
    def densest_paragraphs(sel: Selector) -> list[str]:
        """Readability-style: the container whose own <p> children hold the most non-link text."""
        best, best_score = None, 0.0
        for container in _WITH_PARAGRAPHS(sel.root):
            if _BOILERPLATE_CLASSES.search(container.get("class", "") + " " + container.get("id", "")):
                continue
            paras = [(p, _element_text(p)) for p in _PARAGRAPHS(container)]
            text = sum(len(t) for _, t in paras)
            links = sum(len(_element_text(a)) for a in _PARAGRAPH_LINKS(container))
            score = text - 2 * links
            if score > best_score:
                best, best_score = paras, score
        return [t for _, t in best or []]

    def tags(self, sel: Selector, ld: dict, meta: dict) -> list[str]:
        if self.tags_css and (found := [t for s in sel.css(self.tags_css) if (t := text_of(s))]):
            return list(dict.fromkeys(found))
        raw = meta.get("article:tag") or ld.get("keywords") or meta.get("keywords") or ""
        raw = ",".join(raw) if isinstance(raw, list) else raw
        return list(dict.fromkeys(t.strip() for t in re.split(r"[,،]", raw) if t.strip()))

    @staticmethod
    def authors(ld: dict, meta: dict) -> list[str]:
        names = [a.get("name", "").strip() if isinstance(a, dict) else str(a).strip() for a in _as_list(ld.get("author"))]
        names += [meta[k] for k in ("author", "article:author") if meta.get(k) and not meta[k].startswith("http")]
        # Outlets often name themselves as the author ("خبرگزاری تسنیم - Tasnim", "... | YJC"): not a person.
        site = meta.get("og:site_name", "").strip()
        return list(dict.fromkeys(n for n in names if n and "|" not in n and n.strip() != site and not n.startswith("خبرگزاری")))


# The longest of the 2,650 real ir-news-2019 titles has 315 characters; an element holding a paragraph,
# a list or a division is a page part, not a heading.
MAX_TITLE_CHARS = 400
_BLOCK = etree.XPath("boolean(.//p | .//div | .//table | .//ul | .//ol | .//section | .//article | .//h2 | .//h3)")


def _title_text(sel) -> str | None:
    """An element's text if it can be a title: short enough, and no block inside."""
    text = text_of(sel)
    return text if text and len(text) <= MAX_TITLE_CHARS and not _BLOCK(sel.root) else None


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _breadcrumb_section(ld: dict) -> str | None:
    try:
        return ld["mainEntityOfPage"]["breadcrumb"]["itemListElement"][0]["item"]["name"]
    except (KeyError, IndexError, TypeError):
        return None
