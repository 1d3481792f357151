"""`newsagg sources`: learn self-names from the store, list, review them, add a source; user errors in one line."""
from __future__ import annotations

import json

from tests.conftest import newsagg
from tests.helpers import STORY, item
from tests.pipelines.storage.test_selfnames import FIXTURE, NAME, _processed, _self_hops, roozno  # noqa: F401


def test_sources_learns_lists_reviews_and_adds_through_the_cli(db_url, store, conn, roozno):  # noqa: F811
    store.save_many(_processed([roozno[i] for i in FIXTURE["first_run"]]))
    store.save(item("https://www.tabnak.ir/fa/news/1", "tabnak.ir", ["به گزارش روزنامه اطلاعات، " + STORY[0], *STORY[1:]]))
    db = ("--database-url", db_url)
    learned = newsagg(*db, "sources", "--learn").stdout
    assert "learned self-names of roozno.com: روز نو (7 of 8 articles open with them; 1 new, 7 chains re-derived)" in learned
    assert _self_hops(conn) == 0
    rows = json.loads(newsagg(*db, "sources", "--self-names", "--json").stdout)
    assert [(r["outlet_id"], r["name"], r["articles"], r["status"]) for r in rows] == [("roozno.com", NAME, 7, "learned")]
    assert "7 chains re-derived" in newsagg(*db, "sources", "--reject", "roozno.com", NAME, "--by", "maryam").stdout
    assert _self_hops(conn) == 7
    added = newsagg(*db, "sources", "--add", "اطلاعات", "--kind", "newspaper", "--id", "ettelaat.com", "--by", "maryam").stdout
    assert "added ettelaat.com (newspaper) to the registry; 1 chains re-derived" in added
    unknown = json.loads(newsagg(*db, "sources", "--unknown", "--json").stdout)
    # added, «اطلاعات» is known; rejected, the self-name is read as a credited source again, so it is listed for review
    assert "اطلاعات" not in {r["name"] for r in unknown} and NAME in {r["name"] for r in unknown}
    for args, says in [(("--reject", "roozno.com", NAME), "--by"), (("--kind", "site"), "--kind and --id go with --add"),
                       (("--add", "اطلاعات", "--kind", "newspaper", "--by", "m"), "already resolves to ettelaat.com"),
                       (("--confirm", "roozno.com", "نه", "--by", "m"), "no learned self-name"), ((), "say what to do")]:
        done = newsagg(*db, "sources", *args, check=False)
        assert done.returncode == 2 and says in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
