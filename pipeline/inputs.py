"""Find the inputs under RAW and turn each file into documents (one per article) or rejections.

Files: `.txt` and `.html`/`.htm` are one article each (id = file stem); `.jsonl` has one JSON record per
line and `.json` one record or a list of them, each with `id` and `text` or `html`, and optionally
`title`, `published`, `url`, `lang`. Decoding bytes to text is the read stage's work, not this module's.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .document import Document, Source
from .errors import InputError

FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}
RECORD_FIELDS = {"id", "text", "html", "title", "published", "url", "lang"}
BAD_ID = re.compile(r"[/\\\x00-\x1f\x7f]|^\.\.?$|\.\.")
MAX_ID_LENGTH = 200


@dataclass(frozen=True)
class InputFile:
    path: Path  # as found under RAW
    shown: str  # the path written to records: relative to the working directory when under it
    # A large .jsonl file is processed in parts: lines from byte `start` to `end`, the first being
    # line number `first_line`. A whole file has part None.
    part: int | None = None
    start: int = 0
    end: int | None = None
    first_line: int = 1

    @property
    def key(self) -> str:
        """The file's (or part's) key in the run state."""
        return self.shown if self.part is None else f"{self.shown}#{self.part}"


@dataclass(frozen=True)
class Rejection:
    """One input that did not become an article: a line of errors.jsonl."""
    path: str
    code: str
    message: str
    line: int | None = None
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "id": self.id, "code": self.code, "message": self.message}


def shown_path(path: Path, raw_dir: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return (Path(os.path.abspath(raw_dir)).name / absolute.relative_to(os.path.abspath(raw_dir))).as_posix()


def discover(raw_dir: Path) -> Iterator[InputFile | Rejection]:
    """Every file under raw_dir, in a stable order (sorted per directory), hidden files skipped.

    Symlinked directories are followed once; a loop becomes a rejection instead of a hang.
    """
    raw_dir = Path(raw_dir)
    seen_dirs: set[tuple[int, int]] = set()

    def walk(directory: Path) -> Iterator[InputFile | Rejection]:
        try:
            st = directory.stat()
        except OSError as e:
            yield Rejection(shown_path(directory, raw_dir), "unreadable", f"cannot enter directory: {e.strerror}")
            return
        if (st.st_dev, st.st_ino) in seen_dirs:
            yield Rejection(shown_path(directory, raw_dir), "unreadable",
                            "symlink loop: this directory was already read through another path; skipped")
            return
        seen_dirs.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as e:
            yield Rejection(shown_path(directory, raw_dir), "unreadable", f"cannot list directory: {e.strerror}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                yield from walk(path)
            else:
                yield InputFile(path, shown_path(path, raw_dir))

    if not raw_dir.is_dir():
        raise FileNotFoundError(raw_dir)
    yield from walk(raw_dir)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_id(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise InputError("bad_id", f"id must be a non-empty string, not {value!r}")
    if len(value) > MAX_ID_LENGTH or BAD_ID.search(value):
        raise InputError("bad_id", f"id {value[:60]!r} contains a path separator, '..' or a control character,"
                         f" or is longer than {MAX_ID_LENGTH} characters")
    return value


def record_document(obj: Any, fallback_id: str | None, source: Source) -> Document:
    """A document from one JSON record."""
    if not isinstance(obj, dict):
        raise InputError("bad_record", f"a record must be a JSON object, not {type(obj).__name__}")
    if "id" in obj:
        doc_id = check_id(obj["id"])
    elif fallback_id is not None:
        doc_id = check_id(fallback_id)
    else:
        raise InputError("bad_record", "the record has no 'id'")
    for key in ("text", "html", "title", "published", "url", "lang"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise InputError("bad_record", f"{key!r} must be a string, not {type(obj[key]).__name__}")
    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        raise InputError("bad_record", "the record has neither 'text' nor 'html'")
    given = {k: obj[k] for k in ("title", "published", "url", "lang") if obj.get(k) not in (None, "")}
    source.encoding = "utf-8"
    doc = Document(id=doc_id, source=source, given=given)
    if text is not None:
        doc.text = text
    else:
        doc.html = html
    return doc


def load(item: InputFile, max_bytes: int) -> Iterator[Document | Rejection]:
    """The documents of one input file, each with its raw bytes or text; rejections for what cannot be."""
    fmt = FORMATS.get(item.path.suffix.lower())
    shown = item.shown
    if fmt is None:
        yield Rejection(shown, "unsupported_format",
                        f"extension {item.path.suffix or '(none)'!r} is not one of {' '.join(FORMATS)}; rename or remove the file")
        return
    try:
        size = item.path.stat().st_size
        if fmt in ("txt", "html", "json") and size > max_bytes:
            yield Rejection(shown, "oversize", f"{size} bytes is more than [read].max_bytes = {max_bytes}")
            return
        if fmt == "jsonl":
            data = _lines(item)  # streamed: a JSONL file may be far larger than memory
        else:
            data = item.path.read_bytes()
    except OSError as e:
        yield Rejection(shown, "unreadable", f"cannot read: {e.strerror}")
        return
    if fmt in ("txt", "html"):
        try:
            doc_id = check_id(item.path.stem)
        except InputError as e:
            yield Rejection(shown, e.code, e.message)
            return
        yield Document(id=doc_id, source=Source(shown, sha256(data), fmt), raw=data)
        return
    if fmt == "json":
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as e:
            yield Rejection(shown, "bad_json", f"not valid UTF-8 JSON: {e}")
            return
        records = obj if isinstance(obj, list) else [obj]
        for n, rec in enumerate(records):
            # a file holding one record takes the file's stem when the record has no id
            fallback = item.path.stem if not isinstance(obj, list) else None
            body = data if not isinstance(obj, list) else json.dumps(rec, ensure_ascii=False, sort_keys=True).encode()
            line = None if not isinstance(obj, list) else n + 1
            yield _record(rec, fallback, Source(shown, sha256(body), "json", line=line), shown, line, max_bytes, len(body))
        return
    for n, raw_line in enumerate(data, item.first_line):  # jsonl
        if not raw_line.strip():
            continue
        try:
            rec = json.loads(raw_line.decode("utf-8-sig" if n == 1 else "utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            yield Rejection(shown, "bad_json", f"line {n} is not valid UTF-8 JSON: {e}", line=n)
            continue
        yield _record(rec, None, Source(shown, sha256(raw_line), "jsonl", line=n), shown, n, max_bytes, len(raw_line))


def _lines(item: InputFile) -> Iterator[bytes]:
    """The lines of a JSONL file or part, without their newlines, read as they are needed."""
    f = open(item.path, "rb")  # opened here so that a permission error is raised to load()

    def read() -> Iterator[bytes]:
        with f:
            f.seek(item.start)
            pos = item.start
            for line in f:
                if item.end is not None and pos >= item.end:
                    break
                pos += len(line)
                yield line.rstrip(b"\n").rstrip(b"\r")
    return read()


def jsonl_parts(item: InputFile, part_bytes: int) -> Iterator[tuple[InputFile, str]]:
    """A .jsonl file cut at line ends into parts of about part_bytes, each with the hash of its bytes.

    Appending records to a big JSONL file then reprocesses only its last part."""
    with open(item.path, "rb") as f:
        part, start, first_line = 0, 0, 1
        while True:
            chunk = f.read(part_bytes)
            if not chunk:
                break
            if not chunk.endswith(b"\n"):
                chunk += f.readline()
            end = start + len(chunk)
            yield (InputFile(item.path, item.shown, part, start, end, first_line), sha256(chunk))
            part, start, first_line = part + 1, end, first_line + chunk.count(b"\n")


def _record(rec: Any, fallback: str | None, source: Source, shown: str, line: int | None,
            max_bytes: int, size: int) -> Document | Rejection:
    rec_id = rec.get("id") if isinstance(rec, dict) else None
    rec_id = str(rec_id) if isinstance(rec_id, (str, int)) and not isinstance(rec_id, bool) else None
    if size > max_bytes:
        return Rejection(shown, "oversize", f"record of {size} bytes is more than [read].max_bytes = {max_bytes}",
                         line=line, id=rec_id)
    try:
        return record_document(rec, fallback, source)
    except InputError as e:
        where = f"line {line}: " if line else ""
        return Rejection(shown, e.code, where + e.message, line=line, id=rec_id)
