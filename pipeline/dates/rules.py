"""Date rule files (`configs/dates/*.toml`) loaded into one scanner per language.

A rule file has:
- `[defs]`: named building blocks, used in patterns (and in other defs) as `{name}`;
- tables the groups are read with: `[months]`, `[eras]`, `[holidays]`, `[weekdays]`,
  `[relative.year]`, `[relative.month]`, `[relative.day]`, `[relative.week]`. Each table is also a
  def of its own (`{months}`, `{relative_day}` ...): the alternation of its keys, longest first;
- `[[rule]]` entries: `name`, `pattern` (a regex whose named groups say what each part is, see
  GROUPS), optional `day_month_order = "either"` for numeric forms that may be D/M or M/D;
- `[scan]` (or several `[[scan]]`): `triggers`, a regex for what every date of the file contains
  (年, 月, a month name, four digits ...), and `window`, how many characters at most a date starts
  before its first trigger.
  Write triggers as alternatives that each start with a literal character, or as one character
  class followed by the rest: then re finds them with its fast first-character search.

All files of a language are merged in order (defs and tables by key, rules appended, triggers kept
with their file's window) and the rules are compiled into ONE alternation, tried in file order at each
position, so where two rules match at the same place the first listed wins. Only positions up to
`window` characters before a trigger are tried: dates are rare, and a regex tried at every position
of a Chinese text is ten times slower than the budget allows (tests check that the triggered scan
finds what a full scan finds).
"""
from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..stages.base import StageContext

# What a named group of a pattern means. Groups ending in 2 belong to the second date of a range.
GROUPS = {
    "y": "year: 2021, 二〇二一, 两千零四, 08 (two digits: see two_digit_year_pivot), 三 after an era",
    "era": "an era name from [eras] (民国): the year counts from its offset",
    "m": "month: a number, a Chinese numeral or a name from [months]",
    "d": "day of the month",
    "y2": "year of the range's second date", "m2": "its month", "d2": "its day",
    "ry": "a relative year from [relative.year] (今年, 明年, last year)",
    "rm": "a relative month from [relative.month] (本月, 下个月)",
    "rd": "a relative day from [relative.day] (今天, 昨晚, tomorrow)",
    "rw": "a relative week from [relative.week] (上, 下下), used with wd",
    "wd": "a weekday from [weekdays] (一, 日)",
    "hol": "a fixed-date holiday from [holidays] (元旦, 国庆节)",
    "a": "the span of the (first) date when it is not the whole match",
    "b": "the span of a range's second date",
    "more": "further days of a list after the first date, each in the first's month and year (Nov. 3, 4, 5 and 6)",
    "sep": "a separator a backreference (?P=sep) repeats",
}
TABLES = ("months", "eras", "holidays", "weekdays")
RELATIVE = ("year", "month", "day", "week")
DEF_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
GROUP_DEF = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")
GROUP_REF = re.compile(r"\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)")
RELATIVE_FIELDS = frozenset({"ry", "rm", "rd", "rw"})


@dataclass(frozen=True)
class Rule:
    name: str
    index: int
    fields: frozenset[str]
    either_order: bool = False  # numeric D/M/Y or M/D/Y: kept only when the reading is unambiguous

    @property
    def relative(self) -> bool:
        return bool(self.fields & RELATIVE_FIELDS)

    @property
    def lexical(self) -> bool:
        """Made of words (今天, 国庆节) that can also be part of a name or a title."""
        return bool(self.fields & (RELATIVE_FIELDS | {"hol"}))

    def group(self, match: re.Match, name: str) -> str | None:
        return match.group(f"r{self.index}_{name}") if name in self.fields else None

    def span(self, match: re.Match, name: str) -> tuple[int, int] | None:
        if name not in self.fields or match.group(f"r{self.index}_{name}") is None:
            return None
        return match.span(f"r{self.index}_{name}")


@dataclass
class RuleSet:
    """The rules of one language, compiled into one scanner, with the tables their groups are read with."""

    rules: list[Rule]
    pattern: re.Pattern
    tables: dict[str, dict[str, object]] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    triggers: tuple[tuple[re.Pattern, int], ...] = ()  # (trigger, window) per rule file
    # first character -> the alternation of the rules that can start with it (in file order)
    by_first: "Dispatch | dict[str, re.Pattern]" = field(default_factory=dict)
    any_first: re.Pattern | None = None  # rules whose first character cannot be told

    def scan(self, text: str, full: bool = False) -> Iterator[tuple[Rule, re.Match]]:
        """Every match, leftmost first; `full` tries every position (what tests compare against)."""
        if full or not self.triggers:
            for match in self.pattern.finditer(text):
                yield self.rules[int(match.lastgroup[1:])], match
            return
        by_first, any_first, pos = self.by_first, self.any_first, 0
        # one scan per file (an alternation of them would lose re's fast first-character search),
        # each giving the stretches [trigger - window, trigger] where a date may start, in order
        stretches = heapq.merge(*([(m.start() - window, m.start()) for m in trigger.finditer(text)]
                                  for trigger, window in self.triggers))
        for first, at in stretches:  # pos: every position before it was tried or is inside a match
            i = max(pos, first)
            while i <= at:
                pattern = by_first.get(text[i], any_first)
                match = pattern.match(text, i) if pattern is not None else None
                if match is None or match.end() == i:
                    i += 1
                    continue
                yield self.rules[int(match.lastgroup[1:])], match
                i = match.end()
            pos = max(pos, i)

    def lookup(self, table: str, key: str) -> object | None:
        values = self.tables.get(table, {})
        if key in values:
            return values[key]
        return values.get(key.lower())


