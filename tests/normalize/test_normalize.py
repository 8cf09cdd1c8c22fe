"""The normalize stage: golden cases, texts that must not change, edits, script, idempotence.

Golden data: cases.json (input -> expected), negative.json (must not change), known_failures.json
(xfail strict). The stage is built alone from the shipped configuration, so these tests do not depend
on the other stages being buildable.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import load_config
from pipeline.document import Document, Source
from pipeline.errors import ConfigError
from pipeline.stages.base import StageContext
from pipeline.stages.normalize import Normalize

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CASES = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))["cases"]
NEGATIVE = json.loads((HERE / "negative.json").read_text(encoding="utf-8"))["texts"]
KNOWN = json.loads((HERE / "known_failures.json").read_text(encoding="utf-8"))["cases"]


def build(**overrides) -> Normalize:
    config = load_config()
    settings_ = {**config.section("normalize"), **overrides}
    return Normalize(StageContext("normalize", settings_, config.files[-1]))


@pytest.fixture(scope="module")
def stage() -> Normalize:
    return build()


def run(stage: Normalize, text: str, lang: str = "zh") -> Document:
    doc = Document(id="t", source=Source("raw/t.txt", "0" * 64, "txt"), text=text, lang=lang)
    return stage.process(doc)


def case_id(case: dict) -> str:
    return case["comment"][:50]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_golden(stage, case):
    doc = run(stage, case["input"], case.get("lang", "zh"))
    assert doc.text == case["expected"]
    if "script" in case:
        assert doc.script == case["script"]
    # the expected text is a fixed point
    assert run(stage, doc.text, case.get("lang", "zh")).text == doc.text


@pytest.mark.parametrize("case", KNOWN, ids=case_id)
@pytest.mark.xfail(strict=True, reason="known limitation, see known_failures.json")
def test_known_failures(stage, case):
    assert run(stage, case["input"]).text == case["expected"]


@pytest.mark.parametrize("text", NEGATIVE, ids=lambda t: t[:30])
def test_must_not_change(stage, text):
    doc = run(stage, text, "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en")
    assert doc.text == text
    assert doc.edits == []


def test_one_edit_per_rule_with_counts(stage):
    doc = run(stage, "第一段,第二句;第三句!\n\n\n第一段,第二句;第三句!\n ＡＢ說")
    rules = [e.rule for e in doc.edits]
    assert len(rules) == len(set(rules)), rules
    by_rule = {e.rule: e for e in doc.edits}
    assert by_rule["chinese_punctuation"].count == 6  # one per mark, in both copies (punctuation runs first)
    assert by_rule["repeated_paragraph"].count == 1
    assert by_rule["fullwidth_ascii"].before == "ＡＢ" and by_rule["fullwidth_ascii"].after == "AB"
    assert by_rule["opencc_t2s"].before.endswith("說") and by_rule["opencc_t2s"].after.endswith("说")
    assert all(e.stage == "normalize" and e.count >= 1 for e in doc.edits)


def test_protected_terms_are_flagged(stage):
    doc = run(stage, "徐乾學是清代學者。")
    flag = [e for e in doc.edits if e.rule == "protected_terms"]
    assert doc.text == "徐乾学是清代学者。"
    assert flag and flag[0].action == "flag" and flag[0].before == "徐乾學" and flag[0].after == "徐乾学"


def test_script_of_text_without_chinese_is_null(stage):
    assert run(stage, "Hello, world.", "en").script is None
    # a lone Han separator in an English article is no script
    assert run(stage, "Source 丨 Changsha Evening News", "en").script is None


def test_mixed_script(stage):
    text = "這個國家的经济发展很快，這個城市的人口很多，但是发展不平衡，经济结构需要调整。"
    doc = run(stage, text)
    assert doc.script == "mixed"
    assert doc.text == "这个国家的经济发展很快，这个城市的人口很多，但是发展不平衡，经济结构需要调整。"


def test_traditional_target(tmp_path):
    # a Traditional target: Simplified text is converted, and the Simplified-only list is not used
    (tmp_path / "none.txt").write_text("# no terms\n", encoding="utf-8")
    stage = build(opencc_config="s2twp", protected_terms_file=str(tmp_path / "none.txt"))
    doc = run(stage, "这个软件的质量很好。")
    assert doc.script == "simplified"
    assert doc.text == "這個軟體的質量很好。"
    assert run(stage, "「你好」").text == "「你好」"  # corner quotes are the Traditional standard


def test_corner_quotes_convert_on_request_in_converted_articles_only():
    stage = build(corner_quotes=True)
    assert run(stage, "「你好」，他說，『再見』。").text == "“你好”，他说，‘再见’。"
    assert run(stage, "大家都叫他『老黄牛』，说他干活从不讲条件。").text == "大家都叫他『老黄牛』，说他干活从不讲条件。"


def test_taiwan_config_with_mainland_phrases():
    stage = build(opencc_config="tw2sp")
    doc = run(stage, "這個軟體的品質很好，隨著網路發展。")
    assert doc.script == "traditional"
    assert doc.text == "这个软件的品质很好，随着网络发展。"
    assert [e.rule for e in doc.edits if e.rule.startswith("opencc")] == ["opencc_tw2sp"]


def test_zhu_to_zhe_can_be_turned_off():
    stage = build(zhu_to_zhe=False)
    assert run(stage, "他著眼未來。").text == "他著眼未来。"


def test_unknown_opencc_config_names_the_key():
    with pytest.raises(ConfigError, match=r"normalize\.opencc_config.*known configurations"):
        build(opencc_config="t2x")


def test_bad_setting_names_the_key():
    with pytest.raises(ConfigError, match=r"normalize\.english_quotes"):
        build(english_quotes="curly")


def test_samples_cjk_punctuation_and_script(stage):
    """The Chinese samples after read and repair: script, and no ASCII mark next to Chinese."""
    import re

    config = load_config()
    from pipeline.stages.read import Read
    from pipeline.stages.repair import Repair

    read = Read(StageContext("read", config.section("read"), config.files[-1]))
    repair = Repair(StageContext("repair", config.section("repair"), config.files[-1]))
    pattern = re.compile(r"[\u4e00-\u9fff][,;:!?()]|[,;:!?()][\u4e00-\u9fff]")
    scripts = {}
    for path in sorted((ROOT / "raw").glob("*.txt")):
        doc = Document(id=path.stem, source=Source(str(path), "0" * 64, "txt"), raw=path.read_bytes())
        doc = stage.process(repair.process(read.process(doc)))
        scripts[path.stem] = doc.script
        if doc.lang == "zh":
            assert not pattern.search(doc.text), pattern.search(doc.text)
    assert scripts["001_a004ac17df66f59d"] == scripts["004_271bd24d871cc5bc"] == "traditional"
    assert scripts["000_21ecf3481618422d"] is None


# --- idempotence -------------------------------------------------------------------------------
CHARS = st.sampled_from(list("中文國際發展乾於著着质量月的了，。“”「」（）《》…")
                        + list("abcXYZ019 ,;:!?().\"'-–—‘’“”") + ["\n", "\n\n", "\u3000", "\u200b", "\t",
                                                                  "ＡＢ", "２０", "％", "：", "．", "http://a.cn/x?y=1,2"])
TEXTS = st.lists(CHARS, max_size=60).map("".join)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # examples: the profile
@given(text=TEXTS, lang=st.sampled_from(["zh", "en"]))
def test_idempotent_property(stage, text, lang):
    once = run(stage, text, lang).text
    assert run(stage, once, lang).text == once


EVAL = ROOT.parent / "shared" / "eval"


def eval_texts() -> list[tuple[str, str]]:
    """(name, text) of the samples and of the eval texts that are cheap to reach: the government
    reports, Sogou news, the web extraction set's cleaned texts, English People's Daily articles and
    the MSRA raw sentences (in blocks). Measurement only: nothing here feeds a rule."""
    texts = [(p.name, p.read_bytes().decode("utf-8", "replace")) for p in sorted((ROOT / "raw").glob("*.txt"))]
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        path = EVAL / "zh_gov_reports_wikisource" / name
        if path.exists():
            texts += [(name, json.loads(line)["content"]) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for name in ("news_sohusite_xml.smarty.dat", "news_tensite_xml.smarty.dat"):
        path = EVAL / "zh_news_sogou_samples" / name
        if path.exists():
            data = path.read_bytes()
            try:
                raw = data.decode("utf-8")
            except UnicodeDecodeError:
                raw = data.decode("gb18030", "replace")
            texts += [(name, doc) for doc in raw.split("<doc>") if doc.strip()]
    for folder in (EVAL / "zh_web_content_extraction" / "cleaned", EVAL / "en_china_news" / "peoples_daily_online_en_2020-11"):
        if folder.is_dir():
            texts += [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in sorted(folder.glob("*.txt"))]
    msra = EVAL / "msra_ner" / "msra_test_raw.txt"
    if msra.exists():
        lines = msra.read_text(encoding="utf-8").splitlines()
        texts += [("msra", "\n".join(lines[i:i + 200])) for i in range(0, len(lines), 200)]
    return texts


def test_idempotent_on_samples_and_eval_texts(stage):
    """normalize(normalize(x)) == normalize(x) for every sample and eval text within reach."""
    texts = eval_texts()
    assert len(texts) >= 5
    changed = []
    for name, text in texts:
        for lang in ("zh", "en"):
            once = run(stage, text, lang).text
            if run(stage, once, lang).text != once:
                changed.append((name, lang))
    assert changed == []

@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80), lang=st.sampled_from(["zh", "en"]))
def test_idempotent_property_any_unicode(stage, text, lang):
    once = run(stage, text, lang).text
    assert run(stage, once, lang).text == once
