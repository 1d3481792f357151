"""newsagg: Persian news crawler that clusters reposts and keeps who-quoted-whom.

Public API (see newsagg.api): `dedup(records)`, `connect(url=None)` → `Database` with `stories()`,
`story(id)`, `chain(article_id)`; `Article`, the one article type.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsagg.api import Database, connect, dedup
    from newsagg.article import Article

__all__ = ["Article", "Database", "connect", "dedup", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy: `import newsagg` (and every CLI start) stays cheap; the API loads on first use.
    if name == "__version__":  # importlib.metadata costs ~30 ms: only when asked
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("newsagg")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    if name in ("Database", "connect", "dedup"):
        from newsagg import api

        return getattr(api, name)
    if name == "Article":
        from newsagg.article import Article

        return Article
    raise AttributeError(f"module 'newsagg' has no attribute {name!r}")
