#!/usr/bin/env python3
"""Hand labels for the candidate pairs of candidates.py -> pairs_real.jsonl and dedup_real.jsonl.

    python3 tests/data/real/candidates.py          # writes candidates.json
    python3 tests/data/real/label_decisions.py     # writes pairs_real.jsonl, dedup_real.jsonl

Every decision below was made by reading the pair (see LABELLING-dedup.md). Kind "roundup" (a digest
that pastes whole items) is same=False and stays out of the story closure; evaluate_real.py leaves
those pairs out of pairwise scoring. Templated series are
decided per connected component (every pair in the component is two items of one series on
different days / with different items); all other pairs are listed one by one in PAIRS.
"""
from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = Path("/work/shared/texts/ir-news-2019/articles.jsonl")
SEED = 20200301
N_SINGLETONS = 300

# Templated series: every pair whose two articles both match one of these title prefixes (and
# the pair is in the candidate set) is "templated" (same=False) unless listed in PAIRS.
SERIES = [
    ("قیمت سکه", "Tabnak daily coin/gold price report, different days and figures"),
    ("قیمت دلار", "daily dollar/euro price report, different days and figures"),
    ("پیش فروش", "car pre-sale notice, different date/cars"),
    ("طرح جدید فروش", "car instalment-sale notice, different date/cars"),
    ("فروش فوری", "car instalment-sale notice, different date/cars"),
    ("طرز تهیه", "recipe series, different dish"),
    ("دستور پخت", "recipe series, different dish"),
    ("سکانس‌هایی از فیلم", "film clip series, different film"),
    ("پشت صحنه فیلم", "behind-the-scenes clip series, different film"),
    ("از «", "Tabnak 'economic history' series, different day"),
]

# (a, b) -> (same, kind, note); a/b in any order.
PAIRS: dict[tuple[str, str], tuple[bool, str, str]] = {}


def P(a, b, same, kind, note=""):
    PAIRS[(a, b)] = (same, kind, note)


