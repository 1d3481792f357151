"""`newsagg replay [DIR]`: serve a snapshot (default: the bundled demo) on 127.0.0.1 until Ctrl-C and
print the `scrapy crawl` options that point Scrapy's own commands at it, e.g.
`scrapy crawl isna -s REPLAY_MIRROR=http://127.0.0.1:8571 -O items.jsonl`."""
from __future__ import annotations

import argparse
import threading
from pathlib import Path

from newsagg.errors import BadInput


def register(command) -> None:
    s = command("replay", serve, "serve a snapshot of outlet pages for `scrapy crawl NAME -s REPLAY_MIRROR=…`")
    s.add_argument("snapshot", nargs="?", help="snapshot folder with manifest.json (default: the bundled demo snapshot)")
    s.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")


def serve(args: argparse.Namespace) -> None:
    from newsagg.cli.render import console, err
    from newsagg.config import load_registry
    from newsagg.crawler.replay import SNAPSHOT, ReplayServer

    root = Path(args.snapshot) if args.snapshot else SNAPSHOT
    try:
        server = ReplayServer(root, args.port)
    except OSError as exc:
        raise BadInput(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}") from exc
    with server:
        registry = load_registry()
        spiders = " ".join(sorted(o.spider_name for i in server.snapshot.outlets if (o := registry.get(i)) and o.crawl)) or "NAME"
        console.print(f"-s REPLAY_MIRROR={server.url}", markup=False, highlight=False, soft_wrap=True)
        err.print(f"serving {len(server.snapshot.pages)} pages of {root} at {server.url} until Ctrl-C; in another shell:\n"
                  f"  scrapy crawl isna -s REPLAY_MIRROR={server.url} -s AUTOTHROTTLE_ENABLED=0 -O items.jsonl\n"
                  f"  (spiders in this snapshot: {spiders})", markup=False, highlight=False, soft_wrap=True)
        threading.Event().wait()
