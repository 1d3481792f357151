"""The one composition of the in-memory steps: second opinion → display text → dedup form → attribution chain → signature.

The crawler (in a worker process), the spool replay and `newsagg dedup` all call `Processor`; each
step is a plain function with its own config, testable alone.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from newsagg.article import Article
from newsagg.config import step_config
from newsagg.pipelines.agreement import agreement
from newsagg.pipelines.attribution import SourceResolver, parse_chain
from newsagg.pipelines.attribution.chain import Chain, default_resolver
from newsagg.pipelines.attribution.selfnames import KnownNames
from newsagg.pipelines.dedup import DedupConfig, Signature, signature
from newsagg.pipelines.dedup.signature import signatures
from newsagg.pipelines.normalize import NormalizeConfig, Normalized, display_text, normalize_story

DISPLAYED = ("title", "kicker", "lead", "body")


@dataclass(frozen=True)
class ProcessConfig:
    dedup: DedupConfig = field(default_factory=DedupConfig)
    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)
    display: bool = True  # hazm display text (about 1.3 ms an article on real texts); `newsagg dedup` keeps input text as given
    second_opinion: bool = True  # score the extraction against trafilatura when the page came along (crawls)
    names: KnownNames = field(default_factory=KnownNames)  # learned self-names and added sources, from the store

    @classmethod
    def from_settings(cls, **overrides) -> ProcessConfig:
        """From config/settings.toml; `overrides` go to the dedup step (e.g. window_days)."""
        return cls(dedup=step_config(DedupConfig, "dedup", **overrides))


class Processor:
    def __init__(self, config: ProcessConfig | None = None, resolver: SourceResolver | None = None):
        self.config = config or ProcessConfig()
        self.resolver = resolver or (self.config.names.resolver() if self.config.names != KnownNames() else default_resolver())

    def __call__(self, article: Article) -> Article:
        self.read(article)
        self.sign(article)
        assert article.normalized is not None
        article.chain = self.chain(article.outlet, article.normalized.paragraphs)
        return article

    def many(self, articles: Sequence[Article]) -> list[Article | Exception]:
        """`self(article)` of each (or the error it raised), the signatures computed together
        (`signatures`): a worker's batch. 1.85 -> 1.46 ms of CPU an article, the same articles (crawl-bench
        corpus without a second opinion, batches of 32, medians of 5 runs)."""
        out: list[Article | Exception] = []
        for article in articles:
            try:
                out.append(self.read(article))
            except Exception as error:  # noqa: BLE001 - that article's error
                out.append(error)
        read = [i for i, done in enumerate(out) if isinstance(done, Article)]
        for i, signed in zip(read, self.signatures([articles[i] for i in read]), strict=True):
            article = articles[i]
            if isinstance(signed, Exception):
                out[i] = signed
                continue
            try:
                assert article.normalized is not None
                article.chain = self.chain(article.outlet, article.normalized.paragraphs)
            except Exception as error:  # noqa: BLE001 - that article's error
                out[i] = error
        return out

    def read(self, article: Article) -> Article:
        """The second opinion (when the page came along), then the display text."""
        if article.page is not None:  # before display text: the score compares what the parser read
            if self.config.second_opinion:
                article.extraction_agreement = agreement(article.page, article.lead, article.body)
            article.page = None       # not carried back from the worker, nor stored
        if self.config.display:
            for name in DISPLAYED:
                if value := getattr(article, name):
                    setattr(article, name, display_text(value))
        return article

    def sign(self, article: Article) -> Signature:
        """The dedup form and signature (what clustering needs); sets both on the article."""
        article.normalized = normalize_story(article.title, article.body, article.lead, self.config.normalize)
        dedup = self.config.dedup
        article.signature = signature(article.normalized, dedup.num_perm, dedup.shingle_chars)
        return article.signature

    def signatures(self, articles: Sequence[Article]) -> list[Signature | Exception]:
        """`sign` of each article (or the error it raised), the shingles and MinHashes of all of them
        computed together (`signature.signatures`: about half the CPU time of one at a time, bench corpus)."""
        normalized: list[Normalized | Exception] = []
        for article in articles:
            try:
                article.normalized = normalize_story(article.title, article.body, article.lead, self.config.normalize)
                normalized.append(article.normalized)
            except Exception as exc:
                normalized.append(exc)
        dedup = self.config.dedup
        try:
            batch: Iterator[Signature] | None = iter(signatures([n for n in normalized if not isinstance(n, Exception)],
                                                                 dedup.num_perm, dedup.shingle_chars))
        except Exception:  # something the batch cannot take: each alone, so only its article fails
            batch = None
        out: list[Signature | Exception] = []
        for article, norm in zip(articles, normalized, strict=True):
            if isinstance(norm, Exception):
                out.append(norm)
                continue
            try:
                article.signature = next(batch) if batch else signature(norm, dedup.num_perm, dedup.shingle_chars)
                out.append(article.signature)
            except Exception as exc:
                out.append(exc)
        return out

    def chain(self, publisher: str, paragraphs: Sequence[str]) -> Chain:
        """The attribution chain of lead and body paragraphs (`normalize.paragraphs`)."""
        return parse_chain(list(paragraphs), publisher, self.resolver)

