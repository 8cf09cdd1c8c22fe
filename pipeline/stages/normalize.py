"""normalize: one script (OpenCC), Chinese punctuation, ASCII widths, clean whitespace.

The rules run in this order, each recorded as one edit with a count (not one edit per comma):
  characters  line_separators, control_characters, zero_width, cjk_compatibility_ideographs,
              fullwidth_ascii (letters and digits), space_characters (odd spaces, runs of spaces)
  script      opencc_<config>, variant_characters, protected_terms (flagged), zhu_to_zhe  -- Han text
  lines       Chinese lines: corner_quotes, chinese_quotes, chinese_punctuation, fullwidth_punctuation,
              whitespace (around Chinese punctuation); other lines: fullwidth_punctuation, english_quotes,
              english_dashes, english_spaced_hyphen; every line: whitespace (trimmed)
  paragraphs  blank_lines, repeated_paragraph
Each rule's output is a fixed point of the whole stage: normalizing normalized text changes nothing.
The policy (what is converted when, and why) is README.md "Normalization policy".
"""
from __future__ import annotations

import unicodedata
from collections import Counter

from ..document import Document
from ..errors import ConfigError
from ..normalize import chardata as cd
from ..normalize.punctuation import Punctuation
from ..normalize.script import TARGET_SCRIPT, ScriptTables, ZhuZhe
from .base import Stage, StageContext

REMOVING = {"control_characters", "zero_width", "blank_lines", "repeated_paragraph"}


