#!/usr/bin/env python3
"""Deterministic stratified sample of ir-news-2019 articles for attribution labelling.

Usage: python3 sample_attribution.py [articles.jsonl] > sample_ids.txt
Prints one article id per line (sorted). Seeded, stdlib only.
"""
import json, random, re, sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/texts/ir-news-2019/articles.jsonl"
SEED = 20190
L = r"[\u0621-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC]"  # a Persian/Arabic letter
GLUED = re.compile(L + r"به\s*نقل|به\s*نقل\s*از" + L + r"|" + L + r"به\s*گزارش|به\s*گزارش" + L +
                   r"|به\u200cنقل|به\u200cگزارش|به\u200cنوشته|گزرش|بهگزارش|بهنقل")
SIGNOFF = re.compile(r"منبع\s*[:：]")
NAQL = re.compile(r"به\s*نقل\s*از")
SECOND = re.compile(r"به\s*نوشته|نوشت[:،.\s]|بنابر|بر\s*اساس\s*گزارش|براساس\s*گزارش|گزارش\s*داد|اعلام\s*کرد")
CREDIT = re.compile(r"به\s*گزارش|به\s*نقل\s*از|نوشت|به\s*نوشته|بنابر|بر\s*اساس\s*گزارش|براساس\s*گزارش|منبع\s*[:：]|گزارش\s*داد|اعلام\s*کرد")

# per-outlet quotas per stratum (total 300); mashreghnews.ir: take all
QUOTA = {
    "asriran.com": {"glued": 15, "signoff": 12, "naql": 30, "second": 20, "credit": 30, "none": 18},
    "tabnak.ir":   {"glued": 15, "signoff": 10, "naql": 25, "second": 15, "credit": 25, "none": 14},
    "roozno.com":  {"glued": 12, "signoff": 5,  "naql": 12, "second": 8,  "credit": 10, "none": 8},
}

def stratum(a):
    body = a["body"]
    lines = body.split("\n")
    if GLUED.search(body):
        return "glued"
    if any(SIGNOFF.search(x) for x in lines[-3:]):
        return "signoff"
    head = "\n".join(lines[:3])
    if NAQL.search(head) or NAQL.search(body):
        return "naql"
    if SECOND.search(head):
        return "second"
    if CREDIT.search(body):
        return "credit"
    return "none"

def main():
    arts = [json.loads(l) for l in open(SRC, encoding="utf-8")]
    rng = random.Random(SEED)
    chosen = []
    for outlet in sorted({a["outlet"] for a in arts}):
        pool = sorted((a for a in arts if a["outlet"] == outlet), key=lambda a: a["id"])
        if outlet not in QUOTA:
            chosen += [a["id"] for a in pool]
            continue
        by = {}
        for a in pool:
            by.setdefault(stratum(a), []).append(a["id"])
        carry = 0
        for s in ["glued", "signoff", "naql", "second", "credit", "none"]:
            ids = by.get(s, [])
            k = QUOTA[outlet][s] + carry
            take = rng.sample(ids, min(k, len(ids)))
            carry = k - len(take)  # shortfall rolls over to next stratum
            chosen += take
    for i in sorted(chosen):
        print(i)

if __name__ == "__main__":
    main()
