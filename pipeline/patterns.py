"""Regular expressions built from lexicon data."""
from __future__ import annotations

import re
from collections.abc import Iterable


def longest_first(words: Iterable[str]) -> re.Pattern | None:
    """One pattern matching any of `words` literally, the longest alternative first (so 不论 is not
    cut to 不); None when there are none."""
    words = sorted(words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None
