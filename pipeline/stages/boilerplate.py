"""boilerplate: strip what is not the article, and keep what it says in title, published and byline.

Rules are data (`configs/boilerplate/<lang>.toml`); see that file's header for the rule format.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..document import Document
from ..errors import ConfigError
from .base import Stage, StageContext

FIELDS = ("title", "published", "outlet", "authors", "editors", "reviewers")
WHERE = ("head", "tail", "anywhere")
ACTIONS = ("drop", "extract")
SCOPES = ("match", "line", "rest")
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                         "september", "october", "november", "december"], 1)}
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
NAME_SPLIT = re.compile(r"\s*(?:[,，、;；/]|\band\b)\s*")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    where: str
    action: str
    scope: str


def parse_date(value: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from '2022.09.14', '2024-08-07 14:14:00', 'September 1st', '9月1日'."""
    value = value.strip()
    m = re.match(r"(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2}))?", value)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    m = re.match(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]", value)
    if m:
        return None, int(m.group(1)), int(m.group(2))
    m = re.match(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", value)
    if m and m.group(1).lower() in MONTHS:
        return int(m.group(3)) if m.group(3) else None, MONTHS[m.group(1).lower()], int(m.group(2))
    m = re.match(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})", value)
    if m and m.group(2).lower() in MONTHS:
        return int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))
    return None, None, None


def iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None:
        return None
    if month is None or not 1 <= month <= 12:
        return f"{year:04d}"
    if day is None or not 1 <= day <= 31:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def split_names(value: str) -> list[str]:
    return [n.strip(" .。") for n in NAME_SPLIT.split(value) if n.strip(" .。")]


class Boilerplate(Stage):
    name = "boilerplate"

    def __init__(self, context: StageContext):
        super().__init__(context)
        self.head_lines = int(context.setting("head_lines", 4, int))
        self.tail_lines = int(context.setting("tail_lines", 12, int))
        self.max_title_chars = int(context.setting("max_title_chars", 120, int))
        self.rules: dict[str, list[Rule]] = {}
        files = context.setting("rules_files", {}, dict)
        for lang, path in files.items():
            self.rules[lang] = self.load_rules(context, path, f"rules_files.{lang}")

    def load_rules(self, context: StageContext, path: str, key: str) -> list[Rule]:
        from pathlib import Path

        data = context.read_toml(Path(path), key)
        rules = []
        for i, r in enumerate(data.get("rule", [])):
            where = f"{path}: rule {i + 1} ({r.get('name', 'no name')})"
            if not isinstance(r.get("name"), str) or not isinstance(r.get("pattern"), str):
                raise ConfigError("every rule needs a name and a pattern", where)
            rule = Rule(r["name"], context.compile(r["pattern"], where, re.M), r.get("where", "anywhere"),
                        r.get("action", "drop"), r.get("scope", "line"))
            if rule.where not in WHERE or rule.action not in ACTIONS or rule.scope not in SCOPES:
                raise ConfigError(f"where must be one of {WHERE}, action one of {ACTIONS}, scope one of {SCOPES}", where)
            unknown = set(rule.pattern.groupindex) - set(FIELDS)
            if unknown:
                raise ConfigError(f"named groups must be fields {FIELDS}, not {sorted(unknown)}", where)
            rules.append(rule)
        return rules

    def process(self, doc: Document) -> Document:
        rules = self.rules.get(doc.lang or "", [])
        lines = doc.text.split("\n")
        found: dict[str, list[str]] = {}
        if not doc.title:
            self.take_title(doc, lines)
        keep = [True] * len(lines)
        for rule in rules:
            for i, line in enumerate(lines):
                if not keep[i] or not self.in_zone(rule.where, i, len(lines)):
                    continue
                m = rule.pattern.search(line)
                if not m:
                    continue
                for field, value in m.groupdict().items():
                    if value:
                        found.setdefault(field, []).append(value.strip())
                action = "extract" if rule.action == "extract" else "remove"
                if rule.scope == "match":
                    lines[i] = (line[:m.start()] + line[m.end():]).strip()
                    doc.edit(self.name, rule.name, action, m.group(0), None)
                    keep[i] = bool(lines[i])
                elif rule.scope == "line":
                    keep[i] = False
                    doc.edit(self.name, rule.name, action, line, None)
                else:  # rest: this match and everything after it
                    rest = [line[m.start():]] + [x for j, x in enumerate(lines[i + 1:], i + 1) if keep[j]]
                    lines[i] = line[:m.start()].strip()
                    keep[i] = bool(lines[i])
                    for j in range(i + 1, len(lines)):
                        keep[j] = False
                    doc.edit(self.name, rule.name, action, "\n".join(rest), None)
                    break
        self.fill_fields(doc, found, [x for x, k in zip(lines, keep) if k])
        doc.text = "\n".join(x for x, k in zip(lines, keep) if k)
        return doc

    def in_zone(self, where: str, i: int, n: int) -> bool:
        if where == "head":
            return i < self.head_lines
        if where == "tail":
            return i >= n - self.tail_lines
        return True

    def take_title(self, doc: Document, lines: list[str]) -> None:
        """The first line is the title when it reads as a headline: short, more lines follow, and it does
        not end like a sentence of the body."""
        if len(lines) < 2 or not lines[0].strip():
            return
        first = lines[0].strip()
        if len(first) > self.max_title_chars or first.endswith(("。", ".", "；", ";", ",", "，", ":", "：")):
            return
        if doc.lang == "zh" and not doc.given.get("page_title"):
            return  # Chinese pages rarely keep a headline line without markup; precision first
        doc.title = first
        lines[0] = ""
        doc.edit(self.name, "headline_first_line", "extract", first, None)

    def fill_fields(self, doc: Document, found: dict[str, list[str]], body: list[str]) -> None:
        by = doc.byline
        if found.get("outlet") and not by.outlet:
            by.outlet = found["outlet"][0]
        for field in ("authors", "editors", "reviewers"):
            names = getattr(by, field)
            for value in found.get(field, []):
                for name in split_names(value):
                    if name not in names:
                        names.append(name)
        if not doc.title and found.get("title"):
            doc.title = found["title"][0]
        if not doc.published:
            for value in found.get("published", []):
                year, month, day = parse_date(value)
                if year is None and month is not None:
                    year = self.article_year(doc, body)
                value = iso(year, month, day)
                if value:
                    doc.published = value
                    break
        if not doc.published and doc.given.get("page_date"):
            doc.published = doc.given["page_date"][:10]
        if not doc.title and doc.given.get("page_title"):
            doc.title = doc.given["page_title"]
        if not by.authors and doc.given.get("page_author"):
            by.authors.extend(split_names(doc.given["page_author"]))

    @staticmethod
    def article_year(doc: Document, body: list[str]) -> int | None:
        """The year the article talks about most (title first), to complete a dateline without one."""
        years = Counter(YEAR.findall(doc.title or "")) + Counter(YEAR.findall("\n".join(body)))
        return int(years.most_common(1)[0][0]) if years else None
