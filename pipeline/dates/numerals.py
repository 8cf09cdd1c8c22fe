"""Numbers as dates write them: Arabic (full-width too), Chinese digit by digit (二〇二一) or positional
(两千零四, 三十一, 廿五).

`parse_number` returns the value and how many digits were written one by one (2 for 08 or 零八, which
makes it a two-digit year), or None for positional numerals, whose digit count says nothing.
"""
from __future__ import annotations

DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9,
          "元": 1}  # 元年 (the first year of an era), 元月 (January)
UNITS = {"十": 10, "百": 100, "千": 1000}
TENS = {"廿": 20, "卅": 30}  # 廿五 = 25


def parse_number(s: str) -> tuple[int, int | None] | None:
    """'2021' -> (2021, 4); '二〇二一' -> (2021, 4); '两千零四' -> (2004, None); '十五' -> (15, None)."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():  # str.isdigit accepts full-width digits, and int() reads them
        return int(s), len(s)
    if all(ch in DIGITS for ch in s):
        return int("".join(str(DIGITS[ch]) for ch in s)), len(s)
    total, digit = 0, None
    for ch in s:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            total += (1 if digit is None else digit) * UNITS[ch]  # 十五: an implicit 一
            digit = None
        elif ch in TENS:
            total += TENS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0), None
