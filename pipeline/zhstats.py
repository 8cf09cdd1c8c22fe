"""How plausible a piece of text is as Chinese, from jieba's dictionary.

Two scores, both "higher is more plausible":
- `plausibility(text)`: mean character log-frequency. Cheap; used to choose between whole-file
  decodings (GB18030 or Big5?).
- `segment_logp(text)`: log-probability of the best segmentation into dictionary words (jieba's
  own unigram word model). Used by the repair stage to choose between candidate repairs of a
  short window: a character that forms a word with its neighbours (活 in 活动) beats one that
  does not, which character frequencies alone cannot see.

Traditional text is scored through OpenCC t2s, since the dictionary is Simplified.
"""
from __future__ import annotations

import functools
import math
import os
import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
UNSEEN_LOGP = -16.0  # a Han character the dictionary never uses: rarer than its rarest character
JUNK_LOGP = -18.0  # private-use, control or replacement characters: no real text has them

# segment_logp: costs of tokens jieba's dictionary has no entry for. Its counts leave punctuation
# out; in news text punctuation is about one token in six (，about 7 %, 。about 4 %).
SEG_PUNCT = {"，": -2.7, "。": -3.2, "、": -4.2, "“": -4.6, "”": -4.6, "：": -5.2, "（": -5.5, "）": -5.5,
             "《": -5.5, "》": -5.5, "；": -6.0, "！": -6.5, "？": -6.5, "‘": -6.5, "’": -6.5, "…": -7.0,
             "—": -7.0, "·": -7.0, "「": -7.0, "」": -7.0, "『": -7.5, "』": -7.5, "【": -7.5, "】": -7.5,
             "〈": -7.5, "〉": -7.5}
# Particles that never open a clause on their own: punctuation right before one is unlikely (学。的).
NO_CLAUSE_START = frozenset("的了着过们吗呢吧啊么得地之")
NO_REPEAT = frozenset("的和了在是与及或并而被把对从")
SEG_BAD_PUNCT_LOGP = -6.0
# A number and the unit or measure word after it (30日, ２０１１年, 60岁) are one token: 日 cannot also
# start 日常.
NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?[年月日号號時时点點分秒岁歲个個名位人次件项項条條家所台辆輛倍度万萬亿億元米吨噸%％]?")
SEG_NUMBER_LOGP = -11.0  # one particular number: rarer than a common word
SEG_ASCII_LOGP = -9.0  # per ASCII character (digits, Latin letters, ASCII punctuation)
SEG_OTHER_LOGP = -14.0  # other symbols, Latin-1 letters ...
SEG_UNSEEN_HAN_LOGP = -20.0  # below 1/total, jieba's own cost for an unknown character
SEG_JUNK_LOGP = -26.0  # private use, U+FFFD, controls


def jieba_dict_path() -> str:
    """The frequency dictionary jieba ships (word, count, POS tag per line)."""
    import jieba

    return os.path.join(os.path.dirname(jieba.__file__), "dict.txt")


@functools.lru_cache(maxsize=1)
def char_logp() -> dict[str, float]:
    """log P(character) over the words of jieba's dictionary, weighted by word frequency (kept in
    the disk cache: counting 350,000 words costs a third of a second on every start)."""
    from .cache import cached_table

    return cached_table("char_logp", [jieba_dict_path()], _count_char_logp)


def _count_char_logp() -> dict[str, float]:
    counts: dict[str, int] = {}
    with open(jieba_dict_path(), encoding="utf-8") as f:
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


def simplified(text: str) -> str:
    return _t2s().convert(text)


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


@functools.lru_cache(maxsize=1)
def word_model() -> tuple[dict[str, int], float]:
    """jieba's word frequencies (prefixes of words are present with frequency 0) and log(total).

    jieba's own table, so a process that also segments with jieba holds it once."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ, math.log(jieba.dt.total)


def _token_logp(ch: str, freq: dict[str, int], logtotal: float) -> float:
    f = freq.get(ch)
    if f:
        return math.log(f) - logtotal
    return unlisted_token_logp(ch)


def unlisted_token_logp(ch: str) -> float:
    """log P of a one-character token a word model has no entry for: punctuation by its share of news
    text, then by kind (junk, ASCII or full-width ASCII, an unseen Han character, anything else)."""
    p = SEG_PUNCT.get(ch)
    if p is not None:
        return p
    cp = ord(ch)
    if 0xE000 <= cp <= 0xF8FF or cp == 0xFFFD or cp < 32 or 0x7F <= cp < 0xA0:
        return SEG_JUNK_LOGP
    if cp < 0x80 or 0xFF01 <= cp <= 0xFF5E:
        return SEG_ASCII_LOGP
    if HAN.match(ch):
        return SEG_UNSEEN_HAN_LOGP
    return SEG_OTHER_LOGP


_DIGIT = re.compile(r"[0-9０-９]")
_TOKEN_COST: dict[str, float] = {}  # memo of _token_logp per character
_WORD_COST: dict[str, float] = {}  # memo of log P per dictionary word


def segment_logp(text: str, simplify: bool = True) -> float:
    """log P of the best segmentation of `text` into jieba dictionary words (0.0 for empty text)."""
    if simplify and text:
        text = _t2s().convert(text)
    freq, logtotal = word_model()
    n = len(text)
    best: list = [0.0] + [-math.inf] * n
    numbers = {}  # start -> end of a number token; positions inside one cannot be reached
    if _DIGIT.search(text):
        for m in NUMBER.finditer(text):
            numbers[m.start()] = m.end()
            for k in range(m.start() + 1, m.end()):
                best[k] = None
    token_cost, word_cost = _TOKEN_COST, _WORD_COST
    for i in range(n):
        base = best[i]
        if base is None:
            continue
        end = numbers.get(i)
        if end is not None:
            s = base + SEG_NUMBER_LOGP
            if best[end] is not None and s > best[end]:
                best[end] = s
            continue
        ch = text[i]
        cost = token_cost.get(ch)
        if cost is None:
            cost = token_cost[ch] = _token_logp(ch, freq, logtotal)
        step = base + cost
        if ch in NO_CLAUSE_START and i and text[i - 1] in SEG_PUNCT:
            step += SEG_BAD_PUNCT_LOGP  # the particle alone; as the start of a word (地铁, 了解) it is fine
        elif ch in NO_REPEAT and i and text[i - 1] == ch:
            step += SEG_BAD_PUNCT_LOGP  # 和和, 的的: function words are not reduplicated (看看, 天天 are)
        if best[i + 1] is not None and step > best[i + 1]:
            best[i + 1] = step
        j = i + 2
        while j <= n:
            w = text[i:j]
            f = freq.get(w)
            if f is None:
                break
            if f and best[j] is not None:
                cost = word_cost.get(w)
                if cost is None:
                    cost = word_cost[w] = math.log(f) - logtotal
                if base + cost > best[j]:
                    best[j] = base + cost
            j += 1
    return best[n]
