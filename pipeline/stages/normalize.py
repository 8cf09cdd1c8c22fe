"""normalize: one script (OpenCC), Chinese punctuation, ASCII widths, clean whitespace.

Each rule records one edit with a count (not one edit per comma).
"""
from __future__ import annotations

import re
import unicodedata

from ..document import Document
from ..errors import ConfigError
from .base import Stage, StageContext

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# ASCII punctuation touching a Chinese character (spaces around it go too); 14:14, 3.5 and URLs have none
PUNCT_AFTER_CJK = re.compile(rf"(?<=[{CJK}”’）】》])[ \t]*([,;:!?])[ \t]*")
PUNCT_BEFORE_CJK = re.compile(rf"(?<![\w.])[ \t]*([,;!?])[ \t]*(?=[{CJK}])")
FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
PAREN_PAIR = re.compile(r"\(([^()\n]{0,200})\)")
QUOTE_PAIR = re.compile(r'"([^"\n]{1,300})"')
ENGLISH_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-"})


class Normalize(Stage):
    name = "normalize"

    def __init__(self, context: StageContext):
        super().__init__(context)
        import opencc

        self.target = context.setting("opencc_config", "t2s", str)
        try:
            self.converter = opencc.OpenCC(self.target)
            self.to_traditional = opencc.OpenCC("s2t")
            self.to_simplified = opencc.OpenCC("t2s")
        except Exception as e:  # OpenCC raises a bare RuntimeError for an unknown config
            raise ConfigError(f"OpenCC cannot load {self.target!r}: {e}", *context.where("opencc_config")) from None
        self.protected: dict[str, str] = {}
        if context.settings.get("protected_terms_file"):
            for line in context.read_lines(context.path("protected_terms_file"), "protected_terms_file"):
                source, _, target = line.partition("=")
                source, target = source.strip(), (target.strip() or source.strip())
                self.protected[source] = target
        self.protected_pattern = (re.compile("|".join(map(re.escape, sorted(self.protected, key=len, reverse=True))))
                                  if self.protected else None)
        self.mixed_share = float(context.setting("mixed_share", 0.1, (int, float)))
        self.english_quotes = context.setting("english_quotes", "straight", str)
        if self.english_quotes not in ("straight", "keep"):
            raise ConfigError("must be 'straight' or 'keep'", *context.where("english_quotes"))

    def process(self, doc: Document) -> Document:
        text = doc.text
        text = self._sub(doc, "zero_width", ZERO_WIDTH, "", text)
        text = self._sub(doc, "control_characters", CONTROL, "", text)
        text = self._sub(doc, "fullwidth_alnum", FULLWIDTH_ALNUM, lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
        if CJK_CHAR.search(text):
            doc.script = self.detect_script(text)
            text = self.convert_script(doc, text)
            text = self.chinese_punctuation(doc, text)
        elif self.english_quotes == "straight":
            straight = text.translate(ENGLISH_QUOTES)
            if straight != text:
                doc.edit(self.name, "english_straight_quotes", "replace", None, None,
                         sum(a != b for a, b in zip(text, straight)))
                text = straight
        text = self.whitespace(doc, text)
        doc.text = text
        return doc

    def _sub(self, doc: Document, rule: str, pattern: re.Pattern, repl, text: str) -> str:
        out, n = pattern.subn(repl, text)
        if n:
            first = pattern.search(text).group(0)
            doc.edit(self.name, rule, "remove" if repl == "" else "replace", first, None if repl == "" else pattern.sub(repl, first), n)
        return out

    def detect_script(self, text: str) -> str | None:
        """traditional / simplified / mixed, from characters only one script uses."""
        simplified = self.to_simplified.convert(text)
        traditional = self.to_traditional.convert(text)
        if len(simplified) == len(text) == len(traditional):
            trad_only = sum(a != s for a, s in zip(text, simplified))
            simp_only = sum(a != t and a == s for a, s, t in zip(text, simplified, traditional))
        else:  # phrase conversions changed the length: count characters instead
            trad_only = len(set(text) - set(simplified))
            simp_only = len((set(text) - set(traditional)) & set(simplified))
        if trad_only + simp_only == 0:
            return "simplified"
        share = trad_only / (trad_only + simp_only)
        if share >= 1 - self.mixed_share:
            return "traditional"
        if share <= self.mixed_share:
            return "simplified"
        return "mixed"

    def convert_script(self, doc: Document, text: str) -> str:
        if self.protected_pattern is None:
            out = self.converter.convert(text)
        else:  # convert around protected terms, which get their listed form
            parts, last = [], 0
            for m in self.protected_pattern.finditer(text):
                parts.append(self.converter.convert(text[last:m.start()]))
                parts.append(self.protected[m.group(0)])
                last = m.end()
            parts.append(self.converter.convert(text[last:]))
            out = "".join(parts)
        if out != text:
            changed = sum(a != b for a, b in zip(text, out)) if len(out) == len(text) else abs(len(out) - len(text)) or 1
            doc.edit(self.name, f"opencc_{self.target}", "replace", None, None, changed)
        return out

    def chinese_punctuation(self, doc: Document, text: str) -> str:
        count = 0

        def paren(m: re.Match) -> str:
            nonlocal count
            inner = m.group(1)
            before = text_ref[m.start() - 1] if m.start() > 0 else ""
            after = text_ref[m.end()] if m.end() < len(text_ref) else ""
            if CJK_CHAR.search(inner) or CJK_CHAR.match(before) or CJK_CHAR.match(after):
                count += 1
                return f"（{inner}）"
            return m.group(0)

        def quote(m: re.Match) -> str:
            nonlocal count
            if CJK_CHAR.search(m.group(1)):
                count += 1
                return f"“{m.group(1)}”"
            return m.group(0)

        def punct(m: re.Match) -> str:
            nonlocal count
            count += 1
            return FULL[m.group(1)]

        text_ref = text
        text = PAREN_PAIR.sub(paren, text)
        text = QUOTE_PAIR.sub(quote, text)
        text = PUNCT_AFTER_CJK.sub(punct, text)
        text = PUNCT_BEFORE_CJK.sub(punct, text)
        if count:
            doc.edit(self.name, "chinese_punctuation", "replace", None, None, count)
        return text

    def whitespace(self, doc: Document, text: str) -> str:
        lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
        kept: list[str] = []
        repeats = 0
        for line in lines:
            if not line:
                continue
            if kept and kept[-1] == line:
                repeats += 1
                continue
            kept.append(line)
        out = "\n".join(kept)
        if repeats:
            doc.edit(self.name, "repeated_paragraph", "remove", None, None, repeats)
        if out != text and len(out) + repeats != len(text):
            doc.edit(self.name, "whitespace", "replace", None, None, 1)
        return out
