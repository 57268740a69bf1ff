"""Recycled background: story paragraphs that an earlier story printed the same or nearly."""

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from mali_news.reference.normalise import fold

SHINGLE_WORDS = 5
THRESHOLD = 0.8
NUM_PERM = 128
# A paragraph of fewer words has too few shingles for "nearly the same" to mean anything
# ("He said no." is in many stories without being background).
MIN_WORDS = 10

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Paragraph:
    """A story paragraph: its story (article_blocks' article_id), position and text."""

    article_id: int
    position: int
    text: str


@dataclass
class Cluster:
    """The first printing of a paragraph and its later recurrences in other stories, each with
    its Jaccard similarity to the paragraph it was matched to."""

    first: Paragraph
    recurrences: list[tuple[Paragraph, float]] = field(default_factory=list)

    @property
    def articles(self) -> set[int]:
        return {self.first.article_id, *(p.article_id for p, _ in self.recurrences)}


def shingles(text: str) -> set[str]:
    """The paragraph's word 5-shingles, case and accents aside."""
    words = _WORD.findall(fold(text).lower())
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def find_clusters(paragraphs: Iterable[Paragraph]) -> list[Cluster]:
    """Clusters of recurring paragraphs, the paragraphs given in corpus order (earliest story
    first). A paragraph is compared with the first printing of each cluster and with the
    paragraphs printed once so far: MinHash LSH finds the candidates, the exact Jaccard of the
    shingles decides, and an exact copy is found by its shingles alone."""
    # datasketch brings SciPy, a second to import: only when clusters are wanted.
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    kept = [(paragraph, shingles(paragraph.text)) for paragraph in paragraphs
            if len(_WORD.findall(paragraph.text)) >= MIN_WORDS]
    if not kept:
        return []
    # One call for every signature, several times faster than one MinHash at a time; CRC-32
    # hashes the shingles a third faster than datasketch's SHA-1, and the permutations mix it.
    signatures = MinHash.bulk([[gram.encode("utf-8") for gram in grams] for _, grams in kept],
                              num_perm=NUM_PERM, hashfunc=zlib.crc32)
    # Recurrences stay out of the index: a paragraph recycled in a thousand stories is one
    # candidate, not a thousand.
    first_of: dict[frozenset[str], int] = {}
    cluster_of: dict[int, Cluster] = {}
    clusters: list[Cluster] = []
    for index, ((paragraph, grams), signature) in enumerate(zip(kept, signatures, strict=True)):
        key = frozenset(grams)
        best: tuple[float, int] | None = None
        same = first_of.get(key)
        if same is not None and kept[same][0].article_id != paragraph.article_id:
            best = (1.0, same)
        else:
            for candidate in lsh.query(signature):
                earlier, earlier_grams = kept[candidate]
                if earlier.article_id == paragraph.article_id:
                    continue
                similarity = jaccard(grams, earlier_grams)
                if similarity >= THRESHOLD and (
                        best is None or (similarity, -candidate) > (best[0], -best[1])):
                    best = (similarity, candidate)
        if best is None:
            lsh.insert(index, signature)
            first_of.setdefault(key, index)
            continue
        similarity, head = best
        cluster = cluster_of.get(head)
        if cluster is None:
            cluster = cluster_of[head] = Cluster(kept[head][0])
            clusters.append(cluster)
        cluster.recurrences.append((paragraph, round(similarity, 3)))
    return clusters
