import json

import numpy as np
from datasketch import MinHash

from newsagg.pipelines.dedup.signature import (
    _BATCH_CHUNK,
    _SEED,
    _identity,
    minhash_values,
    sentence_hash,
    shingle_hashes,
    signature,
    signatures,
    title_grams,
)
from newsagg.pipelines.normalize import normalize_story
from tests.helpers import OTHER, STORY


def datasketch_values(hashes: np.ndarray, num_perm: int = 128) -> np.ndarray:
    """The definition: datasketch's MinHash (affine32, seed 1) fed the 32-bit shingle hashes."""
    m = MinHash(num_perm=num_perm, seed=_SEED, hashfunc=_identity, scheme="affine32")
    m.update_batch(hashes.tolist())
    return m.hashvalues


def test_numpy_minhash_is_bit_identical_to_datasketch():
    rng = np.random.default_rng(3)
    texts = ["\n".join(STORY), "\n".join(OTHER), "\n".join(STORY[:1]), "کوتاه"]
    cases = [shingle_hashes(normalize_story("", t).key, 5) for t in texts]
    cases += [np.unique(rng.integers(0, 2**32, n, dtype=np.uint64).astype(np.uint32)) for n in (1, 4095, 4097, 20_000)]
    cases.append(np.array([0, 2**32 - 1], dtype=np.uint32))  # the extremes wrap the same way
    for hashes in cases:
        for num_perm in (128, 64):
            assert (minhash_values(hashes, num_perm) == datasketch_values(hashes, num_perm)).all()


def test_a_signature_holds_datasketch_values_and_its_jaccard():
    a = signature(normalize_story("", "\n".join(STORY)))
    b = signature(normalize_story("", "\n".join(STORY[:3] + OTHER[:1])))
    assert (a.minhash.hashvalues == datasketch_values(shingle_hashes(normalize_story("", "\n".join(STORY)).key, 5))).all()
    assert a.jaccard(b) == a.minhash.jaccard(b.minhash)
    assert 0 < a.jaccard(b) < 1


def test_signatures_of_a_batch_equal_each_article_signed_alone(shared):
    """The batch (one numpy pass over many articles) is an optimisation only: same values, sizes,
    sentences and figures as `signature`, on every real text, on texts shorter than a shingle or
    empty, and across the product's chunks (a text longer than a chunk, many short ones)."""
    from newsagg.pipelines.evaluate import SHARED_TEXTS

    rows = [json.loads(line) for line in SHARED_TEXTS.read_text(encoding="utf-8").splitlines()]
    texts = [(r.get("title") or "", r["body"]) for r in rows]
    texts += [("", ""), ("", "ab"), ("", "خبر"), ("", "۱۲۳۴"), ("", " \u200c "), ("", "\n".join(STORY) * 12)]
    normalized = [normalize_story(title, body) for title, body in texts]
    assert max(len(n.key) for n in normalized) > _BATCH_CHUNK and any(n.key == "" for n in normalized)
    alone = [signature(n) for n in normalized]
    assert signatures(normalized) == alone
    assert [s for i in range(0, len(normalized), 7) for s in signatures(normalized[i : i + 7], 128, 5)] == alone
    assert signatures(normalized[:40], 64, 4) == [signature(n, 64, 4) for n in normalized[:40]]
    assert signatures([]) == []


def test_a_signature_keeps_each_sentence_hash_once_in_text_order():
    normalized = normalize_story("", "\n".join([*STORY, STORY[0], *OTHER]))
    expected = list(dict.fromkeys(sentence_hash(s) for s in normalized.sentences))
    assert len(expected) < len(normalized.sentences)  # the repeated sentence counts once
    assert signature(normalized).sentence_hashes == signatures([normalized])[0].sentence_hashes == expected
    assert signature(normalized).sentence_set == frozenset(expected)


def test_a_title_is_its_distinct_letter_4grams_hashed_sorted_and_once_each(shared):
    from newsagg.pipelines.evaluate import SHARED_TEXTS
    from newsagg.pipelines.normalize import title_key

    assert title_grams("") == title_grams("خبر") == b""  # shorter than a 4-gram: nothing to compare
    kept = distinct = 0
    for line in SHARED_TEXTS.read_text(encoding="utf-8").splitlines():
        title = title_key(json.loads(line).get("title"))
        hashes = np.frombuffer(title_grams(title), dtype="<u2")
        assert (np.diff(hashes.astype(int)) > 0).all()
        kept, distinct = kept + len(hashes), distinct + len({title[i : i + 4] for i in range(len(title) - 3)})
    assert distinct - 90 <= kept <= distinct  # 16-bit hashes: 43 of the 114,309 4-grams collide within their title
