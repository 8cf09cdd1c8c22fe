"""Text decoded with the wrong double-byte codec, undone by re-encoding and decoding right.

- `GbkAsLatin1` (rule gbk_as_latin1): GBK bytes read as latin-1 or windows-1252 (ÖÐ¹ú -> 中国);
- `Utf8Misread` (rules utf8_as_gbk, utf8_as_big5): UTF-8 read as GBK/GB18030 (鍙戝竷 -> 发布) or Big5;
- `Big5AsGbk` (rule big5_as_gbk): Big5 read as GBK (穝籇 -> 新聞).

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
from ..zhstats import SEG_PUNCT, simplified, word_model
from .lexicon import windows


@dataclass(frozen=True)
class Thresholds:
    """min_gain: how much more plausible (mean log P per character of the window) a re-decoded run
    must be; min_score: how plausible it must be at least; margin: how far (log P) the best guess
    for a lost byte must beat the next one to be kept rather than dropped; edge_margin: the same
    for the edge characters of a misaligned GBK run, where guessing is the rule's whole point;
    edge_punct_margin: for such an edge character that is not Chinese."""
    min_gain: float = 2.0
    min_score: float = -9.0
    margin: float = 1.5
    edge_margin: float = 0.0  # the same for the edge characters of a misaligned GBK run
    # ... and for an edge that is punctuation or a digit, which a word model barely tells apart (chosen
    # on the SogouCS dev corpus, pipeline/repair/devset.py: 1.5 dropped more right marks than wrong ones)
    edge_punct_margin: float = 1.0


@dataclass
class Candidate:
    """A re-decoded run. `strong`: clearly better on its own; a weak one (a character or two between
    digits: 1976Äê11) is taken only in a text where a strong one shows the same damage."""
    start: int
    end: int
    new: str
    strong: bool
    lost: int = 0  # characters left out because a byte was lost


# The ASCII marks the normalize stage makes full width in a Chinese line (configs/normalize/punctuation.toml
# [chinese].marks). A run is judged with its neighbours as normalize will leave them, and a UTF-8
# reading does not run across them (their full-width forms' GBK bytes are no UTF-8): otherwise a second
# run over the normalized text would repair what the first left (国务院鍙戝竷(鍙戝竷).
MARKS_TO_FULL = re.compile(r"[,;:!?()]")
FULL_VIEW = str.maketrans(",;:!?()", "，；：！？（）")


# spaces beside a Chinese character or mark: left out when a reading is scored. They say nothing
# about which reading is right, and normalize removes those beside Chinese punctuation, so a run
# scored with them would be judged otherwise before normalize than after it (鏄庣‘ 涓婃捣).
SPACE_BY_CJK = re.compile(r"[ \t]+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef‘’“”])"
                          r"|(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef‘’“”])[ \t]+")


def _scores(text: str, start: int, end: int, new: str) -> tuple[float, float]:
    """How well the run reads before and after, its neighbours' marks as normalize will leave them
    (full width) and without spaces beside Chinese (SPACE_BY_CJK): a second pass must judge it alike."""
    left, right = choose.context(text, start, end)
    left, right = left.translate(FULL_VIEW), right.translate(FULL_VIEW)
    return tuple(choose.per_char("", SPACE_BY_CJK.sub("", left + middle + right), "")
                 for middle in (text[start:end], new))


def judge(text: str, start: int, end: int, new: str, limits: Thresholds, lost: int = 0) -> Candidate | None:
    """A Candidate when `new` reads better than text[start:end], strong or weak; else None."""
    old_score, new_score = _scores(text, start, end, new)
    # plausible in its context, and on its own: Latin-1 junk costs so much that rare characters
    # (ä¸å›½ -> 涓锲缴) would gain enough beside a clean neighbour
    if (len(HAN_CHAR.findall(new)) >= 2 and new_score >= limits.min_score
            and new_score - old_score >= limits.min_gain and choose.per_char("", new, "") >= limits.min_score):
        return Candidate(start, end, new, True, lost)
    if new and new_score > old_score and all(ord(c) < 0x80 or _common(c) for c in new):
        return Candidate(start, end, new, False, lost)
    return None


def _common(ch: str) -> bool:
    return ch in SEG_PUNCT or (HAN_CHAR.match(ch) is not None and bool(word_model()[0].get(simplified(ch))))


def finish(text: str, rule: str, found: list[Candidate]) -> Outcome:
    """Apply the strong candidates, and the weak ones when there is a strong one."""
    out = Outcome(text)
    if not any(c.strong for c in found):
        return out
    spans = []
    for c in found:
        spans.append((c.start, c.end, c.new))
        out.changes.append((text[c.start:c.end], c.new))
    out.text = splice(text, spans)
    lost = sum(c.lost for c in found)
    if lost:
        out.warnings.append(f"repair: {rule}: {lost} character(s) lost a byte and could not be told apart; "
                            "left out")
    return out


# ---------------------------------------------------------------- GBK read as latin-1 / windows-1252
LEAD = "".join(re.escape(c) for c, b in CP1252_BYTE.items() if 0x81 <= b <= 0xFE)
TRAIL = "\\x40-\\x7e" + "".join(re.escape(c) for c, b in CP1252_BYTE.items() if 0x80 <= b <= 0xFE)
LATIN_PAIRS = re.compile(f"(?:[{LEAD}][{TRAIL}])+")
# GB2312 text read as latin-1 is mostly pairs of letters from À to þ (its lead bytes are A1-F7); the
# typographic marks windows-1252 puts at 80-9F (“ ” …) are too common in clean text to count.
LATIN_HINT = re.compile("[\xa1-\xfe][\xa1-\xfe]")


class GbkAsLatin1(Rule):
    name = "gbk_as_latin1"

    def __init__(self, limits: Thresholds):
        self.limits = limits

    def wanted(self, text: str) -> bool:
        return LATIN_HINT.search(text) is not None

    def apply(self, text: str) -> Outcome:
        found = []
        pos = 0
        while m := LATIN_PAIRS.search(text, pos):
            # the pairs from the first possible lead byte, or from the next character: a quote or ¡
            # before the run can look like a lead byte too ("“ÖÐ¹ú")
            tries = [self.consider(text, m)]
            if (shifted := LATIN_PAIRS.match(text, m.start() + 1)) is not None:
                tries.append(self.consider(text, shifted))
            tries = [t for t in tries if t]
            best = max(tries, key=lambda t: (t.strong, _scores(text, t.start, t.end, t.new)[1])) if tries else None
            if best:
                found.append(best)
            pos = max(m.end(), best.end if best else 0)
        return finish(text, self.name, found)

    def consider(self, text: str, m: re.Match) -> Candidate | None:
        data = bytes(CP1252_BYTE.get(c, ord(c)) for c in m.group(0))
        try:
            data.decode("utf-8")
            return None  # UTF-8 read as windows-1252 (ä¸­): ftfy's business
        except UnicodeDecodeError:
            pass
        try:
            new = data.decode("gbk")
        except UnicodeDecodeError as e:
            # the pairs before the first that GBK lacks (ÖÐ¹ú¡ + a no-break space: ¡\xa0 is no pair)
            end = e.start - e.start % 2
            if end < 4:
                return None
            data, new = data[:end], data[:end].decode("gbk")
            return judge(text, m.start(), m.start() + end, new, self.limits)
        return judge(text, m.start(), m.end(), new, self.limits)


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


def utf8_step(need: int, b) -> int | None:
    """UTF-8 continuation bytes still expected after byte `b` (LOST: any byte), None when invalid."""
    if b is LOST:
        return need - 1 if need else 2
    if need:
        return need - 1 if b in UTF8_CONT else None
    if b < 0x80:
        return 0
    if 0xC2 <= b <= 0xDF:
        return 1
    if 0xE0 <= b <= 0xEF:
        return 2
    if 0xF0 <= b <= 0xF4:
        return 3
    return None


EURO_BYTES = ([0x80], [0xA2, 0xE3])  # WHATWG gb18030 reads both the lone byte 80 and A2E3 as €


class Utf8Misread(Rule):
    """UTF-8 bytes decoded with a double-byte codec; re-encode with it, decode as UTF-8."""

    RETRIES = 2

    def __init__(self, name: str, codec: str, limits: Thresholds, suspicious: re.Pattern, cluster: re.Pattern):
        self.name = name
        self.codec = codec
        self.limits = limits
        self.suspicious = suspicious
        self.cluster = cluster
        self.marks = MARKS_TO_FULL

    def wanted(self, text: str) -> bool:
        return self.cluster.search(text) is not None

    def char_bytes(self, ch: str) -> list | None:
        if ch == "\ufffd":
            return [LOST]
        try:
            data = ch.encode(self.codec)
        except UnicodeEncodeError:
            return None
        return list(data) if len(data) <= 2 else None

    def options(self, ch: str) -> tuple[list, ...]:
        if ch == "\u20ac" and self.codec == "gb18030":
            return EURO_BYTES
        return (self.char_bytes(ch) or [0xFF],)

    def fits(self, need: int, chars: str) -> bool:
        """Whether the bytes of `chars` can continue a UTF-8 reading that expects `need` more bytes."""
        if not chars:
            return True
        for opt in self.options(chars[0]):
            after = need
            for b in opt:
                after = utf8_step(after, b) if after is not None else None
            if after is not None and self.fits(after, chars[1:]):
                return True
        return False

    def line_bytes(self, line: str) -> tuple[list, list[int]]:
        """The bytes the decoder read (0xFF for a character it cannot have made), and where each
        character's bytes start. The euro sign has two sources; the one that keeps UTF-8 valid wins."""
        data, offsets, need = [], [0], 0
        for k, ch in enumerate(line):
            opts = self.options(ch)
            b = opts[0]
            if len(opts) > 1:
                for opt in opts:
                    after = need
                    for x in opt:
                        after = utf8_step(after, x) if after is not None else None
                    if after is not None and self.fits(after, line[k + 1:k + 4]):
                        b = opt
                        break
            for x in b:
                nxt = utf8_step(need, x)
                need = nxt if nxt is not None else 0
            data += b
            offsets.append(len(data))
        return data, offsets

    def apply(self, text: str) -> Outcome:
        found = []
        for a, b in windows(text, self.cluster):
            line_start = text.rfind("\n", 0, a) + 1
            reading = self.reading(text[a:b])
            spans = self.spans(reading)
            taken = None
            while (span := spans.send(taken)) is not None:
                start, end, slots = span
                taken = self.resolve(text, line_start, a + start, a + end, slots)
                if taken and self.clean_first(text[a + start], slots[0]):
                    taken = self.without_first(text, line_start, a, reading, start, taken)
                if taken:
                    found.append(taken)
        return finish(text, self.name, found)

    def reading(self, line: str) -> tuple:
        data, offsets = self.line_bytes(line)
        return line, data, offsets, {off: k for k, off in enumerate(offsets)}, set(offsets)

    def stretch(self, reading: tuple, i: int) -> tuple[int, list] | None:
        """(end, candidate slots) of the stretch from line[i] whose bytes are UTF-8, or None.

        A stretch ends before an ASCII mark normalize makes full width next to Chinese (`(` -> `（`,
        whose GBK bytes are no UTF-8): otherwise the text would read otherwise after normalize, and
        a second run would repair what the first left."""
        line, data, offsets, char_at, stops = reading
        end, slots = utf8_parse(data, offsets[i], stops)
        j = char_at.get(end, i)
        if (cut := self.marks.search(line, i, j)) is not None:
            # an ASCII byte reads only between characters: the reading is whole up to the mark
            end, slots = utf8_parse(data[:offsets[cut.start()]], offsets[i], stops)
            j = char_at.get(end, i)
        while j > i and ord(line[j - 1]) < 0x80:  # trailing ASCII reads as itself
            j -= 1
            slots = slots[:-1]
        if j - i >= 2 and any(len(s) > 1 or HAN_CHAR.match(s[0]) for s in slots):
            return j, slots
        return None

    def spans(self, reading: tuple):
        """(start, end, candidate slots) of the stretches of the line whose bytes are UTF-8, then
        None; send back whether a stretch was taken (a generator: `send(None)` first). A stretch not
        taken is tried again from its next character (a clean character before mojibake can read as
        UTF-8 too: 院 D4BA is Ժ), at most RETRIES times in a row."""
        line = reading[0]
        i, retries = 0, 0
        while i < len(line):
            if ord(line[i]) < 0x80 or (got := self.stretch(reading, i)) is None:
                i += 1
                continue
            j, slots = got
            taken = yield i, j, slots
            if taken or retries >= self.RETRIES:
                i, retries = j, 0
            else:
                i, retries = i + 1, retries + 1
        yield None

    @staticmethod
    def clean_first(ch: str, slot: list[str]) -> bool:
        """Whether a stretch's first character may be a clean Chinese character whose two GBK bytes
        happen to read as one UTF-8 character (院 -> Ժ, U+0080-U+07FF) before mojibake."""
        return len(slot) == 1 and "\u0080" <= slot[0] <= "\u07ff" and _common(ch)

    def without_first(self, text: str, line_start: int, a: int, reading: tuple, start: int,
                      taken: Candidate) -> Candidate:
        """`taken`, or the stretch from its second character when that reads better over the same
        characters (国务院鍙戝竷 -> 国务院发布, not 国务Ժ发布)."""
        got = self.stretch(reading, start + 1)
        if got is None or a + got[0] != taken.end:
            return taken
        other = self.resolve(text, line_start, a + start + 1, taken.end, got[1])
        if other is None:
            return taken
        left, right = choose.context(text, taken.start, taken.end)
        if (choose.per_char(left, text[taken.start] + other.new, right)
                > choose.per_char(left, taken.new, right)):
            return other
        return taken

    def resolve(self, text: str, line_start: int, start: int, end: int, slots) -> Candidate | None:
        """The run re-decoded; its lost bytes guessed only when every guess is sure, else all left out."""
        sure = "".join(s[0] if len(s) == 1 else "" for s in slots)
        got = judge(text, start, end, sure, self.limits)
        if got is None or len(sure) == sum(map(len, slots)):
            return got
        left, right = choose.context(text, start, end)
        chars = []
        for k, cands in enumerate(slots):
            if len(cands) == 1:
                chars.append(cands[0])
                continue
            after = "".join(s[0] for s in slots[k + 1:k + 1 + choose.WIDTH] if len(s) == 1)
            if k + 1 == len(slots):
                after = right
            before = (left + "".join(chars))[-choose.WIDTH:]
            at_end = k + 1 == len(slots) and not right
            line_before = text[line_start:start] + "".join(chars)
            pick, _ = choose.pick(before, cands, after, self.limits.margin, line_before, at_end)
            if pick is None:
                return Candidate(start, end, sure, got.strong, sum(len(s) > 1 for s in slots))
            chars.append(pick)
        return Candidate(start, end, "".join(chars), got.strong)


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

    def __init__(self, limits: Thresholds, suspicious: re.Pattern, cluster: re.Pattern):
        self.limits = limits
        self.suspicious = suspicious
        self.cluster = cluster
        self.clause = re.compile(f"[^{CLAUSE_PUNCT}\\n]+")

    def wanted(self, text: str) -> bool:
        return self.cluster.search(text) is not None

    def apply(self, text: str) -> Outcome:
        found = []
        spans = windows(text, self.cluster)
        for m in self.clause.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in spans):
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
                    got = self.consider(text, m.start() + run_start, m.start() + k)
                    if got:
                        found.append(got)
                    run_start = None
        return finish(text, self.name, found)

    def consider(self, text: str, start: int, end: int) -> Candidate | None:
        while start < end and ord(text[start]) < 0x80:
            start += 1
        while end > start and ord(text[end - 1]) < 0x80:
            end -= 1
        old = text[start:end]
        if sum(ord(c) >= 0x80 for c in old) < 2:
            return None
        # Big5 read as GBK mixes Han, private-use, kana and Greek characters; a clean word in one
        # script (Cyrillic ежедневник, Japanese だった) is not that
        if sum(bool(HAN_CHAR.match(c)) or "\ue000" <= c <= "\uf8ff" for c in old) < len(old) / 3:
            return None
        return judge(text, start, end, "".join(big5_of(c) for c in old), self.limits)
