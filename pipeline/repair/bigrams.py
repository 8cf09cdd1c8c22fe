"""A character-pair model of general Chinese web text: what the characters around a run's edge say.

jieba's word-unigram model prefers a frequent character at the edge of a misaligned GBK run (就 for
植 before 物油, 都 for 对 after 加强); the characters on either side tell them apart. The counts
(configs/repair/char_bigrams.tsv.gz, made by `make repair-bigrams`, pipeline/repair/make_bigrams.py)
are read through the stage's context (so they are hashed) but parsed only when a run is first scored:
text without damage pays nothing.

P(b | a) = (c(ab) + BETA * P(b)) / (c(a) + BETA), P(b) add-one smoothed over the characters: pairs
seen once were left out of the table, and a small corpus needs a generous backoff. Only pairs of two
Han characters are scored, as log P(b | a) - TYPICAL: a punctuation mark or digit candidate gets 0
(the word model and the punctuation prior judge those; the counts only added noise: a closing ” was
dropped), and a Han candidate is not penalised against it merely for being a character. Not
log P(b | a) / P(b): that ratio prefers rare characters (地毯 for 地铁 before 三号线).
"""
from __future__ import annotations

import gzip
import math

from .base import HAN_CHAR

BETA = 20.0  # pseudo-count of the backoff to the character's own frequency
TYPICAL = -8.0  # log P(b | a) of an unremarkable pair (chosen on the dev corpus with context_weight)


class CharBigrams:
    def __init__(self, data: bytes):
        self._data = data
        self._chars: dict[str, int] | None = None

    def _load(self) -> None:
        chars: dict[str, int] = {}
        pairs: dict[str, int] = {}
        total = 0
        for line in gzip.decompress(self._data).decode("utf-8").splitlines():
            key, _, n = line.partition("\t")
            if key == "#total":
                total = int(n)
            elif len(key) == 1:
                chars[key] = int(n)
            elif len(key) == 2:
                pairs[key] = int(n)
        self._pairs = pairs
        self._chars = chars
        self._denominator = total + len(chars) + 1
        self._memo: dict[str, float] = {}

    def unigram(self, ch: str) -> float:
        return (self._chars.get(ch, 0) + 1) / self._denominator

    def logp(self, pair: str) -> float:
        """log P(pair[1] | pair[0])."""
        if self._chars is None:
            self._load()
        v = self._memo.get(pair)
        if v is None:
            a, b = pair
            v = self._memo[pair] = math.log((self._pairs.get(pair, 0) + BETA * self.unigram(b))
                                            / (self._chars.get(a, 0) + BETA))
        return v

    def relative(self, pair: str) -> float:
        """log P(b | a) against an unremarkable pair; 0 unless both are Han characters."""
        if not (HAN_CHAR.match(pair[0]) and HAN_CHAR.match(pair[1])):
            return 0.0
        return self.logp(pair) - TYPICAL

    def around(self, window: str, positions: list[int]) -> float:
        """Sum of `relative` over the pairs of `window` that touch one of `positions` (each pair once)."""
        seen = set()
        score = 0.0
        for i in positions:
            for k in (i - 1, i):
                if 0 <= k < len(window) - 1 and k not in seen:
                    seen.add(k)
                    score += self.relative(window[k:k + 2])
        return score
