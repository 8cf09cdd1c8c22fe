"""What is lost for good: removed, and flagged in `warnings`, never left silently.

- `unrecoverable_mojibake`: 锟斤拷 (U+FFFD written as UTF-8 and read as GBK), 烫烫烫 and 屯屯屯 (MSVC's
  fill bytes CC and CD read as GBK);
- `stray_controls`: C0 and C1 control characters left when the repairs are done;
- `lost_characters`: U+FFFD, and `?` written for a character an encoder could not write (現場??圖片,
  China?s), with a lost annotated character's orphan pinyin (?dòng)). A `?` that ends a question is
  kept: in Chinese, one that ends a clause that asks something (questions.py).
"""
from __future__ import annotations

import re

from .base import BREAK_CHARS, CONTROL_CHARS, CONTROLS, HAN, ZERO_WIDTH_CHARS, Outcome, Rule
from .questions import Questions

UNRECOVERABLE = re.compile(r"(?:锟斤拷)+|锟斤|烫{3,}|屯{3,}")
CJK_NEAR = f"{HAN}，。、；：！？“”（）《》"
# What the normalize stage removes (controls, zero-width characters): transparent here; and what it
# makes a line break: a line break here.
INVISIBLE = re.compile(f"[{CONTROL_CHARS}{ZERO_WIDTH_CHARS}]")
BREAK = re.compile(f"[{BREAK_CHARS}]")
LATIN = "[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]"  # full-width too: normalize folds them later
LATIN_NUM = "[0-9A-Za-z\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"


class Unrecoverable(Rule):
    name = "unrecoverable_mojibake"
    action = "remove"

    def wanted(self, text: str) -> bool:
        return "锟" in text or "烫烫烫" in text or "屯屯屯" in text

    def apply(self, text: str) -> Outcome:
        out = Outcome(text)
        found = UNRECOVERABLE.findall(text)
        if found:
            out.text = UNRECOVERABLE.sub("", text)
            out.changes = [(f, "") for f in found]
            out.warnings.append(f"repair: removed {len(found)} unrecoverable mojibake run(s) such as {found[0]!r}")
        return out


class LostCharacters(Rule):
    name = "lost_characters"
    action = "remove"

    def __init__(self, syllables: frozenset[str], questions: Questions):
        letters = re.escape("".join(sorted({c for s in syllables for c in s})))
        self.syllables = syllables
        # a lost character that carried an annotation: ?dòng) (the `(` went with the character)
        self.orphan = re.compile(f"\\?([{letters}]{{1,6}})\\)")
        self.zh = re.compile(f"(?<=[{CJK_NEAR}])\\?+|\\?+(?=[{HAN}])")
        # English: only where no question mark can stand. Informal writing puts one before a lowercase
        # word (how do you do it? going...), after a space (Who can participate ?) or before a capital
        # with no space (garbage?Or), so those stay; inside a word (don?t, fraction?less), at the start of
        # a word (?Hello) or right after a comma it is a lost character.
        self.en_inside = re.compile(rf"(?<={LATIN})\?+(?=[a-zａ-ｚ])"  # don?t, China?s, fraction?less
                                    rf"|(?<![^\s\"'‘’“”(\[])\?+(?={LATIN_NUM})"  # ?Hello
                                    rf"|(?<=[,;])\?+(?=\s)")  # market,?? said
        self.questions = questions

    def wanted(self, text: str) -> bool:
        return "?" in text or "\ufffd" in text

    def real_question(self, text: str, m: re.Match) -> bool:
        if len(m.group(0)) != 1:
            return False
        return self.questions.asks(text, m.start(), "。！？；!;.\n")

    def in_url(self, text: str, m: re.Match) -> bool:
        """Whether the `?` is inside a URL's query (page.php?id=3): in its whitespace-delimited token."""
        before = re.split(r"\s", text[max(0, m.start() - 200):m.start()])[-1]
        after = re.split(r"\s", text[m.end():m.end() + 200])[0]
        token = before + m.group(0) + after
        return "/" in token or "=" in token or "www." in token

    def apply(self, text: str) -> Outcome:
        # Look at the text as the normalize stage will leave it: a control or zero-width character
        # between `?` and its neighbours must not change the decision, or a second pass over the
        # cleaned text would decide otherwise.
        if not INVISIBLE.search(text) and not BREAK.search(text):
            return self.remove(text, self.lost(text))
        keep = [k for k, c in enumerate(text) if not INVISIBLE.match(c)]
        view = "".join("\n" if BREAK.match(text[k]) else text[k] for k in keep)
        return self.remove(text, [(keep[a], keep[b - 1] + 1) for a, b in self.lost(view)])

    def lost(self, text: str) -> list[tuple[int, int]]:
        """Where the marks of lost characters are, sorted, not overlapping."""
        spans = []
        for m in self.orphan.finditer(text):
            if m.group(1) in self.syllables:
                spans.append((m.start(), m.end()))
        for m in self.zh.finditer(text):
            if not self.real_question(text, m):
                spans.append((m.start(), m.end()))
        for m in self.en_inside.finditer(text):
            if not self.in_url(text, m):
                spans.append((m.start(), m.end()))
        for m in re.finditer("\ufffd+", text):
            spans.append((m.start(), m.end()))
        out, pos = [], 0
        for start, end in sorted(spans):
            if start >= pos:  # a mark found by two patterns once
                out.append((start, end))
                pos = end
        return out

    def remove(self, text: str, spans: list[tuple[int, int]]) -> Outcome:
        out = Outcome(text)
        if not spans:
            return out
        pieces, pos = [], 0
        for start, end in spans:
            pieces.append(text[pos:start])
            out.changes.append((text[max(0, start - 2):min(len(text), end + 2)], text[max(0, start - 2):start] + text[end:end + 2]))
            pos = end
        pieces.append(text[pos:])
        # (an invisible character between two marks goes with them: normalize would remove it anyway)
        out.text = "".join(pieces)
        out.warnings.append(f"repair: removed {len(out.changes)} mark(s) ('?', U+FFFD) standing for characters lost "
                            "before this text was saved")
        return out


class StrayControls(Rule):
    """Control characters the repairs left (C1 controls are bytes 80-9F of mis-decoded text, C0 ones
    never belong in news): removed here rather than later, so that the stage's own next pass sees
    the text a second run of the pipeline would see."""
    name = "stray_controls"
    action = "remove"
    pattern = CONTROLS  # what normalize makes a line break stays for normalize

    def wanted(self, text: str) -> bool:
        return self.pattern.search(text) is not None

    def apply(self, text: str) -> Outcome:
        found = self.pattern.findall(text)
        return Outcome(self.pattern.sub("", text), [(f, "") for f in found])
