"""Build pipeline-ready items from plain text, through the same steps the crawler runs."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsagg.article import Article
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.process import ProcessConfig, Processor

T0 = datetime(2023, 10, 13, 9, 0, tzinfo=UTC)

STORY = [
    "ولادیمیر پوتین رئیس‌جمهور روسیه امروز در نشست شورای سران کشورهای مستقل مشترک‌المنافع گفت که با همتای آذربایجانی خود درباره قره‌باغ گفت‌وگو کرده است.",
    "پوتین بیان کرد که مسکو آماده برقراری مذاکرات میان ایروان و باکو در سطح وزیران خارجه است و این روند را دنبال خواهد کرد.",
    "رئیس‌جمهور روسیه افزود صلح‌بانان روس با وظیفه‌شناسی مأموریتشان در قره‌باغ را در حیطه اختیاراتشان انجام دادند.",
    "قره‌باغ از نظر بین‌المللی بخشی از آذربایجان محسوب می‌شود اما دهه‌ها با حمایت ارمنستان اداره می‌شد.",
]
OTHER = [
    "تیم ملی والیبال ایران در نخستین دیدار خود در رقابت‌های جام واگنر لهستان با نتیجه سه بر یک از سد میزبان گذشت.",
    "سرمربی تیم ملی پس از این دیدار گفت بازیکنان جوان تیم عملکرد امیدوارکننده‌ای داشتند و باید به آنها فرصت داد.",
    "ملی‌پوشان فردا در دومین دیدار به مصاف تیم ملی آلمان می‌روند و سپس راهی اردوی تدارکاتی در ایتالیا خواهند شد.",
]


def item(url: str, outlet: str, body: list[str], title: str = "گفت‌وگوی پوتین و علی‌اف", minutes: int = 0,
         lead: str | None = None, config: DedupConfig | None = None, published: datetime | None | bool = True) -> Article:
    """A processed article, as the crawler's processing step hands it to storage (without hazm's display pass)."""
    when = T0 + timedelta(minutes=minutes) if published is True else published or None
    article = Article(url=url, outlet=outlet, title=title, lead=lead, body="\n".join(body), published=when)
    return Processor(ProcessConfig(dedup=config or DedupConfig(), display=False))(article)


def slow_articles(root: Path, delay: float) -> None:
    """Every article page of the replay at `root` answers after `delay` s."""
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for page in manifest["pages"]:
        if page["content_type"].startswith("text/html"):
            page["delay"] = delay
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
