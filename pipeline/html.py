"""Main text and metadata of an HTML page, with trafilatura (no hand-written tag stripping).

trafilatura parses with lxml's HTML parser, which neither fetches anything nor expands external
entities; newsclean never passes it a URL to download.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from .errors import InputError

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


@dataclass
class PageContent:
    text: str
    title: str | None = None
    date: str | None = None  # as trafilatura found it: YYYY-MM-DD
    author: str | None = None
    sitename: str | None = None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (<meta charset> or http-equiv)."""
    m = META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def extract(html: str, settings: Mapping[str, Any], url: str | None = None) -> PageContent:
    """The page's main text, paragraphs separated by newlines, with the metadata trafilatura found."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=settings.get("include_comments", False),
        include_tables=settings.get("include_tables", True),
        favor_precision=settings.get("favor_precision", False),
        favor_recall=settings.get("favor_recall", False),
        deduplicate=False,
        max_tree_size=settings.get("max_tree_size"),
    )
    if result is None or not (result.text or "").strip():
        raise InputError("no_main_text", "trafilatura found no main text in the page (scripts, menus or nothing else)")
    return PageContent(text=result.text, title=result.title or None, date=result.date or None,
                       author=result.author or None, sitename=result.sitename or None)
