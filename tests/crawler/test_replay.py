import json
import selectors
import socket

import pytest

from newsagg.crawler import settings
from newsagg.crawler.replay import ReplayServer

SHARED_CRAWL_PROCESSES = 3  # the frontier bench and tests/crawler/test_frontier.py run three


def test_the_replay_server_completes_every_connection_three_crawls_open_at_once():
    """Listening with socketserver's backlog of 5, the kernel dropped the connections it could not queue and
    the client retried a second later: a 1 s stall at the start of half the crawl benches, 30 s in the frontier's.
    Here nothing accepts (the server is not started), so only the listen queue can hold them."""
    server = ReplayServer()  # bound and listening; `with` would start accepting
    host, port = server.httpd.server_address[:2]
    wanted = SHARED_CRAWL_PROCESSES * settings.CONCURRENT_REQUESTS
    clients, pending = [], selectors.DefaultSelector()
    try:
        for _ in range(wanted):
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex((host, port))
            clients.append(client)
            pending.register(client, selectors.EVENT_WRITE, client)
        connected = 0
        while connected < wanted and (ready := pending.select(timeout=0.5)):  # a dropped SYN is retried after 1 s
            for key, _ in ready:
                pending.unregister(key.data)
                connected += key.data.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0
        assert connected == wanted
    finally:
        for client in clients:
            client.close()
        server.httpd.server_close()


def test_a_page_the_manifest_lists_whose_file_is_gone_answers_500(tmp_path):
    """Measured before: the server thread's traceback on stderr, and the client saw a dropped connection."""
    from newsagg.crawler.replay import Snapshot

    (tmp_path / "manifest.json").write_text(json.dumps({"pages": [{"url": "https://www.isna.ir/sitemap.xml", "file": "gone.xml"}]}))
    status, _, body = Snapshot(tmp_path).lookup("https://www.isna.ir/sitemap.xml")
    assert status == 500 and body.startswith(b"snapshot file unreadable")


def test_a_snapshot_folder_without_a_readable_manifest_is_one_line(tmp_path):
    """Measured before: a folder named manifest.json, invalid JSON and `outlets` as a string each ended in a traceback
    or a wrong message (`unknown outlet 'd'`)."""
    from newsagg.crawler.replay import Snapshot
    from newsagg.errors import BadInput

    cases = {"folder": None, "not json": "{", "outlets a string": '{"pages": [], "outlets": "donya-e-eqtesad.com"}'}
    for name, text in cases.items():
        root = tmp_path / name.replace(" ", "_")
        root.mkdir()
        if text is None:
            (root / "manifest.json").mkdir()
        else:
            (root / "manifest.json").write_text(text)
        with pytest.raises(BadInput, match="manifest.json"):
            Snapshot(root)
