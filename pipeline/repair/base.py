"""What a repair rule is, and the character classes the rules share."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
# Chinese punctuation that ends or splits a clause; never part of Big5 mojibake (Big5 writes these
# with bytes GBK reads as private-use characters).
CLAUSE_PUNCT = "，。、；：！？“”（）《》【】"
# What a byte of a GBK string becomes when read as windows-1252 (WHATWG: the five undefined bytes
# pass as C1 controls) or latin-1: one character per byte, so the bytes come back exactly.
CP1252_BYTE = {chr(i): i for i in range(0x80, 0x100)}
CP1252_BYTE.update({bytes([i]).decode("cp1252"): i for i in range(0x80, 0xA0)
                    if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)})
# What the normalize stage will remove or make a line break (pipeline/normalize/chardata.py: CONTROL,
# ZERO_WIDTH, LINE_BREAK): rules look past them, so that a second run over the cleaned text decides
# the same. Controls are normalize's less those it makes a line break (\x0b \x0c \x1c-\x1e \x85).
CONTROL_CHARS = "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
ZERO_WIDTH_CHARS = "\u00ad\u200b-\u200d\u2060\ufeff"
BREAK_CHARS = "\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
CONTROLS = re.compile(f"[{CONTROL_CHARS}]+")


@dataclass
class Outcome:
    """A rule's result: the new text, the spans it changed (before, after), warnings for the record."""
    text: str
    changes: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # changes under sub-rule names (`ftfy:<plan>`), when one rule does several kinds of thing
    by_kind: dict[str, list[tuple[str, str]]] | None = None


class Rule:
    """One kind of repair. `wanted` is a cheap test (a substring or a small regex search) so clean
    text pays almost nothing; `apply` does the work and reports every change."""

    name: ClassVar[str] = ""
    action: ClassVar[str] = "replace"  # the edit action recorded: replace or remove

    def wanted(self, text: str) -> bool:
        return True

    def apply(self, text: str) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError


def splice(text: str, replacements: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, new) span replaced; spans sorted and not overlapping."""
    out, pos = [], 0
    for start, end, new in replacements:
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)
