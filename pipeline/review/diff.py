"""Record-level diff of two outputs: which articles were added, removed or changed, and how.

Both files are sorted by id (the runner writes them so), so they are merged like two sorted lists
and memory holds one pair of records at a time. A file that is not sorted (edited by hand) is
compared in memory instead.

For a changed article each field is compared in its own way: the text as an inline diff whose
unit is a character for Chinese and a word for English (paragraphs first, so a long article stays
fast); entities, officials, dates, edits and warnings as items that appeared or vanished (offsets
move whenever text does, so they are not part of an item); other fields as old -> new. The
`pipeline` field (version and config digest) is left out: it changes on every record when the
configuration does, which says nothing about any one article.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Callable, Iterable, Iterator

from .records import RecordSource

IGNORED_FIELDS = ("pipeline",)
ITEM_FIELDS = ("entities", "officials", "dates", "edits", "warnings")
# a word of a script written with spaces; everything else (a Han character, a punctuation mark) is its own unit
TOKEN = re.compile(r"(?:(?![\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff])\w)+|\s+|.", re.S)
CONTEXT = 30  # characters of unchanged text kept around a change
MAX_TOKEN_PAIRS = 25_000_000  # beyond this an inline diff is slower than it is useful: show old and new whole


# ---------------------------------------------------------------- text
@dataclass
class Hunk:
    """One changed stretch of text: segments (op, text) with op ' ' (kept), '-' or '+'."""
    paragraph: int  # 1-based paragraph number in the new text where it starts
    segments: list[tuple[str, str]]


@dataclass
class TextDiff:
    hunks: list[Hunk]
    removed_chars: int = 0
    added_chars: int = 0


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _inline(old: str, new: str) -> list[tuple[str, str]]:
    a, b = tokens(old), tokens(new)
    if len(a) * len(b) > MAX_TOKEN_PAIRS:
        return [("-", old), ("+", new)]
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append((" ", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", "".join(b[j1:j2])))
    return _merge(out)


def _merge(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Group each run of changes into one removal and one addition; a lone space between two
    changed words joins them ("[-Supervision Bureau-]{+Regulation Office+}", not word by word)."""
    out: list[tuple[str, str]] = []
    removed, added = [], []

    def flush() -> None:
        if removed:
            out.append(("-", "".join(removed)))
        if added:
            out.append(("+", "".join(added)))
        removed.clear()
        added.clear()

    for n, (op, text) in enumerate(segments):
        if op == " ":
            between = 0 < n < len(segments) - 1 and (removed or added) and segments[n + 1][0] != " "
            if between and len(text) == 1 and text.isspace():
                removed.append(text)
                added.append(text)
                continue
            flush()
            if out and out[-1][0] == " ":
                out[-1] = (" ", out[-1][1] + text)
            else:
                out.append((" ", text))
        else:
            (removed if op == "-" else added).append(text)
    flush()
    return [(op, text) for op, text in out if text]


def _trim(segments: list[tuple[str, str]], context: int) -> list[tuple[str, str]]:
    """Shorten long unchanged runs to `context` characters on each side of a change."""
    out = []
    last = len(segments) - 1
    for n, (op, text) in enumerate(segments):
        keep_head, keep_tail = n > 0, n < last  # the sides that touch a change
        if op != " " or len(text) <= context * (keep_head + keep_tail) + 1:
            out.append((op, text))
            continue
        out.append((" ", (text[:context] if keep_head else "") + "…" + (text[-context:] if keep_tail else "")))
    return out


def text_diff(old: str, new: str, context: int = CONTEXT) -> TextDiff:
    pa, pb = old.split("\n"), new.split("\n")
    result = TextDiff([])
    for op, i1, i2, j1, j2 in SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        old_block, new_block = "\n".join(pa[i1:i2]), "\n".join(pb[j1:j2])
        if op == "delete":
            segments = [("-", old_block)]
        elif op == "insert":
            segments = [("+", new_block)]
        else:
            segments = _inline(old_block, new_block)
        for s_op, s_text in segments:
            if s_op == "-":
                result.removed_chars += len(s_text)
            elif s_op == "+":
                result.added_chars += len(s_text)
        result.hunks.append(Hunk(j1 + 1, _trim(segments, context)))
    return result


