"""The review page's routes: queue, story, compare, history, outlets and runs, and the three writes
(chain, origin, undo). Reads and writes go through newsagg.pipelines.storage (review_queries,
reviews): no SQL here. Each request opens its own connection (about 3 ms locally) in a worker thread.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode

import jinja2
import psycopg
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from newsagg.config import load_registry
from newsagg.errors import BadInput, NotFound, UserError
from newsagg.tree import tree as story_tree
from newsagg.web import text
from newsagg.web.messages import persian
from newsagg.web.security import COOKIE, Guard, same_origin

HERE = Path(__file__).parent


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fa=text.fa_digits, num=text.fa_number, tehran=text.tehran, outlet=text.outlet_name, known=text.known)
    env.globals.update(kinds=text.KIND_LABELS, registry=load_registry())
    return env


def _date(value: str | None, end_of_day: bool = False) -> datetime | None:
    """A filter date as the command line reads it (cli/timefmt.py): ISO or Jalali, Persian digits and `/`
    too (۱۴۰۲/۰۷/۲۱ was refused while 1402-07-21 worked), Tehran time; an `until` date includes its day."""
    from newsagg.cli.timefmt import parse_time

    if not value:
        return None
    try:
        return parse_time(value, end_of_day)
    except ValueError:
        raise BadInput(f"not a date: {value!r} (YYYY-MM-DD)") from None


def create_app(database_url: str | None = None, guard: Guard | None = None) -> Starlette:
    from newsagg.pipelines.storage import review_queries as rq
    from newsagg.pipelines.storage import reviews
    from newsagg.pipelines.storage.db import connect

    env = _env()
    guard = guard or Guard.from_env()[0]

    def db() -> closing[psycopg.Connection]:
        return closing(connect(database_url))

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        signed_in = guard.signed_in(request)
        html = env.get_template(name).render(request=request, signed_in=signed_in, csrf=guard.csrf if signed_in else "",
                                             reviewer=unquote(request.cookies.get("newsagg_reviewer", "")), **context)
        return HTMLResponse(html, status_code=status)

    def read(handler: Callable[[Request, psycopg.Connection], HTMLResponse]):
        async def endpoint(request: Request) -> Response:
            def work() -> Response:
                with db() as conn:
                    try:
                        return handler(request, conn)
                    except NotFound as exc:
                        return page(request, "error.html", 404, message=persian(str(exc)))
                    except UserError as exc:
                        return page(request, "error.html", 400, message=persian(str(exc)))
            return await run_in_threadpool(work)
        return endpoint

    # ------------------------------------------------------------ reads
    def queue(request: Request, conn: psycopg.Connection) -> HTMLResponse:
        q = request.query_params
        kind = q.get("kind") or None
        if kind and kind not in rq.KINDS:
            raise BadInput(f"unknown kind: {kind}")
        outlet, since, until = q.get("outlet") or None, _date(q.get("since")), _date(q.get("until"), end_of_day=True)
        rows = rq.queue(conn, kind, outlet, since, until)
        counts = rq.queue_counts(conn, outlet, since, until)
        return page(request, "queue.html", rows=rows, counts=counts,
                    filters={"kind": kind or "", "outlet": outlet or "", "since": q.get("since", ""), "until": q.get("until", "")})

    def story(request: Request, conn: psycopg.Connection, error: str | None = None, status: int = 200) -> HTMLResponse:
        detail = rq.story(conn, int(request.path_params["id"]))
        if detail["cluster_id"] != int(request.path_params["id"]):
            return RedirectResponse(f"/stories/{detail['cluster_id']}", 303)  # type: ignore[return-value]
        return page(request, "story.html", status, s=detail, tree=story_tree(detail), why=text.origin_why(detail),
                    candidates=reviews.origin_candidates(conn, detail["cluster_id"]),
                    history=reviews.history(conn, cluster_id=detail["cluster_id"]), error=error,
                    message=request.query_params.get("done"))

    def compare(request: Request, conn: psycopg.Connection) -> HTMLResponse:
        left = rq.article(conn, int(request.path_params["id"]))
        detail = rq.story(conn, left["cluster_id"]) if left["cluster_id"] else None  # read once, for both uses
        other = request.query_params.get("with")
        if other:
            right = rq.article(conn, int(other) if other.isdigit() else -1)
        else:
            right = _counterpart(conn, left, detail)
        lsegs, rsegs, shared = text.compare(left, right) if right else ([], [], 0)
        members = detail["members"] if detail else []
        return page(request, "compare.html", left=left, right=right, lsegs=lsegs, rsegs=rsegs, shared=shared, members=members)

    def _counterpart(conn: psycopg.Connection, left: dict, detail: dict | None) -> dict | None:
        """The article beside this one: its credited source's article in the story, else the story's origin."""
        if detail is None:
            return None
        others = [m for m in detail["members"] if m["article_id"] != left["article_id"]]
        credited = left["chain"][1] if len(left["chain"]) > 1 else None
        pick = next((m for m in others if credited and m["outlet_id"] == credited), None)
        pick = pick or next((m for m in others if m["article_id"] == detail.get("origin_article_id")), None)
        pick = pick or (others[0] if others else None)
        return rq.article(conn, pick["article_id"]) if pick else None

    def history(request: Request, conn: psycopg.Connection) -> HTMLResponse:
        return page(request, "history.html", history=reviews.history(conn, limit=200))

    def outlets(request: Request, conn: psycopg.Connection) -> HTMLResponse:
        q = request.query_params
        since, until = _date(q.get("since")), _date(q.get("until"), end_of_day=True)
        edges = rq.credit_graph(conn, since, until)
        return page(request, "outlets.html", activity=rq.outlet_activity(conn), runs=rq.recent_runs(conn), edges=edges,
                    graph=text.graph_layout(edges), filters={"since": q.get("since", ""), "until": q.get("until", "")})

    # ------------------------------------------------------------ sign in
    async def login(request: Request) -> Response:
        if request.method == "GET":
            return page(request, "login.html", error=None)
        form = dict(await request.form())
        if not same_origin(request):
            return page(request, "login.html", 403, error="cross-site request refused")
        if not guard.token_ok(str(form.get("token", "")).strip()):
            return page(request, "login.html", 401, error="wrong token")
        back = str(form.get("next") or "/")
        response = RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/", 303)
        response.set_cookie(COOKIE, guard.session, httponly=True, samesite="strict", path="/")
        return response

    async def logout(request: Request) -> Response:
        form = dict(await request.form())
        if (refused := guard.check(request, form)) is not None:
            return Response("refused", refused)
        response = RedirectResponse("/", 303)
        response.delete_cookie(COOKIE, path="/")
        return response

    # ------------------------------------------------------------ writes
    def write(handler: Callable[[Request, dict, psycopg.Connection], str]):
        """Token, CSRF and origin first; then the storage call. A validation error re-renders the story
        with the message (400); success redirects to the story (303)."""
        async def endpoint(request: Request) -> Response:
            fields = (await request.form()).multi_items()
            form: dict[str, Any] = {k: v for k, v in fields if isinstance(v, str)}
            form["sources"] = [v for k, v in fields if k == "source" and isinstance(v, str)]
            if (refused := guard.check(request, form)) is not None:
                message = "sign in with the review token first" if refused == 401 else "cross-site or stale form refused"
                return page(request, "error.html", refused, message=persian(message))

            def work() -> Response:
                with db() as conn:
                    try:
                        target = handler(request, form, conn)
                    except NotFound as exc:
                        return page(request, "error.html", 404, message=persian(str(exc)))
                    except UserError as exc:
                        story_id = form.get("story")
                        if story_id and story_id.isdigit():
                            request.scope["path_params"] = {"id": int(story_id)}
                            return story(request, conn, error=persian(str(exc)), status=400)
                        return page(request, "error.html", 400, message=persian(str(exc)))
                response = RedirectResponse(target, 303)
                if form.get("reviewer"):
                    response.set_cookie("newsagg_reviewer", quote(form["reviewer"][:200]), samesite="strict", path="/")
                return response
            return await run_in_threadpool(work)
        return endpoint

    def _back(story_id: int | None, done: str) -> str:
        return f"/stories/{story_id}?{urlencode({'done': done})}" if story_id else "/history"

    def chain(request: Request, form: dict, conn: psycopg.Connection) -> str:
        article_id = int(request.path_params["id"])
        if form.get("action") == "confirm":
            story_id = reviews.confirm_chain(conn, article_id, form.get("reviewer", ""), form.get("note"))
            return _back(story_id, f"chain of article {article_id} confirmed")
        sources = [s for s in form["sources"] if s.strip()]
        unknown = form.get("unknown", "").strip()
        allow = form.get("allow_unknown") == "on"
        if unknown:
            if not allow:
                raise BadInput(f"«{unknown}» is not in the registry: tick 'not in the registry, deliberately' to keep it")
            sources.append(unknown)
        publisher = rq.article(conn, article_id)["outlet_id"]
        story_id = reviews.correct_chain(conn, article_id, [publisher, *sources], form.get("reviewer", ""), form.get("note"), allow)
        return _back(story_id, f"chain of article {article_id} corrected")

    def origin(request: Request, form: dict, conn: psycopg.Connection) -> str:
        story_id = int(request.path_params["id"])
        if form.get("action") == "confirm":
            story_id = reviews.confirm_origin(conn, story_id, form.get("reviewer", ""), form.get("note"))
            return _back(story_id, "origin confirmed")
        unknown = form.get("unknown", "").strip()
        allow = form.get("allow_unknown") == "on"
        if unknown and not allow:
            raise BadInput(f"«{unknown}» is outside this story: tick 'outside the story, deliberately' to set it")
        story_id = reviews.correct_origin(conn, story_id, unknown or form.get("origin", ""), form.get("reviewer", ""),
                                          form.get("note"), allow)
        return _back(story_id, "origin corrected")

    def undo(request: Request, form: dict, conn: psycopg.Connection) -> str:
        what = form.get("what", "")
        if what not in ("chain", "origin") or not form.get("target", "").isdigit():
            raise BadInput("undo needs what=chain|origin and a target id")
        correction = form.get("correction", "")
        row = reviews.undo(conn, what, int(form["target"]), form.get("reviewer", ""), int(correction) if correction.isdigit() else None)
        story_id = row.get("cluster_id") if what == "origin" else rq.article(conn, row["article_id"])["cluster_id"]
        return _back(story_id, f"correction {row['id']} undone")

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return page(request, "error.html", status, message=persian("not found") if status == 404 else "خطا")

    routes = [
        Route("/", read(queue)),
        Route("/stories/{id:int}", read(story)),
        Route("/compare/{id:int}", read(compare)),
        Route("/history", read(history)),
        Route("/outlets", read(outlets)),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/articles/{id:int}/chain", write(chain), methods=["POST"]),
        Route("/stories/{id:int}/origin", write(origin), methods=["POST"]),
        Route("/undo", write(undo), methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found}, middleware=[Middleware(SecurityHeaders)])


class SecurityHeaders(BaseHTTPMiddleware):
    """No inline script, no framing, nothing from elsewhere: an injected tag could not run anyway."""

    async def dispatch(self, request: Request, call_next) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                                       " frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response
