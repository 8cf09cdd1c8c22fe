"""The one record type that flows through every stage.

A `Document` starts as raw input (bytes, or text/HTML handed over by a JSON record) and leaves as one
line of `articles.jsonl` (see `../shared/contract/article.schema.json`). Stages fill its fields; every
change a stage makes to `text` is appended to `edits` with the stage and rule that made it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EDIT_ACTIONS = ("remove", "replace", "extract", "flag")
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "DATE", "NORP", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "MISC")


@dataclass
class Source:
    path: str  # relative to the working directory when the input lies under it
    sha256: str
    format: str  # txt, html, json, jsonl
    encoding: str | None = None
    line: int | None = None  # line number of a JSONL record

    def to_dict(self) -> dict[str, Any]:
        out = {"path": self.path, "sha256": self.sha256, "encoding": self.encoding, "format": self.format}
        if self.line is not None:
            out["line"] = self.line
        return out


@dataclass
class Edit:
    stage: str
    rule: str
    action: str  # one of EDIT_ACTIONS
    before: str | None = None
    after: str | None = None
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "rule": self.rule, "action": self.action,
                "before": self.before, "after": self.after, "count": self.count}


@dataclass
class Byline:
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "authors": self.authors, "editors": self.editors, "reviewers": self.reviewers}


@dataclass
class Entity:
    text: str
    label: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "start": self.start, "end": self.end}


@dataclass
class Role:
    title: str
    org: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "org": self.org}


@dataclass
class Official:
    name: str
    roles: list[Role]
    spans: list[tuple[int, int]]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "roles": [r.to_dict() for r in self.roles], "spans": [list(s) for s in self.spans]}


@dataclass
class DateMention:
    text: str
    value: str  # ISO 8601 at its own precision: 2021, 2021-09, 2021-09-01
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "start": self.start, "end": self.end}


@dataclass
class Document:
    id: str
    source: Source
    raw: bytes | None = None  # undecoded input; the read stage turns it into text or html
    html: str | None = None  # a page whose main text the read stage extracts
    text: str = ""
    given: dict[str, Any] = field(default_factory=dict)  # metadata the input gave: title, published, url, lang
    lang: str | None = None
    script: str | None = None
    title: str | None = None
    published: str | None = None
    byline: Byline = field(default_factory=Byline)
    entities: list[Entity] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # not part of the output record: the text as the read stage produced it, for `newsclean show`
    read_text: str | None = None
    # runtime cache of stages (token lists, spaCy docs ...), never serialized
    scratch: dict[str, Any] = field(default_factory=dict)

    def edit(self, stage: str, rule: str, action: str, before: str | None = None,
             after: str | None = None, count: int = 1) -> None:
        """Record one change; `count` > 1 summarises many changes of one rule (not one edit per comma)."""
        if action not in EDIT_ACTIONS:
            raise ValueError(f"edit action must be one of {EDIT_ACTIONS}, not {action!r}")
        self.edits.append(Edit(stage, rule, action, before, after, max(1, count)))

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def to_record(self, pipeline_version: str, config_digest: str) -> dict[str, Any]:
        """The output record, keys in the contract's order."""
        return {
            "id": self.id,
            "source": self.source.to_dict(),
            "lang": self.lang or "und",
            "script": self.script,
            "title": self.title,
            "published": self.published,
            "byline": self.byline.to_dict(),
            "text": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "officials": [o.to_dict() for o in self.officials],
            "dates": [d.to_dict() for d in self.dates],
            "edits": [e.to_dict() for e in self.edits],
            "warnings": self.warnings,
            "pipeline": {"version": pipeline_version, "config": config_digest},
        }
