"""Punctuation of one line: Chinese lines get Chinese punctuation, other lines the English policy.

The tables come from configs/normalize/punctuation.toml; each method returns the new line and counts
per rule name, which the stage adds up into one edit per rule.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any, Mapping

from ..patterns import longest_first
from . import chardata as cd


CHINESE = re.compile(f"[{cd.HAN}{re.escape(cd.CJK_PUNCT)}]")


class Punctuation:
    def __init__(self, tables: Mapping[str, Any], *, chinese_line_share: float, english_quotes: bool,
                 english_dashes: bool, corner_quotes: bool):
        zh, en = tables["chinese"], tables["english"]
        self.marks = dict(zh["marks"])
        self.full_stop = zh["full_stop"]
        self.ellipsis = zh["ellipsis"]
        self.double_quotes = tuple(zh["double_quotes"])
        self.single_quotes = tuple(zh["single_quotes"])
        self.corner = str.maketrans(dict(zh["corner_quotes"])) if corner_quotes else None
        self.corner_re = re.compile("[%s]" % re.escape("".join(zh["corner_quotes"]))) if corner_quotes else None
        self.between_digits = dict(zh["between_digits"])
        self.after_digit = dict(zh["after_digit"])
        self.between_digits_re = re.compile(r"(?<=\d)[%s](?=\d)" % re.escape("".join(self.between_digits)))
        self.after_digit_re = re.compile(r"(?<=\d)[%s]" % re.escape("".join(self.after_digit)))
        no_space = re.escape(zh["no_space_around"])
        self.space_around = re.compile(rf"[ \t]+(?=[{no_space}])|(?<=[{no_space}])[ \t]+")
        # outside Chinese lines: only where the other side is no Latin letter or digit either
        self.local_space_around = re.compile(rf"(?:^|(?<=[^A-Za-z0-9 \t]))[ \t]+(?=[{no_space}])"
                                             rf"|(?<=[{no_space}])[ \t]+(?=[^A-Za-z0-9 \t]|$)")
        self.share = chinese_line_share
        self.en_quotes = str.maketrans(dict(en["quotes"])) if english_quotes else None
        self.en_quotes_re = re.compile("[%s]" % re.escape("".join(en["quotes"]))) if english_quotes else None
        self.en_dashes = dict(en["dashes"]) if english_dashes else None
        self.en_dashes_re = longest_first(en["dashes"]) if english_dashes else None
        self.em_dash = en["em_dash"]
        runs, bars = re.escape(en["dash_runs"]), re.escape(en["dash_runs"].replace(self.em_dash, ""))
        self.en_dash_runs = re.compile(f"[{runs}]{{2,}}" + (f"|[{bars}]" if bars else "")) if english_dashes else None
        self.rejoin = frozenset(w.lower() for w in en.get("rejoin_hyphen_words", []))

    def kind(self, line: str) -> str:
        """chinese, english (Latin words, not Chinese) or neither (digits, marks, other scripts).

        Judged on the line with its marks folded to ASCII, so that what the rules change (widths,
        quotes) cannot change the verdict on a second run (a folded ％ may extend a URL)."""
        if not cd.LATIN.search(line):
            return "chinese" if cd.HAN_CHAR.search(line) else "neither"
        line = line.translate(cd.FOLD_VIEW)
        han = len(cd.HAN_CHAR.findall(line))
        if han and ("/" in line or "@" in line or "www." in line):  # a URL's parts are not English words
            line = cd.URL.sub(" ", line)
        words = len(cd.LATIN_WORD.findall(line))
        if han and han >= self.share * (han + words):
            return "chinese"
        return "english" if words else "neither"

    # --- Chinese lines -------------------------------------------------------------------------
    def _corner_quotes(self, line: str, counts: Counter, corner: bool) -> str:
        """「」『』 as “”‘’, when configured and `corner` (the article was converted from the other script)."""
        if corner and self.corner_re is not None and self.corner_re.search(line):
            new = line.translate(self.corner)
            counts["corner_quotes"] += sum(a != b for a, b in zip(line, new))
            line = new
        return line

    def chinese_line(self, line: str, counts: Counter, corner: bool) -> str:
        line = self._corner_quotes(line, counts, corner)
        if not cd.CHINESE_TRIGGER.search(line):
            return line
        urls = [m.span() for m in cd.URL.finditer(line)] if ("/" in line or "@" in line or "www." in line) else []
        if urls:  # punctuation inside a URL or address is part of it
            pieces, last = [], 0
            for start, end in urls:
                pieces.append(self._chinese_piece(line[last:start], counts))
                pieces.append(line[start:end])
                last = end
            pieces.append(self._chinese_piece(line[last:], counts))
            return "".join(pieces)
        return self._chinese_piece(line, counts)

    def _chinese_piece(self, s: str, counts: Counter) -> str:
        # A converted mark can make its neighbour touch Chinese punctuation (中,( -> 中，( -> 中，（):
        # repeat until nothing changes, so that a second run finds nothing to do. Every rule only
        # turns ASCII into full width or removes spaces, so this ends.
        for _ in range(len(s)):
            new = self._chinese_piece_once(s, counts)
            if new == s:
                break
            s = new
        return s

    def _chinese_piece_once(self, s: str, counts: Counter) -> str:
        if not s:
            return s
        if "(" in s or ")" in s:
            s = self._parentheses(s, counts)
        if '"' in s:
            s = self._double_quotes(s, counts)
        if "'" in s:
            s, n = cd.SINGLE_QUOTE_PAIR.subn(lambda m: f"{self.single_quotes[0]}{m.group(1)}{self.single_quotes[1]}", s)
            counts["chinese_quotes"] += n
        for pattern in (cd.MARKS_AFTER_CJK, cd.MARKS_BEFORE_CJK):
            s = pattern.sub(lambda m: self._marks(m.group(1), counts), s)
        if "." in s or "…" in s or "。。。" in s:
            s = self._count_sub(cd.ELLIPSIS, self.ellipsis, s, counts, "chinese_punctuation")
            s = self._count_sub(cd.FULL_STOP, self.full_stop, s, counts, "chinese_punctuation")
        if self.between_digits:
            s = self._count_sub(self.between_digits_re, lambda m: self.between_digits[m.group(0)], s, counts, "fullwidth_punctuation")
        if self.after_digit:
            s = self._count_sub(self.after_digit_re, lambda m: self.after_digit[m.group(0)], s, counts, "fullwidth_punctuation")
        if " " in s or "\t" in s:
            s, n = self.space_around.subn("", s)
            counts["whitespace"] += n
        return s

    def _marks(self, run: str, counts: Counter) -> str:
        counts["chinese_punctuation"] += len(run)
        return "".join(self.marks.get(ch, ch) for ch in run)

    @staticmethod
    def _count_sub(pattern: re.Pattern, repl, s: str, counts: Counter, rule: str) -> str:
        n = 0

        def f(m: re.Match) -> str:
            nonlocal n
            new = repl(m) if callable(repl) else repl
            n += new != m.group(0)
            return new

        s = pattern.sub(f, s)
        counts[rule] += n
        return s

    def _parentheses(self, s: str, counts: Counter, local: bool = False) -> str:
        """Pairs first (the innermost, then the ones around them), then the unpaired ones. In a
        Chinese line a pair converts when it holds or touches Chinese; elsewhere (local) when it holds
        Chinese and no Latin letter, and an unpaired one only when its other side is no Latin word."""
        open_, close = self.marks.get("(", "("), self.marks.get(")", ")")
        paired: set[int] = set()

        def pair(m: re.Match) -> str:
            inner = m.group(1)
            if local:
                convert = cd.HAN_CHAR.search(inner) and not cd.LATIN.search(inner)
            else:
                before = s_ref[m.start() - 1] if m.start() else ""
                after = s_ref[m.end()] if m.end() < len(s_ref) else ""
                convert = CHINESE.search(inner) or CHINESE.match(before) or CHINESE.match(after)
            if convert:
                counts["chinese_punctuation"] += 2
                return f"{open_}{inner}{close}"
            paired.update((m.start(), m.end() - 1))
            return m.group(0)

        for _ in range(s.count("(")):
            s_ref = s
            paired.clear()
            new = cd.PAREN_PAIR.sub(pair, s)
            if new == s:
                break
            s = new
        opens, closes = (cd.LOCAL_LONE_OPEN, cd.LOCAL_LONE_CLOSE) if local else (cd.LONE_OPEN, cd.LONE_CLOSE)

        def lone(m: re.Match, mark: str) -> str:
            at = m.start() + m.group(0).index("(" if mark == open_ else ")")
            if at in paired:  # an English pair beside Chinese stays a pair: "Python(3.8) 版本"
                return m.group(0)
            counts["chinese_punctuation"] += 1
            return m.group(0).replace("(" if mark == open_ else ")", mark)

        if "(" in s:
            s = opens.sub(lambda m: lone(m, open_), s)
        if ")" in s:
            s = closes.sub(lambda m: lone(m, close), s)
        return s

    def _double_quotes(self, s: str, counts: Counter) -> str:
        """Pair straight and curly double quotes in order; a straight one in a pair that holds or
        touches Chinese becomes curly (“质量月" has its closing quote fixed too)."""
        chars = list(s)
        opening = None
        chinese = CHINESE
        for m in cd.DOUBLE_QUOTE.finditer(s):
            q, i = m.group(0), m.start()
            if q == "“" or (q == '"' and opening is None):
                opening = i
                continue
            if opening is None:  # a closing quote with no opening one
                continue
            j = opening
            opening = None
            if s[j] != '"' and q != '"':
                continue
            inner, before, after = s[j + 1:i], s[j - 1:j], s[i + 1:i + 2]
            if chinese.search(inner) or chinese.match(before) or chinese.match(after):
                for k, new in ((j, self.double_quotes[0]), (i, self.double_quotes[1])):
                    if chars[k] == '"':
                        chars[k] = new
                        counts["chinese_quotes"] += 1
        return "".join(chars)

    def _rejoin(self, m: re.Match) -> str:
        return f"-{m.group(1)}" if m.group(1).lower() in self.rejoin else m.group(0)

    # --- English (and other non-Chinese) lines ---------------------------------------------------
    def english_line(self, line: str, counts: Counter, corner: bool) -> str:
        line = self._corner_quotes(line, counts, corner)
        has_han = cd.HAN_CHAR.search(line)
        if (self.en_quotes_re is not None and self.en_quotes_re.search(line)) or "'" in line or '"' in line:
            line = self._quotes_in_english(line, counts)
        if has_han:  # full-width marks stay: some may belong to the Chinese
            line = self._chinese_in_english(line, counts)
        elif cd.FULLWIDTH_ASCII.search(line):
            line = self._count_sub(cd.FULLWIDTH_ASCII, lambda m: unicodedata.normalize("NFKC", m.group(0)), line,
                                   counts, "fullwidth_punctuation")
        if self.en_dashes_re is not None:
            if self.en_dashes_re.search(line):
                line = self._count_sub(self.en_dashes_re, lambda m: self.en_dashes[m.group(0)], line, counts,
                                       "english_dashes")
            if self.en_dash_runs.search(line):
                line = self._count_sub(self.en_dash_runs, self.em_dash, line, counts, "english_dashes")
            if " -" in line and self.rejoin:
                line = self._count_sub(cd.SPACED_HYPHEN, self._rejoin, line, counts, "english_spaced_hyphen")
        return line

    def _chinese_in_english(self, line: str, counts: Counter) -> str:
        """Chinese inside a line that is not Chinese: the marks that belong to the Chinese alone."""
        for _ in range(len(line)):  # to a fixed point, as for Chinese lines
            new = line
            if "(" in new or ")" in new:
                new = self._parentheses(new, counts, local=True)
            for pattern in (cd.LOCAL_MARKS_AFTER_CJK, cd.LOCAL_MARKS_BEFORE_CJK):
                new = pattern.sub(lambda m: self._marks(m.group(1), counts), new)
            if " " in new or "\t" in new:
                new, n = self.local_space_around.subn("", new)
                counts["whitespace"] += n
            if new == line:
                break
            line = new
        return line

    def _quotes_in_english(self, line: str, counts: Counter) -> str:
        """Curly quotes straight (the English policy), except that a pair around Chinese without
        Latin letters gets Chinese quotes. Decided on the line with every quote straightened, so the
        result is the same whatever quotes the line came with."""
        straight = line.translate(self.en_quotes) if self.en_quotes is not None else line
        chars = list(straight)
        if cd.HAN_CHAR.search(straight):
            for m in cd.HAN_QUOTED.finditer(straight):
                quotes = self.double_quotes if m.group(1) else self.single_quotes
                chars[m.start()], chars[m.end() - 1] = quotes
        new = "".join(chars)
        if new != line:
            curly = set(self.double_quotes + self.single_quotes)
            for a, b in zip(line, new):
                if a != b:
                    counts["chinese_quotes" if b in curly else "english_quotes"] += 1
        return new
