"""sha256 of files, read in chunks (a large input or model must not count in peak memory)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

CHUNK = 1 << 20


def files_sha256(paths: Iterable[str | Path]) -> str | None:
    """Hex sha256 of the files' bytes one after the other; None when one cannot be read."""
    h = hashlib.sha256()
    try:
        for path in paths:
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(CHUNK), b""):
                    h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def file_sha256(path: str | Path) -> str | None:
    """Hex sha256 of one file's bytes; None when it cannot be read."""
    return files_sha256([path])
