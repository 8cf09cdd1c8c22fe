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
        if want.get("exact"):  # these roles and no other (a neighbour's title not taken)
            assert roles == {(t.lower(), org) for t, org in want["roles"]}, f"{want['name']}: {sorted(map(str, roles))}"
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


REVIEW = json.loads((HERE / "en_china_news_review.json").read_text(encoding="utf-8"))
REVIEW_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "en_china_news" / "peoples_daily_online_en_2020-11"


def review_params():
    for a in REVIEW["articles"]:
        marks = [pytest.mark.xfail(strict=True, reason=a["known_failure"])] if a.get("known_failure") else []
        yield pytest.param(a, id=f"{a['set']}:{a['file'][:40]}", marks=marks)


@pytest.fixture(scope="module")
def reviewed(pipeline):
    """The pipeline's records of the 40 reviewed articles, by file name."""
    if not REVIEW_DIR.is_dir():
        pytest.skip(f"{REVIEW_DIR} is not there")
    from tests.conftest import make_document

    out = {}
    for a in REVIEW["articles"]:
        raw = (REVIEW_DIR / a["file"]).read_bytes()
        doc = make_document(raw=raw, doc_id="review")
        for stage in pipeline.stages:
            if stage.name == "write":
                break
            doc = stage.process(doc)
        out[a["file"]] = doc
    return out


@pytest.mark.parametrize("article", list(review_params()))
def test_hand_checked_english_officials(reviewed, article):
    doc = reviewed[article["file"]]
    got = {o.name: {(r.title.lower(), r.org) for r in o.roles} for o in doc.officials}
    want = {o["name"]: {(t, org) for t, org in o["roles"]} for o in article["officials"]}
    assert set(got) == set(want), f"missed {sorted(set(want) - set(got))}, invented {sorted(set(got) - set(want))}"
    for name, roles in want.items():
        assert roles <= got[name], f"{name}: missing roles {sorted(map(str, roles - got[name]))}; got {sorted(map(str, got[name]))}"


def test_a_title_followed_by_a_name_is_that_name_s(pipeline):
    """Whatever the entities stage calls a person: a name before a title that another name follows
    does not take the title (a company the tagger misread as a person, then its manager)."""
    from pipeline.document import Entity
    from tests.conftest import make_document

    officials = next(s for s in pipeline.stages if s.name == "officials")
    text = "联发科总经理陈冠州告诉记者，成本还很高。郑建新市长出席。"
    doc = make_document(text)
    doc.lang = "zh"
    doc.entities = [Entity(text[s:e], "PERSON", s, e) for s, e in ((0, 3), (6, 9), (20, 23))]
    got = {o.name: [r.title for r in o.roles] for o in officials.process(doc).officials}
    assert got == {"陈冠州": ["总经理"], "郑建新": ["市长"]}
