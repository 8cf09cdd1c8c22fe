"""From rule matches to ISO dates: read each part, then fill what the mention leaves out from context.

Resolution policy: what a mention that lacks its year, or its month, is taken to mean. "Reference"
below is `published`; without it, a full date with its year in the first `dateline_chars` characters
(the dateline: `Tuesday, Nov 17, 2020`, `新华社北京2020年11月18日电`) stands in, except for relative words.

1. Ranges: the two ends complete each other (`9月1日至30日`, `December 27th to 28th`, `1-7月`,
   `27 to 28 August 2022`); an end that took its year from the other and would fall before the first
   moves one year on (`2021年12月30日至1月2日` -> 2022-01-02). A range without a year is placed by
   its later end (`1-10月` in an article of 2016-11-22 is 2016-01 to 2016-10).
2. Year, in this order:
   a. a date with a written year and a month earlier in the same sentence, which the mention follows
      in the calendar, gives its year (`2019年3月和6月`); a year said relatively counts as written
      (`去年4月来到英国……9月开始攻读硕士`: last year's September);
   b. with a reference: the reference's year, unless that puts the date more than `max_days_ahead`
      days after it (then the year before: `12月` in an article of 2022-01-10 is 2021-12) or more than
      `max_days_behind` days before it (then the year after: `1月` on 2021-11-20 is 2022-01). A date
      with a written year earlier in the same paragraph, which the mention follows in the calendar,
      wins when the mention is closer to it than to the reference (`2011年8月25日，……专案组于8月26日`
      in an article of 2012-06-12 is 2011-08-26);
   c. without one: the nearest written year before the mention, else the title's, else one written
      after it in the same sentence (`9月1日上午，邯郸市2021年“质量月”……`); else the mention is left
      out and counted in a warning.
   A day the year lacks (2月29日) is taken in the closest earlier year that has it.
3. Month of a day alone (`29日`, `12号`): news counts bare days from its dateline. With a reference:
   the month of a full date just before it in the same paragraph, when that date is in the
   reference's month, or in the month before and the day comes later (`6月11日和12日`), or after the
   reference's month and in the same sentence; else the reference's month, or the month before when
   the day is more than `day_ahead_days` after the reference's (`27日` in an article of July 2 is
   June 27), or the closest earlier month that has the day (31日). Without a reference: the month of
   the last date with a month before it; else left out.
4. Relative words (今天, 明年, 下个月, 上周五, 今年国庆节, this year, tomorrow) count from `published` only,
   and are left out without it; weeks start on Monday. Inside a 《title》 or a name the entities stage
   found (李明天, 明天小学) they and holidays are part of the name and are skipped.
5. Two-digit years (`05年`, `07/07/95`): 20yy below `two_digit_year_pivot`, else 19yy.
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..document import DateMention
from .numerals import parse_number
from .rules import Rule, RuleSet

SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s|$)")
BOOK_TITLE = re.compile(r"《[^《》\n]{0,80}》")


@dataclass(frozen=True)
class Policy:
    max_days_ahead: int = 183
    max_days_behind: int = 275
    two_digit_year_pivot: int = 50
    day_ahead_days: int = 7
    dateline_chars: int = 300


@dataclass
class Reference:
    """The article's `published` date at whatever precision it has."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> "Reference | None":
        m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value or "")
        if not m:
            return None
        y, mo, d = (int(g) if g else None for g in m.groups())
        if not _valid(y, mo, d) or (d is not None and mo is None):
            return None  # 2021-13-45 says nothing usable
        return cls(y, mo, d)

    @property
    def date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.month and self.day else None


@dataclass
class Partial:
    """One date mention as its rule read it, before the context fills what it lacks."""

    start: int
    end: int
    rule: Rule
    y: int | None = None
    m: int | None = None
    d: int | None = None
    y_explicit: bool = False
    precision: int = 4  # 4, 7 or 10: the length of its ISO value
    ry: int | None = None
    rm: int | None = None
    rd: int | None = None
    rw: int | None = None
    wd: int | None = None
    partner: "Partial | None" = None
    second: bool = False  # the later end of a range
    inherited: set[str] = field(default_factory=set)
    value: tuple[int, int | None, int | None] | None = None  # resolved (y, m, d)

    @property
    def relative(self) -> bool:
        return any(v is not None for v in (self.ry, self.rm, self.rd, self.rw))


