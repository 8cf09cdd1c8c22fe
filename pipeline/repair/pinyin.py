"""Content-farm pinyin annotations: 網(wǎng)訊 -> 網訊.

A farm reposting Simplified news as Traditional writes the pinyin of each character the conversion
changed after it. An annotation is removed only when its letters are a pinyin syllable (a closed
list) and a reading of the character before it (the readings table), so real parenthesised text
survives: 北京(Beijing), 圖(a), 德國(de). A tone-marked syllable after a character the table does not
know is removed only in a text where several annotations were confirmed.
"""
from __future__ import annotations

import re
import unicodedata

from .base import HAN, Outcome, Rule

# Confirmed annotations a text must have before unconfirmed tone-marked ones go too.
MIN_CONFIRMED = 3


def toneless(syllable: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c) or c == "\u0308")


def has_tone(syllable: str) -> bool:
    return toneless(syllable) != unicodedata.normalize("NFD", syllable)


class PinyinAnnotation(Rule):
    name = "pinyin_annotation"
    action = "remove"

    def __init__(self, syllables: frozenset[str], readings: dict[str, frozenset[str]]):
        self.syllables = syllables
        self.readings = readings
        self.toneless = {ch: frozenset(map(toneless, rs)) for ch, rs in readings.items()}
        letters = re.escape("".join(sorted({c for s in syllables for c in s})))
        self.pattern = re.compile(f"(?<=[{HAN}])[(（]([{letters}]{{1,6}})[)）]")

    def wanted(self, text: str) -> bool:
        return "(" in text or "（" in text

    def confirmed(self, ch: str, syllable: str) -> bool:
        return syllable in self.readings.get(ch, ()) or toneless(syllable) in self.toneless.get(ch, ())

    def apply(self, text: str) -> Outcome:
        out = Outcome(text)
        found = [m for m in self.pattern.finditer(text) if m.group(1) in self.syllables]
        if not found:
            return out
        sure = [self.confirmed(text[m.start() - 1], m.group(1)) for m in found]
        loose = sum(sure) >= MIN_CONFIRMED
        drop = [m for m, ok in zip(found, sure) if ok or (loose and has_tone(m.group(1)))]
        if not drop:
            return out
        pieces, pos = [], 0
        for m in drop:
            pieces.append(text[pos:m.start()])
            pos = m.end()
            out.changes.append((text[m.start() - 1:m.end()], text[m.start() - 1]))
        pieces.append(text[pos:])
        out.text = "".join(pieces)
        return out
