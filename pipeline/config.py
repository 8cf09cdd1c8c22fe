"""Configuration: `configs/pipeline.toml` with an optional user file laid over it.

The shipped file has every key, commented. A user file (`--config FILE`) holds only what it changes;
tables are merged key by key, other values replaced. Values of keys ending in `_file`, `_files` or
`_dir` are paths relative to the file that sets them. The result is immutable (`Config`).
"""
from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_CONFIG_DIR = PACKAGE_DIR.parent / "configs"
DEFAULT_CONFIG = DEFAULT_CONFIG_DIR / "pipeline.toml"
PATH_SUFFIXES = ("_file", "_files", "_dir")


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


def _map_paths(table: dict, fn: Callable[[str], Any], all_paths: bool = False) -> dict:
    """The table with `fn` applied to every path setting: a value (or list of values) whose key ends in
    _file, _files or _dir, and every value of a table under such a key (rules_files.en = ...)."""
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out[key] = _map_paths(value, fn, key.endswith(PATH_SUFFIXES))
        elif (all_paths or key.endswith(PATH_SUFFIXES)) and isinstance(value, str):
            out[key] = fn(value)
        elif (all_paths or key.endswith(PATH_SUFFIXES)) and isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[key] = [fn(v) for v in value]
        else:
            out[key] = value
    return out


def _resolve_paths(table: dict, base: Path) -> dict:
    return _map_paths(table, lambda v: str((base / v).resolve()))


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return _resolve_paths(tomllib.load(f), path.resolve().parent)
    except FileNotFoundError:
        raise ConfigError("configuration file not found", str(path)) from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"not valid TOML: {e}", str(path)) from None
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror}", str(path)) from None


@dataclass(frozen=True)
class Config:
    stages: tuple[str, ...]
    sections: Mapping[str, Mapping[str, Any]]  # one table per stage, plus [pipeline]
    files: tuple[str, ...]  # the TOML files it was read from, in overlay order

    def section(self, name: str) -> Mapping[str, Any]:
        return self.sections.get(name, MappingProxyType({}))

    @property
    def pipeline(self) -> Mapping[str, Any]:
        return self.section("pipeline")

    def digest_of(self, name: str, whole_paths: bool = False) -> str:
        """Hash of one section's settings (rule files a stage reads are hashed by the stage context).

        A path counts by its file name only: the files' bytes are hashed where they are read, and
        the same checkout in another folder (a CI clone) must give the same digest, which every
        record carries. `whole_paths` keeps the paths whole (which files, not only what they hold)."""
        settings = _thaw(self.section(name))
        if not whole_paths:
            settings = _map_paths(settings, lambda v: Path(v).name)
        blob = json.dumps(settings, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def paths(self) -> list[Path]:
        """Every path setting of every section (the files and folders the stages may read)."""
        found: list[Path] = []
        for section in self.sections.values():
            _map_paths(_thaw(section), lambda v: found.append(Path(v)))
        return found


def load_config(user_file: str | Path | None = None, default_file: Path = DEFAULT_CONFIG) -> Config:
    """The shipped configuration, with `user_file` laid over it when given."""
    data = read_toml(Path(default_file))
    files = [str(default_file)]
    if user_file is not None:
        data = _merge(data, read_toml(Path(user_file)))
        files.append(str(user_file))
    where = files[-1]
    pipeline = data.get("pipeline")
    if not isinstance(pipeline, dict):
        raise ConfigError("missing [pipeline] table", where, "pipeline")
    stages = pipeline.get("stages")
    if not isinstance(stages, list) or not stages or not all(isinstance(s, str) for s in stages):
        raise ConfigError("must be a non-empty list of stage names", where, "pipeline.stages")
    if len(set(stages)) != len(stages):
        raise ConfigError("a stage is listed twice", where, "pipeline.stages")
    for name, value in data.items():
        if not isinstance(value, dict):
            raise ConfigError(f"top-level key {name!r} must be a table ([{name}])", where, name)
    return Config(stages=tuple(stages), sections=_freeze(data), files=tuple(files))
