"""How plausible a piece of text is as Chinese: character log-frequencies from jieba's dictionary.

Used to choose between decodings (GB18030 or Big5? the original or a mojibake repair?). Traditional
text is scored through OpenCC t2s, since the dictionary is Simplified.
"""
from __future__ import annotations

import functools
import math
import os
import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
UNSEEN_LOGP = -16.0  # a Han character the dictionary never uses: rarer than its rarest character
JUNK_LOGP = -18.0  # private-use, control or replacement characters: no real text has them


@functools.lru_cache(maxsize=1)
def char_logp() -> dict[str, float]:
    """log P(character) over the words of jieba's dictionary, weighted by word frequency."""
    import jieba

    counts: dict[str, int] = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, freq, _ = line.split(" ", 2)
            n = int(freq)
            for ch in word:
                counts[ch] = counts.get(ch, 0) + n
    total = sum(counts.values())
    return {ch: math.log(n / total) for ch, n in counts.items()}


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def char_score(ch: str, table: dict[str, float]) -> float:
    cp = ord(ch)
    if 32 <= cp < 0x7F or ch in "\n\r\t":
        return -6.0  # ASCII: neutral (the dictionary's few Latin words would make it look rare)
    if ch in table:
        return table[ch]
    if 0xE000 <= cp <= 0xF8FF or cp == 0xFFFD or (cp < 32 and ch not in "\n\r\t") or 0x80 <= cp < 0xA0:
        return JUNK_LOGP
    if HAN.match(ch):
        return UNSEEN_LOGP
    if ch.isspace():
        return -6.0
    return -9.0  # other symbols and punctuation: fine, but not evidence of Chinese


def plausibility(text: str, simplify: bool = True) -> float:
    """Mean log-probability per character (higher is more plausible); -inf for empty text."""
    if not text:
        return float("-inf")
    if simplify:
        text = _t2s().convert(text)
    table = char_logp()
    return sum(char_score(ch, table) for ch in text) / len(text)


def han_share(text: str) -> float:
    return len(HAN.findall(text)) / len(text) if text else 0.0
