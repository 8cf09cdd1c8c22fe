"""Where in the raw text each edit happened: the spans a rule removed or rewrote, labelled with the rule.

An output record keeps its cleaned `text` and its `edits` (stage, rule, action, before, after), not
positions in the raw input, and the raw text went through script conversion and punctuation changes
before boilerplate rules saw it. So the raw text is aligned with the cleaned one on a folded form of
both (Traditional -> Simplified, full width -> ASCII, curly -> straight quotes, whitespace dropped):
what the alignment finds missing or different is a change. Each change is then explained by the edits
whose `before` text (folded the same way) lies there; what no edit explains is marked as such,
which is worth a look: a stage that changed text without saying so.

Characters that differ only by folding (a Traditional character, a full-width comma) are "touched":
marked as the work of the record's normalization edits, without one label per character.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"',
                        "。": ".", "、": ",", "～": "~", "—": "-", "–": "-", "·": "·"})
MAX_ALIGN = 400_000  # folded characters: beyond this, marks come from edits alone (no alignment)
UNEXPLAINED = "unexplained"
WHOLE_SHARE = 0.9  # a located `before` this much changed is marked whole, else only its changed parts
LONG_BEFORE = 20  # non-space characters: a before this long is a removed line, not an excerpt around a change


@dataclass
class Segment:
    """A stretch of the raw text: kept, removed or replaced by a rule, or touched by normalization."""
    text: str
    kind: str = "keep"  # keep | remove | replace | touch | insert
    label: str | None = None  # stage/rule
    inserted: str = ""  # what the cleaned text has instead (replace, insert)
    action: str | None = None  # the edit's action: remove, replace, extract


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # OpenCC missing or broken: folding without script conversion still aligns most text
        return None


def _to_simplified(text: str) -> str:
    conv = _converter()
    if conv is None:
        return text
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    # a phrase conversion changed the length: convert character by character to keep positions
    return "".join(c if len(s := conv.convert(c)) != 1 else s for c in text)


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text (no whitespace) and, for each of its characters, its position in `text`."""
    simplified = _to_simplified(text)
    keys: list[str] = []
    pos: list[int] = []
    for i, ch in enumerate(simplified):
        if ch.isspace():
            continue
        k = unicodedata.normalize("NFKC", ch).translate(QUOTES) if not ch.isascii() else ch
        for c in k:
            if not c.isspace():
                keys.append(c)
                pos.append(i)
    return "".join(keys), pos


