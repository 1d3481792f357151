"""Quality floors on the labelled real set (texts in ../shared; the figures: `newsagg evaluate`)."""
from newsagg.config import step_config
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.evaluate_real import TEXTS, real_clustering, score


def test_clustering_quality_on_real_reprints(shared):
    r = real_clustering(step_config(DedupConfig, "dedup"), TEXTS)
    assert r is not None and r["input_articles"] == 2650
    for part in ("dev", "held-out"):
        assert r[part]["hard_negatives_merged"]["rate"] <= 0.01
    assert r["all"]["pairwise"]["precision"] >= 0.95 and r["all"]["pairwise"]["f1"] >= 0.9
    assert r["all"]["recall_by_positive_kind"]["self_repost"]["recall"] == 1.0
    assert r["all"]["recall_by_positive_kind"]["excerpt"]["recall"] >= 0.6  # 0.4 with the first 8 sentences indexed
    assert not r["all"]["unjudged_merges"]  # every merge of two labelled articles was read


def test_without_the_shared_texts_the_real_set_is_skipped_not_scored(tmp_path):
    assert real_clustering(DedupConfig(), tmp_path / "absent.jsonl") is None


def test_merged_hard_negatives_are_listed_by_pair_and_kind_and_roundups_are_not():
    labels = [{"id": i, "story": s, "kind": "original"} for i, s in
              (("a", "a"), ("b", "a"), ("c", "c"), ("d", "d"), ("e", "e"), ("f", "f"))]
    pairs = [{"a": "a", "b": "b", "same": True, "kind": "repost"},
             {"a": "a", "b": "c", "same": False, "kind": "templated"},
             {"a": "d", "b": "e", "same": False, "kind": "follow_up"},
             {"a": "e", "b": "f", "same": False, "kind": "roundup"}]
    predicted = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 3, "f": 3}
    s = score(labels, pairs, predicted, None)
    assert s["merged_different_stories"] == [("templated", "a", "c")]
    assert s["missed_same_story"] == [] and s["pairwise"]["fp"] == 2  # a-c and b-c; e-f (a roundup) is not scored
