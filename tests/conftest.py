"""Shared fixtures: the pipeline is built once per test session (jieba and spaCy load once)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.config import load_config
from pipeline.document import Document, Source
from pipeline.stages import build_pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCHEMA_PATH = SHARED / "contract" / "article.schema.json"


@pytest.fixture(scope="session")
def pipeline():
    return build_pipeline(load_config())


def make_document(text: str | None = None, raw: bytes | None = None, doc_id: str = "t", fmt: str = "txt",
                  **given) -> Document:
    data = raw if raw is not None else (text or "").encode("utf-8")
    doc = Document(id=doc_id, source=Source(f"raw/{doc_id}.{fmt}", hashlib.sha256(data).hexdigest(), fmt),
                   given={k: v for k, v in given.items() if v is not None})
    if raw is not None:
        doc.raw = raw
    else:
        doc.text = text or ""
    return doc


@pytest.fixture(scope="session")
def run_stages(pipeline):
    """run_stages(text, upto="normalize", **given) -> Document after the stages up to and including `upto`."""
    def run(text: str | None = None, upto: str | None = None, raw: bytes | None = None, **given) -> Document:
        doc = make_document(text, raw, **given)
        for stage in pipeline.stages:
            doc = stage.process(doc)
            if stage.name == upto:
                break
        return doc
    return run


def assert_stopped_by_ctrl_c(proc) -> None:
    """A `newsclean process` that was sent SIGINT: exit 130, says it was interrupted, no traceback.
    Skips when the run had finished before the interrupt arrived (a fast machine)."""
    _, stderr = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the run finished before the interrupt arrived")
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr


@pytest.fixture(scope="session")
def schema():
    if not SCHEMA_PATH.exists():  # CI always has it; a checkout without ../shared skips, with the reason
        pytest.skip(f"the record contract {SCHEMA_PATH} is missing: put ../shared beside the checkout")
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# Property-based tests: a short profile for `make test`, a long one for `make fuzz` (HYPOTHESIS_PROFILE=nightly).
from hypothesis import HealthCheck, settings  # noqa: E402

# `make test` draws the same examples on every run (derandomize): a fresh clone passes or fails alike,
# and new examples are `make fuzz`'s job.
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("nightly", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "ci"))
