"""A word-bigram language model of general Chinese text: which words follow which.

jieba's word-unigram model (zhstats.segment_logp) knows how frequent each word is, not which words go
together, so at the edge of a misaligned GBK run it prefers a frequent character that makes some word
(大法国 for 大法官 before 的主持下). A bigram model trained on a large corpus sees the neighbours too;
the rule averages the two when it chooses an edge character (`word_lm_weight`). Measured on the dev
corpus (pipeline/repair/devset.py), the averaged choice beat either model alone.

The model is open-gram's (SunPinyin's language model, CC BY-SA 3.0), converted by
pipeline/repair/make_word_lm.py to configs/repair/word_lm.npz. It is read through the stage's
context (so it is hashed) but parsed only when a run is first scored: text without damage pays nothing.

logp(text) is the log P of the text's best segmentation into the model's words, each word given the
one before it (with back-off); the window's first word has no context. A stretch the model has no word
for, and a number with its unit, are priced as jieba's model prices them (zhstats.NUMBER,
zhstats.unlisted_token_logp).
"""
from __future__ import annotations

import io

import numpy as np

from ..zhstats import NUMBER, SEG_NUMBER_LOGP, unlisted_token_logp

COST_STEP = 0.1  # the bigram costs' quantum in word_lm.npz (nats): far below any difference that decides a choice
NO_CONTEXT = -1  # the state at a window's start, and after a stretch the model has no word for


class WordBigramModel:
    def __init__(self, data: bytes):
        self._data = data
        self._ids: dict[str, int] | None = None

    def _load(self) -> None:
        with np.load(io.BytesIO(self._data)) as z:
            words = bytes(z["words"]).decode("utf-8").split("\n")
            unigram = z["unigram"].astype(np.float64)
            self._offsets = z["offsets"].tolist()
            self._second = z["second"]
            self._cost = z["cost"].astype(np.float64) * COST_STEP
        self._unigram = unigram[:, 0].tolist()
        self._backoff = unigram[:, 1].tolist()
        self._ids = {w: i for i, w in enumerate(words) if w}
        self._longest = max(map(len, self._ids))

    def _step(self, before: int, word: int) -> float:
        """-log P(word | before)."""
        if before == NO_CONTEXT:
            return self._unigram[word]
        a, b = self._offsets[before], self._offsets[before + 1]
        if a < b:
            i = a + int(self._second[a:b].searchsorted(word))
            if i < b and self._second[i] == word:
                return float(self._cost[i])
        return self._backoff[before] + self._unigram[word]

    def logp(self, text: str) -> float:
        if self._ids is None:
            self._load()
        ids, n = self._ids, len(text)
        # best[i]: the last word of each path that ends at i -> the lowest cost of reaching i with it
        best: list[dict[int, float]] = [{} for _ in range(n + 1)]
        best[0][NO_CONTEXT] = 0.0
        for i in range(n):
            if not best[i]:
                continue
            number = NUMBER.match(text, i)  # a number and its unit are one token (30日: 日 cannot start 日常)
            if number:
                words, unknown = [], (number.end() - i, -SEG_NUMBER_LOGP)
            else:
                words = [(k, w) for k in range(1, min(self._longest, n - i) + 1)
                         if (w := ids.get(text[i:i + k])) is not None]
                unknown = None if words else (1, -unlisted_token_logp(text[i]))
            for before, cost in best[i].items():
                for k, w in words:
                    c = cost + self._step(before, w)
                    if c < best[i + k].get(w, np.inf):
                        best[i + k][w] = c
                if unknown is not None:
                    k, price = unknown
                    c = cost + price
                    if c < best[i + k].get(NO_CONTEXT, np.inf):
                        best[i + k][NO_CONTEXT] = c
        return -min(best[n].values()) if best[n] else 0.0

