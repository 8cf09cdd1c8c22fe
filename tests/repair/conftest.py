"""The repair stage alone, built once per session from the default configuration."""
from __future__ import annotations

import hashlib

import pytest

from pipeline.config import load_config
from pipeline.document import Document, Source
from pipeline.stages.base import StageContext
from pipeline.stages.repair import Repair


@pytest.fixture(scope="session")
def repair():
    config = load_config()
    return Repair(StageContext("repair", config.section("repair"), config.files[-1]))


@pytest.fixture(scope="session")
def repaired(repair):
    """repaired(text) -> the Document after the repair stage."""
    def run(text: str) -> Document:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return repair.process(Document(id="t", source=Source("raw/t.txt", digest, "txt"), text=text))
    return run
