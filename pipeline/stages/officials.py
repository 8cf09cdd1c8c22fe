"""officials: named office-holders with every title/organisation pair the article gives them.

First level: nothing yet (see issue 6).
"""
from __future__ import annotations

from ..document import Document
from .base import Stage


class Officials(Stage):
    name = "officials"

    def process(self, doc: Document) -> Document:
        doc.officials = []
        return doc
