"""The review page in a real browser: Playwright driving Debian's chromium (`apt-get install chromium`;
Playwright's own browser download cannot work on these machines). Walks the demo's seed story: queue,
story, compare Tabnak's uncredited copy with ISNA's report, correct the chain, see the tree change, undo.
NEWSAGG_SCREENSHOTS=docs writes the screenshots the README shows."""
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from newsagg.web.app import create_app
from newsagg.web.security import Guard
from tests.conftest import ROOT
from tests.crawler.test_crawl import DEMO_OUTLETS, crawl

CHROMIUM = os.environ.get("NEWSAGG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "browser-test-token"


@pytest.fixture
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def server(db_url, tmp_path):
    import uvicorn

    crawl(db_url, {"NEWSAGG_DATA": str(tmp_path / "data")}, *DEMO_OUTLETS)
    srv = uvicorn.Server(uvicorn.Config(create_app(db_url, Guard(TOKEN)), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not (srv.started and srv.servers) and time.monotonic() < deadline:
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def shot(page, name: str) -> None:
    target = os.environ.get("NEWSAGG_SCREENSHOTS")
    if target:
        page.screenshot(path=str(ROOT / target / f"review-{name}.png"), full_page=True)


def test_an_editor_walks_the_seed_story_corrects_a_chain_and_undoes_it(browser, server):
    page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="fa-IR")
    page.goto(server + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    tabnak_row = page.locator("tr.kind-uncredited", has=page.locator("[title='tabnak.ir']"))
    assert tabnak_row.count() == 1
    shot(page, "queue")

    tabnak_row.locator("a.story-link").click()
    page.wait_for_url("**/stories/*")
    assert page.locator("#origin").inner_text() == "ایسنا"
    tabnak = page.locator("tr[data-outlet='tabnak.ir']")
    assert tabnak.locator(".tag.uncredited").count() == 0  # the table holds chains; the flag is in the tree
    assert page.locator("#provenance li[data-article] .tag.uncredited").count() == 1
    assert page.locator("form[action$='/chain']").count() == 0  # read-only until signed in
    shot(page, "story")

    tabnak.locator("a.compare-link").click()
    page.wait_for_url("**/compare/*")
    assert "ایسنا" in page.locator("#right .meta").inner_text()
    assert page.locator("#left span.shared").count() >= 1 and page.locator("#right span.shared").count() >= 1
    shot(page, "compare")
    page.go_back()

    story_url = page.url
    page.goto(server + "/login?next=" + story_url.removeprefix(server))
    page.fill("#token", TOKEN)
    page.click("form.card button[type=submit]")
    page.wait_for_url(story_url)
    page.fill("#reviewer", "مریم")
    tabnak = page.locator("tr[data-outlet='tabnak.ir']")
    tabnak.locator("details.fix summary").click()
    form = tabnak.locator("form.chain-form")
    form.locator("select[name=source]").first.select_option("isna.ir")
    form.locator("input[name=note]").fill("منبع در زیرنویس عکس")
    form.locator("button.save-chain").click()
    page.wait_for_url("**done=*")
    assert page.locator("#provenance li[data-article] .tag.uncredited").count() == 0
    assert page.locator("#provenance .tag.corrected").count() == 1
    assert page.locator("#history tbody tr").first.inner_text().count("مریم") >= 1
    shot(page, "corrected")

    page.locator("#history button.undo").first.click()
    page.wait_for_url("**done=*")
    assert page.locator("#provenance li[data-article] .tag.uncredited").count() == 1
    assert page.locator("#history tr.undone").count() == 1

    page.goto(server + "/outlets")
    assert page.locator("svg path.edge.credited").count() >= 3 and page.locator("svg path.edge.uncredited").count() >= 1
    shot(page, "outlets")
