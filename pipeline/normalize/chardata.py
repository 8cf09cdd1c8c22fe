"""Character classes and patterns of the normalize stage, in one place (like ftfy's chardata.py).

Tables a user may want to change (punctuation maps, protected terms, script tables) are data files in
configs/normalize/; what is here is Unicode fact, not policy.
"""
from __future__ import annotations

import re
import unicodedata

# Han characters: CJK Unified Ideographs, Extension A, Compatibility Ideographs, Extensions B-H.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
LATIN_WORD = re.compile(r"[A-Za-z]+")
LATIN = re.compile(r"[A-Za-z]")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def char_class(chars) -> str:
    """A regex character class of `chars`, as ranges. Python's re tests a class holding many single
    characters beyond the BMP one by one, so callers keep such sets small (see CharSet)."""
    codes = sorted({ord(c) for c in chars})
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = chr(codes[i]), chr(codes[j])
        parts.append(re.escape(lo) if i == j else f"{re.escape(lo)}-{re.escape(hi)}")
        i = j + 1
    return "[" + "".join(parts) + "]"


class CharSet:
    """A set of characters searched fast: a regex class for the BMP part, set lookups for the rest."""

    def __init__(self, chars):
        self.chars = frozenset(chars)
        bmp = [c for c in self.chars if ord(c) < 0x10000]
        self.astral = frozenset(self.chars - set(bmp))
        self.pattern = re.compile(char_class(bmp)) if bmp else re.compile(r"(?!x)x")

    def positions(self, text: str) -> list[int]:
        found = [m.start() for m in self.pattern.finditer(text)]
        if self.astral and ASTRAL.search(text):
            found = sorted(found + [m.start() for m in ASTRAL.finditer(text) if m.group(0) in self.astral])
        return found

    def count(self, text: str) -> int:
        n = len(self.pattern.findall(text))
        if self.astral and ASTRAL.search(text):
            n += sum(1 for ch in ASTRAL.findall(text) if ch in self.astral)
        return n

    def search(self, text: str) -> bool:
        if self.pattern.search(text):
            return True
        return bool(self.astral) and any(ch in self.astral for ch in ASTRAL.findall(text))


def is_han(ch: str) -> bool:
    c = ord(ch)
    return 0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF or 0xF900 <= c <= 0xFAFF or 0x20000 <= c <= 0x3134F


# CJK Compatibility Ideographs with a canonical decomposition: NFC maps them to the unified one
# (twelve in the block are unified ideographs themselves and have none).
COMPAT_IDEOGRAPH = re.compile(char_class(
    chr(c) for c in [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)] if unicodedata.decomposition(chr(c))))

# Chinese punctuation a mark may follow (closing, ending) or precede (opening).
CJK_CLOSING = "”’）》〉】」』，。、；：！？…"
CJK_OPENING = "“‘（《〈【「『"
CJK_PUNCT = CJK_CLOSING + CJK_OPENING

# Invisible characters. U+200B zero-width space, U+2060 word joiner, U+FEFF (a BOM inside text),
# U+00AD soft hyphen, U+200E/F and U+202A-E/2066-9 bidi controls: scraping residue in news text.
# ZWJ/ZWNJ (U+200C/D) shape emoji and Indic or Arabic scripts, so they go only next to Han, ASCII
# or whitespace, where they never do anything.
ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]"
                        f"|(?<=[\\x00-\\x7f{HAN}])[\u200c\u200d]+|[\u200c\u200d]+(?=[\\x00-\\x7f{HAN}])")
# C0 controls except tab and newline, DEL, C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Line and paragraph separators, vertical tab, form feed, and CR left over: all end a line.
LINE_BREAK = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Spaces that are not a plain space (tab, no-break, ideographic, the typographic ones), or runs of them.
SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Full-width ASCII and the quotes folded to ASCII: how a line is classified, whatever its marks' width.
FOLD_VIEW = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)},
             **{ord(q): '"' for q in "“”「」"}, **{ord(q): "'" for q in "‘’『』"}}
FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
FULLWIDTH_ASCII = re.compile("[\uff01-\uff5e]+")