LIST_DAY = re.compile(r"[0-9]{1,2}")  # a day inside a rule's `more` group


def _valid(y: int, m: int | None, d: int | None) -> bool:
    if not 1 <= y <= 9999 or (m is not None and not 1 <= m <= 12):
        return False
    return d is None or (m is not None and 1 <= d <= calendar.monthrange(y, m)[1])


def _number(text: str | None) -> tuple[int, int | None] | None:
    return parse_number(text) if text else None


class Reader:
    """Turns rule matches into Partials, reading numbers, names and tables."""

    def __init__(self, ruleset: RuleSet, policy: Policy):
        self.ruleset = ruleset
        self.policy = policy

    def year(self, text: str | None, era: str | None) -> int | None:
        parsed = _number(text)
        if parsed is None:
            return None
        value, width = parsed
        if era is not None:
            return int(self.ruleset.lookup("eras", era) or 0) + value
        if width == 2:
            return value + (2000 if value < self.policy.two_digit_year_pivot else 1900)
        return value

    def month(self, text: str | None) -> int | None:
        if not text:
            return None
        named = self.ruleset.lookup("months", text.rstrip("."))
        if named is not None:
            return int(named)
        parsed = _number(text)
        return parsed[0] if parsed else None

    def day(self, text: str | None) -> int | None:
        parsed = _number(text)
        return parsed[0] if parsed else None

    def read(self, rule: Rule, match: re.Match) -> list[Partial]:
        g = lambda name: rule.group(match, name)  # noqa: E731
        first_span = rule.span(match, "a") or match.span()
        first = Partial(*first_span, rule=rule)
        first.y = self.year(g("y"), g("era"))
        first.y_explicit = first.y is not None
        first.m, first.d = self.month(g("m")), self.day(g("d"))
        if g("hol"):
            month_day = str(self.ruleset.lookup("holidays", g("hol")))
            first.m, first.d = int(month_day[:2]), int(month_day[3:5])
        for name in ("ry", "rm", "rd", "rw"):
            if g(name):
                setattr(first, name, int(self.ruleset.lookup(f"relative_{_TABLE[name]}", g(name))))
        if g("wd"):
            first.wd = int(self.ruleset.lookup("weekdays", g("wd")))
        if rule.either_order and first.m is not None and first.d is not None:
            if first.m > 12 >= first.d:
                first.m, first.d = first.d, first.m
            elif first.d <= 12 and first.m != first.d:
                return []  # 1/2/2020: January 2 or February 1? Not guessed.
        first.precision = self._precision(first)
        out = [first]
        second_span = rule.span(match, "b")
        if second_span:
            second = Partial(*second_span, rule=rule, second=True)
            second.y = self.year(g("y2"), g("era"))
            second.y_explicit = second.y is not None
            second.m, second.d = self.month(g("m2")), self.day(g("d2"))
            second.precision = self._precision(second)
            for a, b in ((first, second), (second, first)):
                # the end that says less takes the coarser parts from the other: 27th <- December
                if a.m is None and b.m is not None and a.d is not None:
                    a.m = b.m
                    a.inherited.add("m")
                if a.y is None and b.y is not None and a.m is not None:
                    a.y = b.y
                    a.inherited.add("y")
            first.partner, second.partner = second, first
            out.append(second)
        more = rule.span(match, "more")
        if more and first.m is not None:  # Nov. 3, 4, 5 and 6: each day a date of the first's month
            for m in LIST_DAY.finditer(match.string, *more):
                day = Partial(m.start(), m.end(), rule=rule, y=first.y, m=first.m, d=self.day(m.group()),
                              y_explicit=first.y_explicit, precision=10)
                day.inherited.add("m")
                out.append(day)
        return out

    @staticmethod
    def _precision(p: Partial) -> int:
        if p.d is not None or p.rd is not None or p.wd is not None:
            return 10
        if p.m is not None or p.rm is not None:
            return 7
        return 4


_TABLE = {"ry": "year", "rm": "month", "rd": "day", "rw": "week"}


