"""`newsclean show`: where each edit happened in the raw text, and the article's view in the terminal."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pipeline.review.annotate import annotate, entity_segments

CASES = json.loads((Path(__file__).parent / "data" / "annotate_cases.json").read_text(encoding="utf-8"))
ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_annotate_golden(case):
    segments = annotate(case["raw"], case["clean"], case["edits"])
    assert "".join(s.text for s in segments) == case["raw"]  # the raw text, cut, never changed
    got = [[s.kind, s.label, s.text] + ([s.inserted] if s.inserted else []) for s in segments
           if s.kind not in ("keep", "touch")]
    assert got == case["expect"]
    assert sorted({s.label for s in segments if s.kind == "touch"}) == case["touched"]


def test_entity_segments_skip_overlaps_and_bad_offsets():
    text = "张三在北京。"
    ents = [{"text": "张三", "label": "PERSON", "start": 0, "end": 2}, {"text": "三在", "label": "MISC", "start": 1, "end": 3},
            {"text": "北京", "label": "GPE", "start": 3, "end": 5}, {"text": "x", "label": "GPE", "start": 9, "end": 10}]
    assert entity_segments(text, ents) == [("张三", "PERSON"), ("在", None), ("北京", "GPE"), ("。", None)]


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """The committed output of the five samples, with raw/ beside it, in a folder of their own (the
    review commands read records and raw inputs; they do not need the pipeline)."""
    base = tmp_path_factory.mktemp("show")
    shutil.copytree(ROOT / "raw", base / "raw")
    (base / "out").mkdir()
    shutil.copy(ROOT / "processed" / "articles.jsonl", base / "out" / "articles.jsonl")
    records = [json.loads(x) for x in (base / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    return base, records


def test_show_marks_every_boilerplate_edit_in_the_raw_text(samples, newsclean):
    base, records = samples
    for record in records:
        done = newsclean("show", record["id"], "--out", str(base / "out"), "--raw", str(base / "raw"), cwd=base)
        assert done.returncode == 0, done.stderr
        out = done.stdout
        assert not ANSI.search(out)
        assert f"=== {record['id']} ===" in out and "--- cleaned text, entities marked" in out
        raw_view = out.split("--- raw input, with what each rule did")[1].split("--- cleaned text")[0]
        for edit in record["edits"]:
            if edit["stage"] == "boilerplate" and edit.get("before"):
                assert f"{edit['stage']}/{edit['rule']}" in raw_view, (record["id"], edit["rule"])
        for ent in record["entities"][:3]:
            assert f"[{ent['text']}]({ent['label']})" in out


def test_show_finds_the_raw_input_under_raw_when_source_path_does_not_lead_there(samples, newsclean, tmp_path):
    base, records = samples
    moved = tmp_path / "elsewhere"
    shutil.copytree(base / "raw", moved)
    record = records[0]
    done = newsclean("show", record["id"], "--out", str(base / "out"), "--raw", str(moved), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "not found" not in done.stdout and "[-" in done.stdout
    gone = newsclean("show", record["id"], "--out", str(base / "out"), "--raw", str(tmp_path / "none"), cwd=tmp_path)
    assert gone.returncode == 0 and "not found (give its folder with --raw)" in gone.stdout


def test_show_says_when_the_raw_input_changed(samples, newsclean, tmp_path):
    base, records = samples
    raw = tmp_path / "raw"
    shutil.copytree(base / "raw", raw)
    record = records[0]
    path = raw / Path(record["source"]["path"]).name
    path.write_bytes(path.read_bytes() + b"\nappended later\n")
    done = newsclean("show", record["id"], "--out", str(base / "out"), "--raw", str(raw), cwd=tmp_path)
    assert "changed since this record was made" in done.stdout


def test_show_unknown_id_suggests_close_ones(samples, newsclean):
    base, records = samples
    wanted = records[1]["id"]
    done = newsclean("show", wanted[:-2], "--out", str(base / "out"), cwd=base)
    assert done.returncode == 2 and f"did you mean {wanted}" in done.stderr


def test_show_colours(samples, newsclean):
    base, records = samples
    done = newsclean("show", records[0]["id"], "--out", str(base / "out"), "--raw", str(base / "raw"),
                     "--color", "always", cwd=base)
    assert ANSI.search(done.stdout) and "[-" not in done.stdout
