"""pipeline.repair.bigrams: the character-pair counts the misaligned-GBK rule weighs edge characters with."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from pipeline.repair import make_bigrams
from pipeline.repair.bigrams import CharBigrams

TABLE = Path(__file__).resolve().parents[2] / "configs/repair/char_bigrams.tsv.gz"
SHARED = Path(__file__).resolve().parents[3] / "shared"


def small_table() -> bytes:
    rows = "#total\t10\n子\t4\n们\t3\n是\t3\n子们\t3\n"
    return gzip.compress(rows.encode("utf-8"))


def test_parsed_only_when_first_used(repair):
    # the stage holds the table's bytes (hashed through its context); parsing waits for a damaged run
    assert isinstance(next(r for r in repair.rules if r.name == "gbk_misaligned").bigrams_model, CharBigrams)
    fresh = CharBigrams(small_table())
    assert fresh._chars is None
    assert fresh.logp("子们") > fresh.logp("子是")
    assert fresh._chars is not None


def test_han_pairs_and_punctuation_pairs_count():
    model = CharBigrams(small_table())
    assert model.relative("５子") == 0.0 and model.relative("子＃") == 0.0  # numbers it never counted, other symbols: 0
    # a punctuation pair counts by association, never below 0 (the table never saw 子，)
    assert model.relative("子，") == 0.0
    assert model.relative("子们") > model.relative("子是")
    # the pairs around position 1 of 孩子们: 孩子 and 子们, each once even when asked twice
    assert model.around("孩子们", [1, 1]) == model.relative("孩子") + model.relative("子们")


def test_shipped_table_knows_common_pairs():
    model = CharBigrams(TABLE.read_bytes())
    # which mark goes with the characters around it: 但 opens a sentence, not a list item; a place name
    # (广州) is an item of a list more often than a sentence's end
    assert model.relative("。但") > model.relative("、但") == 0.0
    assert model.relative("州、") > model.relative("州。")
    assert model.relative("地铁") > model.relative("地毯")
    assert model.relative("孩子") > model.relative("孩是")
    # a number, read as one character whatever its digits and width: what stands after it and before it
    assert model.relative("１日") > model.relative("１人") and model.relative("5日") == model.relative("１日")
    assert model.relative("第３") > model.relative("在３") and model.relative("６月") > model.relative("６元")
    assert model.relative("３３") == 0.0  # inside a number: nothing to say


@pytest.mark.skipif(not (SHARED / "eval/zh_news_raw_html_gne").is_dir(), reason="needs ../shared/eval (the raw pages)")
def test_shipped_table_is_what_make_repair_bigrams_writes(tmp_path):
    out = tmp_path / "t.tsv.gz"
    assert make_bigrams.main([str(SHARED), str(out)]) == 0
    assert out.read_bytes() == TABLE.read_bytes()
