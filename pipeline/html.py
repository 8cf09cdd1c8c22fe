"""Main text and metadata of an HTML page, with trafilatura (no hand-written tag stripping).

Three things are added around trafilatura, each for a kind of page it gets wrong:

- Layout tables. Pages from before CSS (most Chinese news pages up to ~2008) lay the whole page out
  in nested tables; trafilatura keeps a table whole, so the article came out with every menu cell
  of the page around it. A table that is not a data table (the test is Mozilla Readability's
  `_markDataTables`) has its rows and cells turned into plain blocks before extraction, so the
  article's cell competes on its own. Data tables stay tables.
- A cascade of settings. The configured (precise) extraction comes first; when it finds nothing,
  or only table rows (a page's metadata box instead of its prose), the balanced and then the
  recall-oriented settings are tried.
- Context lines. The lines of the page just before and after the main text (title, time line,
  "作者：", "责任编辑：", "来源：" ...) are handed on as `head` and `tail`, so the boilerplate stage
  can read the byline and the date from them with the same rules it uses on the text.

trafilatura parses with lxml's HTML parser, which neither fetches anything nor expands external
entities; newsclean never passes it a URL to download.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from .errors import InputError

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
SPACES = re.compile(r"\s+")
# elements whose text is never visible
INVISIBLE = frozenset(("script", "style", "noscript", "template", "head", "title", "iframe", "object", "select",
                       "option", "textarea", "svg"))
# elements that start a new line of visible text
BLOCKS = frozenset(("p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
                    "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "aside", "nav", "main",
                    "blockquote", "pre", "form", "hr", "center", "address", "figure", "figcaption", "caption",
                    "tbody", "thead", "tfoot", "fieldset", "legend", "details", "summary", "body"))
TABLE_PARTS = ("table", "tbody", "thead", "tfoot", "tr", "td", "th")
TABLE_ROW = re.compile(r"^\s*\|")


@dataclass
class PageContent:
    text: str
    title: str | None = None
    date: str | None = None  # as trafilatura found it in the page's metadata: YYYY-MM-DD
    author: str | None = None
    sitename: str | None = None
    head: list[str] = field(default_factory=list)  # visible lines of the page before the main text
    tail: list[str] = field(default_factory=list)  # and after it
    mode: str = ""  # the settings that produced the text: precision, balanced or recall


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (<meta charset> or http-equiv)."""
    m = META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def is_data_table(table, max_cell_chars: int = 300) -> bool:
    """Readability's test: a table that holds data (rows and columns of values), not a page layout.
    One addition: a cell holding more than `max_cell_chars` of text is an article in a layout."""
    if table.get("role") == "presentation" or table.get("datatable") == "0":
        return False
    if any(len(cell.text_content()) > max_cell_chars for cell in table.iter("td")):
        return False
    if table.get("summary") or table.find(".//caption") is not None:
        return True
    if any(table.find(f".//{tag}") is not None for tag in ("thead", "tfoot", "col", "colgroup", "th")):
        return True
    if table.find(".//table") is not None:
        return False
    rows = table.findall(".//tr")
    columns = max((len(row.findall("./td")) for row in rows), default=0)
    if len(rows) <= 1 or columns <= 1:
        return False
    if len(rows) >= 10 or columns > 4:
        return True
    return len(rows) * columns > 10


def unwrap_layout_tables(tree) -> int:
    """Turn layout tables into plain blocks (see the module's docstring); returns how many."""
    layout = [t for t in tree.iter("table") if not is_data_table(t)]
    for table in layout:
        for el in table.iter(*TABLE_PARTS):
            # a data table inside a layout table keeps its structure
            if el is table or not _inside_data_table(el, table):
                el.tag = "div"
    return len(layout)


def _inside_data_table(el, layout_table) -> bool:
    parent = el.getparent() if el.tag != "table" else el
    while parent is not None and parent is not layout_table:
        if parent.tag == "table":
            return True
        parent = parent.getparent()
    return False


def visible_lines(tree) -> list[str]:
    """The page's visible text, one line per block, whitespace collapsed, empty lines dropped."""
    from lxml import etree

    parts: list[str] = []
    skip = 0
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in INVISIBLE:
                skip += 1
            elif not skip:
                if tag in BLOCKS:
                    parts.append("\n")
                if el.text:
                    parts.append(el.text)
        else:
            if tag in INVISIBLE:
                skip -= 1
            elif not skip and tag in BLOCKS:
                parts.append("\n")
            if not skip and el.tail and el is not tree:
                parts.append(el.tail)
    lines = (SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def _key(s: str) -> str:
    return SPACES.sub("", s)


def context_around(lines: list[str], text: str, size: int) -> tuple[list[str], list[str]]:
    """The `size` page lines before the main text's first paragraph and after its last one.
    Nothing when the text cannot be placed in the page (then a guess would be worse than none)."""
    paragraphs = [_key(p) for p in text.split("\n") if len(_key(p)) >= 4]
    if not paragraphs or size <= 0:
        return [], []
    keys = [_key(line) for line in lines]
    first, last = paragraphs[0][:16], paragraphs[-1][-16:]
    start = next((i for i, k in enumerate(keys) if first in k), None)
    if start is None:
        return [], []
    end = next((i for i in range(len(keys) - 1, start - 1, -1) if last in keys[i]), start)
    return lines[max(0, start - size):start], lines[end + 1:end + 1 + size]


def extract(html: str, settings: Mapping[str, Any], url: str | None = None) -> PageContent:
    """The page's main text, paragraphs separated by newlines, with the metadata trafilatura found."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:  # trafilatura refuses what does not start like a page (a saved fragment)
        import lxml.html
        from lxml.etree import ParserError

        try:
            tree = lxml.html.document_fromstring(html)
        except (ParserError, ValueError):
            raise InputError("no_main_text", "the page does not parse as HTML") from None
    if settings.get("unwrap_layout_tables", True):
        unwrap_layout_tables(tree)
    common = dict(
        url=url,
        with_metadata=True,
        include_comments=settings.get("include_comments", False),
        include_tables=settings.get("include_tables", True),
        deduplicate=False,
        # only dates the page states as metadata (meta tags, JSON-LD, <time>): a date guessed from
        # free text is often a copyright year; the boilerplate stage reads the page's time line instead
        date_extraction_params={"extensive_search": bool(settings.get("date_extensive_search", False)),
                                "original_date": True},
    )
    first = "precision" if settings.get("favor_precision", True) else "recall" if settings.get("favor_recall") else "balanced"
    modes = [first] + [m for m in ("balanced", "recall") if m != first]
    result, text, mode = None, "", first
    for mode in modes:
        result = trafilatura.bare_extraction(tree, favor_precision=mode == "precision",
                                             favor_recall=mode == "recall", **common)
        text = (result.text or "").strip() if result is not None else ""
        if text and not all(TABLE_ROW.match(line) for line in text.split("\n") if line.strip()):
            break
    if not text:
        raise InputError("no_main_text", "trafilatura found no main text in the page (scripts, menus or nothing else)")
    head, tail = context_around(visible_lines(tree), text, int(settings.get("context_lines", 12)))
    return PageContent(text=text, title=result.title or None, date=result.date or None,
                       author=result.author or None, sitename=result.sitename or None,
                       head=head, tail=tail, mode=mode)
