"""Date rule files (`configs/dates/*.toml`) loaded into one scanner per language.

A rule file has:
- `[defs]`: named building blocks, used in patterns (and in other defs) as `{name}`;
- tables the groups are read with: `[months]`, `[eras]`, `[holidays]`, `[weekdays]`,
  `[relative.year]`, `[relative.month]`, `[relative.day]`, `[relative.week]`. Each table is also a
  def of its own (`{months}`, `{relative_day}` ...): the alternation of its keys, longest first;
- `[[rule]]` entries: `name`, `pattern` (a regex whose named groups say what each part is, see
  GROUPS), optional `day_month_order = "either"` for numeric forms that may be D/M or M/D.

All files of a language are merged in order (defs and tables by key, rules appended) and the rules
are compiled into ONE alternation, tried in file order at each position: the text is scanned once
whatever the number of rules, and where two rules match at the same place the first listed wins.
"""
from __future__ import annotations

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

    def scan(self, text: str) -> Iterator[tuple[Rule, re.Match]]:
        for match in self.pattern.finditer(text):
            yield self.rules[int(match.lastgroup[1:])], match

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
    for path in paths:
        data = files.read(path, key)
        where = f"{path}"
        for name, value in (data.get("defs") or {}).items():
            if not isinstance(value, str):
                raise ConfigError(f"[defs].{name} must be a string (a regex fragment)", where)
            defs[name] = value
        for table in TABLES:
            tables.setdefault(table, {}).update(data.get(table) or {})
        for kind in RELATIVE:
            tables.setdefault(f"relative_{kind}", {}).update((data.get("relative") or {}).get(kind) or {})
        for n, rule in enumerate(data.get("rule") or []):
            if not isinstance(rule, dict) or not isinstance(rule.get("name"), str) or not isinstance(rule.get("pattern"), str):
                raise ConfigError(f"[[rule]] #{n + 1} needs a string `name` and `pattern`", where)
            raw_rules.append((where, rule))
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

    rules, parts, names = [], [], set()
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
    if not rules:
        raise ConfigError("no [[rule]] in the date rule files", *context.where(key))
    combined = context.compile("|".join(parts), f"{context.name}.{key}")
    return RuleSet(rules, combined, tables, tuple(paths))