# --- reposts across outlets (body is a copy of the same source text) ---
P("tabnak-953400", "asriran-709949", True, "repost", "Tabnak rewrote the Tasnim lead (adds 'according to several sites'), rest copied")
P("tabnak-954213", "asriran-710490", True, "repost")
P("asriran-710895", "tabnak-954867", True, "repost", "same interview copy, small cuts")
P("tabnak-955152", "asriran-711109", True, "repost", "both consist of Hemmati's Instagram note with a one-line lead")
P("asriran-711243", "tabnak-955371", True, "repost")
P("asriran-711611", "tabnak-955890", True, "repost", "Tabnak adds own lead/comment to the ministry text")
P("asriran-711976", "tabnak-956502", True, "repost")
P("asriran-712023", "tabnak-956536", True, "repost")
P("tabnak-956626", "asriran-712172", True, "repost")
P("asriran-712681", "tabnak-957579", True, "repost")
P("asriran-713259", "roozno-412959", True, "repost", "both are Rabiei's tweet with a one-line lead")
P("asriran-713882", "roozno-413670", True, "repost")
P("asriran-714719", "tabnak-960502", True, "repost")
P("asriran-714894", "roozno-414739", True, "repost")
P("asriran-715376", "roozno-415252", True, "repost")
P("asriran-711337", "tabnak-955514", True, "repost")
# --- same outlet re-saves ---
P("roozno-413073", "roozno-413109", True, "self_repost", "new title, same body")
P("roozno-413073", "roozno-413346", True, "self_repost", "re-saved next day")
P("roozno-413109", "roozno-413346", True, "self_repost")
P("asriran-702562", "asriran-702581", True, "self_repost", "new title and credit, same body")
P("asriran-702611", "asriran-702636", True, "self_repost", "updated version: new lead + whole earlier text")
P("asriran-715993", "asriran-716032", True, "self_repost")
P("roozno-413539", "roozno-413605", True, "self_repost", "same speech text, re-saved with more paragraphs")
P("roozno-413695", "roozno-413873", True, "self_repost", "re-saved with new title and added section")
P("roozno-413934", "roozno-414045", True, "self_repost", "updated: Rouhani background added, whole earlier text kept")
# --- excerpts (one carries a part of the other's text) ---
P("asriran-715545", "tabnak-961671", True, "excerpt", "41-sentence cut of the 80-sentence Fars interview")
P("asriran-714656", "roozno-414547", True, "excerpt", "roozno appends asriran's whole ISNA text to a metro item")
P("asriran-714895", "roozno-414956", True, "excerpt", "roozno carries 10 of 18 sentences of the Etemad editorial (and its title)")
P("roozno-412438", "asriran-712774", True, "excerpt", "roozno carries half of Motahari's note as its second part")
P("tabnak-953988", "asriran-710777", True, "excerpt", "asriran's 1-sentence jury announcement is carried verbatim by tabnak")
# Roundups (Tabnak's daily foreign-news digests) paste whole agency items: the roundup carries the
# item, but a roundup of five items is not the same story as any one of them, and counting it as an
# excerpt joins unrelated items transitively (the Murphy report and the Russian-trucks item via
# tabnak-960167). Their own kind, kept out of the story closure; evaluate_real.py leaves them out of
# pairwise scoring and reports separately how often a roundup joined an item it carries.
P("asriran-713319", "tabnak-958434", False, "roundup", "Tabnak daily roundup carries the whole item")
P("tabnak-960167", "roozno-414360", False, "roundup", "Tabnak roundup carries the whole Murphy report")
P("tabnak-960167", "tabnak-960173", False, "roundup", "Tabnak roundup carries the Russian-trucks item")
P("tabnak-953291", "tabnak-953297", False, "roundup", "Tabnak roundup carries the item")
P("tabnak-954132", "tabnak-954192", False, "roundup", "Tabnak roundup carries the whole item")
P("tabnak-959253", "tabnak-959353", False, "roundup", "Tabnak roundup carries the item")
P("tabnak-961918", "roozno-415586", True, "excerpt", "roozno = first 8 sentences of tabnak's report of Rouhani's remarks")
P("roozno-413529", "roozno-413952", True, "excerpt", "8-sentence cut of the Moein interview")
P("roozno-413744", "roozno-413960", True, "excerpt", "FATF article carries 64 of 67 sentences of the Ansari report")
P("roozno-415011", "roozno-415108", True, "excerpt", "analysis carries the run-off list article as a section")
# --- follow-ups (repeat background of an earlier story) ---
P("asriran-711207", "asriran-711312", False, "follow_up", "corona items sharing IRNA background")
P("asriran-711207", "asriran-711361", False, "follow_up", "corona items sharing IRNA background")
P("asriran-711312", "asriran-711361", False, "follow_up", "corona items sharing IRNA background")
P("asriran-711337", "asriran-711361", False, "follow_up", "shared corona background paragraph")
P("tabnak-955514", "asriran-711361", False, "follow_up", "shared corona background paragraph")
P("roozno-414360", "roozno-414305", False, "follow_up", "Trump's Logan-act remark; Murphy notes as background")
P("roozno-414360", "tabnak-960580", False, "follow_up", "later roundup repeats Murphy's tweets")
P("tabnak-960167", "roozno-414305", False, "follow_up")
P("tabnak-960167", "tabnak-960580", False, "follow_up", "later roundup repeats Murphy's tweets")
P("tabnak-959468", "roozno-414045", False, "follow_up", "Rouhani's press-conference quote as background of the coroner's reply")
P("tabnak-953297", "tabnak-954830", False, "follow_up", "two roundups repeating Green Zone background")
P("asriran-697947", "asriran-698126", False, "follow_up", "housing registration; eligibility rules repeated")
P("asriran-702414", "asriran-702663", False, "follow_up", "Rouhani Japan trip; next day's report repeats background")
P("asriran-702637", "asriran-702649", False, "follow_up", "kick-off time changed vs league denies change")
P("roozno-415050", "roozno-415420", False, "follow_up", "daily corona count update")
P("roozno-415050", "roozno-415614", False, "follow_up", "daily corona count update")
P("roozno-415420", "roozno-415614", False, "follow_up", "daily corona count update")
P("roozno-412858", "roozno-413515", False, "follow_up", "later analysis quotes 4 sentences of the letter")
P("tabnak-956880", "roozno-414606", False, "follow_up", "Idlib background paragraphs reused two weeks later")
P("roozno-414681", "roozno-415010", False, "follow_up")
P("roozno-415079", "roozno-415262", False, "follow_up", "opinion piece reuses 3 sentences of vote figures")
P("tabnak-961405", "tabnak-961976", False, "follow_up", "Mahathir resignation background repeated")
# --- independent write-ups around the same statement/event ---
P("roozno-414045", "roozno-414102", False, "same_event", "Shargh editorial quoting Rouhani and Masjedi")
P("roozno-414390", "roozno-414548", False, "same_event", "election roundup quotes 7 sentences of the speech")
P("tabnak-953926", "tabnak-954647", False, "same_event",
  "two Aminzadeh interview pieces sharing one passage (18 of the report's 59 sentences); corrected, LABELLING section 5")
