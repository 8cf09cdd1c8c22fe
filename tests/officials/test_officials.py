"""Officials from golden sentences (tests/officials/golden.json), byline names never officials, and the
hand-checked English review (en_china_news_review.json) when ../shared is there."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.document import Byline

HERE = Path(__file__).resolve().parent
CASES = json.loads((HERE / "golden.json").read_text(encoding="utf-8"))["cases"]




@pytest.fixture(scope="module")
def after(pipeline):
    stages = {s.name: s for s in pipeline.stages}

    def go(text, lang, byline=None):
        from tests.conftest import make_document

        doc = make_document(text)
        doc.lang = lang
        doc.text = text
        if byline:
            doc.byline = byline
        doc = stages["entities"].process(doc)
        return stages["officials"].process(doc)
    return go


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:24] for c in CASES])
def test_golden(after, case):
    doc = after(case["text"], case["lang"])
    got = {o.name: o for o in doc.officials}
    for want in case["officials"]:
        assert want["name"] in got, f"{want['name']} not found; got {sorted(got)}"
        o = got[want["name"]]
        roles = {(r.title.lower(), r.org) for r in o.roles}
        for title, org in want["roles"]:
            assert (title.lower(), org) in roles, f"{want['name']}: no role {(title, org)}; got {sorted(map(str, roles))}"
        if "mentions" in want:
            assert len(o.spans) == want["mentions"]
        for s, e in o.spans:
            assert doc.text[s:e].split()[-1] in want["name"]
    assert set(got) == {w["name"] for w in case["officials"]}
    for name in case.get("absent", []):
        assert name not in got


def test_byline_names_are_never_officials(after):
    text = "Zheng Jianxin, deputy secretary of the municipal party committee and mayor, attended."
    doc = after(text, "en", Byline(authors=["Zheng Jianxin"]))
    assert doc.officials == []
    assert all(e.text != "Zheng Jianxin" for e in doc.entities if e.label == "PERSON")
