"""Calendar dates in article text: rule files -> one scanner per language -> ISO values resolved from context.

`rules` loads `configs/dates/*.toml`; `numerals` reads Arabic and Chinese numbers; `resolve` turns
matches into dates and documents the year-resolution policy.
"""
from .resolve import Policy, Reference, find_dates
from .rules import RuleFiles, RuleSet, load_ruleset

__all__ = ["Policy", "Reference", "RuleFiles", "RuleSet", "find_dates", "load_ruleset"]