P("roozno-414399", "roozno-414548", False, "same_event", "election roundup quotes Jahangiri")
P("tabnak-958305", "asriran-713267", False, "same_event", "22 Bahman rally: own reports sharing one agency paragraph")
P("roozno-413944", "roozno-414096", False, "same_event", "analysis quotes Shakouri-Rad interview")
P("roozno-415693", "roozno-415922", False, "same_event", "analysis quotes Chamran")
P("roozno-415895", "roozno-415979", False, "same_event", "analysis quotes Zibakalam")
P("roozno-415163", "roozno-415318", False, "same_event", "both quote Rasaei's tweet")
P("roozno-416042", "roozno-416046", False, "same_event", "same figures, two different write-ups")
P("tabnak-961520", "tabnak-961546", False, "same_event", "roundup re-reports the drill in its own words")
# --- templated (not caught by SERIES prefixes) ---
P("asriran-700740", "asriran-711351", False, "templated", "weather items sharing the AQI definition")
P("tabnak-960581", "asriran-714818", False, "templated", "'X voted at Hosseinieh Ershad', different person")
P("tabnak-953225", "tabnak-955270", False, "templated", "weekly OPEC basket price")
P("tabnak-953245", "tabnak-960461", False, "templated", "oil price report, different day")
P("tabnak-953709", "tabnak-955275", False, "templated", "ISNA daily forex report, different day and figures")
P("tabnak-955539", "tabnak-957338", False, "templated", "ISNA daily world-markets report, different day")
P("tabnak-953086", "tabnak-954265", False, "templated", "music clip series, different piece")
P("tabnak-953482", "tabnak-957843", False, "templated", "short animation series")
P("tabnak-956383", "tabnak-961720", False, "templated", "special-effects clip series")
P("tabnak-960629", "tabnak-960718", False, "templated", "election-day video captions")
P("asriran-702148", "asriran-710501", False, "templated", "car instalment sale, different date/cars")
P("asriran-702148", "asriran-711128", False, "templated", "car instalment sale, different date/cars")
P("asriran-713418", "asriran-713733", False, "templated", "Saipa pre-sale, different date/cars")
P("asriran-710501", "asriran-711128", False, "templated", "car instalment sale, different date/cars")
P("tabnak-953440", "tabnak-953665", False, "templated", "recipe series, different dish")
P("tabnak-953440", "tabnak-955137", False, "templated", "recipe series, different dish")
P("tabnak-953476", "tabnak-955127", False, "templated", "recipe series, different dish")
P("tabnak-956398", "tabnak-956669", False, "templated", "recipe series, different dish")
# --- same topic / other ---
P("asriran-702579", "asriran-715315", False, "same_topic")
P("asriran-702579", "asriran-715944", False, "same_topic")
P("asriran-715315", "asriran-715944", False, "same_topic")
P("asriran-702139", "asriran-713430", False, "same_topic")
P("asriran-704258", "asriran-714418", False, "same_topic")
P("asriran-711551", "asriran-712459", False, "same_topic", "league previews of different rounds")
P("roozno-413405", "roozno-413534", False, "same_topic", "Atlantic vs Politico pieces on Sanders")
P("tabnak-960040", "tabnak-960046", False, "same_topic", "different wrestlers, same championship day")
P("tabnak-960177", "tabnak-961956", False, "same_topic")
P("tabnak-955161", "tabnak-957748", False, "other", "only the title prefix 'unconfirmed reports' is shared")

COMPONENT_TEMPLATED = {
    # music-video series (one fixed sentence), daily stock-market report
    "music": ("tabnak-953444", "music video series, different song"),
    "bourse": ("tabnak-953802", "Tabnak daily stock-market report, different day and figures"),
}