class Normalize(Stage):
    name = "normalize"

    def __init__(self, context: StageContext):
        super().__init__(context)
        target = context.setting("opencc_config", "t2s", str)
        script = context.read_toml(context.path("script_file"), "script_file") if context.settings.get("script_file") else {}
        shared_trad = "".join(script.get("traditional_also_simplified", {}).values())
        shared_simp = "".join(script.get("simplified_also_traditional", {}).values())
        protected = {}
        if context.settings.get("protected_terms_file"):
            for line in context.read_lines(context.path("protected_terms_file"), "protected_terms_file"):
                source, _, written = line.partition("=")
                source, written = source.strip(), written.strip() or source.strip()
                if not source:
                    raise ConfigError(f"an entry has no term: {line!r}", *context.where("protected_terms_file"))
                protected[source] = written
        try:
            self.script = ScriptTables(target, shared_trad, shared_simp, protected)
        except Exception as e:  # OpenCC raises a bare RuntimeError for an unknown configuration
            known = ", ".join(sorted(TARGET_SCRIPT))
            raise ConfigError(f"OpenCC cannot load {target!r} ({e}); known configurations: {known}",
                              *context.where("opencc_config")) from None
        self.mixed_share = float(context.setting("mixed_share", 0.1, (int, float)))
        self.zhu_zhe = None
        if context.setting("zhu_to_zhe", True, bool) and self.script.target == "simplified":
            self.zhu_zhe = ZhuZhe(context.read_lines(context.path("zhu_words_file"), "zhu_words_file"))
        english_quotes = context.setting("english_quotes", "straight", str)
        if english_quotes not in ("straight", "keep"):
            raise ConfigError(f"must be 'straight' or 'keep', not {english_quotes!r}", *context.where("english_quotes"))
        english_dashes = context.setting("english_dashes", "ascii", str)
        if english_dashes not in ("ascii", "keep"):
            raise ConfigError(f"must be 'ascii' or 'keep', not {english_dashes!r}", *context.where("english_dashes"))
        tables = context.read_toml(context.path("punctuation_file"), "punctuation_file")
        try:
            self.punctuation = Punctuation(
                tables, chinese_line_share=float(context.setting("chinese_line_share", 0.5, (int, float))),
                english_quotes=english_quotes == "straight", english_dashes=english_dashes == "ascii",
                corner_quotes=bool(context.setting("corner_quotes", False, bool)) and self.script.target == "simplified")
        except (KeyError, TypeError, ValueError) as e:
            raise ConfigError(f"punctuation table is missing or has a bad entry: {e}", *context.where("punctuation_file")) from None
        self.repeated_paragraphs = bool(context.setting("drop_repeated_paragraphs", True, bool))

    def process(self, doc: Document) -> Document:
        text = self.characters(doc, doc.text)
        doc.script = None
        if cd.HAN_CHAR.search(text):
            script = self.script.detect(text, self.mixed_share)
            # a Han character or two in an English article (丨 as a separator) is not a script
            if script is not None and (doc.lang == "zh" or self.script.evidence(text)):
                doc.script = script
            text = self.convert_script(doc, text, script)
        text = self.lines(doc, text)
        doc.text = text
        return doc

    # --- rules -------------------------------------------------------------------------------------
    def characters(self, doc: Document, text: str) -> str:
        text = self._sub(doc, "line_separators", cd.LINE_BREAK, "\n", text)
        text = self._sub(doc, "control_characters", cd.CONTROL, "", text)
        text = self._sub(doc, "zero_width", cd.ZERO_WIDTH, "", text)
        text = self._sub(doc, "cjk_compatibility_ideographs", cd.COMPAT_IDEOGRAPH,
                         lambda m: unicodedata.normalize("NFC", m.group(0)), text)
        text = self._sub(doc, "fullwidth_ascii", cd.FULLWIDTH_ALNUM, lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
        return self._sub(doc, "space_characters", cd.SPACES, " ", text)

    def convert_script(self, doc: Document, text: str, script: str) -> str:
        original = text
        result = self.script.convert(text, script)
        text = result.text
        if result.changed:
            before, after = result.example
            doc.edit(self.name, f"opencc_{self.script.config_name}", "replace", before, after, result.changed)
        text, n = self.script.fold_variants(text)
        if n:
            doc.edit(self.name, "variant_characters", "replace", None, None, n)
        if result.protected:
            doc.edit(self.name, "protected_terms", "flag", result.first_protected,
                     self.script.protected[result.first_protected], result.protected)
        # Only text that never writes 着 uses 著 for zhuó and zhe too (Taiwan usage).
        if (self.zhu_zhe is not None and script in ("traditional", "mixed") and "著" in text
                and "着" not in original):
            text, n = self.zhu_zhe.apply(text)
            if n:
                doc.edit(self.name, "zhu_to_zhe", "replace", "著", "着", n)
        return text

    def lines(self, doc: Document, text: str) -> str:
        counts: Counter = Counter()
        examples: dict[str, tuple[str, str]] = {}
        kept: list[str] = []
        blank = repeated = 0
        # Corner brackets are the quotes of the other script: converted with its characters. A text
        # already in the target script keeps them, as it keeps its characters (in People's Daily
        # 『』 are the site's own quotes).
        corner = doc.script in ("traditional", "mixed")
        for raw in text.split("\n"):
            line = raw.strip(" ")
            if line != raw:
                counts["whitespace"] += 1
            if not line:
                blank += 1
                continue
            kind = self.punctuation.kind(line)
            if kind != "neither":
                fired: Counter = Counter()
                new = (self.punctuation.chinese_line(line, fired, corner) if kind == "chinese"
                       else self.punctuation.english_line(line, fired, corner))
                if new != line:
                    fired = +fired
                    counts.update(fired)
                    if len(fired) == 1 and next(iter(fired)) not in examples:  # an example that shows one rule
                        examples[next(iter(fired))] = _excerpts(line, new)
                    line = new
            if self.repeated_paragraphs and kept and kept[-1] == line:
                repeated += 1
                if "repeated_paragraph" not in examples:
                    examples["repeated_paragraph"] = (line[:60], None)
                continue
            kept.append(line)
        for rule, n in counts.items():
            if n:
                before, after = examples.get(rule, (None, None))
                doc.edit(self.name, rule, "replace", before, after, n)
        if blank:
            doc.edit(self.name, "blank_lines", "remove", None, None, blank)
        if repeated:
            doc.edit(self.name, "repeated_paragraph", "remove", examples["repeated_paragraph"][0], None, repeated)
        return "\n".join(kept)

    def _sub(self, doc: Document, rule: str, pattern, repl, text: str) -> str:
        m = pattern.search(text)
        if m is None:
            return text
        out, n = pattern.subn(repl, text)
        if out == text:
            return text
        first = m.group(0)
        after = repl if isinstance(repl, str) else repl(m)
        doc.edit(self.name, rule, "remove" if rule in REMOVING else "replace", first, after if after else None, n)
        return out


def _excerpts(before: str, after: str) -> tuple[str, str]:
    """The first difference of two lines with a little context."""
    i = next((k for k, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    lo = max(0, i - 8)
    return before[lo:i + 12], after[lo:i + 12]
