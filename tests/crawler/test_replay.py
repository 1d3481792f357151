import selectors
import socket

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
