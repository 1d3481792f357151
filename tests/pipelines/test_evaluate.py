"""Quality floors on the labeled sets (the figures themselves are printed by `newsagg evaluate`)."""
from newsagg.config import step_config
from newsagg.pipelines.dedup import DedupConfig
from newsagg.pipelines.evaluate import DATA, attribution, clustering, load


def test_clustering_quality_on_the_labeled_set():
    c = clustering(load(DATA / "dedup_dev.jsonl"), step_config(DedupConfig, "dedup"))
    assert c["pairwise"]["f1"] >= 0.97 and c["bcubed"]["f1"] >= 0.97
    assert c["false_merge_templated"]["rate"] <= 0.02 and c["false_merge_same_topic"]["rate"] <= 0.01
    assert min(c["recall_by_repost_kind"].values()) >= 0.85


def test_attribution_quality_on_the_labeled_set():
    a = attribution(load(DATA / "attribution_dev.jsonl"))
    assert a["cases"] >= 100
    assert a["exact_chain_accuracy"] >= 0.96 and a["hops"]["f1"] >= 0.95
    assert not [m for m in a["misses"] if m["id"] == "seed" or m["id"].startswith("hard-")]