def _alternation(keys) -> str:
    return "(?:" + "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)) + ")"


class RuleFiles:
    """Rule files read once per stage (common.toml is shared by every language)."""

    def __init__(self, context: StageContext):
        self.context = context
        self.cache: dict[str, dict] = {}

    def read(self, path: str, key: str) -> dict:
        if path not in self.cache:
            self.cache[path] = self.context.read_toml(Path(path), key)
        return self.cache[path]


def load_ruleset(context: StageContext, files: RuleFiles, paths: list[str], key: str) -> RuleSet:
    defs: dict[str, str] = {}
    tables: dict[str, dict[str, object]] = {}
    raw_rules: list[tuple[str, dict]] = []
    triggers: list[tuple[str, str, int]] = []
    for path in paths:
        data = files.read(path, key)
        where = f"{path}"
        scans = data.get("scan") or []
        for scan in [scans] if isinstance(scans, dict) else scans:
            if not isinstance(scan.get("triggers"), str) or not isinstance(scan.get("window"), int):
                raise ConfigError("[scan] needs `triggers` (a regex) and `window` (an integer)", where)
            triggers.append((where, scan["triggers"], scan["window"]))
        for name, value in (data.get("defs") or {}).items():
            if not isinstance(value, str):
                raise ConfigError(f"[defs].{name} must be a string (a regex fragment)", where)
            defs[name] = value
        for table in TABLES:
            tables.setdefault(table, {}).update(data.get(table) or {})
        for kind in RELATIVE:
            tables.setdefault(f"relative_{kind}", {}).update((data.get("relative") or {}).get(kind) or {})
        for n, rule in enumerate(data.get("rule") or []):
            if not (isinstance(rule, dict) and isinstance(rule.get("name"), str)
                    and isinstance(rule.get("pattern"), str)):
                raise ConfigError(f"[[rule]] #{n + 1} needs a string `name` and `pattern`", where)
            raw_rules.append((where, rule))
    _check_tables(tables, paths)
    for table, values in tables.items():
        if values:
            defs.setdefault(table, _alternation(values))

    def expand(text: str, where: str, seen: tuple[str, ...] = ()) -> str:
        def sub(m: re.Match) -> str:
            name = m.group(1)
            if name not in defs:
                raise ConfigError(f"{{{name}}} is not a def (known: {', '.join(sorted(defs))})", where)
            if name in seen:
                raise ConfigError(f"def {{{name}}} refers to itself", where)
            return expand(defs[name], where, seen + (name,))
        return DEF_REF.sub(sub, text)

    rules, parts, names, firsts = [], [], set(), []
    for index, (path, spec) in enumerate(raw_rules):
        name = spec["name"]
        where = f"{path}: rule {name}"
        if name in names:
            raise ConfigError("two rules have this name", where)
        names.add(name)
        pattern = expand(spec["pattern"], where)
        compiled = context.compile(pattern, where)
        unknown = set(compiled.groupindex) - set(GROUPS)
        if unknown:
            raise ConfigError(f"unknown group(s) {sorted(unknown)}; a group is one of {', '.join(GROUPS)}", where)
        order = spec.get("day_month_order", "fixed")
        if order not in ("fixed", "either"):
            raise ConfigError("day_month_order must be 'fixed' or 'either'", where)
        rules.append(Rule(name, index, frozenset(compiled.groupindex), order == "either"))
        renamed = GROUP_REF.sub(lambda m: f"(?P=r{index}_{m.group(1)})",
                                GROUP_DEF.sub(lambda m: f"(?P<r{index}_{m.group(1)}>", pattern))
        parts.append(f"(?P<r{index}>{renamed})")
        firsts.append(first_chars(pattern))
    if not rules:
        raise ConfigError("no [[rule]] in the date rule files", *context.where(key))
    combined = context.compile("|".join(parts), f"{context.name}.{key}")
    if not triggers:
        return RuleSet(rules, combined, tables, tuple(paths))
    compiled_triggers = tuple((context.compile(t, f"{where}: [scan].triggers"), w) for where, t, w in triggers)
    for table in ("holidays", "relative_year", "relative_month", "relative_day"):
        for word in tables.get(table, {}):
            if not any(m.start() <= w for t, w in compiled_triggers for m in [t.search(word)] if m):
                raise ConfigError(f"[{table.replace('_', '.')}] {word!r} has no [scan] trigger within its file's"
                                  " window: it would never be found; add a trigger", ", ".join(paths))
    by_first, any_first = _dispatch(parts, firsts)
    return RuleSet(rules, combined, tables, tuple(paths), compiled_triggers, by_first, any_first)


