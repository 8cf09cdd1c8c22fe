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


# Everything the normalize stage turns into a line break ends a line here too, but for \x85: beside
# other C1 controls it is windows-1252's … read as latin-1, which ftfy puts back.
LINES = re.compile("(\r\n?|[\n\x0b\x0c\x1c-\x1e\u2028\u2029])")
# Pieces of a line ftfy fixes one by one when the line as a whole will not do: runs of Chinese, of
# spaces, and what lies between
PIECES = re.compile("([\u3000-\u9fff\uf900-\ufaff]+|\\s+)")
AS_NORMALIZED = {**{c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for c in range(r[0], r[1] + 1)},
                 **{c: None for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)}}
# Scripts of IPA, Syriac to NKo, Ogham, Runic, Canadian syllabics, Mongolian variants and old
# scripts: what UTF-8 decoding of Latin-1 noise produces, never the language of a news page here.
STRAY_SCRIPT = re.compile("[\u0250-\u02af\u0700-\u08ff\u1400-\u16ff\u1800-\u18af\u1c00-\u1cff"
                          "\u2c00-\u2c5f\ua500-\ua6ff\ua800-\ua8ff\U00010000-\U0001efff]")  # not the emoji above


class Ftfy(Rule):
    name = "ftfy"

    def __init__(self):
        import ftfy

        self.ftfy = ftfy
        self.config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, normalization=None,
                                           explain=True)

    def wanted(self, text: str) -> bool:
        return SUSPECT.search(text) is not None

    @staticmethod
    def fits(line: str, fixed: str) -> bool:
        """ftfy's fix may not bring in a script no news page of ours is written in: read as UTF-8,
        Latin-1 pairs become IPA (É¯ -> ɯ), Syriac (Ü¯ -> ܯ) or Canadian syllabics (á”“ -> ᔓ),
        where the quotes were the normalize stage's own; such a "fix" is noise read as text. Decided
        by the characters alone, so that another stage's later change cannot reverse it."""
        return not any(STRAY_SCRIPT.match(c) for c in set(fixed) - set(line))

    def fix(self, line: str) -> tuple[str, list]:
        """ftfy until the line stops changing (one pass may uncover another fix), and its plan."""
        steps: list = []
        for _ in range(3):
            fixed, more = self.ftfy.fix_and_explain(line, config=self.config)
            if fixed == line:
                break
            line, steps = fixed, steps + list(more or [])
        return line, steps

    def apply(self, text: str) -> Outcome:
        out = Outcome(text)
        lines = LINES.split(text)  # lines and, at odd places, the breaks between them
        plans: dict[str, list[tuple[str, str]]] = {}
        for k, line in enumerate(lines):
            if k % 2 or not SUSPECT.search(line):
                continue
            # ftfy sees the line as normalize will leave it (full-width letters and digits as ASCII,
            # no zero-width characters: ftfy decides differently beside them), so that a second run
            # decides the same; the line
            # keeps its own characters when ftfy finds nothing to fix. (Not the no-break space: in
            # mojibake it is the byte A0.)
            view = line.translate(AS_NORMALIZED)
            fixed, steps = self.fix(view)
            if fixed != view and not self.fits(view, fixed):
                # the whole line's fix brings in a stray script: fix its pieces one by one instead
                pieces = PIECES.split(view)
                for j, piece in enumerate(pieces):
                    if SUSPECT.search(piece):
                        got, more = self.fix(piece)
                        if got != piece and self.fits(piece, got):
                            pieces[j], steps = got, more
                fixed = "".join(pieces)
            if fixed != view:
                lines[k] = fixed
                plan = ", ".join(f"{op} {arg}" for op, arg in steps or [])
                plans.setdefault(plan, []).append((line, fixed))
        if plans:
            out.text = "".join(lines)
            out.changes = [pair for pairs in plans.values() for pair in pairs]
            out.by_kind = plans
        return out