def load():
    arts = {}
    for line in ARTICLES.open(encoding="utf-8"):
        a = json.loads(line)
        arts[a["id"]] = a
    return arts


def main():
    arts = load()
    cands = json.loads((HERE / "candidates.json").read_text(encoding="utf-8"))
    # components of the candidate graph (for the component-wide templated series)
    par = {}

    def f(x):
        while par.setdefault(x, x) != x:
            par[x] = par.setdefault(par[x], par[x])
            x = par[x]
        return x

    for c in cands:
        par[f(c["a"])] = f(c["b"])
    comp_kind = {f(seed): note for seed, note in COMPONENT_TEMPLATED.values()}

    out = []
    unused = set(PAIRS) | {(b, a) for a, b in PAIRS}
    missing = []
    for c in cands:
        a, b = c["a"], c["b"]
        key = (a, b) if (a, b) in PAIRS else (b, a) if (b, a) in PAIRS else None
        if key:
            same, kind, note = PAIRS[key]
            unused.discard((a, b)); unused.discard((b, a))
        else:
            ta, tb = arts[a]["title"], arts[b]["title"]
            hit = next((n for p, n in SERIES if ta.startswith(p) and tb.startswith(p)), None)
            if hit is None and f(a) in comp_kind:
                hit = comp_kind[f(a)]
            if hit is None:
                missing.append((a, b))
                continue
            same, kind, note = False, "templated", hit
        out.append({"a": a, "b": b, "same": same, "kind": kind, "note": note,
                    "jaccard": c["jaccard"], "shared_sents": c["shared_sents"], "signals": c["signals"]})
    if missing:
        raise SystemExit(f"undecided pairs: {missing}")
    stray = {tuple(sorted(k)) for k in unused}
    if stray:
        raise SystemExit(f"decisions for pairs that are not candidates: {sorted(stray)}")

    with (HERE / "pairs_real.jsonl").open("w", encoding="utf-8") as fh:
        for r in out:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")

    # stories: union of SAME pairs; story id = earliest-published article
    cand_ids = {r["a"] for r in out} | {r["b"] for r in out}
    spar = {i: i for i in cand_ids}

    def g(x):
        while spar[x] != x:
            spar[x] = spar[spar[x]]
            x = spar[x]
        return x

    adj = defaultdict(list)
    for r in out:
        if r["same"]:
            spar[g(r["a"])] = g(r["b"])
            adj[r["a"]].append((r["b"], r["kind"]))
            adj[r["b"]].append((r["a"], r["kind"]))
    members = defaultdict(list)
    for i in cand_ids:
        members[g(i)].append(i)
    key = lambda i: (arts[i]["published"], i)
    labels = {}
    for ms in members.values():
        root = min(ms, key=key)
        labels[root] = ("original", root)
        # BFS from the root; an article's kind is the kind of the edge it was reached by
        seen, queue = {root}, [root]
        while queue:
            x = queue.pop(0)
            for y, k in sorted(adj[x]):
                if y in seen:
                    continue
                seen.add(y)
                if k == "excerpt":
                    kind = "excerpt"
                elif arts[y]["outlet"] == arts[root]["outlet"]:
                    kind = "self_repost"
                else:
                    kind = "repost"
                labels[y] = (kind, root)
                queue.append(y)
        assert seen == set(ms)

    # seeded sample of articles that are in no candidate pair
    rest = sorted(set(arts) - cand_ids)
    for i in random.Random(SEED).sample(rest, N_SINGLETONS):
        labels[i] = ("original", i)

    with (HERE / "dedup_real.jsonl").open("w", encoding="utf-8") as fh:
        for i in sorted(labels):
            kind, story = labels[i]
            fh.write(json.dumps({"id": i, "story": story, "kind": kind}, ensure_ascii=False) + "\n")

    from collections import Counter
    print("pairs", len(out), Counter((r["same"], r["kind"]) for r in out))
    print("articles", len(labels), "candidate articles", len(cand_ids), "stories", len({s for _, s in labels.values()}))
    print("kinds", Counter(k for k, _ in labels.values()))
    multi = Counter(s for _, s in labels.values())
    print("multi-article stories", sum(1 for v in multi.values() if v > 1), Counter(multi.values()))


if __name__ == "__main__":
    main()
