"""The margins an edge character of a misaligned GBK run must win by (configs/pipeline.toml [repair]
edge_margin, edge_punct_margin), read by the stage: the default edge_margin 0.0 always keeps the most
plausible character, so the golden cases alone never see an edge left out for want of a clear lead."""
from __future__ import annotations

import hashlib

import pytest

from pipeline.config import load_config
from pipeline.document import Document, Source
from pipeline.stages.base import StageContext
from pipeline.stages.repair import Repair

# sentences written for these tests (tests/repair/cases/misaligned.json): 今天发布 with a Han edge
# at each end, 期间， with a punctuation edge at its end
HAN_EDGES = "国家统计局?裉旆⒉?数据，上半年全国居民人均可支配收入实际增长百分之五。"
PUNCT_EDGE = "活动?诩洌?市民可以免费参观博物馆的新展览。"


def stage_with(**settings) -> Repair:
    config = load_config()
    return Repair(StageContext("repair", {**config.section("repair"), **settings}, config.files[-1]))


def run(stage: Repair, text: str) -> Document:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return stage.process(Document(id="t", source=Source("raw/t.txt", digest, "txt"), text=text))


@pytest.fixture(scope="module")
def strict():
    return stage_with(edge_margin=50.0, edge_punct_margin=50.0)


@pytest.fixture(scope="module")
def lenient():
    return stage_with(edge_margin=0.0, edge_punct_margin=0.0)


def test_the_stage_reads_both_margins(strict, repair):
    def limits(stage):
        rule = next(r for r in stage.rules if r.name == "gbk_misaligned")
        return rule.limits.edge_margin, rule.limits.edge_punct_margin
    assert limits(strict) == (50.0, 50.0)
    assert limits(repair) == (0.0, 1.0)  # configs/pipeline.toml, the defaults of Thresholds


def test_han_edges_kept_without_a_margin(lenient):
    doc = run(lenient, HAN_EDGES)
    assert doc.text.startswith("国家统计局今天发布数据，")
    assert doc.warnings == []


def test_han_edges_without_a_clear_lead_are_left_out_and_flagged(strict):
    doc = run(strict, HAN_EDGES)
    assert doc.text.startswith("国家统计局天发数据，")
    assert any("gbk_misaligned" in w and "left out" in w for w in doc.warnings)
    assert [(e.rule, e.after) for e in doc.edits] == [("gbk_misaligned", "天发")]


def test_punctuation_edge_follows_edge_punct_margin(lenient):
    assert run(lenient, PUNCT_EDGE).text == "活动期间，市民可以免费参观博物馆的新展览。"
    doc = run(stage_with(edge_margin=0.0, edge_punct_margin=50.0), PUNCT_EDGE)  # the Han edge 期 stays
    assert doc.text == "活动期间市民可以免费参观博物馆的新展览。"
    assert any("gbk_misaligned" in w and "left out" in w for w in doc.warnings)