# ---------------------------------------------------------------- items
def _short(value: Any, limit: int = 60) -> str:
    text = str(value).replace("\n", "⏎")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def item_key(field_name: str, item: Any) -> str:
    """How an item reads in a diff (and what makes two items the same)."""
    if not isinstance(item, dict):
        return str(item)
    if field_name == "entities":
        return f"{item.get('label')} {item.get('text')}"
    if field_name == "dates":
        return f"{item.get('text')} = {item.get('value')}"
    if field_name == "officials":
        roles = "; ".join(f"{r.get('title')}" + (f" @ {r['org']}" if r.get("org") else "")
                          for r in item.get("roles", []) if isinstance(r, dict))
        return f"{item.get('name')} ({roles})"
    if field_name == "edits":
        out = f"{item.get('stage')}/{item.get('rule')} {item.get('action')}"
        if item.get("before"):
            out += f" «{_short(item['before'])}»"
        if item.get("after") is not None:
            out += f" → «{_short(item['after'])}»"
        if (item.get("count") or 1) > 1:
            out += f" ×{item['count']}"
        return out
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


def _counted(keys: Counter) -> list[str]:
    return [k if n == 1 else f"{k} ×{n}" for k, n in keys.items()]


# ---------------------------------------------------------------- one article
@dataclass
class FieldChange:
    field: str  # text, entities, title, byline.authors, source.sha256 ...
    kind: str  # text | items | value
    old: Any = None
    new: Any = None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    text: TextDiff | None = None
    note: str | None = None


@dataclass
class ArticleDiff:
    id: str
    status: str  # added | removed | changed
    old: dict | None
    new: dict | None
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def record(self) -> dict:
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    def fields(self) -> list[str]:
        return [c.field for c in self.changes]


def _items(field_name: str, old: list, new: list) -> FieldChange | None:
    a = Counter(item_key(field_name, x) for x in old)
    b = Counter(item_key(field_name, x) for x in new)
    added, removed = b - a, a - b
    if added or removed:
        return FieldChange(field_name, "items", old, new, _counted(added), _counted(removed))
    return None


def compare_records(old: dict, new: dict, ignore: Iterable[str] = IGNORED_FIELDS) -> list[FieldChange]:
    """What differs between two versions of one article, field by field, in the record's order."""
    changes: list[FieldChange] = []
    ignore = set(ignore)
    keys = list(new) + [k for k in old if k not in new]
    text_changed = old.get("text") != new.get("text")
    for key in keys:
        if key in ignore:
            continue
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key == "text" and isinstance(a, str) and isinstance(b, str):
            changes.append(FieldChange("text", "text", a, b, text=text_diff(a, b)))
        elif isinstance(a, list) and isinstance(b, list):
            change = _items(key, a, b)
            if change is not None:
                changes.append(change)
            elif not text_changed:  # the same items at other places of an unchanged text
                changes.append(FieldChange(key, "items", a, b, note="same items, other offsets or order"))
        elif isinstance(a, dict) and isinstance(b, dict):
            for sub in list(b) + [s for s in a if s not in b]:
                x, y = a.get(sub), b.get(sub)
                if x == y:
                    continue
                if isinstance(x, list) and isinstance(y, list):
                    change = _items(f"{key}.{sub}", x, y) or FieldChange(f"{key}.{sub}", "items", x, y,
                                                                         note="same items, other order")
                    changes.append(change)
                else:
                    changes.append(FieldChange(f"{key}.{sub}", "value", x, y))
        else:
            changes.append(FieldChange(key, "value", a, b))
    return changes


# ---------------------------------------------------------------- two outputs
def pairs(old: RecordSource, new: RecordSource) -> Iterator[tuple[str, dict | None, dict | None, bool]]:
    """(id, old record, new record, same bytes) for every id of either source, in id order.

    Sorted sources (what the runner writes) are merged as they stream; a source that is not sorted
    (edited by hand) is found by a quick first pass over its ids, and then compared in memory.
    """
    if old.is_sorted() and new.is_sorted():
        yield from _merge_join(old.records(), new.records())
    else:
        yield from pairs_in_memory(old, new)


