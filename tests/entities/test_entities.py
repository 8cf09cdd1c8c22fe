"""The entities stage on golden sentences (tests/entities/golden.json), its offsets, the byline rule,
and the run without a model file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import Byline

HERE = Path(__file__).resolve().parent
CASES = json.loads((HERE / "golden.json").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def entities(pipeline):
    stage = next(s for s in pipeline.stages if s.name == "entities")

    def go(text, lang, byline=None):
        from tests.conftest import make_document

        doc = make_document(text)
        doc.lang = lang
        if byline:
            doc.byline = byline
        return stage.process(doc)
    return go


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:24] for c in CASES])
def test_golden(entities, case):
    doc = entities(case["text"], case["lang"])
    got = {(e.label.replace("LOC", "GPE"), e.text) for e in doc.entities}
    for label, text in case["expect"]:
        assert (label, text) in got, f"missing {label} {text!r}; got {sorted(got)}"
    texts = {e.text for e in doc.entities}
    for text in case.get("never", []):
        assert text not in texts, f"{text!r} tagged; got {sorted(got)}"
    for e in doc.entities:
        assert doc.text[e.start:e.end] == e.text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("中美关系访华邯郸市人民政府张学军副市长出席，。、 \nWang Pu, deputy Bureau Hebei")), max_size=80),
       st.sampled_from(["zh", "en"]))
def test_offsets_always_valid(entities, text, lang):
    doc = entities(text, lang)
    assert doc.text == text
    last = -1
    for e in doc.entities:
        assert 0 <= e.start < e.end <= len(text) and text[e.start:e.end] == e.text
        assert e.start >= last  # sorted, not overlapping
        last = e.end


def test_byline_names_are_not_entities(entities):
    doc = entities("The speech was given by Zheng Jianxin, mayor of Changsha.", "en", Byline(editors=["Zheng Jianxin"]))
    assert "Zheng Jianxin" not in {e.text for e in doc.entities}


def test_spacy_doc_shared(entities):
    doc = entities("市政府副市长张学军出席。", "zh")
    sdoc = doc.scratch["spacy_doc"]
    assert sdoc.text == doc.text and len(sdoc) > 0


def test_without_model_file(tmp_path, caplog):
    """No model: the stage still builds, says so once, and the rules still find entities."""
    from pipeline.config import load_config
    from pipeline.stages import build_pipeline

    override = tmp_path / "nomodel.toml"
    override.write_text(f'[entities]\nmodel_file = "{tmp_path / "missing.npz"}"\n', encoding="utf-8")
    with caplog.at_level("WARNING", logger="newsclean"):
        pipeline = build_pipeline(load_config(override))
    assert any("make train-ner" in r.message for r in caplog.records)
    stage = next(s for s in pipeline.stages if s.name == "entities")
    from tests.conftest import make_document

    doc = make_document("邯郸市人民政府和水利厅在河北省召开会议。")
    doc.lang = "zh"
    got = {(e.label, e.text) for e in stage.process(doc).entities}
    assert {("ORG", "邯郸市人民政府"), ("ORG", "水利厅"), ("GPE", "河北省")} <= got


@pytest.mark.parametrize("text, span, want", [
    ("曲局长为景甜和观众介绍了美食。", (3, 6), "景甜"),  # 为 (for) is no surname: the name is 景甜
    ("局长龙峰不知道。龙峰说。", (2, 5), "龙峰"),  # 不知 is the next word, 龙峰 stands alone later
    ("局长郑建新强调。", (2, 5), "郑建新"),  # 新强 is no word: the name stays whole
    ("局长王志强调研时说。王志强说。", (2, 5), "王志强"),  # 强调 is a word, but 王志 never stands alone
])
def test_person_bounds_mended_by_the_text(pipeline, text, span, want):
    stage = next(s for s in pipeline.stages if s.name == "entities")
    s, e = stage.zh_rules.person_span(text, *span)
    assert text[s:e] == want


def test_a_name_is_not_found_again_inside_an_everyday_word(entities):
    """中国 is found where it stands, not inside 发展中国家 (developing countries) by the search for
    its other mentions."""
    text = "中国政府表示，将继续向发展中国家提供援助。中国愿与各国合作。"
    doc = entities(text, "zh")
    assert [(e.start, e.text) for e in doc.entities if e.text == "中国"] == [(0, "中国"), (21, "中国")]


@pytest.mark.parametrize("text, span, want", [
    ("八一队主场0∶0逼平四川全兴队。", "逼平四川全兴队", "四川全兴队"),  # a tagger's span that took the verb in
    ("韩国队1∶1战胜比利时队。", "战胜比利时队", "比利时队"),
])
def test_a_match_verb_never_starts_an_organisation(pipeline, text, span, want):
    from pipeline.ner.components import _tidy_zh

    stage = next(s for s in pipeline.stages if s.name == "entities")
    s = text.index(span)
    got = _tidy_zh(text, (s, s + len(span), "ORG", 2), stage.zh_rules.leading_verb)
    assert (text[got[0]:got[1]] if got else None) == want


@pytest.mark.parametrize("text, span, want", [
    ("经济发展部长博塔菲戈今天宣布。", "博塔菲戈", "PERSON"),  # a tagger's place right after a title
    ("菲律宾总统廉政委员会主席说。", "廉政委", "GPE"),  # ends inside a word (委员): no name
    ("日本前首相田中角荣纪念馆落成。", "田中角荣纪念馆", "GPE"),  # a building
    ("他是省长河北人。", "河北", "GPE"),  # a place the gazetteer knows
])
def test_a_place_right_after_a_title_is_a_person(pipeline, text, span, want):
    stage = next(s for s in pipeline.stages if s.name == "entities")
    s = text.index(span)
    assert stage.zh_rules.title_person(text, s, s + len(span), "GPE") == want
