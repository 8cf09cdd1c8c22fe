"""What is lost for good: removed, and flagged in `warnings`, never left silently.

- `unrecoverable_mojibake`: 锟斤拷 (U+FFFD written as UTF-8 and read as GBK), 烫烫烫 and 屯屯屯 (MSVC's
  fill bytes CC and CD read as GBK);
- `lost_characters`: U+FFFD, and `?` written for a character an encoder could not write (現場??圖片,
  China?s), with a lost annotated character's orphan pinyin (?dòng)). A `?` that ends a question is
  kept: in Chinese, one that follows a question word of its clause (configs/repair/question_words.txt).
"""
from __future__ import annotations

import re

from .base import HAN, Outcome, Rule

UNRECOVERABLE = re.compile(r"(?:锟斤拷)+|锟斤|烫{3,}|屯{3,}")
CJK_NEAR = f"{HAN}，。、；：！？“”（）《》"
LATIN = "[A-Za-z\u00c0-\u024f]"
LATIN_NUM = "[0-9A-Za-z\u00c0-\u024f]"


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

    def __init__(self, syllables: frozenset[str], question_words: list[str]):
        letters = re.escape("".join(sorted({c for s in syllables for c in s})))
        self.syllables = syllables
        # a lost character that carried an annotation: ?dòng) (the `(` went with the character)
        self.orphan = re.compile(f"\\?([{letters}]{{1,6}})\\)")
        self.zh = re.compile(f"(?<=[{CJK_NEAR}])\\?+|\\?+(?=[{HAN}])")
        # English: only where no question mark can stand. Informal writing puts one before a lowercase
        # word (how do you do it? going...), after a space (Who can participate ?) or before a capital
        # with no space (garbage?Or), so those stay; inside a word (don?t, fraction?less), at the start of
        # a word (?Hello) or right after a comma it is a lost character.
        self.en_inside = re.compile(rf"(?<={LATIN})\?+(?=[a-z])"  # don?t, China?s, fraction?less
                                    rf"|(?<![^\s\"'(\[])\?+(?={LATIN_NUM})"  # ?Hello
                                    rf"|(?<=[,;])\?+(?=\s)")  # market,?? said
        self.question = re.compile("|".join(map(re.escape, sorted(question_words, key=len, reverse=True))))
        self.clause_start = re.compile("[。！？；!;.\n]")

    def wanted(self, text: str) -> bool:
        return "?" in text or "\ufffd" in text

    def real_question(self, text: str, m: re.Match) -> bool:
        if len(m.group(0)) != 1:
            return False
        start = max((x.end() for x in self.clause_start.finditer(text, max(0, m.start() - 60), m.start())),
                    default=max(0, m.start() - 60))
        return self.question.search(text, start, m.start()) is not None

    def in_url(self, text: str, m: re.Match) -> bool:
        a = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        token = text[a:m.end() + 40].split(None, 1)[0] if text[a:m.end() + 40].strip() else ""
        return "/" in token or "=" in token or "www." in token

    def apply(self, text: str) -> Outcome:
        out = Outcome(text)
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
        if not spans:
            return out
        spans.sort()
        pieces, pos = [], 0
        for start, end in spans:
            if start < pos:
                continue  # found by two patterns
            pieces.append(text[pos:start])
            out.changes.append((text[max(0, start - 2):min(len(text), end + 2)], text[max(0, start - 2):start] + text[end:end + 2]))
            pos = end
        pieces.append(text[pos:])
        out.text = "".join(pieces)
        out.warnings.append(f"repair: removed {len(out.changes)} mark(s) ('?', U+FFFD) standing for characters lost "
                            "before this text was saved")
        return out
