"""What every stage is: a small unit with a name, its own config section, and one method."""
from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any, ClassVar, Mapping

from ..document import Document
from ..errors import ConfigError


class StageContext:
    """What a stage may use while it is built: its settings, and the data files they name.

    Files read through the context are hashed, so a changed rule file or lexicon changes the
    stage's digest (and incremental runs redo the work from that stage on).
    """

    def __init__(self, name: str, settings: Mapping[str, Any], config_file: str):
        self.name = name
        self.settings = settings
        self.config_file = config_file
        self._hash = hashlib.sha256()
        self.files_read: dict[str, str] = {}  # path -> sha256 of the bytes read (the digest memo checks them)
        # the stages built before this one, in pipeline order (the last text stage re-runs them on its
        # own output until the text is stable: see the boilerplate stage)
        self.earlier: tuple[Any, ...] = ()

    def where(self, key: str) -> tuple[str, str]:
        return self.config_file, f"{self.name}.{key}"

    def setting(self, key: str, default: Any = None, kind: type | tuple[type, ...] | None = None) -> Any:
        value = self.settings.get(key, default)
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # settings are frozen: lists arrive as tuples, tables as mappings
        kinds = kinds + ((tuple,) if list in kinds else ()) + ((Mapping,) if dict in kinds else ())
        if kind is not None and value is not None and not isinstance(value, kinds):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise ConfigError(f"must be {names}, not {type(value).__name__}", *self.where(key))
        return value

    def path(self, key: str) -> Path:
        value = self.settings.get(key)
        if not isinstance(value, str):
            raise ConfigError("missing path setting", *self.where(key))
        return Path(value)

    def read_bytes(self, path: Path, key: str) -> bytes:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ConfigError(f"cannot read {path}: {e.strerror}", *self.where(key)) from None
        self._hash.update(str(path.name).encode() + b"\0" + data + b"\0")
        self.files_read[str(path)] = hashlib.sha256(data).hexdigest()
        return data

    def read_text(self, path: Path, key: str) -> str:
        return self.read_bytes(path, key).decode("utf-8-sig")

    def read_toml(self, path: Path, key: str) -> dict:
        try:
            return tomllib.loads(self.read_text(path, key))
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{path}: not valid TOML: {e}", *self.where(key)) from None

    def read_lines(self, path: Path, key: str) -> list[str]:
        """A lexicon: one entry per line, `#` starts a comment, blank lines ignored."""
        out = []
        for line in self.read_text(path, key).splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
        return out

    def compile(self, pattern: str, where: str, flags: int = 0) -> re.Pattern:
        """Compile a regex from a rule file; a bad one stops the run naming the file and rule."""
        try:
            return re.compile(pattern, flags)
        except re.error as e:
            raise ConfigError(f"bad regex {pattern!r}: {e}", where) from None

    def file_digest(self) -> str:
        return self._hash.hexdigest()


class Stage:
    """A pipeline stage. Subclasses set `name`, read their settings in `__init__` (built once per
    process, before workers fork) and implement `process`, which returns the document it was given
    after filling or changing its fields and recording every text change with `doc.edit`."""

    name: ClassVar[str] = ""

    def __init__(self, context: StageContext):
        self.context = context

    def process(self, doc: Document) -> Document:  # pragma: no cover - abstract
        raise NotImplementedError
