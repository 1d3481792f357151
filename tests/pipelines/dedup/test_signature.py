import numpy as np
from datasketch import MinHash

from newsagg.pipelines.dedup.signature import _SEED, _identity, minhash_values, shingle_hashes, signature
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
