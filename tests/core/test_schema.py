"""Every record follows ../shared/contract/article.schema.json, and its offsets index its own text."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pipeline.runner import run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def records(tmp_path_factory, pipeline):
    out = tmp_path_factory.mktemp("out")
    run(pipeline, ROOT / "raw", out, jobs=1)
    return [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def test_every_sample_record_validates(records, schema):
    validator = jsonschema.Draft202012Validator(schema)
    assert len(records) == 5
    for rec in records:
        problems = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(rec)]
        assert not problems, (rec["id"], problems)


def test_offsets_index_the_text(records):
    for rec in records:
        text = rec["text"]
        for item in rec["entities"] + rec["dates"]:
            assert text[item["start"]:item["end"]] == item["text"], (rec["id"], item)
        for official in rec["officials"]:
            for start, end in official["spans"]:
                assert 0 <= start < end <= len(text)


def test_every_edit_names_its_stage_and_rule(records):
    stages = {"read", "repair", "normalize", "boilerplate", "entities", "officials", "dates", "write"}
    for rec in records:
        for edit in rec["edits"]:
            assert edit["stage"] in stages and edit["rule"], (rec["id"], edit)


def test_committed_output_validates(schema):
    validator = jsonschema.Draft202012Validator(schema)
    for line in (ROOT / "processed" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        validator.validate(json.loads(line))
