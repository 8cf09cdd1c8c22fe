"""`newsclean show ID`: one article in the terminal.

First the raw input, re-read from `source.path`, with each stretch a rule removed or rewrote marked
and labelled ⟦stage/rule⟧ (see `annotate`); then the cleaned text with its entities highlighted; then
the byline, officials, dates and the edits list. The raw input is found at `source.path`, else under
`--raw` (the path's tail, folder by folder); when its bytes are no longer those the record was made
from (`source.sha256`), that is said, and the marks are only as good as the match.
"""
from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import orjson

from .annotate import UNEXPLAINED, Segment, annotate, entity_segments
from .records import LEADING_ID, SourceError, resolve


def find_record(out: Path | str, article_id: str) -> dict:
    """The record of `article_id` in an output folder or file (read as a stream, stopping at the id)."""
    source = resolve(str(out))
    wanted = article_id.encode()
    ids: list[str] = []
    for line in source.lines():
        m = LEADING_ID.match(line)
        key = orjson.loads(m.group(1)) if m else None
        if key is None:
            try:
                key = orjson.loads(line).get("id")
            except (orjson.JSONDecodeError, AttributeError):
                continue
        if key == article_id or (m is None and key == wanted):
            return orjson.loads(line)
        if isinstance(key, str):
            ids.append(key)
    close = difflib.get_close_matches(article_id, ids, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else f" ({len(ids)} articles there)"
    raise SourceError(f"no article {article_id!r} in {source.label}{hint}")


@dataclass
class RawInput:
    text: str | None
    path: Path | None
    note: str | None = None  # why the raw text is missing or may not match


def candidates(source_path: str, raw_dir: Path) -> Iterator[Path]:
    path = Path(source_path)
    yield path
    parts = path.parts
    for k in range(len(parts)):
        yield Path(raw_dir, *parts[k:])


def read_raw(record: dict, raw_dir: Path | str = "raw") -> RawInput:
    """The raw text the record was made from, decoded as the read stage decoded it."""
    src = record.get("source") or {}
    if not isinstance(src, dict) or not src.get("path"):
        return RawInput(None, None, "the record names no source path")
    found = next((p for p in candidates(src["path"], Path(raw_dir)) if p.is_file()), None)
    if found is None:
        return RawInput(None, None, f"raw input {src['path']} not found (give its folder with --raw)")
    data = found.read_bytes()
    fmt = src.get("format")
    note = None
    if fmt in ("json", "jsonl"):
        text, note = _record_text(data, fmt, src.get("line"))
        if text is None:
            return RawInput(None, found, note)
        body = text
    else:
        if hashlib.sha256(data).hexdigest() != src.get("sha256"):
            note = f"{found} changed since this record was made: marks may be misplaced"
        encoding = src.get("encoding") or "utf-8"
        try:
            body = data.decode(encoding, errors="replace")
        except LookupError:
            body = data.decode("utf-8", errors="replace")
        body = body.lstrip("\ufeff")
    if fmt == "html" or (fmt in ("json", "jsonl") and note == "html"):
        body, note = _html_text(body), None
    return RawInput(body.replace("\r\n", "\n").replace("\r", "\n"), found, note)


def _record_text(data: bytes, fmt: str, line: int | None) -> tuple[str | None, str | None]:
    try:
        if fmt == "jsonl":
            raw_line = data.split(b"\n")[(line or 1) - 1]
            obj = json.loads(raw_line.decode("utf-8-sig"))
        else:
            obj = json.loads(data.decode("utf-8-sig"))
            if isinstance(obj, list):
                obj = obj[(line or 1) - 1]
    except (IndexError, ValueError, UnicodeDecodeError):
        return None, "the raw record cannot be read again (the file changed?)"
    if not isinstance(obj, dict):
        return None, "the raw record is not an object"
    if isinstance(obj.get("text"), str):
        return obj["text"], None
    if isinstance(obj.get("html"), str):
        return obj["html"], "html"
    return None, "the raw record has neither text nor html"


def _html_text(html: str) -> str:
    """The page's main text as the read stage extracts it (the raw view of an HTML input)."""
    from ..config import load_config
    from ..html import extract

    settings = load_config().section("read").get("html", {})
    return extract(html, settings).text


# ---------------------------------------------------------------- terminal
def mark_label(seg: Segment) -> str:
    """The rule, and "extract" when what it removed went into a field (title, byline, published)."""
    return (seg.label or UNEXPLAINED) + (" extract" if seg.action == "extract" else "")


class Tags:
    """Short tags for rules that fire many times in an article: the first mark of a rule reads
    "#2 repair/pinyin_annotation", the next ones "#2" (a Chinese article can have hundreds)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, seg: Segment) -> tuple[str, str]:
        """(the text of the tag, the full label)."""
        full = mark_label(seg)
        rule = full.rstrip("?").replace("? extract", " extract")
        guess = "?" if (seg.label or "").endswith("?") else ""
        if rule in self.numbers:
            return f"#{self.numbers[rule]}{guess}", full
        self.numbers[rule] = len(self.numbers) + 1
        return f"#{self.numbers[rule]} {full}", full


def raw_lines(segments: list[Segment], paint) -> list[str]:
    out = []
    tag = Tags()
    for seg in segments:
        if seg.kind == "keep":
            out.append(seg.text)
        elif seg.kind == "touch":
            out.append(paint.touched(seg.text))
        elif seg.kind == "remove":
            out.append(paint.removed(seg.text) + paint.label(tag(seg)[0]))
        elif seg.kind == "replace":
            out.append(paint.removed(seg.text) + paint.added(seg.inserted) + paint.label(tag(seg)[0]))
        else:  # insert
            out.append(paint.added(seg.inserted) + paint.label(tag(seg)[0]))
    return "".join(out).split("\n")


def format_show(record: dict, raw_dir: Path | str, paint) -> Iterator[str]:
    rid = record.get("id")
    src = record.get("source") or {}
    yield paint.header(f"=== {rid} ===") + "  " + paint.dim(f"{src.get('path')} ({src.get('format')}, {src.get('encoding')})")
    yield f"lang {record.get('lang')}" + (f", input script {record['script']}" if record.get("script") else "")
    if record.get("title"):
        yield f"title: {record['title']}"
    if record.get("published"):
        yield f"published: {record['published']}"
    by = record.get("byline") or {}
    for key in ("outlet", "authors", "editors", "reviewers"):
        value = by.get(key)
        if value:
            yield f"{key}: {value if isinstance(value, str) else ', '.join(value)}"
    yield ""
    raw = read_raw(record, raw_dir)
    yield paint.header("--- raw input, with what each rule did")
    if raw.note:
        yield paint.dim(f"({raw.note})")
    if raw.text is not None:
        segments = annotate(raw.text, record.get("text") or "", record.get("edits") or [])
        yield from raw_lines(segments, paint)
        yield paint.dim(legend(segments, paint.color))
    yield ""
    yield paint.header("--- cleaned text, entities marked")
    pieces = entity_segments(record.get("text") or "", record.get("entities") or [])
    yield from "".join(t if label is None else paint.entity(t, label) for t, label in pieces).split("\n")
    yield ""
    officials = record.get("officials") or []
    if officials:
        yield paint.header(f"--- officials ({len(officials)})")
        for o in officials:
            roles = "; ".join(str(r.get("title")) + (f" @ {r['org']}" if r.get("org") else "") for r in o.get("roles") or [])
            yield f"  {o.get('name')}: {roles}"
    dates = record.get("dates") or []
    if dates:
        yield paint.header(f"--- dates ({len(dates)})")
        width = max(len(str(d.get("value"))) for d in dates)
        for d in dates:
            yield f"  {str(d.get('value')):<{width}}  {d.get('text')}  @{d.get('start')}"
    edits = record.get("edits") or []
    if edits:
        yield paint.header(f"--- edits ({len(edits)})")
        for e in edits:
            count = f" ×{e['count']}" if (e.get("count") or 1) > 1 else ""
            yield f"  {e.get('stage')}/{e.get('rule')} {e.get('action')}{count}"
    if record.get("warnings"):
        yield paint.header("--- warnings")
        yield from (f"  {w}" for w in record["warnings"])


def legend(segments: list[Segment], color: bool) -> str:
    """What the marks of the raw view stand for, with counts per rule."""
    counts: dict[str, int] = {}
    touched: dict[str, int] = {}
    for s in segments:
        if s.kind == "keep":
            continue
        target = touched if s.kind == "touch" else counts
        target[s.label or UNEXPLAINED] = target.get(s.label or UNEXPLAINED, 0) + (len(s.text) if s.kind == "touch" else 1)
    parts = [f"{n}× {label}" for label, n in counts.items()]
    if touched:
        parts.append(("underlined" if color else "not marked") + ": characters changed by "
                     + ", ".join(f"{label} ({n})" for label, n in touched.items()))
    if any(label.endswith("?") for label in counts):
        parts.append("rule? = put down to that rule by likeness to the example its edit records")
    return "marks: " + "; ".join(parts) if parts else "marks: none (the raw text was kept as it is)"
