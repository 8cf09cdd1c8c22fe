"""Choosing between candidate repairs with jieba's word frequencies (`zhstats.segment_logp`).

Every decision compares windows of the same context: the candidate text with up to `WIDTH`
characters on each side. A character that makes a word with its neighbours wins (滨 in 哈尔滨市).
"""
from __future__ import annotations

from ..zhstats import segment_logp

WIDTH = 4


def context(text: str, start: int, end: int, width: int = WIDTH) -> tuple[str, str]:
    """Up to `width` characters before `start` and after `end`, not across a line break."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return left.rsplit("\n", 1)[-1], right.split("\n", 1)[0]


def per_char(left: str, middle: str, right: str) -> float:
    window = left + middle + right
    return segment_logp(window) / max(1, len(window))


def ranked(left: str, candidates, right: str) -> list[tuple[float, str]]:
    """(log P of the window, candidate), best first; ties keep the candidates' order."""
    scored = [(segment_logp(left + c + right), -i, c) for i, c in enumerate(candidates)]
    scored.sort(reverse=True)
    return [(s, c) for s, _, c in scored]


def pick(left: str, candidates, right: str, margin: float) -> tuple[str | None, float]:
    """The best candidate when it beats the runner-up by `margin` (log units), else None; and the gap."""
    order = ranked(left, candidates, right)
    if not order:
        return None, 0.0
    if len(order) == 1:
        return order[0][1], float("inf")
    gap = order[0][0] - order[1][0]
    return (order[0][1] if gap >= margin else None), gap
