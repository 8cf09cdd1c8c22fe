"""The stage explains itself: one edit per rule with a count, ftfy's plan in its rule name (and
replayable), warnings for whatever was removed because it is lost for good."""
from __future__ import annotations

import codecs

import ftfy

# Decoders as browsers have them (WHATWG): windows-1252 passes its five undefined bytes as C1
# controls; GB18030 reads a lone 80 as the euro sign and a byte it cannot pair as U+FFFD.
CP1252 = [bytes([i]).decode("cp1252", errors="ignore") or chr(i) for i in range(256)]
codecs.register_error("repair_test_whatwg", lambda e: ("\u20ac" if e.object[e.start] == 0x80 else "\ufffd", e.start + 1))


def as_cp1252(text: str) -> str:
    return "".join(CP1252[b] for b in text.encode("utf-8"))


def as_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gb18030", "repair_test_whatwg")


def test_one_edit_per_rule_with_count(repaired):
    doc = repaired("國(guó)家統(tǒng)計(jì)局")
    assert [(e.rule, e.action, e.count) for e in doc.edits] == [("pinyin_annotation", "remove", 3)]
    assert doc.edits[0].before == "國(guó)"


def test_ftfy_plan_is_recorded_and_replays(repaired):
    line = "The pricesâ€™ rise â€” officials said"
    doc = repaired(line)
    assert doc.text == "The prices’ rise — officials said"  # curly quote kept: quotes are normalize's business
    (edit,) = doc.edits
    assert edit.rule.startswith("ftfy:")
    plan = [tuple(step.split(" ", 1)) for step in edit.rule[len("ftfy:"):].split(", ")]
    assert ftfy.apply_plan(line, plan) == doc.text


def test_ftfy_keeps_chinese_punctuation_and_quotes(repaired):
    assert repaired(as_cp1252("他说：“好。”")).text == "他说：“好。”"


def test_lost_characters_are_flagged(repaired):
    doc = repaired("上海\ufffd市政府和现场??图片")
    assert doc.text == "上海市政府和现场图片"
    assert [(e.rule, e.count) for e in doc.edits] == [("lost_characters", 2)]
    assert any("lost" in w for w in doc.warnings)


def test_unrecoverable_mojibake_is_flagged(repaired):
    doc = repaired("今天锟斤拷锟斤拷天气很好。")
    assert doc.text == "今天天气很好。"
    assert doc.edits[0].rule == "unrecoverable_mojibake"
    assert any("锟斤拷" in w for w in doc.warnings)


def test_redecoded_run_is_one_replace_edit(repaired):
    damaged = "活动期间，市民可以免费参观博物馆的新展览。".encode("gbk").decode("latin-1")
    doc = repaired(damaged)
    (edit,) = doc.edits
    assert (edit.rule, edit.action, edit.count) == ("gbk_as_latin1", "replace", 1)
    assert edit.after.startswith("活动期间")


def test_lost_bytes_guessed_only_when_all_are_sure(repaired):
    # 、 (E3 80 81) loses its last byte before the ASCII digit and 。 (E3 80 82) at the end: a
    # paragraph end wants a full stop, but between 二 and 2019 、 and 。 both fit. Not all guesses are
    # sure, so none is made: both left out, and flagged.
    original = "二、2019年经济社会发展总体要求和政策取向。"
    doc = repaired(as_gbk(original))
    assert doc.text == "二2019年经济社会发展总体要求和政策取向"
    assert any("lost a byte" in w for w in doc.warnings)


def test_lost_byte_guessed_when_sure(repaired):
    # only the final 。 lost its last byte: at the end of a paragraph the full stop is sure
    original = "国家统计局今天发布数据，上半年全国居民人均可支配收入实际增长。"
    assert repaired(as_gbk(original)).text == original
