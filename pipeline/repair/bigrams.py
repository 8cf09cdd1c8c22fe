"""A character-pair model of general Chinese web text: what the characters around a run's edge say.

jieba's word-unigram model prefers a frequent character at the edge of a misaligned GBK run (就 for
植 before 物油, 都 for 对 after 加强); the characters on either side tell them apart. The counts
(configs/repair/char_bigrams.tsv.gz, made by `make repair-bigrams`, pipeline/repair/make_bigrams.py)
are read through the stage's context (so they are hashed) but parsed only when a run is first scored:
text without damage pays nothing.

P(b | a) = (c(ab) + BETA * P(b)) / (c(a) + BETA), P(b) add-one smoothed over the characters: pairs
seen once were left out of the table, and a small corpus needs a generous backoff. Pairs of two Han
characters are scored as log P(b | a) - TYPICAL; not log P(b | a) / P(b), that ratio prefers rare
characters (地毯 for 地铁 before 三号线). A pair of a Chinese punctuation mark and a Han character (or
two marks) is scored as log P(b | a) / P(b) where that is above 0: the association tells 、 from 。
(机关、领导 in a list), where the word model only knows that 。 is the more frequent, while a mark
is not preferred to a Han character for being frequent (log P(b | a) - TYPICAL did that: a closing ”
was dropped). A number beside anything but a digit is scored the same way, every number read as one
character (１日 or １人 after 截至: the word models price both as a number with its unit). Anything
else (full-width letters, ＃) gets 0.
"""
from __future__ import annotations

import gzip
import math

from .base import CLAUSE_PUNCT, HAN_CHAR

BETA = 20.0  # pseudo-count of the backoff to the character's own frequency
TYPICAL = -8.0  # log P(b | a) of an unremarkable pair (chosen on the dev corpus with context_weight)
# Chinese punctuation: which mark follows a word, or what follows the mark, is a matter of the pair
# (、 between the items of a list, 。 where a sentence ends), which a word model cannot see; it scores
# 、 and 。 by their overall frequency alone. All of them, not the separators only: a mark the pairs
# score competes unfairly with one they do not (” lost its edge to 、 and 。).
PUNCTUATION = CLAUSE_PUNCT + "‘’…—·「」『』"
DIGIT = "0"  # the counts read every number as this one character (make_bigrams counts with it)


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
        """log P(b | a) against an unremarkable pair for two Han characters; for a punctuation mark
        beside a Han character (or another mark), log P(b | a) / P(b) where above 0; else 0."""
        a, b = pair
        if HAN_CHAR.match(a) and HAN_CHAR.match(b):
            return self.logp(pair) - TYPICAL
        if a.isdigit() != b.isdigit():  # a number beside a character: how often numbers stand there (１日, 第３)
            a, b = (DIGIT if a.isdigit() else a), (DIGIT if b.isdigit() else b)
            return max(0.0, self.logp(a + b) - math.log(self.unigram(b)))
        if (a in PUNCTUATION or b in PUNCTUATION) and all(c in PUNCTUATION or HAN_CHAR.match(c) for c in pair):
            # against b's own frequency, not TYPICAL: a frequent mark (，) must not win an edge from a
            # Han character merely for being frequent; and only a pair seen more often than chance
            # counts: a Han character after 。 is not penalised for rarely opening a sentence (a
            # penalty there made ＃ win the first edge of a run at a line start in the real spans)
            return max(0.0, self.logp(pair) - math.log(self.unigram(b)))
        return 0.0

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
