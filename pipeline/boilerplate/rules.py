"""The rule engine: rules are data (`configs/boilerplate/<lang>.toml`, format in that file's header);
this module loads them, checks them, and applies them to the lines of an article.

A rule fires on a line (a paragraph) in its zone — the head or the tail of the article, or
anywhere — and either drops text (the match, the line, or the match and everything after it) or
drops it and reads fields (title, published, outlet, authors, editors, reviewers) from its named
groups. `field` rules never drop anything: they read fields out of what the other rules removed
and out of the page's context lines (the lines of an HTML page around its main text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import ConfigError
from .fields import PeopleRules

FIELDS = ("title", "published", "outlet", "authors", "editors", "reviewers")
WHERE = ("head", "tail", "anywhere")
ACTIONS = ("drop", "extract", "field")
SCOPES = ("match", "line", "rest")
RULE_KEYS = {"name", "pattern", "where", "action", "scope", "requires", "max_chars", "ends_body", "flags", "note",
             "position", "rest_from", "names"}
POSITIONS = ("any", "after_title")
DEFINED = re.compile(r"<<([A-Z_]+)>>")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    where: tuple[str, ...] = ("anywhere",)  # head, tail, or both, or anywhere
    action: str = "drop"
    scope: str = "line"
    requires: tuple[str, ...] = ()  # cheap guard: the line must contain one of these strings
    max_chars: int | None = None  # a longer line is never touched (a credit line is short)
    ends_body: bool = False  # firing in the tail marks the end of the article (a byline, a copyright line)
    position: str = "any"  # after_title: only on the line under the headline (and the page line above the text)
    rest_from: float | None = None  # a rest rule's own Zones.rest_from (an unmistakable end marker)
    names: str = "any"  # surnamed: every Chinese name it reads starts with a known surname

    def search(self, line: str) -> re.Match | None:
        if self.max_chars is not None and len(line) > self.max_chars:
            return None
        if self.requires and not any(r in line for r in self.requires):
            return None
        return self.pattern.search(line)

    def finditer(self, line: str) -> Iterable[re.Match]:
        if self.max_chars is not None and len(line) > self.max_chars:
            return ()
        if self.requires and not any(r in line for r in self.requires):
            return ()
        return self.pattern.finditer(line)


@dataclass
class Found:
    """One value a rule read for a field, and where it was read."""
    field: str
    value: str
    rule: str
    source: str  # text, head (page lines before the text) or tail (page lines after it)


@dataclass
class Removal:
    rule: Rule
    text: str
    line: int


@dataclass
class Outcome:
    lines: list[str]
    keep: list[bool]
    removals: list[Removal] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    body_end: int | None = None  # index of the last line an ends_body rule fired on in the tail

    def stays(self, i: int) -> bool:
        """Line i is kept and has text (a blank line stays but counts for nothing)."""
        return self.keep[i] and bool(self.lines[i].strip())

    def next_line(self, after: int) -> int | None:
        """The first line after `after` that stays (-1: the first line of all), or None."""
        return next((i for i in range(after + 1, len(self.lines)) if self.stays(i)), None)


@dataclass(frozen=True)
class Zones:
    """Where head and tail rules may fire. A line is in the head when it is one of the first
    `head_lines` and starts in the first half of the text; in the tail when it is one of the last
    `tail_lines` and ends in the second half (so a short article is not all head and all tail).
    A `rest` rule must match in the last `1 - rest_from` of the text, and a head `match` may not
    remove more than `head_max_share` of it: precision first."""
    head_lines: int = 4
    tail_lines: int = 12
    rest_from: float = 0.5
    head_max_share: float = 0.5


class RuleSet:
    """The rules of one language, in file order, with the name vocabulary they use."""

    def __init__(self, rules: list[Rule], people: PeopleRules, extra: dict[str, Any], source: str):
        self.rules = [r for r in rules if r.action != "field" and r.position == "any"]
        self.after_title = [r for r in rules if r.action != "field" and r.position == "after_title"]
        self.field_rules = [r for r in rules if r.action == "field"]
        self.people = people
        self.extra = extra  # the file's other tables ([tail] ...), for the stage's other parts
        self.source = source
        self.not_outlets: re.Pattern | None = None  # values that are no outlet ("转载", a copyright line)
        self.surnames: frozenset[str] = frozenset()  # for rules with names = "surnamed"

    def outlet(self, value: str | None) -> str | None:
        """An outlet's name, or None when the value is none ("互联网", "2001-2013 Comsenz Inc.")."""
        value = (value or "").strip(" 《》[]【】")
        if not value or (self.not_outlets is not None and self.not_outlets.search(value)):
            return None
        return value

    @classmethod
    def load(cls, context, path: str, key: str) -> "RuleSet":
        data = context.read_toml(Path(path), key)
        defined = {k: str(v) for k, v in data.get("define", {}).items()}
        rules, names = [], set()
        for i, r in enumerate(data.get("rule", [])):
            where = f"{path}: rule {i + 1} ({r.get('name', 'no name')})"
            if isinstance(r.get("pattern"), str):
                r = dict(r, pattern=cls.expand(r["pattern"], defined, where))
            rule = cls.parse_rule(context, r, where)
            if rule.name in names:
                raise ConfigError(f"two rules are named {rule.name!r}; names must be unique", where)
            names.add(rule.name)
            rules.append(rule)
        people_data = data.get("people", {})

        def compile_optional(k):
            if not people_data.get(k):
                return None
            where = f"{path}: [people].{k}"
            return context.compile(cls.expand(people_data[k], defined, where), where)

        people = PeopleRules(**{k: compile_optional(k) for k in ("roles", "trailers", "not_names", "zh_name", "latin_name")
                                if people_data.get(k)})
        extra = {k: v for k, v in data.items() if k not in ("rule", "people", "define", "outlets")}
        ruleset = cls(rules, people, extra, path)
        reject = data.get("outlets", {}).get("reject")
        if reject:
            where = f"{path}: [outlets].reject"
            ruleset.not_outlets = context.compile(cls.expand(reject, defined, where), where)
        return ruleset

    @staticmethod
    def expand(pattern: str, defined: dict[str, str], where: str) -> str:
        """Replace each <<NAME>> by the [define] fragment of that name (fragments may use others)."""
        for _ in range(5):
            missing = [n for n in DEFINED.findall(pattern) if n not in defined]
            if missing:
                raise ConfigError(f"<<{missing[0]}>> is not in the file's [define] table", where)
            expanded = DEFINED.sub(lambda m: defined[m.group(1)], pattern)
            if expanded == pattern:
                break
            pattern = expanded
        return pattern

    @staticmethod
    def parse_rule(context, r: dict, where: str) -> Rule:
        if not isinstance(r.get("name"), str) or not isinstance(r.get("pattern"), str):
            raise ConfigError("every rule needs a name and a pattern (strings)", where)
        unknown_keys = set(r) - RULE_KEYS
        if unknown_keys:
            raise ConfigError(f"unknown keys {sorted(unknown_keys)}; a rule has {sorted(RULE_KEYS)}", where)
        for key, kinds, what in (("max_chars", int, "an integer"), ("rest_from", (int, float), "a number"),
                                 ("ends_body", bool, "true or false"), ("requires", (str, list), "a list of strings"),
                                 ("flags", list, "a list")):
            if key in r and (not isinstance(r[key], kinds) or (kinds is int and isinstance(r[key], bool))):
                raise ConfigError(f"{key} must be {what}, not {r[key]!r}", where)
        flags = re.M
        for flag in r.get("flags", []):
            if flag not in ("IGNORECASE", "VERBOSE"):
                raise ConfigError(f"flags may be IGNORECASE and VERBOSE, not {flag!r}", where)
            flags |= getattr(re, flag)
        requires = r.get("requires", [])
        if isinstance(requires, str):
            requires = [requires]
        zones = r.get("where", "anywhere")
        zones = tuple(zones) if isinstance(zones, (list, tuple)) else (zones,)
        rule = Rule(r["name"], context.compile(r["pattern"], where, flags), zones,
                    r.get("action", "drop"), r.get("scope", "line"), tuple(requires),
                    r.get("max_chars"), bool(r.get("ends_body", False)), r.get("position", "any"),
                    r.get("rest_from"), r.get("names", "any"))
        if rule.names not in ("any", "surnamed"):
            raise ConfigError("names must be \"any\" or \"surnamed\"", where)
        if not rule.where or set(rule.where) - set(WHERE) or rule.action not in ACTIONS or rule.scope not in SCOPES:
            raise ConfigError(f"where must be one of {WHERE}, action one of {ACTIONS}, scope one of {SCOPES}", where)
        if rule.position not in POSITIONS:
            raise ConfigError(f"position must be one of {POSITIONS}", where)
        groups = set(rule.pattern.groupindex)
        if groups - set(FIELDS):
            raise ConfigError(f"named groups must be fields {FIELDS}, not {sorted(groups - set(FIELDS))}"
                              " (use (?:...) for a group that is not a field)", where)
        if rule.action == "drop" and groups:
            raise ConfigError("a drop rule reads no fields: make it action = \"extract\", or its groups (?:...)", where)
        if rule.action == "field" and not groups:
            raise ConfigError("a field rule must have a named group (the field it reads)", where)
        return rule

    # -- applying -------------------------------------------------------------------------------

    def apply(self, lines: list[str], zones: Zones) -> Outcome:
        """The rules in file order. The zones are measured on the lines that stay at the moment a
        rule runs (removed lines count for nothing, shortened lines for what is left of them), as a
        second run of the pipeline over the output would measure them."""
        out = Outcome(list(lines), [True] * len(lines))  # blank lines stay: nothing changes unrecorded
        n = len(lines)
        text = "\n".join(lines)
        measured = None  # the zones; measured again only once a rule has changed a line
        for rule in self.rules:
            # cheap guards on the whole text first: a rule that cannot fire on any line is skipped
            # (the whole-text search finds every match a line would, and maybe more)
            if rule.requires and not any(r in text for r in rule.requires):
                continue
            if "anywhere" in rule.where and not rule.pattern.search(text):
                continue
            if measured is None:
                measured = self.zones(out, zones)
            starts, total, head, tail = measured
            zone = set(range(n)) if "anywhere" in rule.where else set()
            if "head" in rule.where:
                zone |= head
            if "tail" in rule.where:
                zone |= tail
            for i in sorted(zone):
                if not out.stays(i):
                    continue
                if self.fire(rule, i, out, starts[i], total, zones):
                    measured = None
                    # a byline or credit in the tail ends the article (not one under the headline)
                    if rule.ends_body and i in tail and (out.body_end is None or i > out.body_end):
                        out.body_end = i
                    if rule.scope == "rest":
                        break
        return out

    @staticmethod
    def zones(out: Outcome, zones: Zones) -> tuple[list[int], int, set[int], set[int]]:
        """(start of each line in the text that stays, its length, the head lines, the tail lines).
        A line is in the head when fewer than `head_lines` lines that stay come before it and it starts
        in the first half of that text (the first line always); in the tail when fewer than
        `tail_lines` come after it and it ends in the second half."""
        n = len(out.lines)
        staying = [i for i in range(n) if out.stays(i)]
        starts, pos = [0] * n, 0
        for i in range(n):
            starts[i] = pos
            if out.stays(i):
                pos += len(out.lines[i]) + 1
        total = max(1, pos - 1)
        head: set[int] = set()
        before = 0
        for i in range(n):
            if before >= zones.head_lines or (starts[i] >= total / 2 and not (staying and i <= staying[0])):
                break
            head.add(i)
            if out.stays(i):
                before += 1
        tail: set[int] = set()
        after = 0
        for i in range(n - 1, -1, -1):
            if after >= zones.tail_lines or starts[i] + len(out.lines[i]) <= total / 2:
                break
            tail.add(i)
            if out.stays(i):
                after += 1
        return starts, total, head, tail

    def fire(self, rule: Rule, i: int, out: Outcome, start: int, total: int, zones: Zones) -> bool:
        line = out.lines[i]
        if rule.scope == "line":
            m = rule.search(line)
            if not m or (rule.names == "surnamed" and not self.names_in(m, rule)):
                return False
            self.record(rule, m, line, i, out)
            out.keep[i] = False
        elif rule.scope == "match":
            pieces, last, fired = [], 0, False
            for m in rule.finditer(line):
                if not m.group(0).strip() or (rule.names == "surnamed" and not self.names_in(m, rule)):
                    continue
                if rule.where == ("head",) and m.end() > zones.head_max_share * total:
                    break
                self.record(rule, m, m.group(0).strip(), i, out)
                pieces.append(line[last:m.start()])
                last, fired = m.end(), True
            if not fired:
                return False
            pieces.append(line[last:])
            out.lines[i] = re.sub(r"[ \t]{2,}", " ", "".join(pieces)).strip()
            out.keep[i] = bool(out.lines[i])
        else:  # rest: the match and everything after it, only in the second part of the text
            m = rule.search(line)
            rest_from = zones.rest_from if rule.rest_from is None else rule.rest_from
            if not m or start + m.start() < rest_from * total:
                return False
            rest = [line[m.start():].strip()] + [out.lines[j] for j in range(i + 1, len(out.lines)) if out.keep[j]]
            self.record(rule, m, "\n".join(x for x in rest if x), i, out)
            out.lines[i] = line[:m.start()].rstrip()
            out.keep[i] = bool(out.lines[i].strip())
            for j in range(i + 1, len(out.lines)):
                out.keep[j] = False
        return True

    def apply_after_title(self, i: int, out: Outcome) -> bool:
        """The after_title rules on line i (the line under the headline); True when one fired."""
        for rule in self.after_title:
            m = rule.search(out.lines[i])
            if m and self.names_in(m, rule):
                self.record(rule, m, out.lines[i].strip(), i, out)
                out.keep[i] = False
                return True
        return False

    def names_in(self, m: re.Match, rule: Rule) -> bool:
        """A bare name is a byline only when it reads as names ("前言" does not); for a surnamed
        rule, every name starts with a surname ("记者探访", "印度" do not)."""
        values = [v for k, v in m.groupdict().items() if v and k in ("authors", "editors", "reviewers")]
        if not values:
            return True
        names = [n for v in values for n in self.people.people(v)]
        if not names:
            return False
        if rule.names == "surnamed":
            # a pen name of two or three characters alone on its line (茉莉, 眉间尺) passes too
            alone = len(values) == 1 and len(names) == 1 and values[0].strip() == names[0] and len(names[0]) <= 3
            return alone or all(self.surnamed(n) for n in names)
        return True

    def surnamed(self, name: str) -> bool:
        return any(name.startswith(s) and len(name) > len(s) for s in (name[:2], name[:1]) if s in self.surnames)

    def record(self, rule: Rule, m: re.Match, removed: str, i: int, out: Outcome) -> None:
        out.removals.append(Removal(rule, removed, i))
        if rule.action == "extract":
            out.found.extend(self.groups(rule, m, "text"))
            # what the other field rules read in the removed text (a time line also naming the source)
            out.found.extend(self.read_fields(m.group(0), "text", skip=rule))

    @staticmethod
    def groups(rule: Rule, m: re.Match, source: str) -> list[Found]:
        return [Found(k, v.strip(), rule.name, source) for k, v in m.groupdict().items() if v and v.strip()]

    def read_fields(self, text: str, source: str, skip: Rule | None = None) -> list[Found]:
        found = []
        for rule in self.field_rules:
            if rule is skip:
                continue
            for m in rule.finditer(text):
                found.extend(self.groups(rule, m, source))
        return found

    def read_context(self, lines: list[str], source: str, is_title=None) -> list[Found]:
        """Fields from page lines that are not in the text (nothing is removed): the extract rules
        of the zone (head rules on the lines before the text, tail rules on those after it) and
        every field rule. The after_title rules read a line under one that `is_title(line, last)`
        accepts (`last`: the line under it is the last before the text); what they read comes
        after the rest (source head_bare), as the weakest evidence."""
        found: list[Found] = []
        bare: list[Found] = []
        if source == "head" and is_title is not None:
            for i in range(1, len(lines)):
                if not bare and is_title(lines[i - 1], i == len(lines) - 1):
                    for rule in self.after_title:
                        m = rule.search(lines[i])
                        if m and self.names_in(m, rule):
                            bare.extend(self.groups(rule, m, "head_bare"))
                            break
        for line in lines:
            for rule in self.rules:
                if rule.action != "extract" or not ({source, "anywhere"} & set(rule.where)):
                    continue
                m = rule.search(line)
                if m:
                    found.extend(self.groups(rule, m, source))
            found.extend(self.read_fields(line, source))
        return found + bare