def _by_ends(view: str, whole: str) -> list[tuple[int, int]]:
    """Where `whole` nearly is: its first and last characters found at about its length apart."""
    if len(whole) < 10:
        return []
    k = min(6, max(2, len(whole) // 4))
    head, tail = whole[:k], whole[-k:]
    out = []
    for i in _occurrences(view, head):
        j = view.find(tail, i + k, i + len(whole) + len(whole) // 4 + 2)
        if j >= 0 and j + k - i >= len(whole) * 3 // 4:
            out.append((i, j + k))
    return out


def _occurrences(haystack: str, needle: str) -> list[int]:
    out, start = [], 0
    while needle:
        i = haystack.find(needle, start)
        if i < 0:
            break
        out.append(i)
        start = i + max(1, len(needle))
    return out


@dataclass
class _Mark:
    start: int
    end: int
    kind: str
    label: str
    action: str | None = None
    inserted: str = ""


def _label(edit: dict) -> str:
    return f"{edit.get('stage')}/{edit.get('rule')}"


def is_folding(edit: dict) -> bool:
    """An edit whose change folding undoes (script conversion, punctuation width, curly quotes):
    shown as touched characters, never as a removal."""
    before, after = edit.get("before"), edit.get("after")
    return isinstance(before, str) and isinstance(after, str) and bool(after) and fold(before)[0] == fold(after)[0]


def _touch_label(raw_char: str, clean_char: str, edits: list[dict]) -> str:
    """Which normalization edit most likely changed one character."""
    names = list(dict.fromkeys(_label(e) for e in edits if e.get("action") == "replace"))
    if "\u3400" <= raw_char <= "\u9fff" or "\uf900" <= raw_char <= "\ufaff":
        wanted = ("opencc", "script", "t2s", "s2t", "convert", "variant")
    elif raw_char in "‘’“”'\"":
        wanted = ("quote",)
    else:
        wanted = ("punct", "width", "quote")
    for name in names:
        if any(w in name for w in wanted):
            return name
    normalize = [n for n in names if n.startswith("normalize/")]
    return normalize[0] if len(normalize) == 1 else "normalize"


def _lines(keys: str, pos: list[int], text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's folded characters; lines without any are left out."""
    out = []
    i = 0
    n = len(keys)
    while i < n:
        line_end = text.find("\n", pos[i])
        line_end = len(text) if line_end < 0 else line_end
        j = bisect_left(pos, line_end, i)
        out.append((i, j))
        i = j
    return out


def _han_key(line: str) -> str:
    """A line's Han characters only: what repair (pinyin notes, lost '?') and punctuation leave alone."""
    han = "".join(c for c in line if "\u3400" <= c <= "\u9fff")
    return han if len(han) >= 4 else line


def _blocks(kr: str, kc: str, lr: list[tuple[int, int]], lc: list[tuple[int, int]]):
    """Aligned blocks (op, kr start, kr end, kc start, kc end) in three passes: equal lines; then,
    among the lines that differ, lines whose Han characters agree (a Chinese line that lost its pinyin
    notes), aligned character by character one pair at a time; then what is left, by characters."""

    def span(lines, a1, a2, total):
        start = lines[a1][0] if a1 < len(lines) else total
        return start, (lines[a2 - 1][1] if a2 > a1 else start)

    def by_chars(i1, i2, j1, j2):
        if i2 > i1 and j2 > j1 and (i2 - i1) + (j2 - j1) <= MAX_ALIGN:
            for o, x1, x2, y1, y2 in SequenceMatcher(None, kr[i1:i2], kc[j1:j2], autojunk=False).get_opcodes():
                yield o, x1 + i1, x2 + i1, y1 + j1, y2 + j1
        elif i2 > i1 or j2 > j1:
            yield "replace", i1, i2, j1, j2

    def by_lines(a1, a2, b1, b2, key, then):
        ops = SequenceMatcher(None, [key(kr[a:b]) for a, b in lr[a1:a2]], [key(kc[a:b]) for a, b in lc[b1:b2]],
                              autojunk=False).get_opcodes()
        for op, x1, x2, y1, y2 in ops:
            x1, x2, y1, y2 = x1 + a1, x2 + a1, y1 + b1, y2 + b1
            if op == "equal":
                for x, y in zip(range(x1, x2), range(y1, y2)):
                    (i1, i2), (j1, j2) = lr[x], lc[y]
                    if kr[i1:i2] == kc[j1:j2]:
                        yield "equal", i1, i2, j1, j2
                    else:
                        yield from by_chars(i1, i2, j1, j2)
            else:
                yield from then(x1, x2, y1, y2)

    def leftover(x1, x2, y1, y2):
        i1, i2 = span(lr, x1, x2, len(kr))
        j1, j2 = span(lc, y1, y2, len(kc))
        yield from by_chars(i1, i2, j1, j2)

    def han_pass(x1, x2, y1, y2):
        if x2 > x1 and y2 > y1:
            yield from by_lines(x1, x2, y1, y2, _han_key, leftover)
        else:
            yield from leftover(x1, x2, y1, y2)

    yield from by_lines(0, len(lr), 0, len(lc), lambda line: line, han_pass)


def align(raw: str, clean: str, kr: str, pr: list[int], kc: str, pc: list[int]
          ) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    """Changes (raw start, raw end, inserted clean text) and touched characters (raw position, clean
    character). Lines are aligned first and characters only within lines that differ (see _blocks),
    so a long article costs little more than a short one."""
    changes: list[tuple[int, int, str]] = []
    touches: list[tuple[int, str]] = []
    for o, x1, x2, y1, y2 in _blocks(kr, kc, _lines(kr, pr, raw), _lines(kc, pc, clean)):
        if o == "equal":
            for i, j in zip(range(x1, x2), range(y1, y2)):
                r, c = raw[pr[i]], clean[pc[j]]
                if r != c and not (touches and touches[-1][0] == pr[i]):
                    touches.append((pr[i], c))
            continue
        inserted = clean[pc[y1]:pc[y2 - 1] + 1] if y2 > y1 else ""
        if x2 > x1:
            changes.append((pr[x1], pr[x2 - 1] + 1, inserted))
        elif inserted:  # an insertion: at the raw position of the next folded character
            at = pr[x1] if x1 < len(pr) else len(raw)
            changes.append((at, at, inserted))
    return changes, touches


def annotate(raw: str, clean: str, edits: list[dict]) -> list[Segment]:
    """The raw text cut into segments, each removed or changed stretch labelled with its rule.

    Two alignments: the first finds where text changed, which tells the edits' `before` texts where to
    be looked for; the second aligns the raw text without what the edits explain, so what remains
    (changes no edit explains, characters normalization touched) is not an artefact of the first
    alignment choosing between two equal readings.
    """
    edits = [e for e in edits if isinstance(e, dict)]
    kr, pr = fold(raw)
    kc, pc = fold(clean)
    changes, _ = align(raw, clean, kr, pr, kc, pc)
    marks = _locate(raw, kr, pr, changes, edits)
    covered = bytearray(len(raw) + 1)
    for m in marks:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    located = Counter(m.label.rstrip("?") for m in marks)
    keep = [i for i in range(len(kr)) if not covered[pr[i]]]
    rest_changes, touches = align(raw, clean, "".join(kr[i] for i in keep), [pr[i] for i in keep], kc, pc)
    by_end = {m.end: m for m in marks}
    by_start = {m.start: m for m in marks}
    for s, e, inserted in rest_changes:
        if s == e:  # text the cleaned article has and the raw one has not: a replacement's new text?
            m = by_end.get(s) or by_start.get(s) or _mark_before(marks, s, raw)
            if m is not None:
                m.inserted = m.inserted or inserted
                m.kind = "replace"
                continue
        # the parts of [s, e) outside every mark (a span of the reduced text may jump over one)
        cursor = s
        while cursor < e:
            if covered[cursor]:
                cursor += 1
                continue
            gap_end = cursor
            while gap_end < e and not covered[gap_end]:
                gap_end += 1
            gap = _gap(raw, cursor, gap_end, inserted, edits, located)
            inserted = ""
            if gap is not None:
                marks.append(gap)
            cursor = gap_end
        if s == e:
            gap = _gap(raw, s, e, inserted, edits, located)
            if gap is not None:
                marks.append(gap)
    for at, c in touches:  # characters normalization changed, outside the marked stretches
        marks.append(_Mark(at, at + 1, "touch", _touch_label(raw[at], c, edits), "replace", c))
    return _segments(raw, marks)


def _mark_before(marks: list[_Mark], at: int, raw: str) -> _Mark | None:
    """The mark that ends just before `at`, whitespace between them allowed."""
    best = None
    for m in marks:
        if m.end <= at and not raw[m.end:at].strip() and (best is None or m.end > best.end):
            best = m
    return best


def _locate(raw: str, kr: str, pr: list[int], changes: list[tuple[int, int, str]], edits: list[dict]) -> list[_Mark]:
    """Marks for the edits, in the order they were made.

    An edit's `before` is either exactly what was removed (a boilerplate line) or an excerpt around the
    change (a character and its pinyin annotation, a phrase around a converted comma). So `before` is
    found, and the mark is what changed inside it: the whole of it when most of it changed (the
    alignment may keep a character or two of a removed line, matched elsewhere), else only the changed
    parts. A later stage's `before` was written after the earlier stages' removals, so it is searched
    for in the raw text without what those removed; a rule that fired many times and gave one example
    also takes the changes shaped like that example.
    """
    starts = [c[0] for c in changes]
    removed_at = bytearray(len(raw) + 1)
    marks: list[_Mark] = []
    deferred: list[_Mark] = []
    view, view_pos, stale = kr, list(range(len(kr))), False

    def changed_parts(s: int, e: int, new_only: bool = False) -> list[tuple[int, int]]:
        """The parts of [s, e) the alignment found changed (changes are sorted and disjoint); with
        new_only, without the positions an earlier edit already explains."""
        out = []
        k = bisect_left(starts, e) - 1
        while k >= 0 and changes[k][1] > s:
            cs, ce = max(s, changes[k][0]), min(e, changes[k][1])
            if ce > cs and raw[cs:ce].strip():
                out.append((cs, ce))
            k -= 1
        out.reverse()
        if not new_only:
            return out
        fresh = []
        for a, b in out:
            x = a
            while x < b:
                while x < b and removed_at[x]:
                    x += 1
                y = x
                while y < b and not removed_at[y]:
                    y += 1
                if y > x and raw[x:y].strip():
                    fresh.append((x, y))
                x = y
        return fresh

    def whole_share(s: int, e: int, parts: list[tuple[int, int]]) -> float:
        changed = sum(len("".join(raw[a:b].split())) for a, b in parts)
        return changed / (len("".join(raw[s:e].split())) or 1)

    def add(mark: _Mark) -> None:
        nonlocal stale
        inside = [m for m in marks if m.start < mark.end and m.end > mark.start]
        if any(not (mark.start <= m.start and m.end <= mark.end) for m in inside):
            return  # it crosses an earlier explanation: the earlier one stands
        for m in inside:  # a later rule that took a whole line takes the earlier marks within it
            marks.remove(m)
        marks.append(mark)
        for x in range(mark.start, mark.end):
            removed_at[x] = 1
        stale = True

    for edit in edits:
        before = edit.get("before")
        if not isinstance(before, str) or not before.strip() or is_folding(edit):
            continue
        if stale:
            keep = [i for i in range(len(kr)) if not removed_at[pr[i]]]
            view, view_pos, stale = "".join(kr[i] for i in keep), keep, False
        label, action = _label(edit), edit.get("action")
        whole = fold(before)[0]
        found: list[_Mark] = []
        if whole in view:
            hits = [(i, i + len(whole)) for i in _occurrences(view, whole)]
        else:
            # an earlier edit's mark may have taken a character this before still has (its example was
            # an excerpt with context): find the before by its two ends; else, for a `rest` removal
            # that skips lines an earlier rule took, each of its lines on its own
            hits = _by_ends(view, whole) or [(i, i + len(kb)) for kb in (fold(p)[0] for p in before.split("\n"))
                                             for i in (_occurrences(view, kb) if kb else ())]
        # the example's core: what changed inside it where it stands in kept text (for '網(wǎng)',
        # '(wǎng)'); where it stands inside a removed line, only that part is this edit's
        core = None
        for i, j in hits:
            s, e = pr[view_pos[i]], pr[view_pos[j - 1]] + 1
            parts = changed_parts(s, e)
            if parts and whole_share(s, e, parts) < WHOLE_SHARE:
                inside = [k for k in range(i, j) if any(a <= pr[view_pos[k]] < b for a, b in parts)]
                if inside:
                    core = (inside[0] - i, inside[-1] - i + 1)
                    break
        for i, j in hits:
            s, e = pr[view_pos[i]], pr[view_pos[j - 1]] + 1
            parts = changed_parts(s, e)
            if not parts:
                continue  # the before text is still there: not where the edit happened
            total = len("".join(raw[s:e].split()))
            if whole_share(s, e, parts) >= (WHOLE_SHARE if total < LONG_BEFORE else WHOLE_SHARE / 2):
                if core is not None and total < LONG_BEFORE:
                    a, b = i + core[0], i + core[1]
                    found.append(_Mark(pr[view_pos[a]], pr[view_pos[b - 1]] + 1, "remove", label, action))
                elif total < LONG_BEFORE and len(hits) == 1 and edit.get("after") is None:
                    # a short excerpt inside a removed stretch, and no telling which part of it this
                    # edit removed: left to a later edit that removed the stretch, if there is one
                    deferred.append(_Mark(s, e, "remove", label, action))
                else:
                    found.append(_Mark(s, e, "remove", label, action))
            else:
                found.extend(_Mark(a, b, "remove", label, action) for a, b in changed_parts(s, e, new_only=True))
        example = before
        if core is not None:
            kb, kpos = fold(before)
            if len(kb) == len(whole):
                example = before[kpos[core[0]]:kpos[core[1] - 1] + 1]
        # a rule that fired many times and recorded one example: the changes shaped like it are its own
        likeness = shape_pattern(example) if (edit.get("count") or 1) > max(1, len(found)) else None
        if likeness is not None:
            for m in likeness.finditer(raw):
                for a, b in changed_parts(*m.span()):
                    if not any(removed_at[a:b]) and not any(f.start < b and f.end > a for f in found):
                        found.append(_Mark(a, b, "remove", label + "?", action))
        for mark in found:
            add(mark)
    for mark in deferred:  # unless a later edit's mark holds it, it is this edit's after all
        if not any(m.start <= mark.start and mark.end <= m.end for m in marks):
            add(mark)
    return marks


SHAPE_CLASSES = (("\u3400-\u9fff", "[\u3400-\u9fff]+"), ("a", "[^\\W\\d_]+"), ("9", "\\d+"))


def shape_pattern(example: str) -> re.Pattern | None:
    """A pattern for text shaped like a rule's one recorded example: "(wǎng)" gives letters in
    parentheses, which "(shí)" matches too; "??" gives a run of "?". None for an example without
    punctuation to anchor it (a run of Han characters would match everything)."""
    example = example.strip()
    if not example or len(example) > 24 or all(c.isalnum() or c.isspace() for c in example):
        return None
    out = []
    for ch in example:
        if "\u3400" <= ch <= "\u9fff":
            part = SHAPE_CLASSES[0][1]
        elif ch.isalpha():
            part = SHAPE_CLASSES[1][1]
        elif ch.isdigit():
            part = SHAPE_CLASSES[2][1]
        elif ch.isspace():
            part = "\\s+"
        else:
            part = re.escape(ch) + "+" if ch in "?？" else re.escape(ch)
        if not out or out[-1] != part:
            out.append(part)
    return re.compile("".join(out))


def _gap(raw: str, s: int, e: int, inserted: str, edits: list[dict], located: Counter) -> _Mark | None:
    """A change no located edit explains: put down to the one edit of its kind that fired more times
    than it was located (label ending in "?"), or marked unexplained, which is worth a look."""
    if not raw[s:e].strip() and not inserted.strip():
        return None  # whitespace: the normalize stage's, and invisible anyway
    kind = "insert" if s == e else "replace" if inserted.strip() else "remove"
    action = "remove" if kind == "remove" else "replace"
    open_edits = {_label(x) for x in edits if x.get("action") == action and not is_folding(x)
                  and (x.get("count") or 1) > located[_label(x)]}
    label = open_edits.pop() + "?" if len(open_edits) == 1 else UNEXPLAINED
    return _Mark(s, e, kind, label, None, inserted)


def _segments(raw: str, marks: list[_Mark]) -> list[Segment]:
    marks.sort(key=lambda m: (m.start, m.end))
    out: list[Segment] = []
    cursor = 0
    for m in marks:
        if m.start < cursor:
            continue
        if m.start > cursor:
            out.append(Segment(raw[cursor:m.start]))
        if (m.kind == "touch" and out and out[-1].kind == "touch" and out[-1].label == m.label
                and cursor == m.start):
            out[-1].text += raw[m.start:m.end]
            out[-1].inserted += m.inserted
        else:
            out.append(Segment(raw[m.start:m.end], m.kind, m.label, m.inserted, m.action))
        cursor = max(cursor, m.end)
    if cursor < len(raw):
        out.append(Segment(raw[cursor:]))
    return out


def entity_segments(text: str, entities: list[dict]) -> list[tuple[str, str | None]]:
    """The cleaned text cut at entities: (text, label or None); overlapping entities keep the first."""
    out: list[tuple[str, str | None]] = []
    cursor = 0
    for ent in sorted((e for e in entities if isinstance(e, dict)), key=lambda e: (e.get("start", 0), -e.get("end", 0))):
        s, e = ent.get("start"), ent.get("end")
        if not isinstance(s, int) or not isinstance(e, int) or s < cursor or e > len(text) or s >= e:
            continue
        if s > cursor:
            out.append((text[cursor:s], None))
        out.append((text[s:e], str(ent.get("label"))))
        cursor = e
    if cursor < len(text):
        out.append((text[cursor:], None))
    return out
