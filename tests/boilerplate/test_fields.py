"""Field helpers: dates to ISO at their own precision, names out of credits, headlines."""
from __future__ import annotations

import pytest

from pipeline.boilerplate import article_year, iso, parse_date, same_headline


@pytest.mark.parametrize("value, expected", [
    ("2022.09.14", "2022-09-14"),
    ("2024-08-07 14:14:00", "2024-08-07"),
    ("2005年08月16日 来源：新华网", "2005-08-16"),
    ("2005/05/17 22:11:42", "2005-05-17"),
    ("1998年3月号", "1998-03"),
    ("9/17/2004 5:54:13 AM", "2004-09-17"),
    ("18 November 2020", "2020-11-18"),
    ("November 18, 2020", "2020-11-18"),
    ("September 1st", None),
    ("9月1日", None),
    ("no date here", None),
])
def test_parse_date_to_iso(value, expected):
    assert iso(*parse_date(value)) == expected


def test_month_and_day_alone():
    assert parse_date("September 1st") == (None, 9, 1)
    assert parse_date("9月1日电") == (None, 9, 1)
    assert parse_date("Nov. 18") == (None, 11, 18)


def test_article_year_prefers_the_title():
    assert article_year("2021年质量月", "2020年和2019年，2020年") == 2021
    assert article_year(None, "2020年和2019年，2020年") == 2020
    assert article_year(None, "没有年份") is None


def test_people(stage):
    zh = stage.rules["zh"].people
    assert zh.people("实习记者 樊亮 张明超 记者惠禾") == ["樊亮", "张明超", "惠禾"]
    assert zh.people("邯郸市市场监督管理局 赵春辉") == ["赵春辉"]
    assert zh.people("本报记者罗科苏盈发自北京") == ["罗科苏盈"]
    assert zh.people("萧潇、张妍") == ["萧潇", "张妍"]
    assert zh.people("赵 培") == ["赵培"]
    assert zh.people("新华社") == []
    en = stage.rules["en"].people
    assert en.people("Fang Tong, Zhu Dragon Super") == ["Fang Tong", "Zhu Dragon Super"]
    assert en.people("Wen Ying, Bianji") == ["Wen Ying"]


def test_same_headline():
    assert same_headline("17种产品入选名单", "17种产品入选名单 - 要闻 - 云南日报网")
    assert not same_headline("正文的第一句话很长很长", "完全不同的标题")
