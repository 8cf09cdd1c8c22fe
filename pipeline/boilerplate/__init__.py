"""Boilerplate removal, in parts: the rule engine (`rules`), the tail classifier (`tail`) and the
helpers that turn what was removed into fields (`fields`). The stage that uses them is
`pipeline.stages.boilerplate.Boilerplate`."""
from .fields import PeopleRules, article_year, iso, parse_date, same_headline
from .rules import FIELDS, Found, Outcome, Removal, Rule, RuleSet, Zones
from .tail import TailClassifier, TailSettings, Verdict

__all__ = ["FIELDS", "Found", "Outcome", "PeopleRules", "Removal", "Rule", "RuleSet", "TailClassifier",
           "TailSettings", "Verdict", "Zones", "article_year", "iso", "parse_date", "same_headline"]
