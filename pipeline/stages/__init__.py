"""The stage registry, and the pipeline: a plain ordered list of stages read from the config.

A stage name in `[pipeline].stages` is either one of the names below or `module:Class` for a stage
of your own (a subclass of `pipeline.stages.base.Stage`).
"""
from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..config import Config
from ..document import Document
from ..errors import ConfigError
from .base import Stage, StageContext

REGISTRY = {
    "read": "pipeline.stages.read:Read",
    "repair": "pipeline.stages.repair:Repair",
    "normalize": "pipeline.stages.normalize:Normalize",
    "boilerplate": "pipeline.stages.boilerplate:Boilerplate",
    "entities": "pipeline.stages.entities:Entities",
    "officials": "pipeline.stages.officials:Officials",
    "dates": "pipeline.stages.dates:Dates",
    "write": "pipeline.stages.write:Write",
}


def stage_class(name: str, config_file: str) -> type[Stage]:
    spec = REGISTRY.get(name, name if ":" in name else None)
    if spec is None:
        raise ConfigError(f"unknown stage {name!r}; known stages: {', '.join(REGISTRY)}"
                          " (or give module:Class)", config_file, "pipeline.stages")
    module_name, _, class_name = spec.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as e:
        raise ConfigError(f"cannot load stage {name!r} from {spec}: {e}", config_file, "pipeline.stages") from None
    if not (isinstance(cls, type) and issubclass(cls, Stage)):
        raise ConfigError(f"{spec} is not a Stage subclass", config_file, "pipeline.stages")
    return cls


def code_fingerprint() -> str:
    """Hash of the package's source: cached results are reused only by the code that made them."""
    h = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@dataclass
class Pipeline:
    stages: list[Stage]
    config: Config
    config_digest: str = ""  # settings and every rule file the stages read, as recorded in output
    stage_digests: list[str] = field(default_factory=list)  # cache keys: digest i covers code + stages 0..i

    @property
    def version(self) -> str:
        return __version__

    def run(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage.process(doc)
        return doc


def build_pipeline(config: Config) -> Pipeline:
    """Build every stage named in the config, in order. Raises ConfigError before any input is read."""
    where = config.files[-1]
    stages, digests = [], []
    settings = hashlib.sha256()
    code = code_fingerprint()
    for name in config.stages:
        cls = stage_class(name, where)
        context = StageContext(name, config.section(name), where)
        context.earlier = tuple(stages)
        stages.append(cls(context))
        settings.update(f"{name}\0{config.digest_of(name)}\0{context.file_digest()}\0".encode())
        digests.append(hashlib.sha256(f"{code}\0{settings.hexdigest()}".encode()).hexdigest())
    return Pipeline(stages, config, "sha256:" + settings.hexdigest()[:16], digests)
