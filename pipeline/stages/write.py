"""write: check the finished document against the contract's invariants and serialize it.

The runner collects the serialized lines and writes them, sorted by id, to articles.jsonl.
"""
from __future__ import annotations

import orjson

from ..document import Document
from .base import Stage


class OffsetError(AssertionError):
    """A stage produced an entity, date or official span that does not index the text (a bug)."""


class Write(Stage):
    name = "write"

    def process(self, doc: Document) -> Document:
        text = doc.text
        for kind, items in (("entities", doc.entities), ("dates", doc.dates)):
            for item in items:
                if not (0 <= item.start < item.end <= len(text)) or text[item.start:item.end] != item.text:
                    raise OffsetError(f"{kind} item {item.text!r} at {item.start}:{item.end} does not match the text")
        for official in doc.officials:
            for start, end in official.spans:
                if not 0 <= start < end <= len(text):
                    raise OffsetError(f"official {official.name!r} span {start}:{end} is outside the text")
        return doc


def serialize(record: dict) -> bytes:
    """One JSON line: UTF-8, not ASCII-escaped, keys in the contract's order."""
    return orjson.dumps(record)
