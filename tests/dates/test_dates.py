"""The dates stage: golden cases (data/golden.json), a must-not-match set (data/negative.json), known
failures (data/known_failures.json, xfail strict), numerals, rule-file errors, and the triggered scan
against a full scan."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.config import DEFAULT_CONFIG, load_config
from pipeline.dates.numerals import parse_number
from pipeline.dates.rules import first_chars
from pipeline.document import Document, Source
from pipeline.errors import ConfigError
from pipeline.stages.base import StageContext
from pipeline.stages.dates import Dates

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]


def load(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["cases"]


GOLDEN, NEGATIVE, KNOWN = load("golden.json"), load("negative.json"), load("known_failures.json")


def build(settings=None) -> Dates:
    config = load_config()
    section = dict(config.section("dates")) if settings is None else settings
    return Dates(StageContext("dates", section, str(DEFAULT_CONFIG)))


@pytest.fixture(scope="module")
def stage() -> Dates:
    return build()


def document(case: dict) -> Document:
    return Document(id="t", source=Source("t.txt", "", "txt"), text=case["text"], lang=case["lang"],
                    published=case.get("published"), title=case.get("title"))


def found(stage: Dates, case: dict) -> list[dict]:
    doc = stage.process(document(case))
    assert doc.text == case["text"], "the dates stage must not change the text"
    return [d.to_dict() for d in doc.dates]


@pytest.mark.parametrize("case", GOLDEN, ids=[c["comment"] for c in GOLDEN])
def test_golden(stage, case):
    dates = found(stage, case)
    assert dates == case["dates"]
    for d in dates:
        assert case["text"][d["start"]:d["end"]] == d["text"]


@pytest.mark.parametrize("case", NEGATIVE, ids=[c["comment"] for c in NEGATIVE])
def test_negative(stage, case):
    assert found(stage, case) == []


@pytest.mark.parametrize("case", KNOWN, ids=[c["comment"] for c in KNOWN])
@pytest.mark.xfail(strict=True, reason="known failure (see data/known_failures.json)")
def test_known_failures(stage, case):
    assert found(stage, case) == case["dates"]


def test_left_out_mentions_are_counted_in_a_warning(stage):
    doc = stage.process(document({"text": "3月5日，召开动员会。今天继续。", "lang": "zh"}))
    assert doc.dates == []
    assert any("2 date mention(s) left out" in w for w in doc.warnings)


@pytest.mark.parametrize("text,expected", json.loads((DATA / "numerals.json").read_text(encoding="utf-8"))["cases"].items())
def test_numerals(text, expected):
    assert list(parse_number(text)) == expected


def test_triggered_scan_finds_what_a_full_scan_finds(stage):
    texts = [c["text"] for c in GOLDEN + NEGATIVE + KNOWN]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw").glob("*.txt"))]
    for ruleset in list(stage.rulesets.values()) + [stage.fallback]:
        for text in texts:
            fast = [(m.span(), rule.name) for rule, m in ruleset.scan(text)]
            full = [(m.span(), rule.name) for rule, m in ruleset.scan(text, full=True)]
            assert fast == full, text


@pytest.mark.parametrize("pattern,chars", [
    ("(?<![0-9])(?P<d>[0-9]{1,2})日", set("0123456789")),
    ("(?:今|明)天", {"今", "明"}),
    ("(?:the )?(?P<d>[1-3])", {"t", "1", "2", "3"}),
    ("(?i:today)", {"t", "T"}),
    ("[^x]y", None),
])
def test_first_chars(pattern, chars):
    assert first_chars(pattern) == chars


def test_samples_dates_index_the_final_text(pipeline):
    """Through the whole pipeline on the samples: offsets index the final text, which dates leaves alone."""
    from conftest import make_document

    for path in sorted((ROOT / "raw").glob("*.txt")):
        doc = make_document(raw=path.read_bytes(), doc_id=path.stem)
        for s in pipeline.stages:
            before = doc.text
            doc = s.process(doc)
            if s.name == "dates":
                assert doc.text == before
                break
        for d in doc.dates:
            assert doc.text[d.start:d.end] == d.text


# ---- rule files that cannot be used stop the run with a message naming the file and the rule ----

def rule_file(tmp_path: Path, body: str) -> dict:
    path = tmp_path / "rules.toml"
    path.write_text(body, encoding="utf-8")
    return {"rules_files": {"zh": [str(path)]}}


@pytest.mark.parametrize("body,message", [
    ("[[rule]]\nname = 'broken'\npattern = '(?P<y>[0-9]{4}'\n", "rule broken: bad regex"),
    ("[[rule]]\nname = 'odd'\npattern = '(?P<when>[0-9]{4})'\n", "unknown group(s) ['when']"),
    ("[[rule]]\nname = 'nodef'\npattern = '{nothing}年'\n", "{nothing} is not a def"),
    ("[holidays]\n\"某节\" = \"13-40\"\n[[rule]]\nname = 'h'\npattern = '(?P<hol>{holidays})'\n", "must be \"MM-DD\""),
    ("[scan]\ntriggers = '年'\nwindow = 2\n[holidays]\n\"元旦\" = \"01-01\"\n[[rule]]\nname = 'h'\npattern = '(?P<hol>{holidays})'\n",
     "has no [scan] trigger"),
    ("[defs]\nx = 'a'\n", "no [[rule]]"),
])
def test_bad_rule_files(tmp_path, body, message):
    with pytest.raises(ConfigError) as err:
        build(rule_file(tmp_path, body))
    assert message in str(err.value)
    assert "rules.toml" in str(err.value) or "rules_files" in str(err.value)


def test_no_rule_files_is_a_config_error():
    with pytest.raises(ConfigError, match="no date rule files"):
        build({})


def test_relative_words_inside_names_are_not_dates(stage):
    """The entities stage runs first: 李明天 (a person) and 明天小学 (a school) are names."""
    from pipeline.document import Entity

    text = "李明天来到明天小学，明天还要去北京。"
    doc = document({"text": text, "lang": "zh", "published": "2023-06-01"})
    doc.entities = [Entity("李明天", "PERSON", 0, 3), Entity("明天小学", "ORG", 5, 9)]
    assert [(d.text, d.start, d.value) for d in stage.process(doc).dates] == [("明天", 10, "2023-06-02")]


def test_any_text_gives_dates_that_index_it(stage):
    """Random runs of date-like characters: no exception, offsets exact, values valid ISO dates."""
    from datetime import date

    from hypothesis import given, settings, strategies as st

    alphabet = "0123456789年月日号至到-/.：: 今明昨天上下周一二三四五六七八九十〇零两元节旦本个去后前农历每MayMarch thof,"
    values = st.sampled_from([None, "2021-09-01", "2024-02-29", "2021-13-45", "2021", "2021-12"])

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.text(alphabet=alphabet, max_size=60), st.sampled_from(["zh", "en", "und"]), values)
    def check(text, lang, published):
        doc = stage.process(document({"text": text, "lang": lang, "published": published}))
        assert doc.text == text
        for d in doc.dates:
            assert text[d.start:d.end] == d.text
            date.fromisoformat((d.value + "-01-01")[:10])

    check()
