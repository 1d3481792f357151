"""What the index needs of one article: MinHash of character shingles, sentence hashes, figures.

Shingles are k consecutive letters of the folded key with every separator removed, so ZWNJ vs
space vs nothing cannot change them. They are hashed in one vectorized pass (polynomial rolling
hash over code points) and handed to datasketch's `update_batch` as 32-bit integers: no per-shingle
SHA-1 and no per-token `update` (see bench/ for the measured difference).
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from newsagg.pipelines.normalize import Normalized

_BASE = np.uint64(0x100000001B3)  # FNV prime: odd, mixes the 16-bit code points well
_SEED = 1
_NUMBER = re.compile(r"\d+")


def _identity(value):
    return value


def shingle_hashes(key: str, k: int) -> np.ndarray:
    """Unique 32-bit hashes of the k-letter shingles of `key` (spaces removed)."""
    letters = key.replace(" ", "")
    if len(letters) < k:
        letters = letters.ljust(k, "\0") if letters else ""
        if not letters:
            return np.zeros(0, dtype=np.uint32)
    cps = np.frombuffer(letters.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(cps) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):  # k vector ops, not n*k Python ops
        h = h * _BASE + cps[j : j + n]
    return np.unique(((h >> np.uint64(32)) ^ h).astype(np.uint32))


def sentence_hash(sentence: str) -> int:
    """Signed 64-bit hash of a folded sentence (fits PostgreSQL bigint)."""
    digest = hashlib.blake2b(sentence.replace(" ", "").encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@functools.cache
def _permutations(num_perm: int):
    # datasketch draws these from the seed for every MinHash it creates: once is enough.
    return MinHash(num_perm=num_perm, seed=_SEED).permutations


def new_minhash(num_perm: int, hashvalues=None) -> MinHash:
    return MinHash(num_perm=num_perm, seed=_SEED, hashfunc=_identity, hashvalues=hashvalues,
                   permutations=_permutations(num_perm), scheme="affine32")


@dataclass(frozen=True)
class Signature:
    minhash: MinHash
    size: int                       # number of distinct shingles
    sentences: tuple[int, ...]      # hashes of the identifying sentences, in text order
    numbers: frozenset[str]         # figures in the text: templated reports differ only here

    def __post_init__(self):
        object.__setattr__(self, "sentence_set", frozenset(self.sentences))

    def to_bytes(self) -> bytes:
        return self.minhash.hashvalues.astype("<u4").tobytes()

    def __reduce__(self):
        # Pickle the hash values only (512 bytes), not datasketch's permutation tables (2 KiB):
        # this is what worker processes send back in batch mode.
        return _rebuild, (self.to_bytes(), self.size, self.sentences, self.numbers)


def _rebuild(data: bytes, size: int, sentences, numbers) -> Signature:
    return Signature(minhash_from_bytes(data, len(data) // 4), size, sentences, numbers)


def signature(normalized: Normalized, num_perm: int = 128, shingle_chars: int = 5) -> Signature:
    hashes = shingle_hashes(normalized.key, shingle_chars)
    mh = new_minhash(num_perm)
    if len(hashes):
        mh.update_batch(hashes.tolist())
    return Signature(
        minhash=mh,
        size=int(len(hashes)),
        sentences=tuple(dict.fromkeys(sentence_hash(s) for s in normalized.sentences)),
        numbers=frozenset(_NUMBER.findall(normalized.key)),
    )


def minhash_from_bytes(data: bytes, num_perm: int) -> MinHash:
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    if len(values) != num_perm:
        raise ValueError(f"stored signature has {len(values)} permutations, settings say {num_perm}")
    return new_minhash(num_perm, hashvalues=values)
