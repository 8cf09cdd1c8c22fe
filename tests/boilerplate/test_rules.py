"""The rule engine: rule files are checked when the stage is built; zones and guards hold."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.boilerplate import RuleSet, Zones
from pipeline.config import load_config
from pipeline.errors import ConfigError
from pipeline.stages.base import StageContext


def ruleset(tmp_path: Path, body: str) -> RuleSet:
    path = tmp_path / "rules.toml"
    path.write_text(body, encoding="utf-8")
    context = StageContext("boilerplate", {}, str(path))
    return RuleSet.load(context, str(path), "rules_files.xx")


def rule(name="r", pattern="x", **keys) -> str:
    extra = "".join(f"{k} = {v!r}\n" if not isinstance(v, list) else f"{k} = {v!r}\n".replace("'", '"')
                    for k, v in keys.items())
    return f"[[rule]]\nname = {name!r}\npattern = '''{pattern}'''\n{extra}\n"


@pytest.mark.parametrize("body, message", [
    (rule(pattern="(unclosed"), "bad regex"),
    (rule(pattern="(?P<author>x)", action="extract"), "named groups must be fields"),
    (rule(pattern="(?P<authors>x)"), "a drop rule reads no fields"),
    (rule(pattern="x", action="field"), "must have a named group"),
    (rule(pattern="x", where="middle"), "where must be one of"),
    (rule(pattern="x", scope="page"), "scope one of"),
    (rule(pattern="x", colour="red"), "unknown keys"),
    (rule(pattern="x", max_chars="80"), "max_chars must be an integer"),
    (rule(pattern="x", names="any name"), "names must be"),
    (rule(pattern="<<NOPE>>"), r"is not in the file's \[define\] table"),
    (rule("a") + rule("a"), "names must be unique"),
    ("[[rule]]\nname = 'r'\n", "needs a name and a pattern"),
])
def test_bad_rule_files_name_the_rule(tmp_path, body, message):
    with pytest.raises(ConfigError, match=message) as e:
        ruleset(tmp_path, body)
    assert "rules.toml" in str(e.value)


def test_define_fragments_expand(tmp_path):
    rs = ruleset(tmp_path, "[define]\nWORD = 'ab+'\nTWO = '<<WORD>> <<WORD>>'\n" + rule(pattern="^<<TWO>>$"))
    assert rs.rules[0].pattern.pattern == "^ab+ ab+$"


def test_shipped_rule_files_load():
    config = load_config()
    settings = config.section("boilerplate")
    context = StageContext("boilerplate", settings, config.files[-1])
    for lang, path in settings["rules_files"].items():
        rs = RuleSet.load(context, path, f"rules_files.{lang}")
        assert rs.rules and rs.field_rules


def test_head_and_tail_zones_do_not_cover_a_short_text(tmp_path):
    """In a short text the head is the first half and the tail the second: a tail rule never fires
    on the first line, a head rule never on the last."""
    rs = ruleset(tmp_path, rule("head_x", "^x", where="head") + rule("tail_y", "^y", where="tail"))
    out = rs.apply(["y one", "x two", "three", "x four", "y five"], Zones(head_lines=4, tail_lines=12))
    assert out.keep == [True, False, True, True, False]
    assert sorted((r.rule.name, r.line) for r in out.removals) == [("head_x", 1), ("tail_y", 4)]


def test_rest_fires_only_in_the_second_part(tmp_path):
    rs = ruleset(tmp_path, rule("end", "^END$", where="tail", scope="rest"))
    lines = ["a", "END", "a long paragraph of the article", "and another long one"]
    assert rs.apply(lines, Zones()).keep == [True, True, True, True]
    lines = ["a long first paragraph of the article", "a long second paragraph", "END", "teaser"]
    assert rs.apply(lines, Zones()).keep == [True, True, False, False]


def test_guards_and_max_chars(tmp_path):
    rs = ruleset(tmp_path, rule("credit", "^编辑：", max_chars=10, requires=["编辑"]))
    out = rs.apply(["正文第一段。", "编辑：张三", "编辑：这一行太长了不是署名而是正文的一句话。"], Zones())
    assert out.keep == [True, False, True]


def test_extract_rules_feed_field_rules(tmp_path):
    body = (rule("meta", r"^\d{4}-\d\d-\d\d .*$", action="extract", where="head")
            + rule("source", "来源：(?P<outlet>\\S+)", action="field"))
    rs = ruleset(tmp_path, body)
    out = rs.apply(["2022-02-13 来源：江城日报", "正文。", "正文。"], Zones())
    assert [(f.field, f.value) for f in out.found] == [("outlet", "江城日报")]
    assert rs.read_context(["来源：江城晚报"], "tail")[0].value == "江城晚报"