# A URL or e-mail address: punctuation inside it is never converted.
_URL_CHAR = f"[^\\s{HAN}\u3000-\u303f\uff01-\uff5e“”‘’]"
_URL_END = f"[^\\s{HAN}\u3000-\u303f\uff01-\uff5e“”‘’.,;:!?()]"  # a sentence's mark after a URL is not part of it
URL = re.compile(f"(?:(?:https?|ftp)://|www\\.){_URL_CHAR}*{_URL_END}|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+")

# ASCII marks touching Chinese (with the spaces between): after it, or before it.
MARKS_AFTER_CJK = re.compile(f"(?<=[{HAN}{CJK_CLOSING}])[ \t]*([,;:!?]+)[ \t]*")
MARKS_BEFORE_CJK = re.compile(f"[ \t]*([,;:!?]+)[ \t]*(?=[{HAN}{CJK_OPENING}])")
# The same in a line that is not Chinese: only when the mark's other side is not a Latin letter or
# digit, so that "the word 关系, meaning" keeps its comma. What touches Chinese on both sides, or on
# one side and nothing on the other, is Chinese punctuation in any line: a stage that later cuts part
# of the line (boilerplate) cannot turn it into something a second run would convert.
LOCAL_MARKS_AFTER_CJK = re.compile(f"(?<=[{HAN}{CJK_CLOSING}])[ \t]*([,;:!?]+)(?![ \t]*[A-Za-z0-9])[ \t]*")
LOCAL_MARKS_BEFORE_CJK = re.compile(f"(?:^|(?<=[^A-Za-z0-9 \t]))[ \t]*([,;:!?]+)[ \t]*(?=[{HAN}{CJK_OPENING}])")
PAREN_PAIR = re.compile(r"\(([^()\n]*)\)")
LONE_OPEN = re.compile(f"\\((?=[ \t]*[{HAN}{CJK_PUNCT}])|(?<=[{HAN}{CJK_PUNCT}])[ \t]*\\(")
LONE_CLOSE = re.compile(f"\\)(?=[ \t]*[{HAN}{CJK_PUNCT}])|(?<=[{HAN}{CJK_PUNCT}])[ \t]*\\)")
LOCAL_LONE_OPEN = re.compile(f"(?:^|(?<=[^A-Za-z0-9]))\\((?=[{HAN}])")
LOCAL_LONE_CLOSE = re.compile(f"(?<=[{HAN}])\\)(?![A-Za-z0-9])")
# Quotes around Chinese without Latin letters: Chinese quotes in any line.
HAN_QUOTED = re.compile(f'([“"])([^“”"\\nA-Za-z]*[{HAN}][^“”"\\nA-Za-z]*)([”"])'
                        f"|([‘'])([^‘’'\\nA-Za-z]*[{HAN}][^‘’'\\nA-Za-z]*)([’'])")
FULL_STOP = re.compile(f"(?<=[{HAN}{CJK_CLOSING}%])\\.(?![.\\d])(?=[ \t]*$|[ \t]*[{HAN}{CJK_OPENING}])")
# not inside a run: the second … of “…… follows a closing mark (…) but is part of the first's run
ELLIPSIS = re.compile(f"(?<=[{HAN}{CJK_CLOSING}])(?<![…。])[ \t]*(?:\\.{{3,}}|…+|。{{3,}})")
DOUBLE_QUOTE = re.compile('["“”]')
SINGLE_QUOTE_PAIR = re.compile(f"'([^'\\nA-Za-z]*[{HAN}][^'\\nA-Za-z]*)'")
# What makes a Chinese line worth a look by the punctuation rules.
CHINESE_TRIGGER = re.compile(r"[,;:!?().\"'… ．：％「」『』]")
# English: a hyphen with a space before it and none after, between words ("in -depth", "Secretary
# -General"); the word after it is checked against [english].rejoin_hyphen_words.
SPACED_HYPHEN = re.compile(r"(?<=[A-Za-z]{2}) -([A-Za-z]{3,})\b(?!-)")
