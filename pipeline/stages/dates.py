"""dates: every calendar date in the text, as ISO at its own precision, the year resolved from context.

Patterns and tables are data (`configs/dates/*.toml`, format in `pipeline/dates/rules.py`); how a
mention without a year or month is completed is documented in `pipeline/dates/resolve.py`.
The stage reads `doc.text` and never changes it; offsets index the final text.
"""
from __future__ import annotations

from ..dates import Policy, find_dates
from ..dates.rules import RuleFiles, RuleSet, load_ruleset
from ..document import Document
from ..errors import ConfigError
from .base import Stage, StageContext


class Dates(Stage):
    name = "dates"

    def __init__(self, context: StageContext):
        super().__init__(context)
        self.policy = Policy(
            max_days_ahead=int(context.setting("max_days_ahead", 183, int)),
            max_days_behind=int(context.setting("max_days_behind", 275, int)),
            two_digit_year_pivot=int(context.setting("two_digit_year_pivot", 50, int)),
            day_ahead_days=int(context.setting("day_ahead_days", 7, int)),
            dateline_chars=int(context.setting("dateline_chars", 300, int)),
        )
        self.name_labels = frozenset(context.setting("name_labels", ["PERSON", "ORG", "FAC", "WORK_OF_ART"], list))
        files = context.setting("rules_files", {}, dict)
        if not files:
            raise ConfigError("no date rule files: set [dates.rules_files] (one list of files per language)",
                              *context.where("rules_files"))
        reader = RuleFiles(context)
        self.rulesets: dict[str, RuleSet] = {}
        every: list[str] = []
        for lang, paths in files.items():
            paths = [paths] if isinstance(paths, str) else list(paths)
            self.rulesets[lang] = load_ruleset(context, reader, paths, f"rules_files.{lang}")
            every += [p for p in paths if p not in every]
        # an article in another language (or und) gets every rule file
        self.fallback = load_ruleset(context, reader, every, "rules_files")

    def process(self, doc: Document) -> Document:
        ruleset = self.rulesets.get(doc.lang or "", self.fallback)
        names = [(e.start, e.end) for e in doc.entities if e.label in self.name_labels]
        doc.dates, left_out = find_dates(doc.text, ruleset, self.policy, doc.published, doc.title, names)
        if left_out:
            doc.warn(f"dates: {left_out} date mention(s) left out: no year or month to complete them "
                     "(relative dates need `published`)")
        return doc
