"""dates: every calendar date in the text, as ISO at its own precision, the year resolved from context.

First level: numeric and month-name forms; see configs/dates/ for the patterns.
"""
from __future__ import annotations

import re

from ..document import DateMention, Document
from .base import Stage, StageContext
from .boilerplate import MONTHS

ZH_FULL = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})[日号]")
ZH_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})[日号]")
NUMERIC = re.compile(r"(?<![\d.])(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?![\d.])")
EN_MONTH = "|".join(m.capitalize() for m in MONTHS if m != "may") + "|May(?= \\d)"
EN_MONTH_DAY = re.compile(rf"\b({EN_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
EN_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({EN_MONTH})(?:,?\s+(\d{{4}}))?\b")
EN_MONTH_YEAR = re.compile(rf"\b(?:in\s+)?({EN_MONTH})\s+(\d{{4}})\b")


class Dates(Stage):
    name = "dates"

    def __init__(self, context: StageContext):
        super().__init__(context)

    def process(self, doc: Document) -> Document:
        text = doc.text
        year = int(doc.published[:4]) if doc.published else None
        found: list[DateMention] = []
        taken: list[tuple[int, int]] = []

        def add(m: re.Match, y, mo, d) -> None:
            if any(s < m.end() and m.start() < e for s, e in taken):
                return
            if y is None or not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
                return
            value = f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if d else "")
            found.append(DateMention(m.group(0), value, m.start(), m.end()))
            taken.append((m.start(), m.end()))

        for m in ZH_FULL.finditer(text):
            add(m, int(m.group(1)), int(m.group(2)), int(m.group(3)))
        for m in NUMERIC.finditer(text):
            add(m, int(m.group(1)), int(m.group(3)), int(m.group(4)))
        for m in ZH_MONTH_DAY.finditer(text):
            add(m, year, int(m.group(1)), int(m.group(2)))
        for m in EN_MONTH_DAY.finditer(text):
            add(m, int(m.group(3)) if m.group(3) else year, MONTHS[m.group(1).lower()], int(m.group(2)))
        for m in EN_DAY_MONTH.finditer(text):
            add(m, int(m.group(3)) if m.group(3) else year, MONTHS[m.group(2).lower()], int(m.group(1)))
        for m in EN_MONTH_YEAR.finditer(text):
            add(m, int(m.group(2)), MONTHS[m.group(1).lower()], None)
        doc.dates = sorted(found, key=lambda d: d.start)
        return doc
