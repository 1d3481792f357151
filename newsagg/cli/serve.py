"""`newsagg serve`: the review page for editors, on 127.0.0.1 unless told otherwise."""
from __future__ import annotations

import argparse


def register(command) -> None:
    from newsagg.cli import _count

    s = command("serve", run, "the review page for editors: queue, stories, compare, correct (http://127.0.0.1:8000)")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=_count(0, 65535), default=8000)


def run(args: argparse.Namespace) -> None:
    import uvicorn

    from newsagg.cli.commands import err, open_db
    from newsagg.web.app import create_app
    from newsagg.web.security import Guard

    open_db(args).close()  # a wrong database is one line now, not a traceback on the first request
    guard, generated = Guard.from_env()
    where = f"http://{args.host if ':' not in args.host else f'[{args.host}]'}:{args.port}/"
    err.print(f"review page: {where}  (read-only until you sign in at {where}login)", markup=False, highlight=False)
    if generated:
        err.print(f"review token (set NEWSAGG_REVIEW_TOKEN to choose your own): {guard.token}", markup=False, highlight=False)
    else:
        err.print("review token: the value of NEWSAGG_REVIEW_TOKEN", markup=False, highlight=False)
    uvicorn.run(create_app(args.database_url, guard), host=args.host, port=args.port, log_level="warning")
