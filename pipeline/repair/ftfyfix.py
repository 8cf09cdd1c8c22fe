"""ftfy, with the settings Chinese text needs, on the lines where it could find something.

ftfy's defaults damage Chinese: `uncurl_quotes` turns “” into "" and `fix_character_width` folds
，：！（） to ASCII (quotes and widths are the normalize stage's business, by its own policy), and NFC
rewrites CJK compatibility ideographs. Each line is fixed on its own, as `ftfy.fix_text` does, so
one mis-decoded paragraph does not decide for the whole text. The edit's rule names ftfy's plan
(`ftfy:encode sloppy-windows-1252, decode utf-8`), which `ftfy.apply_plan` replays.
"""
from __future__ import annotations

import re

from .base import Outcome, Rule

# A line ftfy could change holds a character outside what clean Chinese and English are written
# with (ASCII, CJK, kana, hangul, full-width forms, the common typographic marks, bullets and
# numbers like ① Ⅱ ★ ■, private-use characters ftfy has no fix for), an HTML entity, a terminal
# escape or a carriage return. Clean text does not pay for ftfy. Mojibake always has one of the
# others: the Latin-1 letters of UTF-8 read as windows-1252, the √ ∏ ‰ of MacRoman, the ╚ of cp437.
SUSPECT = re.compile("[^\\x09\\x0a\\x20-\\x7e\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff01-\uffef"
                     "\u201c\u201d\u2018\u2019\u2014\u2013\u2026\u00b7\u2022\u3000\ue000-\uf8ff"
                     "\u2103\u2116\u2150-\u218f\u2460-\u24ff\u25a0-\u25c9\u25cb-\u25ff\u2600-\u26ff]"
                     "|&#?\\w{2,8};|\\x1b|\\r")


class Ftfy(Rule):
    name = "ftfy"

    def __init__(self):
        import ftfy

        self.ftfy = ftfy
        self.config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, normalization=None,
                                           explain=True)

    def wanted(self, text: str) -> bool:
        return SUSPECT.search(text) is not None

    def apply(self, text: str) -> Outcome:
        out = Outcome(text)
        lines = text.split("\n")
        plans: dict[str, list[tuple[str, str]]] = {}
        for k, line in enumerate(lines):
            if not SUSPECT.search(line):
                continue
            fixed, steps = self.ftfy.fix_and_explain(line, config=self.config)
            if fixed != line:
                lines[k] = fixed
                plan = ", ".join(f"{op} {arg}" for op, arg in steps or [])
                plans.setdefault(plan, []).append((line, fixed))
        if plans:
            out.text = "\n".join(lines)
            out.changes = [pair for pairs in plans.values() for pair in pairs]
            out.by_kind = plans
        return out
