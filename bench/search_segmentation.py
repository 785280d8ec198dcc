"""Syllable bigrams or word segmentation for multi-syllable words: the measurement behind the choice.

    pip install pyvi && python3 -m bench.search_segmentation

Word segmentation (pyvi's CRF model, the usual Python choice) joins "người lao động" into words before
indexing; syllable bigrams index every side-by-side pair and leave the word boundary to the query.
This prints, over the search benchmark's articles and queries: analysis throughput (and the time it
implies for 100,000 articles of the scale benchmark's length), and how often each method cuts a query
the same way with and without diacritics, which accent-free queries and damaged pages need.
"""

from __future__ import annotations

import time

from bench.search_corpus import Generator
from bench.search_quality import load_docs, load_queries
from search.analysis import analyse, bigrams, syllables
from vnlang.text import fold


def _words(tokenized: str) -> list[str]:
    return [fold(w) for w in tokenized.split()]


def main() -> None:
    from pyvi import ViTokenizer

    texts = [f"{d.title}\n{d.body}" for d in load_docs()]
    generator = Generator()
    sample = [generator.article().body for _ in range(300)]
    chars = sum(map(len, sample))

    started = time.perf_counter()
    for text in sample:
        analyse.cache_clear()
        list(bigrams(syllables(text)))
    ours = time.perf_counter() - started
    started = time.perf_counter()
    for text in sample:
        ViTokenizer.tokenize(text)
    theirs = time.perf_counter() - started

    queries = [q.text.replace('"', "") for q in load_queries()]
    same_bigrams = sum(list(bigrams(syllables(q))) == list(bigrams(syllables(fold(q)))) for q in queries)
    same_words = sum(_words(ViTokenizer.tokenize(q)) == _words(ViTokenizer.tokenize(fold(q))) for q in queries)
    damaged = [t for t in texts if "nguời" in t]
    fixed = [t.replace("nguời", "người").replace("đuợc", "được").replace("co sở", "cơ sở") for t in damaged]
    pairs = list(zip(damaged, fixed, strict=True))
    damaged_words = sum(_words(ViTokenizer.tokenize(a)) == _words(ViTokenizer.tokenize(b)) for a, b in pairs)
    damaged_bigrams = sum(list(bigrams(syllables(a))) == list(bigrams(syllables(b))) for a, b in pairs)

    per_100k = 100_000 * chars / len(sample)
    print(f"{'':46} {'bigrams':>10} {'pyvi words':>11}")
    print(f"{'analysis, MB of text per second':46} {chars / ours / 1e6:10.2f} {chars / theirs / 1e6:11.2f}")
    print(f"{'analysis time for 100,000 articles (s)':46} {per_100k / (chars / ours):10.0f}"
          f" {per_100k / (chars / theirs):11.0f}")  # fmt: skip
    print(f"{f'{len(queries)} queries cut alike with/without diacritics':46} {same_bigrams:10} {same_words:11}")
    print(f"{f'{len(damaged)} damaged pages cut alike once repaired':46} {damaged_bigrams:10} {damaged_words:11}")


if __name__ == "__main__":
    main()
