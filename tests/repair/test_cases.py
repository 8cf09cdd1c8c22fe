"""Golden cases, ftfy-style: tests/repair/cases/*.json, each {label, comment (where it comes from),
original, fixed, expect}. `negative.json` is the must-not-change set; `known-failures.json` runs as
strict xfail, so a fix that makes one pass has to move it to its proper file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"


def load(name: str) -> list:
    return json.loads((CASES / name).read_text(encoding="utf-8"))["cases"]


def params(name: str):
    out = []
    for case in load(name):
        marks = [pytest.mark.xfail(strict=True, reason=case["comment"])] if case["expect"] == "fail" else []
        out.append(pytest.param(case, id=case["label"], marks=marks))
    return out


@pytest.mark.parametrize("case", params("negative.json"))
def test_clean_text_unchanged(repaired, case):
    doc = repaired(case["original"])
    assert doc.text == case["original"]
    assert doc.edits == [] and doc.warnings == []


@pytest.mark.parametrize("name", ["mojibake.json", "misaligned.json", "pinyin.json", "lost.json", "known-failures.json"])
def test_case_files_are_well_formed(name):
    cases = load(name)
    assert cases
    for case in cases:
        assert {"label", "comment", "original", "fixed", "expect"} <= set(case), case.get("label")
        assert case["expect"] in ("pass", "fail")
        assert case["original"] != case["fixed"], case["label"]


@pytest.mark.parametrize("case", params("mojibake.json") + params("misaligned.json") + params("pinyin.json")
                         + params("lost.json") + params("known-failures.json"))
def test_repaired(repaired, case):
    doc = repaired(case["original"])
    assert doc.text == case["fixed"]
    assert doc.edits, "every change is recorded"
    assert all(e.stage == "repair" for e in doc.edits)


def test_repair_is_idempotent_on_its_own_output(repaired):
    for name in ("mojibake.json", "misaligned.json", "pinyin.json", "lost.json"):
        for case in load(name):
            once = repaired(case["original"]).text
            twice = repaired(once)
            assert twice.text == once, case["label"]
