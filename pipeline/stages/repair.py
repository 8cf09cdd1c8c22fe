"""repair: undo encoding damage. ftfy for what it handles (CJK-safe settings), then Chinese repairs.

Each repair is a small rule with its own name in `edits`. Clean text must pass through unchanged.
"""
from __future__ import annotations

import re

from ..document import Document
from .base import Stage, StageContext

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# ftfy is only worth running when a character it could act on is present.
FTFY_SUSPECT = re.compile(r"[\u0080-\u00ff\u0100-\u024f\u2010-\u203a\u20ac\u2122\ufffd]")
LOST_CHARS = re.compile(rf"(?<=[{CJK}，。、；：！？“”])(?:\?+|\ufffd+)|(?:\?+|\ufffd+)(?=[{CJK}，。、；：！？“”])")
UNRECOVERABLE = re.compile(r"(?:锟斤拷)+|(?:烫烫烫)烫*|(?:屯屯屯)屯*")


class Repair(Stage):
    name = "repair"

    def __init__(self, context: StageContext):
        super().__init__(context)
        syllables = context.read_lines(context.path("pinyin_syllables_file"), "pinyin_syllables_file")
        self.syllables = frozenset(s.lower() for s in syllables)
        letters = "".join(sorted({ch for s in self.syllables for ch in s}))
        self.pinyin_annotation = re.compile(rf"(?<=[{CJK}])\(([{re.escape(letters)}]{{1,6}})\)")
        self.use_ftfy = bool(context.setting("ftfy", True, bool))

    def process(self, doc: Document) -> Document:
        text = doc.text
        if self.use_ftfy and FTFY_SUSPECT.search(text):
            text = self.fix_with_ftfy(doc, text)
        if "(" in text:
            text = self.remove_pinyin_annotations(doc, text)
        if "锟" in text or "烫" in text or "屯" in text:
            text = self.remove_unrecoverable(doc, text)
        if "?" in text or "\ufffd" in text:
            text = self.remove_lost_characters(doc, text)
        doc.text = text
        return doc

    def fix_with_ftfy(self, doc: Document, text: str) -> str:
        import ftfy

        # ftfy's defaults damage Chinese: uncurl_quotes turns “” into "" and fix_character_width folds
        # ，：！（） to ASCII; width and quotes are the normalize stage's business, by its own policy.
        config = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=True,
                                      normalization=None)
        fixed, steps = ftfy.fix_and_explain(text, config=config)
        if fixed != text:
            rules = "+".join(dict.fromkeys(step[1] for step in steps or []))
            doc.edit(self.name, f"ftfy:{rules or 'fix_text'}", "replace", _excerpt(text, fixed), None)
        return fixed

    def remove_pinyin_annotations(self, doc: Document, text: str) -> str:
        count = 0

        def drop(m: re.Match) -> str:
            nonlocal count
            if m.group(1).lower() in self.syllables:
                count += 1
                return ""
            return m.group(0)

        out = self.pinyin_annotation.sub(drop, text)
        if count:
            first = next(m.group(0) for m in self.pinyin_annotation.finditer(text) if m.group(1).lower() in self.syllables)
            doc.edit(self.name, "pinyin_annotation", "remove", first, None, count)
        return out

    def remove_unrecoverable(self, doc: Document, text: str) -> str:
        found = UNRECOVERABLE.findall(text)
        if not found:
            return text
        doc.edit(self.name, "unrecoverable_mojibake", "remove", found[0], None, len(found))
        doc.warn(f"repair: removed {len(found)} unrecoverable mojibake run(s) such as {found[0]!r}")
        return UNRECOVERABLE.sub("", text)

    def remove_lost_characters(self, doc: Document, text: str) -> str:
        found = LOST_CHARS.findall(text)
        if not found:
            return text
        doc.edit(self.name, "lost_characters", "remove", found[0], None, len(found))
        doc.warn(f"repair: removed {len(found)} run(s) of '?' or U+FFFD standing for characters lost before scraping")
        return LOST_CHARS.sub("", text)


def _excerpt(before: str, after: str, width: int = 40) -> str:
    """The first stretch of `before` that differs from `after`, for the edit log."""
    i = 0
    while i < min(len(before), len(after)) and before[i] == after[i]:
        i += 1
    return before[max(0, i - 5): i + width]
