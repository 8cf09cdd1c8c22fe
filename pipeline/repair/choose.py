"""Choosing between candidate repairs with jieba's word frequencies (`zhstats.segment_logp`).

Every decision compares windows of the same context: the candidate text with up to `WIDTH`
characters on each side. A character that makes a word with its neighbours wins (滨 in 哈尔滨市).
A word model knows nothing of punctuation pairs, so punctuation candidates are also weighed against
the line they stand in: a closing 》 after an open 《, an opening “ before a closing ” that nothing
opens, a full stop at the end of a paragraph.
"""
from __future__ import annotations

import re

from ..zhstats import segment_logp
from .base import BREAK_CHARS, CONTROL_CHARS, ZERO_WIDTH_CHARS

BREAKS = re.compile(f"\r\n?|[{BREAK_CHARS}]")
TRANSPARENT = re.compile(f"[{CONTROL_CHARS}{ZERO_WIDTH_CHARS}\ufffd]")
SPACES = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")

WIDTH = 4
CLOSERS = {"》": "《", "）": "（", "」": "「", "』": "『", "】": "【", "〉": "〈", "”": "“", "’": "‘"}
OPENERS = {v: k for k, v in CLOSERS.items()}
SENTENCE_FINAL = "。！？…"
PAIRING = 3.0  # log-odds for a closer that closes something (and against one that does not)
LINE_END = 3.0  # log-odds for sentence-final punctuation at the end of a paragraph
OPENER_REACH = 60  # how far after an opener its closer is looked for: a quote or a title, not a paragraph


def context(text: str, start: int, end: int, width: int = WIDTH) -> tuple[str, str]:
    """Up to `width` characters before `start` and after `end`, not across a line break, without
    the characters later stages or rules remove (controls, zero-width characters, U+FFFD): they
    must not sway a decision, or cleaning the cleaned text would decide otherwise."""
    before = _visible(text[max(0, start - 3 * width):start])
    after = _visible(text[end:end + 3 * width])
    line_before, line_after = before.rsplit("\n", 1)[-1], after.split("\n", 1)[0]
    # spaces that open or close a line: normalize removes them (a run near a line's end is judged alike
    # with or without them, or a second pass would repair what the first left: 国务院鍙戝竷(涓婃捣 + space)
    if "\n" in after or end + 3 * width >= len(text):
        line_after = line_after.rstrip()
    if "\n" in before or start - 3 * width <= 0:
        line_before = line_before.lstrip()
    return line_before[-width:], line_after[:width]


def _visible(s: str) -> str:
    """`s` as the normalize stage will leave it, as far as scoring cares: no controls or zero-width
    characters, one kind of space, one kind of line break."""
    return SPACES.sub(" ", BREAKS.sub("\n", TRANSPARENT.sub("", s)))


def per_char(left: str, middle: str, right: str) -> float:
    window = left + middle + right
    return segment_logp(window) / max(1, len(window))


def punctuation_prior(cand: str, line_before: str | None, at_line_end: bool,
                      line_after: str | None = None) -> float:
    score = 0.0
    if line_before is not None:
        if cand in CLOSERS:
            opener = CLOSERS[cand]
            open_now = line_before.count(opener) > line_before.count(cand) if opener != cand else False
            score += PAIRING if open_now else -PAIRING
        elif cand in OPENERS and at_line_end:
            score -= PAIRING
    if line_after and cand in OPENERS:
        # an opener whose closer comes soon after with nothing to open it, neither between them nor
        # left open before (口号是?“遏制…”; not （记者…，?…）, whose closer's opener came first)
        closer = OPENERS[cand]
        end = line_after.find(closer, 0, OPENER_REACH)
        if (end >= 0 and line_after.find(cand, 0, end) < 0
                and not (line_before and line_before.count(cand) > line_before.count(closer))):
            score += PAIRING
    if at_line_end:
        if cand in SENTENCE_FINAL:
            score += LINE_END
        elif cand in "，、：；":
            score -= LINE_END
    return score


def ranked(left: str, candidates, right: str, line_before: str | None = None,
           at_line_end: bool = False) -> list[tuple[float, str]]:
    """(log P of the window, candidate), best first; ties keep the candidates' order."""
    scored = [(segment_logp(left + c + right) + punctuation_prior(c, line_before, at_line_end), -i, c)
              for i, c in enumerate(candidates)]
    scored.sort(reverse=True)
    return [(s, c) for s, _, c in scored]


def pick(left: str, candidates, right: str, margin: float, line_before: str | None = None,
         at_line_end: bool = False) -> tuple[str | None, float]:
    """The best candidate when it beats the runner-up by `margin` (log units), else None; and the gap."""
    order = ranked(left, candidates, right, line_before, at_line_end)
    if not order:
        return None, 0.0
    if len(order) == 1:
        return order[0][1], float("inf")
    gap = order[0][0] - order[1][0]
    return (order[0][1] if gap >= margin else None), gap
