"""Outlets and settings as data: config/outlets.toml and config/settings.toml, loaded once."""
from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from newsagg.errors import UnknownOutlet

HERE = Path(__file__).parent


@dataclass(frozen=True)
class CrawlPlan:
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    article_url: str = ""
    parser: str = "generic"
    interval_minutes: int = 60
    refetch_young_hours: int = 24
    refetch_after_hours: int = 6


@dataclass(frozen=True)
class Outlet:
    id: str
    name_fa: str = ""  # a site the user crawls may come without names: its self-names are then learned
    name_en: str = ""
    kind: str = "site"
    aliases: tuple[str, ...] = ()
    crawl: CrawlPlan | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_fa, self.name_en, *self.aliases)

    @property
    def spider_name(self) -> str:
        """`scrapy crawl NAME`: the id's first label ('isna.ir' -> 'isna', 'parsi.euronews.com' -> 'euronews')."""
        labels = self.id.split(".")
        return labels[1] if labels[0] == "parsi" else labels[0].replace("-", "_")

    def is_article_url(self, url: str) -> bool:
        return bool(self.crawl and re.search(self.crawl.article_url or ".", urlsplit(url).path + "?" + urlsplit(url).query))


@dataclass(frozen=True)
class Registry:
    outlets: tuple[Outlet, ...]
    by_id: dict[str, Outlet] = field(default_factory=dict)

    def get(self, outlet_id: str) -> Outlet | None:
        return self.by_id.get(outlet_id)

    def for_url(self, url: str) -> Outlet | None:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        # the host, then each parent domain: news.isna.ir -> isna.ir
        labels = host.split(".")
        return next((self.by_id[d] for i in range(len(labels) - 1) if (d := ".".join(labels[i:])) in self.by_id), None)

    def id_for_url(self, url: str) -> str:
        """Registry id of the URL's outlet, or its host without www. for unknown sites."""
        outlet = self.for_url(url)
        return outlet.id if outlet else (urlsplit(url).hostname or "").lower().removeprefix("www.")

    @property
    def crawled(self) -> tuple[Outlet, ...]:
        return tuple(o for o in self.outlets if o.crawl)

    def outlet(self, name: str, crawled: bool = False) -> Outlet:
        """An outlet id or spider name (`isna`) -> its outlet (one we crawl, when asked); else UnknownOutlet."""
        found = self.get(name) or next((o for o in self.crawled if o.spider_name == name), None)
        if found is None or (crawled and not found.crawl):
            raise UnknownOutlet(f"unknown outlet {name!r}; see `scrapy list` or config/outlets.toml")
        return found


def _build(cls, data: dict):
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown keys {sorted(unknown)}")
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


@functools.cache
def load_registry(path: Path = HERE / "outlets.toml") -> Registry:
    """The bundled outlets, plus the user's own sites from the TOML file in NEWSAGG_OUTLETS, if set
    (same format; crawl entries whose names may be left out)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    defaults = raw.get("defaults", {}).get("crawl", {})
    outlets = [_outlet(entry, defaults) for entry in raw["outlet"]]
    ids = [o.id for o in outlets]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate outlet ids in {path}")
    if extra := os.environ.get("NEWSAGG_OUTLETS"):
        outlets += _user_outlets(Path(extra), defaults, set(ids))
    return Registry(tuple(outlets), {o.id: o for o in outlets})


def _outlet(entry: dict, defaults: dict) -> Outlet:
    entry = dict(entry)
    crawl = entry.pop("crawl", None)
    if crawl is not None:
        entry["crawl"] = _build(CrawlPlan, {**defaults, **crawl})
    return _build(Outlet, entry)


def _user_outlets(path: Path, defaults: dict, taken: set[str]) -> list[Outlet]:
    """The user's own sites: a mistake in their file is theirs to fix, said in one line."""
    from newsagg.errors import BadInput

    try:
        outlets = [_outlet(entry, defaults) for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("outlet", [])]
    except (OSError, ValueError, TypeError) as exc:  # unreadable, not TOML, unknown keys, no id
        raise BadInput(f"NEWSAGG_OUTLETS={path}: {exc}") from None
    ids = [o.id for o in outlets]
    if clash := sorted(taken & set(ids)) or sorted({i for i in ids if ids.count(i) > 1}):
        raise BadInput(f"NEWSAGG_OUTLETS={path}: outlet ids listed twice or already bundled: {', '.join(clash)}")
    return outlets


@functools.cache
def load_settings(path: Path = HERE / "settings.toml") -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def step_config(cls, section: str, **overrides):
    """Build a step's config dataclass from settings.toml[section], with overrides on top."""
    return _build(cls, {**load_settings().get(section, {}), **{k: v for k, v in overrides.items() if v is not None}})
