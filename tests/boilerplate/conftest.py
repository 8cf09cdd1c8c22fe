"""The boilerplate stage alone, built once per session from the shipped configuration."""
from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.document import Document, Source
from pipeline.stages.base import StageContext
from pipeline.stages.boilerplate import Boilerplate


def build_stage(**overrides) -> Boilerplate:
    config = load_config()
    settings = {**config.section("boilerplate"), **overrides}
    return Boilerplate(StageContext("boilerplate", settings, config.files[-1]))


@pytest.fixture(scope="session")
def stage() -> Boilerplate:
    return build_stage()


@pytest.fixture(scope="session")
def strip(stage):
    """strip(text, lang="zh", **given) -> the Document after the boilerplate stage alone (the text
    as the normalize stage leaves it: Simplified, full-width punctuation next to Chinese)."""
    def run(text: str, lang: str = "zh", **given) -> Document:
        doc = Document(id="t", source=Source("raw/t.txt", "0" * 64, "txt"), text=text, lang=lang,
                       given={k: v for k, v in given.items() if v is not None})
        return stage.process(doc)
    return run
