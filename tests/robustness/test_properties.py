"""Invariants over random and adversarial text (hypothesis): no exception escapes a stage, every offset
is valid, cleaning the cleaned text again changes nothing, and no stage lengthens text unboundedly."""
from __future__ import annotations

import json

from hypothesis import given, strategies as st

from conftest import make_document
from pipeline.errors import InputError

# Pieces scraped Chinese news is made of, good and damaged, so that random draws hit the rules.
PIECES = [
    "国务院", "市委副书记、市长郑建新", "9月1日", "2021年", "二〇二一年九月一日", "“质量月”", "（记者 张三）",
    "網(wǎng)", "動(dòng)", "?", "??", "\ufffd", "锟斤拷", "鍙戝竷", "ÖÐ¹ú", "ä¸­å›½", "â€™", "(", ")", ",", ":", "!",
    "\"", "“", "”", "１２３", "ＡＢＣ", "\u3000", "\u200b", "\t", "\n", "\n\n", " ", "- END -", "责任编辑：王五",
    "【未经授权，严禁转载】", "Editor:", "(Editor: Li Si)", "September 14th", "may", "On August 2,",
    "Wang Pu, deputy director of the Provincial Market Supervision Bureau", "< /g>", "14:14", "3.5%",
    "http://example.com/a?b=1", "a@b.com", "<p>", "&amp;", "\x07", "\u0301", "𠀀", "ㄅ", "Ⅳ", "①",
]
texty = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)

HARMLESS_REJECTIONS = {"empty_input", "nul_bytes", "lone_surrogate"}
MAX_GROWTH = 1.25  # no stage may make the text longer than this factor (plus a few characters)


def run_each_stage(pipeline, doc):
    """Run the stages one by one, checking the length bound after each; InputError is a clean rejection."""
    for stage in pipeline.stages:
        before = len(doc.text) if doc.raw is None else len(doc.raw)
        doc = stage.process(doc)
        assert len(doc.text) <= MAX_GROWTH * before + 16, (stage.name, before, len(doc.text))
    return doc


def check_offsets(doc):
    text = doc.text
    for item in list(doc.entities) + list(doc.dates):
        assert 0 <= item.start < item.end <= len(text) and text[item.start:item.end] == item.text, item
    for official in doc.officials:
        assert official.roles
        for start, end in official.spans:
            assert 0 <= start < end <= len(text)


@given(text=texty)
def test_no_exception_escapes_and_offsets_are_valid(pipeline, text):
    try:
        doc = run_each_stage(pipeline, make_document(text))
    except InputError as e:
        assert e.code in HARMLESS_REJECTIONS, (e.code, e.message)
        return
    check_offsets(doc)
    json.dumps(doc.to_record("v", "c"), ensure_ascii=False).encode("utf-8")  # always writable as UTF-8


@given(data=st.binary(max_size=400))
def test_random_bytes_are_an_article_or_a_named_rejection(pipeline, data):
    try:
        doc = run_each_stage(pipeline, make_document(raw=data))
    except InputError as e:
        assert e.code in HARMLESS_REJECTIONS | {"binary_input", "undecodable"}, (e.code, e.message)
        return
    check_offsets(doc)


@given(text=texty)
def test_cleaning_the_cleaned_text_changes_nothing(pipeline, text):
    try:
        first = pipeline.run(make_document(text))
    except InputError:
        return
    # the cleaned record, fed back as an input record with the metadata the first pass found
    again = make_document(first.text, title=first.title, published=first.published, lang=first.lang)
    try:
        second = pipeline.run(again)
    except InputError as e:
        assert not first.text.strip(), (e.code, first.text)
        return
    assert second.text == first.text