class Resolver:
    """Fills each Partial's missing year/month from the article, in text order (see module docstring)."""

    def __init__(self, text: str, ref: Reference | None, policy: Policy, title_years: list[int],
                 dateline: Reference | None = None):
        self.text = text
        self.ref = ref  # relative words count from `published` only
        self.base = ref or dateline  # what completes dates without a year or month
        self.policy = policy
        self.title_years = title_years
        self.last_written: Partial | None = None  # the last resolved date with a written year and a month
        self.last_month: Partial | None = None  # the last resolved date with a month
        self.year_offsets: list[int] = []  # offsets of every written year, and the years
        self.years: list[int] = []
        # boundaries, found once: every question below is a bisection (an article may hold thousands of dates)
        self.paragraph_ends = [m.start() for m in re.finditer("\n", text)]
        self.sentence_ends = [m.start() for m in SENTENCE_END.finditer(text)]
        self.left_out = 0

    def same(self, start: int, end: int, sentence: bool) -> bool:
        """No sentence (or paragraph) boundary between two offsets."""
        ends = self.sentence_ends if sentence else self.paragraph_ends
        i = bisect_left(ends, start)
        return i == len(ends) or ends[i] >= end

    def resolve(self, partials: list[Partial]) -> list[DateMention]:
        written = [(p.start, p.y) for p in partials if p.y_explicit and not p.inherited]
        self.year_offsets, self.years = [o for o, _ in written], [y for _, y in written]
        out = []
        for p in partials:
            value = self._relative(p) if p.relative else self._absolute(p)
            if value is None or not _valid(*value):
                self.left_out += value is None
                continue
            p.value = value
            if value[1] is not None:
                self.last_month = p
                if (p.y_explicit or p.ry is not None) and p.precision >= 7:  # 2004年3月, 去年3月: a year the text gives
                    self.last_written = p
            out.append(DateMention(self.text[p.start:p.end], _iso(value, p.precision), p.start, p.end))
        return out

    def _relative(self, p: Partial) -> tuple[int, int | None, int | None] | None:
        ref = self.ref
        if ref is None:
            return None
        if p.rd is not None or p.rw is not None:
            if ref.date is None:
                return None
            if p.rd is not None:
                day = ref.date + timedelta(days=p.rd)
            else:
                monday = ref.date - timedelta(days=ref.date.weekday())
                day = monday + timedelta(days=7 * p.rw + (p.wd or 1) - 1)
            return day.year, day.month, day.day
        year = ref.year + (p.ry or 0)
        if p.rm is not None:
            if ref.month is None:
                return None
            index = year * 12 + ref.month - 1 + p.rm
            return index // 12, index % 12 + 1, p.d
        return year, p.m, p.d

    def _absolute(self, p: Partial) -> tuple[int, int | None, int | None] | None:
        y, m, d = p.y, p.m, p.d
        if m is None and d is not None:  # a day alone: 29日
            found = self._month_for_day(p)
            if found is None:
                return None
            y, m = found if y is None else (y, found[1])
            return y, m, d
        if y is None:
            y = self._year_for(p)
            if y is None:
                return None
            if m is not None and not _valid(y, m, d):  # 2月29日: the closest earlier year that has it
                y = next((yy for yy in range(y - 1, y - 9, -1) if _valid(yy, m, d)), y)
        if p.second and "y" in p.inherited and p.partner and p.partner.value and m is not None:
            if (y, m, d or 0) < (p.partner.value[0], p.partner.value[1] or 0, p.partner.value[2] or 0):
                y += 1  # 12月30日至1月2日
        return y, m, d

    def _year_for(self, p: Partial) -> int | None:
        if p.second and p.partner is not None and p.partner.value is not None:
            return p.partner.value[0]
        anchor = self._anchor(p)
        if anchor is not None and self.same(anchor.end, p.start, sentence=True):
            return anchor.value[0]  # 2019年3月和6月
        if self.base is not None:
            year = self._year_near_published(p)
            end = None if p.second else p.partner
            if end is not None and not end.y_explicit and end.m is not None and p.m is not None:
                # a range is placed by its later end: 1-10月 in a November article is this year's
                # January to October, not next year's; 12月至2月 in a February one starts the year before
                year = self._year_near_published(end) - ((p.m, p.d or 0) > (end.m, end.d or 0))
            if anchor is not None and p.m is not None and self.base.month is not None:
                # the story's own timeline (2011年8月25日……专案组于8月26日) against the dateline:
                # the reading closer to its reference wins
                ay, am, ad = anchor.value
                to_anchor = (_day(ay, p.m, p.d) - _day(ay, am, ad)).days
                to_published = abs((_day(year, p.m, p.d) - _day(self.base.year, self.base.month, self.base.day)).days)
                if to_anchor <= to_published:
                    return ay
            return year
        i = bisect_left(self.year_offsets, p.start)
        if i > 0:
            return self.years[i - 1]  # the nearest written year before
        if self.title_years:
            return self.title_years[0]
        while i < len(self.year_offsets) and self.year_offsets[i] <= p.start:
            i += 1
        if i < len(self.year_offsets) and self.same(p.end, self.year_offsets[i], sentence=True):
            return self.years[i]  # 9月1日上午，邯郸市2021年“质量月”……
        return None

    def _anchor(self, p: Partial) -> Partial | None:
        """The last date with a written year and a month earlier in the paragraph, if p comes after it."""
        q = self.last_written
        if p.m is None or q is None or not self.same(q.end, p.start, sentence=False):
            return None
        return q if (p.m, p.d or 0) >= (q.value[1], q.value[2] or 0) else None

    def _year_near_published(self, p: Partial) -> int:
        ref = self.base
        year = ref.year
        if ref.month is None or p.m is None:
            return year
        published = date(ref.year, ref.month, ref.day or 15)
        day = min(p.d or 15, 28)  # the distance only needs the right month
        mentioned = date(year, p.m, day)
        if (mentioned - published).days > self.policy.max_days_ahead:
            return year - 1
        if (published - mentioned).days > self.policy.max_days_behind:
            return year + 1
        return year

    def _month_for_day(self, p: Partial) -> tuple[int, int] | None:
        ref = self.base
        last = self.last_month
        if last is not None and ref is None:
            return last.value[0], last.value[1]
        if last is not None and last.precision == 10 and self.same(last.end, p.start, sentence=False):
            behind = (ref.year * 12 + (ref.month or last.value[1])) - (last.value[0] * 12 + last.value[1])
            later = p.d >= last.value[2]
            if _valid(last.value[0], last.value[1], p.d) and (
                    behind == 0 or (behind == 1 and later)
                    or (behind < 0 and later and self.same(last.end, p.start, sentence=True))):
                # 6月11日和12日; a recent date, or a coming one in the same sentence (7月30日公布，31日……);
                # not 2011年7月1日……27日, not 6月30日……截至1日
                return last.value[0], last.value[1]
        if ref is None or ref.month is None:
            return None
        y, m = ref.year, ref.month
        if ref.day is not None and p.d > ref.day + self.policy.day_ahead_days:
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)  # 27日 in an article of July 2: June 27
        for _ in range(12):  # 31日 in a 30-day month: the closest earlier month that has it
            if _valid(y, m, p.d):
                return y, m
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        return None


