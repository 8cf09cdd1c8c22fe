"""Reading the entity and title lexicons (configs/entities/, configs/officials/) through a stage's
context, so every file is hashed into the configuration digest."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError


def words(value: object) -> list[str]:
    """A whitespace-separated list in a TOML string (or a TOML list) -> its items."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return []


def bar_list(value: object) -> list[str]:
    """Items separated by `|` and newlines (names with spaces: New York|Hong Kong)."""
    out = []
    for line in str(value or "").splitlines():
        out += [x.strip() for x in line.split("|") if x.strip()]
    return out


def parse_tsv(text: str, columns: int, where: str = "") -> list[list[str]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < columns:
            raise ValueError(f"{where}:{n}: expected {columns} tab-separated columns, got {len(cells)}")
        rows.append(cells + [""] * (columns - len(cells)))
    return rows


def tsv_rows(context, key: str, columns: int) -> list[list[str]]:
    path = context.path(key)
    try:
        return parse_tsv(context.read_text(path, key), columns, str(path))
    except ValueError as e:
        raise ConfigError(str(e), *context.where(key)) from None


def place_names(division_rows: list[list[str]], country_rows: list[list[str]],
                city_rows: list[list[str]] = ()) -> frozenset[str]:
    """Chinese place names for the tagger's gazetteer feature: every division's full name, the short
    names (2+ characters) of provinces and prefectures, the countries, and the cities abroad."""
    out = {r[0] for r in division_rows}
    out |= {r[2] for r in division_rows if r[1] in ("province", "prefecture") and len(r[2]) >= 2}
    out |= {r[0] for r in country_rows}
    out |= {r[0] for r in city_rows}
    return frozenset(out)


@dataclass
class Titles:
    """A title lexicon: titles with their rank, prefixes, and (Chinese) the organisations they belong to."""
    ranks: dict[str, int]
    prefixes: list[str]
    org_suffixes: dict[str, list[str]] = field(default_factory=dict)
    org_endings: list[str] = field(default_factory=list)
    leading_words: list[str] = field(default_factory=list)  # (Chinese) words that may stand before an organisation
    not_titles: list[str] = field(default_factory=list)  # (Chinese) words that end in a title and are no office: 班主任
    clause_verbs: list[str] = field(default_factory=list)  # (English) verbs that end an organisation: said, told
    destination_titles: list[str] = field(default_factory=list)  # (English) titles + "to <Place>": ambassador
    org_phrases: list[str] = field(default_factory=list)  # (English) lower-case names joined by "and"
    shared_suffix_titles: list[str] = field(default_factory=list)  # (Chinese) 部长 in 国防部长
    elected_after: list[str] = field(default_factory=list)  # (Chinese) 当选为: the title after it is the name's
    elected_by: list[str] = field(default_factory=list)  # (Chinese) 选举 ... 为: the same


def surnames(context, key: str) -> dict[str, str]:
    """surname -> pinyin."""
    return {r[0]: r[1] for r in tsv_rows(context, key, 2)}


def titles(context, key: str) -> Titles:
    data = context.read_toml(context.path(key), key)
    ranks = data.get("titles")
    if not isinstance(ranks, dict) or not all(isinstance(v, int) for v in ranks.values()):
        raise ConfigError(f"{context.path(key)}: [titles] must map each title to its rank (an integer)",
                          *context.where(key))
    lists = {name: words(data.get(name)) for name in (
        "org_endings", "leading_words", "not_titles", "clause_verbs", "destination_titles",
        "shared_suffix_titles", "elected_after", "elected_by")}
    return Titles({str(k): int(v) for k, v in ranks.items()}, words(data.get("prefixes")),
                  org_suffixes={str(k): words(v) for k, v in (data.get("org_suffixes") or {}).items()},
                  org_phrases=[str(p) for p in data.get("org_phrases") or []], **lists)


def optional_path(context, key: str) -> Path | None:
    value = context.settings.get(key)
    return Path(value) if isinstance(value, str) and value else None
