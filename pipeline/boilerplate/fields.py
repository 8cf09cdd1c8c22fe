"""What the removed lines say, turned into field values: dates (ISO), people (names), the title.

The vocabularies (role words around names, month names) are data in the rule files; this module
only knows how to apply them.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                         "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
# '2022.09.14', '2024-08-07 14:14:00', '2005年08月16日', '2005/05/17', '1998年3月'
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2})(?!\d))?")
US_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")  # 9/17/2004 (month first)
MONTH_DAY_ZH = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
MONTH_NAME_FIRST = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
HAN = re.compile(r"[\u3400-\u9fff]")
NAME_SPLIT = re.compile(r"\s*(?:[,，、;；/／|｜丨]|\band\b|&)\s*")
SPACE = re.compile(r"\s+")
DIGITS = re.compile(r"\d[\d\-./:年月日时分秒]*")
# a two-character name spaced out to line up with three-character ones: "赵 培"
SPACED_NAME = re.compile(r"(?<![\u3400-\u9fff])([\u3400-\u9fff])[ \u3000]{1,3}([\u3400-\u9fff])(?![\u3400-\u9fff])")


def parse_date(value: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) from the first date in `value`: '2022.09.14', '2024-08-07 14:14:00',
    '2005年08月16日', 'September 1st', 'Nov. 18', '18 November 2020', '9月1日'. Nones when there is none."""
    value = value.strip()
    m = NUMERIC_DATE.search(value)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    m = US_DATE.search(value)
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(3)), int(m.group(1)), int(m.group(2))
    m = MONTH_DAY_ZH.search(value)
    if m:
        return None, int(m.group(1)), int(m.group(2))
    m = DAY_FIRST.search(value)
    if m and m.group(2).lower() in MONTHS:
        return int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))
    m = MONTH_NAME_FIRST.search(value)
    if m and m.group(1).lower() in MONTHS:
        return int(m.group(3)) if m.group(3) else None, MONTHS[m.group(1).lower()], int(m.group(2))
    return None, None, None


def iso(year: int | None, month: int | None, day: int | None) -> str | None:
    """ISO 8601 at its own precision; None without a plausible year."""
    if year is None or not 1900 <= year <= 2100:
        return None
    if month is None or not 1 <= month <= 12:
        return f"{year:04d}"
    if day is None or not 1 <= day <= 31:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def article_year(title: str | None, body: str) -> int | None:
    """The year the title names, else the year the body names most, to complete a dateline that
    gives only month and day. None when the article names no year."""
    in_title = Counter(YEAR.findall(title or ""))
    years = in_title or Counter(YEAR.findall(body))
    return int(years.most_common(1)[0][0]) if years else None


@dataclass(frozen=True)
class PeopleRules:
    """How to read names out of a credit: role words to strip (记者, 实习生, Reporter ...), trailing
    words that are not names (报道, 摄, 整理 ...), and what a name looks like."""
    roles: re.Pattern | None = None  # role words before or between names
    trailers: re.Pattern | None = None  # words after a name that end it
    not_names: re.Pattern | None = None  # what looks like a name but is an organisation (…社, …网, …局)
    zh_name: re.Pattern = re.compile(r"^[\u3400-\u9fff·]{2,5}$")
    latin_name: re.Pattern = re.compile(r"^[A-Z][A-Za-z'’.-]*(?:\s+[A-Za-z][A-Za-z'’.-]*){0,3}$")
    max_names: int = 8

    def people(self, value: str) -> list[str]:
        """'实习记者 樊亮 张明超 记者惠禾' -> ['樊亮', '张明超', '惠禾']; 'Fang Tong, Zhu Dragon Super' ->
        both; an organisation before a name ('邯郸市市场监督管理局 赵春辉') is not a name and is left out."""
        value = SPACED_NAME.sub(r"\1\2", DIGITS.sub(" ", value.strip(" \t()（）[]【】<>《》.,，。:：")))
        if self.trailers is not None:
            value = self.trailers.sub(" ", value)
        if self.roles is not None:  # a role word separates names: "Reporter A B Correspondent C D"
            value = self.roles.sub(", ", value)
        out: list[str] = []
        for part in NAME_SPLIT.split(value):
            part = SPACE.sub(" ", part).strip(" .。·-—")
            if not part:
                continue
            # Chinese names are separated by spaces; Latin names contain them
            pieces = part.split(" ") if HAN.search(part) else [part]
            for name in pieces:
                if not (self.zh_name.match(name) if HAN.search(name) else self.latin_name.match(name)):
                    continue
                if self.not_names is not None and self.not_names.search(name):
                    continue
                if name not in out:
                    out.append(name)
        return out[:self.max_names]


def same_headline(line: str, title: str) -> bool:
    """The line repeats the title: equal, or one contains the other (a title tag adds the site's
    name), ignoring spaces and character widths (the text's punctuation was normalized, a title
    tag's was not)."""
    a, b = fold(line), fold(title)
    if not a or not b:
        return False
    return a == b or (len(a) >= 6 and a in b) or (len(b) >= 6 and b in a and len(b) >= 0.6 * len(a))


def fold(s: str) -> str:
    return SPACE.sub("", unicodedata.normalize("NFKC", s)).lower()