def _merge_join(a_iter, b_iter) -> Iterator[tuple[str, dict | None, dict | None, bool]]:
    a = next(a_iter, None)
    b = next(b_iter, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            yield a[0], a[1], None, False
            a = next(a_iter, None)
        elif a is None or b[0] < a[0]:
            yield b[0], None, b[1], False
            b = next(b_iter, None)
        else:
            yield a[0], a[1], b[1], a[2] == b[2]
            a = next(a_iter, None)
            b = next(b_iter, None)


def pairs_in_memory(old: RecordSource, new: RecordSource) -> Iterator[tuple[str, dict | None, dict | None, bool]]:
    olds = {k: (r, line) for k, r, line in old.records()}
    news = {k: (r, line) for k, r, line in new.records()}
    for key in sorted(olds.keys() | news.keys()):
        a, b = olds.get(key), news.get(key)
        yield key, a[0] if a else None, b[0] if b else None, bool(a and b and a[1] == b[1])


@dataclass
class Tally:
    """Counts for the summary: articles by status, changed fields, and rules whose edits came or went."""
    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0
    fields: Counter = field(default_factory=Counter)
    rules_gained: Counter = field(default_factory=Counter)  # rule -> articles where it newly fires
    rules_lost: Counter = field(default_factory=Counter)  # rule -> articles where it no longer fires
    pipelines: set = field(default_factory=set)  # (old config, new config) digests seen

    def count(self, d: ArticleDiff) -> None:
        if d.status == "added":
            self.added += 1
        elif d.status == "removed":
            self.removed += 1
        else:
            self.changed += 1
            self.fields.update(d.fields())
            # rules are counted on changed articles only: an added article brings all its rules along
            old_rules, new_rules = _rules(d.old), _rules(d.new)
            self.rules_gained.update(new_rules - old_rules)
            self.rules_lost.update(old_rules - new_rules)

    @property
    def differs(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _rules(record: dict | None) -> set[str]:
    if not record:
        return set()
    return {f"{e.get('stage')}/{e.get('rule')}" for e in record.get("edits", []) if isinstance(e, dict)}


def compare(old: RecordSource, new: RecordSource, tally: Tally | None = None,
            ignore: Iterable[str] = IGNORED_FIELDS) -> Iterator[ArticleDiff]:
    """The articles that differ, in id order; `tally` (when given) also counts the unchanged ones."""
    ignore = tuple(ignore)
    for key, a, b, same in pairs(old, new):
        if tally is not None and a is not None and b is not None:
            tally.pipelines.add((str((a.get("pipeline") or {}).get("config")), str((b.get("pipeline") or {}).get("config"))))
        if same:
            if tally is not None:
                tally.unchanged += 1
            continue
        if "\0" in key:  # an errors.jsonl record: shown as path:line
            path, _, line = key.partition("\0")
            key = path + (f":{int(line)}" if int(line) else "")
        if a is None:
            d = ArticleDiff(key, "added", None, b)
        elif b is None:
            d = ArticleDiff(key, "removed", a, None)
        else:
            changes = compare_records(a, b, ignore)
            if not changes:
                if tally is not None:
                    tally.unchanged += 1
                continue
            d = ArticleDiff(key, "changed", a, b, changes)
        if tally is not None:
            tally.count(d)
        yield d


# ---------------------------------------------------------------- terminal rendering
def _summary_of(record: dict) -> str:
    if "code" in record and "text" not in record:  # an errors.jsonl record
        return f"{record.get('code')}: {_short(record.get('message'), 90)}"
    title = record.get("title")
    text = record.get("text") or ""
    parts = [f"{record.get('lang', '?')}", f"{len(text)} chars"]
    if isinstance(record.get("entities"), list):
        parts.append(f"{len(record['entities'])} entities")
    return (f"{_short(title, 70)}  " if title else "") + "(" + ", ".join(parts) + ")"


def format_article(d: ArticleDiff, paint) -> Iterator[str]:
    """The lines of one article's diff."""
    if d.status == "added":
        yield paint.plus(f"+ {d.id}") + "  " + paint.dim(_summary_of(d.record))
        return
    if d.status == "removed":
        yield paint.minus(f"- {d.id}") + "  " + paint.dim(_summary_of(d.record))
        return
    source = (d.new or {}).get("source", {}).get("path", "") if isinstance((d.new or {}).get("source"), dict) else ""
    yield paint.header(f"~ {d.id}") + "  " + paint.dim(f"{source}  [{', '.join(d.fields())}]")
    for c in d.changes:
        if c.kind == "text" and c.text is not None:
            yield "  text: " + paint.dim(f"-{c.text.removed_chars} +{c.text.added_chars} chars")
            for hunk in c.text.hunks:
                body = "".join(text if op == " " else paint.removed(text) if op == "-" else paint.added(text)
                               for op, text in hunk.segments)
                lines = body.split("\n")
                yield f"    ¶{hunk.paragraph} " + lines[0]
                for line in lines[1:]:
                    yield "       " + line
        elif c.kind == "items":
            if c.note:
                yield f"  {c.field}: " + paint.dim(c.note)
                continue
            yield f"  {c.field}:"
            for item in c.removed:
                yield "    " + paint.minus(f"- {item}")
            for item in c.added:
                yield "    " + paint.plus(f"+ {item}")
        else:
            yield f"  {c.field}: " + paint.minus(_value(c.old)) + " → " + paint.plus(_value(c.new))


def _value(v: Any) -> str:
    if v is None:
        return "null"
    return _short(v, 100) if isinstance(v, str) else _short(repr(v), 100)


STAT_FIELDS = ("text", "entities", "officials", "dates", "edits")


def stat_row(d: ArticleDiff) -> dict[str, str]:
    """One article's line of the --stat table: id, status, and +/- per field."""
    row = {"id": d.id, "status": {"added": "+", "removed": "-", "changed": "~"}[d.status]}
    if d.status != "changed":
        rec = d.record
        sign = "+" if d.status == "added" else "-"
        row["text"] = f"{sign}{len(rec.get('text') or '')}"
        for f in STAT_FIELDS[1:]:
            if rec.get(f):
                row[f] = f"{sign}{len(rec[f])}"
        return row
    other = []
    for c in d.changes:
        if c.field == "text" and c.text is not None:
            row["text"] = f"-{c.text.removed_chars} +{c.text.added_chars}"
        elif c.field in STAT_FIELDS:
            row[c.field] = "~" if c.note else f"-{sum(_n(x) for x in c.removed)} +{sum(_n(x) for x in c.added)}"
        else:
            other.append(c.field)
    if other:
        row["other"] = ", ".join(other)
    return row


def _n(item: str) -> int:
    m = re.search(r" ×(\d+)$", item)
    return int(m.group(1)) if m else 1


def format_stat(rows: list[dict[str, str]]) -> Iterator[str]:
    columns = ("status", "id") + STAT_FIELDS + ("other",)
    widths = {c: max([len(c if c != "status" else "")] + [len(r.get(c, "")) for r in rows]) for c in columns}
    head = {"status": "", "id": "article"}
    yield "  ".join((head.get(c, c)).ljust(widths[c]) for c in columns).rstrip()
    for r in rows:
        yield "  ".join(r.get(c, "").ljust(widths[c]) for c in columns).rstrip()


def format_summary(tally: Tally, old_label: str, new_label: str, paint) -> Iterator[str]:
    total = tally.added + tally.removed + tally.changed + tally.unchanged
    yield paint.header(f"{tally.changed} changed, {tally.added} added, {tally.removed} removed, "
                       f"{tally.unchanged} unchanged of {total} articles") + paint.dim(f"  ({old_label} → {new_label})")
    if tally.fields:
        yield "fields changed: " + ", ".join(f"{f} {n}" for f, n in tally.fields.most_common())
    for rule, n in sorted(tally.rules_gained.items()):
        yield paint.plus(f"rule now fires: {rule} in {n} more article{'s' if n > 1 else ''}")
    for rule, n in sorted(tally.rules_lost.items()):
        yield paint.minus(f"rule no longer fires: {rule} in {n} article{'s' if n > 1 else ''}")
    configs = {p for p in tally.pipelines if p[0] != p[1]}
    if configs:
        olds = ", ".join(sorted({p[0] for p in configs}))
        news = ", ".join(sorted({p[1] for p in configs}))
        yield paint.dim(f"pipeline config: {olds} → {news} (not listed per article)")


def render(old: RecordSource, new: RecordSource, paint, stat: bool = False,
           write: Callable[[str], None] = print, ignore: Iterable[str] = IGNORED_FIELDS) -> Tally:
    """Write the diff of two outputs line by line as it is computed; return the counts."""
    tally = Tally()
    rows = []
    for d in compare(old, new, tally, ignore):
        if stat:
            rows.append(stat_row(d))
        else:
            for line in format_article(d, paint):
                write(line)
    if stat and rows:
        for line in format_stat(rows):
            write(line)
    if not stat and tally.differs:
        write("")
    for line in format_summary(tally, old.label, new.label, paint):
        write(line)
    return tally
