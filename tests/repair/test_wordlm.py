"""pipeline.repair.wordlm: the word-bigram model the misaligned-GBK rule chooses edge characters with."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.repair import make_word_lm
from pipeline.repair.wordlm import WordBigramModel
from pipeline.stages.base import StageContext
from pipeline.stages.repair import Repair

MODEL = Path(__file__).resolve().parents[2] / "configs/repair/word_lm.npz"


@pytest.fixture(scope="module")
def model():
    return WordBigramModel(MODEL.read_bytes())


def test_parsed_only_when_first_used(repair):
    rule = next(r for r in repair.rules if r.name == "gbk_misaligned")
    # the shipped configuration turns the model on (word_lm_weight > 0)
    assert isinstance(rule.word_lm, WordBigramModel) and rule.word_lm_weight > 0
    fresh = WordBigramModel(MODEL.read_bytes())
    assert fresh._ids is None
    fresh.logp("发言")
    assert fresh._ids is not None


@pytest.mark.parametrize("right, wrong", [
    ("始建于明代", "始建在明代"),  # which word follows which: 始建于
    ("在研讨会上作了发言", "在研讨会上调了发言"),
    ("去学校上课", "去学校上空"),
])
def test_words_that_go_together_read_better(model, right, wrong):
    assert model.logp(right) > model.logp(wrong)


def test_a_number_and_its_unit_are_one_token(model):
    # 30日 is one token, so 日 cannot start 日常: 9月30日常活动 gains nothing from the word 日常
    assert model.logp("9月30日。活动") > model.logp("9月30日常活动")


def test_what_the_model_lacks_is_priced_not_skipped(model):
    assert model.logp("") == 0.0
    assert model.logp("ABC") < model.logp("AB") < 0.0
    assert model.logp("发言\ue000") < model.logp("发言")


def test_off_when_its_weight_is_zero():
    config = load_config()
    stage = Repair(StageContext("repair", {**config.section("repair"), "word_lm_weight": 0.0}, config.files[-1]))
    assert next(r for r in stage.rules if r.name == "gbk_misaligned").word_lm is None


@pytest.mark.skipif(shutil.which("tslminfo") is None or not (make_word_lm.DATA / "lm_sc.t3g").exists(),
                    reason="needs Debian's sunpinyin-data and sunpinyin-utils (make repair-word-lm installs them)")
def test_shipped_model_is_what_make_repair_word_lm_writes(tmp_path):
    out = tmp_path / "word_lm.npz"
    assert make_word_lm.main([str(out)]) == 0
    assert out.read_bytes() == MODEL.read_bytes()
