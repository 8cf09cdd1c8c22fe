"""entities: PERSON, ORG, GPE, LOC, DATE over the cleaned text, with exact offsets.

First level: nothing statistical yet; place names from the gazetteer in configs/entities/.
"""
from __future__ import annotations

import re

from ..document import Document, Entity
from .base import Stage, StageContext


class Entities(Stage):
    name = "entities"

    def __init__(self, context: StageContext):
        super().__init__(context)
        self.patterns: list[tuple[str, re.Pattern]] = []
        for label, key in (("GPE", "gpe_file"),):
            if context.settings.get(key):
                names = context.read_lines(context.path(key), key)
                alternation = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                self.patterns.append((label, re.compile(rf"(?<![A-Za-z])(?:{alternation})(?![a-z])")))

    def process(self, doc: Document) -> Document:
        found: list[Entity] = []
        for label, pattern in self.patterns:
            for m in pattern.finditer(doc.text):
                found.append(Entity(m.group(0), label, m.start(), m.end()))
        doc.entities = sorted(found, key=lambda e: (e.start, e.end))
        return doc
