"""Who may write: a review token (NEWSAGG_REVIEW_TOKEN, else one made at start and printed), a session
cookie derived from it, a CSRF token in every form, and an Origin check. Reading needs none of them.

Both the cookie value and the CSRF token are HMACs of the review token, so the server keeps no
session state, and another site can neither read nor guess them (the cookie is HttpOnly and
SameSite=Strict besides). A POST without a session (or an `Authorization: Bearer` token) is 401; with
a session but a missing or wrong CSRF token, or from another origin, 403.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request

COOKIE = "newsagg_review"


@dataclass(frozen=True)
class Guard:
    token: str

    @classmethod
    def from_env(cls, token: str | None = None) -> tuple[Guard, bool]:
        """The guard and whether its token was generated (then the caller prints it)."""
        given = token or os.environ.get("NEWSAGG_REVIEW_TOKEN")
        return cls(given or secrets.token_urlsafe(18)), not given

    def _mac(self, purpose: str) -> str:
        return hmac.new(self.token.encode(), purpose.encode(), hashlib.sha256).hexdigest()

    @property
    def session(self) -> str:
        return self._mac("session")

    @property
    def csrf(self) -> str:
        return self._mac("csrf")

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given).encode(), self.token.encode())

    def signed_in(self, request: Request) -> bool:
        cookie = request.cookies.get(COOKIE, "")
        return hmac.compare_digest(cookie.encode(), self.session.encode()) or self.bearer(request)

    def bearer(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        return auth.lower().startswith("bearer ") and self.token_ok(auth[7:].strip())

    def check(self, request: Request, form: dict) -> int | None:
        """None when this POST may write, else the HTTP status to refuse it with."""
        if not same_origin(request):
            return 403
        if self.bearer(request):
            return None  # not a browser's ambient credential: no CSRF possible
        if not self.signed_in(request):
            return 401
        if not hmac.compare_digest(str(form.get("csrf", "")).encode(), self.csrf.encode()):
            return 403
        return None


def same_origin(request: Request) -> bool:
    """A browser's POST names its origin (Origin, else Referer); it must be this server. The Fetch
    metadata header, when sent, must not say cross-site. Clients that send neither (curl, tests) pass
    here and still need the token."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True
    if origin == "null":
        return False
    parts = urlsplit(origin)
    return parts.netloc == request.headers.get("host", "") and parts.scheme in ("http", "https")
