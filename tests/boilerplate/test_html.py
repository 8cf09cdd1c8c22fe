"""HTML extraction: layout tables unwrapped, data tables kept, the fallback cascade, context lines."""
from __future__ import annotations

import lxml.html
import pytest

from pipeline import html
from pipeline.errors import InputError

PARAGRAPH = "这是文章的正文段落，内容足够长，用来让抽取器把它当作正文。" * 6
SETTINGS = {"favor_precision": True, "include_tables": True, "unwrap_layout_tables": True, "context_lines": 5}


def page(body: str) -> str:
    return f"<html><head><title>江城启动质量月活动_江城新闻网</title></head><body>{body}</body></html>"


def test_layout_table_is_unwrapped_and_a_data_table_kept():
    tree = lxml.html.fromstring(page(
        "<table><tr><td><a href='/'>首页</a> <a href='/n'>新闻</a></td></tr>"
        f"<tr><td><p>{PARAGRAPH}</p></td></tr></table>"
        "<table><tr><th>科目</th><th>人数</th></tr><tr><td>艺术学</td><td>3</td></tr></table>"))
    assert html.unwrap_layout_tables(tree) == 1
    tables = tree.findall(".//table")
    assert len(tables) == 1 and tables[0].find(".//th") is not None


@pytest.mark.parametrize("markup, data", [
    ("<table role='presentation'><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", False),
    ("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>", False),
    ("<table><caption>x</caption><tr><td>a</td></tr></table>", True),
    ("<table>" + "<tr><td>a</td><td>b</td><td>c</td></tr>" * 4 + "</table>", True),
    ("<table>" + f"<tr><td>a</td><td>{PARAGRAPH * 2}</td><td>c</td></tr>" * 4 + "</table>", False),
])
def test_data_table_test(markup, data):
    assert html.is_data_table(lxml.html.fromstring(markup)) is data


def test_extract_with_context_lines():
    content = html.extract(page(
        "<div class='nav'><a href='/'>首页</a> &gt; <a href='/n'>新闻</a></div>"
        "<h1>江城启动质量月活动</h1><div class='meta'>2022-02-13 09:57 来源：江城日报</div>"
        f"<div class='content'><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>"
        "<div class='editor'>责任编辑：赵六</div>"), SETTINGS)
    assert PARAGRAPH in content.text
    assert "2022-02-13 09:57 来源：江城日报" in content.head
    assert "责任编辑：赵六" in content.tail
    assert content.mode == "precision"


def test_a_fragment_without_html_tags_still_parses():
    content = html.extract(f"<text id='x'><div><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></text>", SETTINGS)
    assert PARAGRAPH in content.text


def test_no_main_text_is_an_input_error():
    with pytest.raises(InputError) as e:
        html.extract(page("<script>var a = 1;</script>"), SETTINGS)
    assert e.value.code == "no_main_text"


def test_context_around_needs_the_text_in_the_page():
    lines = ["首页", "标题", "时间：2022-01-01", "第一段正文内容在这里", "第二段正文也在这里", "责任编辑：某某"]
    head, tail = html.context_around(lines, "第一段正文内容在这里\n第二段正文也在这里", 2)
    assert head == ["标题", "时间：2022-01-01"] and tail == ["责任编辑：某某"]
    assert html.context_around(lines, "页面里没有的文字", 2) == ([], [])