def _day(y: int, m: int, d: int | None) -> date:
    return date(y, m, min(d or 15, calendar.monthrange(y, m)[1]))


def _iso(value: tuple[int, int | None, int | None], precision: int) -> str:
    y, m, d = value
    if precision >= 10 and m is not None and d is not None:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if precision >= 7 and m is not None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}"


def find_dates(text: str, ruleset: RuleSet, policy: Policy, published: str | None = None,
               title: str | None = None, names: list[tuple[int, int]] = ()) -> tuple[list[DateMention], int]:
    """Every calendar date of `text` with its offsets, and how many mentions could not be resolved.

    `names` are spans of names (people, organisations ...): a relative word or a holiday inside one is
    part of the name (李明天, 明天小学), not a date."""
    reader = Reader(ruleset, policy)
    titles = [(m.start(), m.end()) for m in BOOK_TITLE.finditer(text)] if "《" in text else []
    partials: list[Partial] = []
    for rule, match in ruleset.scan(text):
        if rule.lexical and any(s <= match.start() and match.end() <= e for s, e in list(names) + titles):
            continue  # 《明日之星》 is a work, not tomorrow
        partials.extend(reader.read(rule, match))
    title_years: list[int] = []
    if title:
        for rule, match in ruleset.scan(title):
            title_years.extend(p.y for p in reader.read(rule, match) if p.y_explicit)
    partials.sort(key=lambda p: p.start)
    dateline = next((Reference(p.y, p.m, p.d) for p in partials
                     if p.start < policy.dateline_chars and p.y_explicit and p.precision == 10 and not p.relative
                     and _valid(p.y, p.m, p.d)), None)
    resolver = Resolver(text, Reference.parse(published), policy, title_years, dateline)
    return resolver.resolve(partials), resolver.left_out
