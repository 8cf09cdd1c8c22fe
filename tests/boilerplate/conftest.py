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


@pytest.fixture(scope="session")
def read_to_boilerplate(tmp_path_factory):
    """read_to_boilerplate(raw_bytes, fmt="txt") -> the Document after read, repair, normalize and
    boilerplate (built apart from the shared pipeline, so later stages cannot break these tests)."""
    from pipeline.config import load_config
    from pipeline.stages import build_pipeline
    from tests.conftest import make_document

    overlay = tmp_path_factory.mktemp("config") / "upto_boilerplate.toml"
    overlay.write_text('[pipeline]\nstages = ["read", "repair", "normalize", "boilerplate"]\n', encoding="utf-8")
    pipeline = build_pipeline(load_config(overlay))

    def run(raw: bytes, fmt: str = "txt") -> Document:
        doc = make_document(raw=raw, fmt=fmt)
        for stage in pipeline.stages:
            doc = stage.process(doc)
        return doc
    return run


@pytest.fixture(scope="session")
def build():
    """build(**settings) -> a boilerplate stage with those [boilerplate] settings changed."""
    return build_stage
