"""The boilerplate stage on golden cases, texts that must not change, and known failures.

Golden data: cases/golden.json (text -> what the stage must produce), cases/negative.json (must not
change), cases/known_failures.json (xfail strict). Every sentence in them is made up.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GOLDEN = json.loads((HERE / "cases" / "golden.json").read_text(encoding="utf-8"))["cases"]
NEGATIVE = json.loads((HERE / "cases" / "negative.json").read_text(encoding="utf-8"))["texts"]
KNOWN = json.loads((HERE / "cases" / "known_failures.json").read_text(encoding="utf-8"))["cases"]


def case_id(case: dict) -> str:
    return case["comment"][:60]


def check(doc, expect: dict) -> None:
    if "text" in expect:
        assert doc.text == expect["text"]
    if "text_starts_with" in expect:
        assert doc.text.startswith(expect["text_starts_with"]), doc.text[:80]
    if "text_ends_with" in expect:
        assert doc.text.endswith(expect["text_ends_with"]), doc.text[-80:]
    for s in expect.get("contains", []):
        assert s in doc.text
    for s in expect.get("lacks", []):
        assert s not in doc.text, f"{s!r} is still in the text"
    for field in ("title", "published"):
        if field in expect:
            assert getattr(doc, field) == expect[field]
    if "outlet" in expect:
        assert doc.byline.outlet == expect["outlet"]
    for field in ("authors", "editors", "reviewers"):
        if field in expect:
            assert getattr(doc.byline, field) == expect[field]
    fired = {e.rule for e in doc.edits}
    for rule in expect.get("rules", []):
        assert rule in fired, f"{rule} did not fire (fired: {sorted(fired)})"


@pytest.mark.parametrize("case", GOLDEN, ids=case_id)
def test_golden(strip, case):
    check(strip(case["text"], case.get("lang", "zh"), **case.get("given", {})), case["expect"])


@pytest.mark.parametrize("case", NEGATIVE, ids=case_id)
def test_must_not_change(strip, case):
    doc = strip(case["text"], case["lang"])
    assert doc.text == case["text"]
    assert doc.edits == []


@pytest.mark.parametrize("case", KNOWN, ids=case_id)
@pytest.mark.xfail(strict=True, reason="known limitation, see cases/known_failures.json")
def test_known_failures(strip, case):
    check(strip(case["text"], case.get("lang", "zh"), **case.get("given", {})), case["expect"])


@pytest.mark.parametrize("case", GOLDEN, ids=case_id)
def test_every_removal_is_explained(strip, case):
    """Each edit names its rule; each removal carries what it removed, each flag its evidence."""
    doc = strip(case["text"], case.get("lang", "zh"), **case.get("given", {}))
    for e in doc.edits:
        assert e.stage == "boilerplate" and e.rule
        if e.action in ("remove", "extract"):
            assert e.before, e
        if e.action == "flag":
            assert e.after, e


@pytest.mark.parametrize("case", GOLDEN, ids=case_id)
def test_idempotent(strip, case):
    """Cleaning the cleaned text again removes nothing more."""
    doc = strip(case["text"], case.get("lang", "zh"), **case.get("given", {}))
    again = strip(doc.text, case.get("lang", "zh"))
    assert again.text == doc.text