def _dispatch(parts: list[str], firsts: list[set[str] | None]) -> tuple["Dispatch", re.Pattern | None]:
    """One alternation per set of rules that can start with a given character, rules in file order."""
    anywhere = tuple(i for i, f in enumerate(firsts) if f is None)
    dispatch = Dispatch(parts, firsts)
    return dispatch, dispatch.alternation(anywhere) if anywhere else None


class Dispatch:
    """character -> the alternation of the rules that can start with it, compiled when the character
    is first met: compiling all of them up front costs half a second on every start."""

    def __init__(self, parts: list[str], firsts: list[set[str] | None]):
        self.parts, self.firsts = parts, firsts
        self.chars = frozenset(c for f in firsts if f for c in f)
        self.by_char: dict[str, re.Pattern] = {}
        self.compiled: dict[tuple[int, ...], re.Pattern] = {}

    def alternation(self, indices: tuple[int, ...]) -> re.Pattern:
        if indices not in self.compiled:
            self.compiled[indices] = re.compile("|".join(self.parts[i] for i in indices))
        return self.compiled[indices]

    def get(self, char: str, default: re.Pattern | None = None) -> re.Pattern | None:
        pattern = self.by_char.get(char)
        if pattern is None:
            if char not in self.chars:
                return default
            pattern = self.by_char[char] = self.alternation(
                tuple(i for i, f in enumerate(self.firsts) if f is None or char in f))
        return pattern


def first_chars(pattern: str) -> set[str] | None:
    """The characters a match of `pattern` can start with, or None when that cannot be told (., [^x])."""
    from re import _constants as C, _parser  # the parser behind re.compile; stable since 3.11

    def seq(items, fold: bool) -> tuple[set[str] | None, bool]:
        out: set[str] = set()
        for op, av in items:
            chars, empty = item(op, av, fold)
            if chars is None:
                return None, False
            out |= chars
            if not empty:
                return out, False
        return out, True

    def item(op, av, fold: bool) -> tuple[set[str] | None, bool]:
        if op is C.LITERAL:
            c = chr(av)
            return ({c, c.lower(), c.upper()} if fold else {c}), False
        if op is C.IN:
            out: set[str] = set()
            for kind, value in av:
                if kind is C.LITERAL:
                    out.add(chr(value))
                elif kind is C.RANGE and value[1] - value[0] < 5000:
                    out.update(chr(x) for x in range(value[0], value[1] + 1))
                else:
                    return None, False  # negated sets, categories (\\s), huge ranges
            return ({x for c in out for x in (c, c.lower(), c.upper())} if fold else out), False
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            return set(), True  # zero width: the next item starts the match
        if op is C.SUBPATTERN:
            _, add_flags, _, sub = av
            return seq(sub.data, fold or bool(add_flags & C.SRE_FLAG_IGNORECASE))
        if op is C.BRANCH:
            out, empty = set(), False
            for alternative in av[1]:
                chars, e = seq(alternative.data, fold)
                if chars is None:
                    return None, False
                out |= chars
                empty = empty or e
            return out, empty
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            low, _, sub = av
            chars, empty = seq(sub.data, fold)
            return chars, (empty or low == 0) if chars is not None else False
        if op is getattr(C, "ATOMIC_GROUP", None):
            return seq(av.data, fold)
        return None, False

    chars, empty = seq(_parser.parse(pattern).data, False)
    return None if chars is None or empty else chars


def _check_tables(tables: dict[str, dict[str, object]], paths: list[str]) -> None:
    where = ", ".join(paths)
    kinds = {"months": (1, 12), "weekdays": (1, 7), "eras": (0, 3000)}
    for table, values in tables.items():
        for word, value in values.items():
            if table == "holidays":
                if not (isinstance(value, str) and re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", value)):
                    raise ConfigError(f"[holidays] {word!r} must be \"MM-DD\", not {value!r}", where)
            elif not isinstance(value, int) or (table in kinds and not kinds[table][0] <= value <= kinds[table][1]):
                bounds = " from %d to %d" % kinds[table] if table in kinds else ""
                raise ConfigError(f"[{table.replace('_', '.')}] {word!r} must be an integer{bounds}, not {value!r}", where)
