"""Text decoded with the wrong double-byte codec, undone by re-encoding and decoding right.

- `GbkAsLatin1`: GBK bytes read as latin-1 or windows-1252 (ÖÐ¹ú -> 中国);
- `Utf8AsGbk`: UTF-8 read as GBK/GB18030 (鍙戝竷 -> 发布), `Utf8AsBig5`: UTF-8 read as Big5;
- `Big5AsGbk`: Big5 read as GBK (穝籇 -> 新聞).

A decoder that meets a byte it cannot pair writes U+FFFD for it: that byte is lost, and the character
it belonged to is guessed from its neighbours (jieba word frequencies) or, when no candidate is clearly
best, left out and flagged. A run is changed only when the re-decoded text is clearly more plausible
Chinese than what is there: clean text has nothing to gain.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import choose
from .base import CLAUSE_PUNCT, CP1252_BYTE, HAN_CHAR, Outcome, Rule, splice


@dataclass(frozen=True)
class Thresholds:
    """min_gain: how much more plausible (mean log P per character of the window) a re-decoded run
    must be; min_score: how plausible it must be at least; margin: how far (log P) the best guess
    for a lost byte must beat the next one to be kept rather than dropped."""
    min_gain: float = 2.0
    min_score: float = -9.0
    margin: float = 1.0


def _accept(text: str, start: int, end: int, new: str, limits: Thresholds) -> bool:
    if len(HAN_CHAR.findall(new)) < 2:
        return False
    left, right = choose.context(text, start, end)
    old_score = choose.per_char(left, text[start:end], right)
    new_score = choose.per_char(left, new, right)
    return new_score >= limits.min_score and new_score - old_score >= limits.min_gain


# ---------------------------------------------------------------- GBK read as latin-1 / windows-1252
LEAD = "".join(re.escape(c) for c, b in CP1252_BYTE.items() if 0x81 <= b <= 0xFE)
TRAIL = "\\x40-\\x7e" + "".join(re.escape(c) for c, b in CP1252_BYTE.items() if 0x80 <= b <= 0xFE)
LATIN_PAIRS = re.compile(f"(?:[{LEAD}][{TRAIL}])+")
LATIN_HINT = re.compile(f"[{LEAD}][{LEAD}]")


class GbkAsLatin1(Rule):
    name = "gbk_as_latin1"

    def __init__(self, limits: Thresholds):
        self.limits = limits

    def wanted(self, text: str) -> bool:
        return LATIN_HINT.search(text) is not None

    def apply(self, text: str) -> Outcome:
        out = Outcome(text)
        spans = []
        for m in LATIN_PAIRS.finditer(text):
            data = bytes(CP1252_BYTE.get(c, ord(c)) for c in m.group(0))
            try:
                data.decode("utf-8")
                continue  # UTF-8 read as windows-1252 (ä¸­): ftfy's business
            except UnicodeDecodeError:
                pass
            try:
                new = data.decode("gbk")
            except UnicodeDecodeError:
                continue
            if _accept(text, m.start(), m.end(), new, self.limits):
                spans.append((m.start(), m.end(), new))
                out.changes.append((m.group(0), new))
        out.text = splice(text, spans)
        return out


# ---------------------------------------------------------------- UTF-8 read as GBK or Big5
LOST = None  # a byte a decoder replaced by U+FFFD
UTF8_CONT = range(0x80, 0xC0)


def utf8_candidates(seq: list) -> list[str]:
    """The characters a UTF-8 sequence with at most one lost byte can be."""
    holes = [i for i, b in enumerate(seq) if b is LOST]
    if not holes:
        try:
            return [bytes(seq).decode("utf-8")]
        except UnicodeDecodeError:
            return []
    if len(holes) > 1:
        return []
    hole = holes[0]
    fills = UTF8_CONT if hole else (range(0xE1, 0xF0) if len(seq) == 3 else range(0xC2, 0xE0))
    out = []
    for b in fills:
        seq[hole] = b
        try:
            out.append(bytes(seq).decode("utf-8"))
        except UnicodeDecodeError:
            pass
    seq[hole] = LOST
    return out


def utf8_parse(data: list, start: int, stops: set[int]) -> tuple[int, list[list[str]]]:
    """Read `data` (bytes as ints, LOST for a lost byte) as UTF-8 from `start` until it fails.

    Returns the furthest offset in `stops` (character boundaries of the mojibake) where the reading
    stood between two characters, and the candidate lists of the characters read up to there."""
    slots: list[list[str]] = []
    best_end, best_len = start, 0
    i, n = start, len(data)
    while i < n:
        b = data[i]
        if b is LOST:  # a lost lead byte: its length from the continuation bytes that follow
            k = 0
            while k < 2 and i + 1 + k < n and data[i + 1 + k] is not LOST and data[i + 1 + k] in UTF8_CONT:
                k += 1
            size = k + 1 if k else 0
        elif b < 0x80:
            size = 1
        elif 0xC2 <= b <= 0xDF:
            size = 2
        elif 0xE0 <= b <= 0xEF:
            size = 3
        elif 0xF0 <= b <= 0xF4:
            size = 4
        else:
            break
        if not size or i + size > n:
            break
        cands = utf8_candidates(list(data[i:i + size]))
        if not cands:
            break
        slots.append(cands)
        i += size
        if i in stops:
            best_end, best_len = i, len(slots)
    return best_end, slots[:best_len]


class Utf8Misread(Rule):
    """UTF-8 bytes decoded with a double-byte codec; re-encode with it, decode as UTF-8."""

    def __init__(self, name: str, codec: str, limits: Thresholds, suspicious: re.Pattern):
        self.name = name
        self.codec = codec
        self.limits = limits
        self.suspicious = suspicious

    def wanted(self, text: str) -> bool:
        return self.suspicious.search(text) is not None

    def char_bytes(self, ch: str) -> list | None:
        if ch == "\ufffd":
            return [LOST]
        if ch == "\u20ac" and self.codec == "gb18030":
            return [0x80]  # WHATWG gb18030 reads a lone 0x80 as the euro sign
        try:
            data = ch.encode(self.codec)
        except UnicodeEncodeError:
            return None
        return list(data) if len(data) <= 2 else None

    def apply(self, text: str) -> Outcome:
        out = Outcome(text)
        spans = []
        pos = 0
        for line in text.split("\n"):
            if self.suspicious.search(line):
                for start, end, slots in self.spans(line):
                    self.resolve(text, pos + start, pos + end, slots, spans, out)
            pos += len(line) + 1
        out.text = splice(text, spans)
        return out

    def spans(self, line: str):
        """(start, end, candidate slots) of the stretches of `line` whose bytes are UTF-8."""
        data, offsets = [], [0]
        for ch in line:
            b = self.char_bytes(ch)
            data += b if b is not None else [0xFF]  # a character the codec cannot write stops a reading
            offsets.append(len(data))
        char_at = {off: k for k, off in enumerate(offsets)}
        stops = set(offsets)
        i = 0
        while i < len(line):
            if ord(line[i]) < 0x80:
                i += 1
                continue
            end, slots = utf8_parse(data, offsets[i], stops)
            j = char_at.get(end, i)
            if j - i >= 2 and any(len(s) > 1 or ord(s[0]) >= 0x80 for s in slots):
                yield i, j, slots
                i = j
            else:
                i += 1

    def resolve(self, text, start, end, slots, spans, out):
        guess = "".join(s[0] if len(s) == 1 else "" for s in slots)
        if not _accept(text, start, end, guess, self.limits):
            return
        left, right = choose.context(text, start, end)
        chars, dropped = [], 0
        for k, cands in enumerate(slots):
            if len(cands) == 1:
                chars.append(cands[0])
                continue
            after = "".join(s[0] for s in slots[k + 1:k + 1 + choose.WIDTH] if len(s) == 1)
            before = (left + "".join(chars))[-choose.WIDTH:]
            got, _ = choose.pick(before, cands, after or right, self.limits.margin)
            if got is None:
                dropped += 1
            else:
                chars.append(got)
        new = "".join(chars)
        spans.append((start, end, new))
        out.changes.append((text[start:end], new))
        if dropped:
            out.warnings.append(f"repair: {self.name}: {dropped} character(s) lost a byte and could not be told "
                                f"apart; left out of {new[:20]!r}")


# ---------------------------------------------------------------- Big5 read as GBK
def big5_of(ch: str) -> str | None:
    """The character whose Big5 bytes a GBK decoder read as `ch`."""
    if ord(ch) < 0x80:
        return ch
    try:
        data = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    if len(data) != 2:
        return None
    for codec in ("big5", "cp950"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return None


class Big5AsGbk(Rule):
    name = "big5_as_gbk"

    def __init__(self, limits: Thresholds, suspicious: re.Pattern):
        self.limits = limits
        self.suspicious = suspicious
        self.clause = re.compile(f"[^{CLAUSE_PUNCT}\\n]+")

    def wanted(self, text: str) -> bool:
        return self.suspicious.search(text) is not None

    def apply(self, text: str) -> Outcome:
        out = Outcome(text)
        spans = []
        for m in self.clause.finditer(text):
            if not self.suspicious.search(m.group(0)):
                continue
            # the longest stretches whose every character has a Big5 reading
            run_start = None
            clause = m.group(0) + "\x00"
            for k, ch in enumerate(clause):
                if ch != "\x00" and big5_of(ch) is not None:
                    if run_start is None:
                        run_start = k
                    continue
                if run_start is not None:
                    self.consider(text, m.start() + run_start, m.start() + k, spans, out)
                    run_start = None
        out.text = splice(text, spans)
        return out

    def consider(self, text, start, end, spans, out):
        while start < end and ord(text[start]) < 0x80:
            start += 1
        while end > start and ord(text[end - 1]) < 0x80:
            end -= 1
        old = text[start:end]
        if sum(ord(c) >= 0x80 for c in old) < 2:
            return
        new = "".join(big5_of(c) for c in old)
        if _accept(text, start, end, new, self.limits):
            spans.append((start, end, new))
            out.changes.append((old, new))
