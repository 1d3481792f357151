"""The review page over HTTP (Starlette's TestClient) against the real PostgreSQL: reads without a
token, writes only with the token, a CSRF token and from the same origin; page text is escaped; the
page obeys the same validation as the CLI."""
import re

import pytest
from starlette.testclient import TestClient

from newsagg.web.app import create_app
from newsagg.web.security import Guard
from tests.helpers import STORY, item

TOKEN = "test-review-token"
HOSTILE = "<script>alert(1)</script> خبر [/] فوری"


@pytest.fixture
def story(store):
    isna = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY, title=HOSTILE))
    tabnak = store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60, title=HOSTILE))
    assert isna.cluster_id == tabnak.cluster_id
    return isna, tabnak


@pytest.fixture
def client(db_url):
    with TestClient(create_app(db_url, Guard(TOKEN)), base_url="http://127.0.0.1:8000") as c:
        yield c


def signed_in(client) -> str:
    r = client.post("/login", data={"token": TOKEN, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/").text)
    assert found, "a signed-in page carries the CSRF token"
    return found[1]


def corrections(conn) -> int:
    return conn.execute("select count(*) from chain_corrections").fetchone()[0]


def test_every_page_reads_without_a_token_and_offers_no_write(client, story):
    isna, tabnak = story
    for path in ("/", f"/stories/{isna.cluster_id}", f"/compare/{tabnak.article_id}", "/outlets", "/history", "/login",
                 "/?kind=uncredited&outlet=tabnak.ir&since=2023-10-01&until=2023-10-20"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert 'dir="rtl"' in r.text
        assert 'action="/undo"' not in r.text and "confirm-chain" not in r.text, path
    queue = client.get("/").text
    assert "رونوشت بی‌ذکر منبع" in queue and f"/stories/{isna.cluster_id}" in queue
    assert client.get("/stories/424242").status_code == 404
    assert client.get("/?since=yesterday").status_code == 400


def test_page_text_is_escaped(client, story):
    isna, tabnak = story
    for path in ("/", f"/stories/{isna.cluster_id}", f"/compare/{tabnak.article_id}"):
        html = client.get(path).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; خبر [/] فوری" in html
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_a_write_without_the_token_is_401_and_writes_nothing(client, story, conn):
    tabnak = story[1]
    r = client.post(f"/articles/{tabnak.article_id}/chain", data={"action": "confirm", "reviewer": "x"}, follow_redirects=False)
    assert r.status_code == 401
    r = client.post("/login", data={"token": "wrong"})
    assert r.status_code == 401
    r = client.post("/undo", data={"what": "chain", "target": str(tabnak.article_id), "reviewer": "x"})
    assert r.status_code == 401
    assert corrections(conn) == 0


def test_a_signed_in_write_without_csrf_or_from_another_site_is_403(client, story, conn):
    tabnak = story[1]
    csrf = signed_in(client)
    url = f"/articles/{tabnak.article_id}/chain"
    assert client.post(url, data={"action": "confirm", "reviewer": "x"}).status_code == 403
    assert client.post(url, data={"action": "confirm", "reviewer": "x", "csrf": "0" * 64}).status_code == 403
    for headers in ({"origin": "https://evil.example"}, {"origin": "null"}, {"sec-fetch-site": "cross-site"},
                    {"referer": "https://evil.example/page"}):
        r = client.post(url, data={"action": "confirm", "reviewer": "x", "csrf": csrf}, headers=headers)
        assert r.status_code == 403, headers
    assert client.post("/login", data={"token": TOKEN}, headers={"origin": "https://evil.example"}).status_code == 403
    assert corrections(conn) == 0
    r = client.post(url, data={"action": "confirm", "reviewer": "x", "csrf": csrf}, headers={"origin": "http://127.0.0.1:8000"},
                    follow_redirects=False)
    assert r.status_code == 303 and corrections(conn) == 1


def test_correct_see_the_tree_change_then_undo(client, story, conn):
    isna, tabnak = story
    csrf = signed_in(client)
    page = client.get(f"/stories/{isna.cluster_id}").text
    assert "رونوشت بی‌ذکر منبع" in page and "confirm-chain" in page
    r = client.post(f"/articles/{tabnak.article_id}/chain", follow_redirects=False,
                    data={"csrf": csrf, "story": str(isna.cluster_id), "source": ["isna.ir", ""], "reviewer": "مریم",
                          "note": "<b>credit</b> in a caption"})
    assert r.status_code == 303 and r.headers["location"].startswith(f"/stories/{isna.cluster_id}?done=")
    page = client.get(r.headers["location"]).text
    assert "اصلاح‌شده به دست بازبین" in page and 'class="tag uncredited"' not in page
    assert "&lt;b&gt;credit&lt;/b&gt; in a caption" in page and "مریم" in page
    correction = conn.execute("select id from chain_corrections").fetchone()[0]
    r = client.post("/undo", follow_redirects=False, data={"csrf": csrf, "what": "chain", "target": str(tabnak.article_id),
                                                           "correction": str(correction), "reviewer": "مریم"})
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert 'class="tag uncredited"' in page and "بازگردانده به دست" in page


def test_the_page_obeys_the_same_validation_as_the_cli(client, story, conn):
    isna, tabnak = story
    csrf = signed_in(client)
    chain = f"/articles/{tabnak.article_id}/chain"
    r = client.post(chain, data={"csrf": csrf, "story": str(isna.cluster_id), "source": "foo.ir", "reviewer": "m"})
    assert r.status_code == 400 and "این منبع در فهرست رسانه‌ها نیست: foo.ir" in r.text and "--allow-unknown" not in r.text
    r = client.post(chain, data={"csrf": csrf, "story": str(isna.cluster_id), "unknown": "<i>دفتر</i>", "reviewer": "m"})
    assert r.status_code == 400 and "&lt;i&gt;دفتر&lt;/i&gt;" in r.text and "<i>دفتر</i>" not in r.text
    r = client.post(chain, data={"csrf": csrf, "story": str(isna.cluster_id), "source": "isna.ir", "reviewer": ""})
    assert r.status_code == 400 and "نام بازبین را بنویسید." in r.text
    origin = f"/stories/{isna.cluster_id}/origin"
    r = client.post(origin, data={"csrf": csrf, "story": str(isna.cluster_id), "origin": "irna.ir", "reviewer": "m"})
    assert r.status_code == 400 and "irna.ir نه در این ماجرا خبری دارد و نه منبع خبرهای آن است" in r.text
    assert "«بیرون از خبر، آگاهانه»" in r.text and "--allow-unknown" not in r.text  # what to tick on this page, not a flag
    assert corrections(conn) == 0 and conn.execute("select count(*) from origin_corrections").fetchone()[0] == 0
    r = client.post(origin, data={"csrf": csrf, "story": str(isna.cluster_id), "unknown": "irna.ir", "allow_unknown": "on",
                                  "reviewer": "m"}, follow_redirects=False)
    assert r.status_code == 303
    assert conn.execute("select origin from cluster_overview").fetchone()[0] == "irna.ir"


def test_a_bearer_token_writes_without_a_browser_session(client, story, conn):
    tabnak = story[1]
    r = client.post(f"/articles/{tabnak.article_id}/chain", data={"action": "confirm", "reviewer": "bot"},
                    headers={"authorization": f"Bearer {TOKEN}"}, follow_redirects=False)
    assert r.status_code == 303 and corrections(conn) == 1
    r = client.post(f"/articles/{tabnak.article_id}/chain", data={"action": "confirm", "reviewer": "bot"},
                    headers={"authorization": "Bearer nope"})
    assert r.status_code == 401


def test_compare_marks_shared_passages_and_the_credit_sentence(client, store):
    isna = store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    nabz = store.save(item("https://nabzebazar.com/news/2", "nabzebazar.com", STORY, minutes=30,
                           lead="به گزارش ایسنا، رئیس‌جمهور روسیه درباره قره‌باغ سخن گفت."))
    html = client.get(f"/compare/{nabz.article_id}").text
    assert f"خبر {isna.article_id}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in html  # beside its credited source
    assert re.search(r'<mark class="credit">[^<]*به گزارش ایسنا', html)
    assert html.count('<span class="shared">') >= 2 and "ولادیمیر پوتین" in html


def test_outlets_page_draws_the_credit_graph(client, store):
    store.save(item("https://www.isna.ir/news/1", "isna.ir", STORY))
    store.save(item("https://nabzebazar.com/news/2", "nabzebazar.com", STORY, minutes=30, lead="به گزارش ایسنا، پوتین گفت."))
    store.save(item("https://www.tabnak.ir/fa/news/7", "tabnak.ir", STORY, minutes=60))
    html = client.get("/outlets").text
    assert html.count('class="edge credited"') == 1 and html.count('class="edge uncredited"') == 1
    assert "nabzebazar.com → isna.ir: 1 credited" in html and "tabnak.ir → isna.ir: 1 uncredited" in html
    assert 'class="edge' not in client.get("/outlets?until=2000-01-01").text


def test_the_date_filter_reads_persian_digits_and_slashes_as_the_command_line_does(client, story):
    isna = story[0]
    for since in ("۱۴۰۲/۰۷/۰۱", "1402-07-01", "1402/7/1", "2023-09-23"):
        r = client.get("/", params={"since": since, "until": "۱۴۰۲/۰۷/۳۰"})
        assert r.status_code == 200 and f"/stories/{isna.cluster_id}" in r.text, since  # the story is of 2023-10-13
    assert f"/stories/{isna.cluster_id}" not in client.get("/", params={"since": "۱۴۰۲/۰۸/۰۱"}).text


def test_error_messages_are_persian_with_the_english_in_the_log(client, story, caplog):
    caplog.set_level("INFO", logger="newsagg.web")
    r = client.get("/?since=yesterday")
    assert r.status_code == 400 and "تاریخ «yesterday» خوانده نشد" in r.text and "not a date" not in r.text
    assert "not a date: 'yesterday'" in caplog.text
    r = client.get("/stories/424242")
    assert r.status_code == 404 and "ماجرایی با شناسه ۴۲۴۲۴۲ نیست." in r.text
