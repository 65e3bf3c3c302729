"""Near-duplicate grouping (re-run wire stories, syndicated copies) with MinHash LSH."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from datasketch import LeanMinHash, MinHash, MinHashLSH

from parley.ingest.identity import normalise_text

#: Words per shingle: long enough that two different stories on one event rarely share many.
SHINGLE_WORDS = 5
DEFAULT_NUM_PERM = 128


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Word n-grams of the normalised text (the whole text when it is shorter than n words)."""
    words = normalise_text(text).split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> Any:
    """The random permutations, drawn once (seeded, so signatures are comparable)."""
    return MinHash(num_perm=num_perm).permutations


def signature(text: str, num_perm: int = DEFAULT_NUM_PERM) -> bytes:
    """Serialisable MinHash of the text's word shingles, for the store to persist."""
    # SHA-1 (the default) stays: a linear hash such as CRC-32 correlates the permutations
    # and inflates Jaccard estimates, grouping stories that merely share a template.
    minhash = MinHash(num_perm=num_perm, permutations=_permutations(num_perm),
                      scheme="affine32")
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles(text)])
    lean = LeanMinHash(minhash)
    buffer = bytearray(lean.bytesize())
    lean.serialize(buffer)
    return bytes(buffer)


def load_signature(sig: bytes) -> LeanMinHash:
    """Rebuild a MinHash from signature() bytes."""
    return LeanMinHash.deserialize(bytearray(sig))


class NearDupIndex:
    """Assigns each article to a near-duplicate group named after its first member."""

    def __init__(self, threshold: float = 0.7, num_perm: int = DEFAULT_NUM_PERM) -> None:
        """Create an empty index; threshold is the estimated Jaccard similarity for a match."""
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._minhashes: dict[str, LeanMinHash] = {}
        self._groups: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        """Number of articles added."""
        return len(self._groups)

    def __contains__(self, article_id: object) -> bool:
        """True when the article id has been added."""
        return article_id in self._groups

    def group_of(self, article_id: str) -> str | None:
        """The group id of an article already added, else None."""
        return self._groups.get(article_id)

    def add(self, article_id: str, sig: bytes) -> str:
        """Add an article and return its group id (its own id when it matches no earlier one)."""
        if article_id in self._groups:
            return self._groups[article_id]
        minhash = load_signature(sig)
        if len(minhash.hashvalues) != self.num_perm:
            raise ValueError(f"signature has {len(minhash.hashvalues)} permutations, "
                             f"index expects {self.num_perm}")
        # LSH only proposes candidates; confirm each with the estimated Jaccard.
        matches = [other for other in self._lsh.query(minhash)
                   if minhash.jaccard(self._minhashes[other]) >= self.threshold]
        if matches:
            earliest = min(matches, key=lambda other: self._order[self._groups[other]])
            group = self._groups[earliest]
        else:
            group = article_id
        self._lsh.insert(article_id, minhash)
        self._minhashes[article_id] = minhash
        self._groups[article_id] = group
        self._order[article_id] = len(self._order)
        return group
