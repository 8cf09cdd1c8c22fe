"""Whether a `?` in Chinese text may end a question, or stands for a lost character.

Encoders write `?` for a character they cannot write, so in scraped Chinese text most `?` are lost
characters; a real question mark is a half-width `?` where the clause asks something. A clause asks
when it has a question word (吗, 什么, 还是: configs/repair/question_words.txt) or a verb repeated
around 不 (来不来, 去不去), unless its sentence opens with a concessive word (无论 A 还是 B，不管多少:
configs/repair/concessive_words.txt), where the same words ask nothing.
"""
from __future__ import annotations

import re

from ..patterns import longest_first
from .base import HAN

CLAUSE_REACH = 60  # a question word this far back at most: the clause's own
SENTENCE_REACH = 200  # a concessive word this far back at most: 无论 opens a sentence of several clauses
SENTENCE_MARKS = "。！？；!;\n"
A_NOT_A = re.compile(f"([{HAN}])不\\1")  # 来不来, 是不是: the clause asks


class Questions:
    def __init__(self, question_words: list[str], concessive_words: list[str] = ()):
        self.question = longest_first(question_words)
        self.concessive = longest_first(concessive_words)

    def asks(self, text: str, pos: int, clause_marks: str) -> bool:
        """Whether the clause before `pos` (back to one of `clause_marks`) asks a question."""
        start = opening(text, pos, CLAUSE_REACH, clause_marks)
        if not ((self.question is not None and self.question.search(text, start, pos))
                or A_NOT_A.search(text, start, pos)):
            return False
        sentence = opening(text, pos, SENTENCE_REACH, SENTENCE_MARKS)
        return self.concessive is None or self.concessive.search(text, sentence, pos) is None


def opening(text: str, pos: int, reach: int, marks: str) -> int:
    """Where the stretch that ends at `pos` begins: right after the last of `marks` before it, at most
    `reach` characters back."""
    far = max(0, pos - reach)
    return max(far, max(text.rfind(c, far, pos) for c in marks) + 1)
