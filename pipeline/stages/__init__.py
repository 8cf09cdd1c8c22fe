"""The stage registry, and the pipeline: a plain ordered list of stages read from the config.

A stage name in `[pipeline].stages` is either one of the names below or `module:Class` for a stage
of your own (a subclass of `pipeline.stages.base.Stage`).
"""
from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import sys
import tempfile
from pathlib import Path

from .. import __version__
from ..cache import cache_dir
from ..config import Config
from ..document import Document
from ..hashing import file_sha256
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


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's source: cached results are reused only by the code that made them."""
    h = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


class Pipeline:
    """The stages in order, with the digests that key cached results.

    `config_digest` covers the settings and every rule file the stages read (it is written into each
    record); `stage_digests[i]` covers the code and stages 0..i. A pipeline made with `lazy=True` from
    a digest memo builds its stages on first use: an unchanged rerun needs no model at all.
    """

    def __init__(self, config: Config, stages: list[Stage] | None, config_digest: str, stage_digests: list[str]):
        self.config = config
        self._stages = stages
        self.config_digest = config_digest
        self.stage_digests = stage_digests

    @property
    def version(self) -> str:
        return __version__

    @property
    def stages(self) -> list[Stage]:
        if self._stages is None:
            self._stages = _construct(self.config)[0]
        return self._stages

    @property
    def names(self) -> list[str]:
        """The stages' names (as the config lists them while the stages are not built)."""
        return [s.name for s in self._stages] if self._stages is not None else list(self.config.stages)

    def run(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage.process(doc)
        return doc


def _construct(config: Config) -> tuple[list[Stage], dict[str, str], str, list[str]]:
    """(stages, the files they read with their sha256, config digest, stage digests), every stage
    built in order."""
    where = config.files[-1]
    stages, digests = [], []
    files: dict[str, str] = {}
    settings = hashlib.sha256()
    code = code_fingerprint()
    for name in config.stages:
        cls = stage_class(name, where)
        context = StageContext(name, config.section(name), where)
        context.earlier = tuple(stages)
        stages.append(cls(context))
        files.update(context.files_read)
        settings.update(f"{name}\0{config.digest_of(name)}\0{context.file_digest()}\0".encode())
        digests.append(hashlib.sha256(f"{code}\0{settings.hexdigest()}".encode()).hexdigest())
    return stages, files, "sha256:" + settings.hexdigest()[:16], digests


# Pipelines built with keep=True in this process (by `newsclean serve`, whose forked children reuse
# them): memo key -> (pipeline, the files its stages read with their sha256).
_KEPT: dict[str, tuple[Pipeline, dict[str, str]]] = {}


def build_pipeline(config: Config, lazy: bool = False, keep: bool = False) -> Pipeline:
    """Build every stage named in the config, in order. Raises ConfigError before any input is read.

    With `lazy`, when the same code and settings were built before and every file the stages read
    then is unchanged (the digest memo in the user cache), the digests come from the memo and the
    stages are built only when an input needs them: building is deterministic, so it could raise no
    error that it did not raise then. Otherwise the stages are built now and the memo written.
    With `keep`, the built pipeline stays in this process and is returned again, built, while its
    files are unchanged."""
    key = _memo_key(config)
    kept = _KEPT.get(key)
    if kept is not None and all(file_sha256(path) == sha for path, sha in kept[1].items()):
        return kept[0]
    if lazy and not keep:
        memo = _read_memo(key)
        if memo is not None:
            return Pipeline(config, None, memo["config_digest"], memo["stage_digests"])
    stages, files, config_digest, digests = _construct(config)
    _write_memo(key, config_digest, digests, files)
    pipeline = Pipeline(config, stages, config_digest, digests)
    if keep:
        _KEPT[key] = (pipeline, files)
    return pipeline


# -- the digest memo: stage digests of a configuration, valid while the files it names are unchanged
MEMOS_KEPT = 32


def _memo_key(config: Config) -> str:
    h = hashlib.sha256(f"{code_fingerprint()}\0{sys.version}\0".encode())
    for name in config.stages:  # the files by their paths: the memo checks those very files
        h.update(f"{name}\0{config.digest_of(name, whole_paths=True)}\0".encode())
    return h.hexdigest()[:32]


def _read_memo(key: str) -> dict | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        memo = json.loads((directory / f"digests-{key}.json").read_text("utf-8"))
        files, config_digest, stage_digests = memo["files"], memo["config_digest"], memo["stage_digests"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all(file_sha256(path) == sha for path, sha in files.items()):
        return None  # a rule file or lexicon changed: build, and hash it anew
    return {"config_digest": config_digest, "stage_digests": list(stage_digests)}


def _write_memo(key: str, config_digest: str, stage_digests: list[str], files: dict[str, str]) -> None:
    directory = cache_dir()
    if directory is None:
        return
    memo = {"config_digest": config_digest, "stage_digests": stage_digests,
            "files": files}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".digests-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(memo, f, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, directory / f"digests-{key}.json")  # atomic: a concurrent run reads all or none
        memos = sorted(directory.glob("digests-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in memos[MEMOS_KEPT:]:  # the configurations used last; older ones only cost a build
            old.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache only costs building the stages next time
