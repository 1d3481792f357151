"""The naive baseline: the same shingles and clustering, but each shingle hashed with SHA-1 and fed
to MinHash.update one at a time (datasketch's textbook use), one core."""
from __future__ import annotations

import json

from datasketch import MinHash

from newsagg.pipelines.dedup import ClusterIndex, DedupConfig
from newsagg.pipelines.dedup.batch import parse_published
from newsagg.pipelines.dedup.signature import Signature, pack_hashes, sentence_hash
from newsagg.pipelines.normalize import normalize_story


def naive_signature(title: str, body: str, config: DedupConfig) -> Signature:
    normalized = normalize_story(title, body)
    letters = normalized.key.replace(" ", "")
    k = config.shingle_chars
    shingles = {letters[i : i + k] for i in range(max(1, len(letters) - k + 1))}
    m = MinHash(num_perm=config.num_perm)
    for s in shingles:
        m.update(s.encode("utf-8"))
    sentences = pack_hashes(dict.fromkeys(sentence_hash(s) for s in normalized.sentences))
    return Signature(m.hashvalues.astype("<u4").tobytes(), len(shingles), sentences, frozenset())


def naive_run(lines: list[str], config: DedupConfig) -> None:
    index = ClusterIndex(config)
    for n, line in enumerate(lines):
        row = json.loads(line)
        index.assign(n, naive_signature(row["title"], row["body"], config), parse_published(row.get("published")), n)
