from datetime import timedelta

import pytest

from newsagg.pipelines.attribution import Member, parse_chain, reconstruct
from newsagg.pipelines.attribution.names import SourceResolver
from newsagg.pipelines.normalize import display_text
from tests.helpers import T0


def chain(text: str, publisher: str = "khabaronline.ir") -> list[str]:
    return parse_chain([display_text(p) for p in text.split("\n") if p.strip()], publisher).outlets


def test_the_seed_gives_aran_news_nabz_e_bazar_isna(shared):
    lines = [p for p in (shared / "seed" / "000_25880a7db64d84cd.txt").read_text(encoding="utf-8").split("\n") if p.strip()]
    assert chain("\n".join(lines[1:]), "arannews.com") == ["arannews.com", "nabzebazar.com", "isna.ir"]


@pytest.mark.parametrize("text,expected", [
    ("به گزارش خبرگزاری تسنیم به نقل از رویترز، ترامپ گفت", ["tasnimnews.com", "reuters.com"]),
    ("به گزارش خبرنگار اقتصادی خبرآنلاین، بازار ارز", []),                       # self-credit, own desk
    ("به گزارش خبرنگار ورزشی ایسنا، تیم ملی", ["isna.ir"]),
    ('به گزارش "ورزش سه" و به نقل از فارس، تیم ملی والیبال', ["varzesh3.com", "farsnews.ir"]),
    ("ایسنا/کرمان رئیس سازمان جهاد کشاورزی گفت", ["isna.ir"]),
    ("تهران- ایرنا- وزیر امور خارجه گفت", ["irna.ir"]),
    ("رویترز گزارش داد: قیمت نفت بالا رفت", ["reuters.com"]),
    ("به نقل از وزیر خارجه روسیه، او گفت", []),                                   # a speaker, not an outlet
    ("پوتین گفت که با علی‌اف گفت‌وگو کرده است", []),
    ("بنابر گزارش خبرگزاری فرانسه، اعتراضات ادامه دارد", ["afp.com"]),
    ("براساس گزارش اسپوتنیک، مذاکرات ادامه دارد", ["sputniknews.com"]),
    ("متن خبر بدون منبع در آغاز است.\nمنبع: خبرگزاری مهر", ["mehrnews.com"]),
    ("به گزارش باشگاه خبرنگاران جوان به نقل از روزنامه شرق، دولت", ["yjc.ir", "روزنامه شرق".replace("روزنامه ", "")]),
    ("به گزارش ايسنا، متن", ["isna.ir"]),                                          # Arabic yeh
    ("با توجه به گزارش های دقیق تاریخی که توسط مارکا بررسی شده، او", []),          # plural: prose, not a credit
])
def test_hard_cases(text, expected):
    assert chain(text) == ["khabaronline.ir", *expected]


def test_unknown_sources_are_kept_as_normalized_text():
    resolver = SourceResolver()
    src = resolver.resolve("سایت رسمی باشگاه نفت تهران")
    assert src and not src.known and src.id == "رسمی باشگاه نفت تهران".replace("رسمی ", "")


def test_provenance_origin_uncredited_and_conflicts():
    members = [
        Member("isna", "isna.ir", T0, ("isna.ir",)),
        Member("nabz", "nabzebazar.com", T0 + timedelta(hours=1), ("nabzebazar.com", "isna.ir")),
        Member("aran", "arannews.com", T0 + timedelta(hours=2), ("arannews.com", "nabzebazar.com", "isna.ir")),
        Member("tabnak", "tabnak.ir", T0 + timedelta(hours=3), ("tabnak.ir",)),
        Member("early", "yjc.ir", T0 - timedelta(hours=1), ("yjc.ir", "arannews.com")),
    ]
    p = reconstruct(members)
    assert p.origin == "isna.ir" and p.origin_reason == "deepest credited source"
    assert ("arannews.com", "nabzebazar.com") in p.edges and ("nabzebazar.com", "isna.ir") in p.edges
    assert p.uncredited == ["tabnak"]
    assert [c[0] for c in p.conflicts] == ["early"]  # credits Aran News, which published later
    assert reconstruct(members, corrected_origin="irna.ir").origin == "irna.ir"


def test_without_credits_the_earliest_publisher_is_the_origin():
    p = reconstruct([Member(2, "tabnak.ir", T0 + timedelta(hours=1), ("tabnak.ir",)), Member(1, "irna.ir", T0, ("irna.ir",))])
    assert (p.origin, p.origin_key, p.uncredited) == ("irna.ir", 1, [2])


def test_two_outlets_crediting_the_same_press_office_took_the_same_release():
    # «به گزارش روابط عمومی بانک ملی ایران» on Tabnak, and the same release via ISNA on Asriran
    tabnak = parse_chain(["به گزارش روابط عمومی بانک ملی ایران، مشتریان گرامی می‌توانند رمز پویای کارت خود را فعال کنند."], "tabnak.ir")
    asriran = parse_chain(["به گزارش ایسنا به نقل از روابط عمومی بانک ملی ایران، مشتریان گرامی رمز پویا را فعال کنند."], "asriran.com")
    members = [Member(k, c.outlets[0], T0 + timedelta(minutes=m), tuple(c.outlets), tuple(h.kind for h in c.hops))
               for k, c, m in (("t", tabnak, 0), ("a", asriran, 30))]
    members.append(Member("k", "khabaronline.ir", T0 + timedelta(hours=1), ("khabaronline.ir",), ("outlet",)))
    p = reconstruct(members)
    assert p.origin == "بانک ملی ایران" and p.origin_kind == "press_office"
    assert p.same_release == {"بانک ملی ایران": ["t", "a"]}
    assert ("tabnak.ir", "asriran.com") not in p.edges and ("asriran.com", "tabnak.ir") not in p.edges
    assert not p.conflicts and p.uncredited == []  # a release is meant to be reprinted: no one copied it
