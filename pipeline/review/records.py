"""Where the review commands read records from: a JSONL file, an output folder, or a file at a git revision.

A source is named the way a user would say it:
- a path: `processed/articles.jsonl`, or a folder holding `articles.jsonl` (`processed`, `/tmp/out`);
- `REV:PATH`, as git spells a file at a revision (`HEAD:processed/articles.jsonl`, `HEAD~3:processed`);
- a bare revision (`HEAD`, `main~2`, a commit hash): the output folder's `articles.jsonl` at that revision.

Records are streamed line by line (a git blob through `git cat-file`, never loaded whole), so comparing
two large outputs takes memory for one pair of records at a time.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import orjson

from ..errors import NewscleanError

ARTICLES = "articles.jsonl"
LEADING_ID = re.compile(rb'^\{"id":("(?:[^"\\]|\\.)*")')  # the runner writes id first: no need to parse the rest


class SourceError(NewscleanError):
    """An output to review cannot be found or read; the message says which and why."""


@dataclass(frozen=True)
class RecordSource:
    label: str  # how headers name it
    path: Path | None = None  # a file on disk
    git_object: str | None = None  # REV:PATH, read with git cat-file
    empty: bool = False  # nothing there yet (no committed output): every record is new

    def lines(self) -> Iterator[bytes]:
        if self.empty:
            return
        if self.path is not None:
            try:
                with open(self.path, "rb") as f:
                    yield from f
            except OSError as e:
                raise SourceError(f"{self.path}: cannot read: {e.strerror}") from None
            return
        # cat-file, not show: git show would run the textconv this project installs for processed/
        proc = subprocess.Popen(["git", "cat-file", "blob", self.git_object], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        try:
            yield from proc.stdout
        except GeneratorExit:  # the reader stopped early: do not leave git behind
            proc.kill()
            proc.wait()
            raise
        finally:
            proc.stdout.close()
        err = proc.stderr.read().decode(errors="replace").strip()
        proc.stderr.close()
        if proc.wait() != 0:
            raise SourceError(f"{self.git_object}: {err or 'git cat-file failed'}")

    def records(self) -> Iterator[tuple[str, dict, bytes]]:
        """(id, record, line) for every non-blank line."""
        for n, line in enumerate(self.lines(), 1):
            line = line.rstrip(b"\r\n")
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError as e:
                raise SourceError(f"{self.label}: line {n} is not JSON: {e}") from None
            if not isinstance(record, dict):
                raise SourceError(f"{self.label}: line {n} is not a JSON object")
            yield record_key(record), record, line

    def is_sorted(self) -> bool:
        """Whether the records come in ascending key order (a quick pass that parses only the ids)."""
        last = None
        for line in self.lines():
            if not line.strip():
                continue
            m = LEADING_ID.match(line)
            try:
                key = orjson.loads(m.group(1)) if m else record_key(orjson.loads(line))
            except (orjson.JSONDecodeError, AttributeError):
                return False  # records() will name the bad line
            if last is not None and key < last:
                return False
            last = key
        return True


def record_key(record: dict) -> str:
    """An article's id; an errors.jsonl record (no id of its own) is keyed by where it came from."""
    if isinstance(record.get("id"), str) and "code" not in record:
        return record["id"]
    return f"{record.get('path')}\0{record.get('line') or 0:09d}"


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], capture_output=True, text=True)


def _git_object_kind(spec: str) -> str | None:
    try:
        got = _git("cat-file", "-t", spec)
    except FileNotFoundError:  # git is not installed
        return None
    return got.stdout.strip() if got.returncode == 0 else None


def _relative_git_spec(rev: str, path: str) -> str:
    # `./` makes the path relative to the current directory rather than the repository's top
    return f"{rev}:{path if path.startswith(('./', '../', '/')) else './' + path}"


def resolve(arg: str | None, default_dir: str | Path = "processed", default_rev: str | None = None) -> RecordSource:
    """The source `arg` names; with no arg, `default_dir`'s articles.jsonl on disk, or at `default_rev`."""
    default_file = Path(default_dir) / ARTICLES
    if arg is None:
        if default_rev is None:
            return _from_path(default_file)
        spec = _relative_git_spec(default_rev, default_file.as_posix())
        if _git_object_kind(spec) == "blob":
            return RecordSource(f"{default_rev}:{default_file.as_posix()}", git_object=spec)
        if _git_object_kind(f"{default_rev}^{{commit}}") == "commit":
            # committed history without this output yet: everything in the working copy is new
            return RecordSource(f"{default_rev}:{default_file.as_posix()} (not committed)", empty=True)
        raise SourceError(f"no git revision {default_rev!r} here: give the old output as a path "
                          "(newsclean diff OLD NEW), or run inside the project's git repository")
    path = Path(arg)
    if path.exists():
        return _from_path(path)
    rev, sep, inside = arg.partition(":")
    if sep and rev and len(rev) > 1:  # a drive letter is not a revision
        spec = _relative_git_spec(rev, inside or ".")
        kind = _git_object_kind(spec)
        if kind == "tree":
            spec = spec.rstrip("/") + "/" + ARTICLES
            kind = _git_object_kind(spec)
        if kind == "blob":
            return RecordSource(arg, git_object=spec)
        raise SourceError(f"{arg}: no such file at that git revision")
    if _git_object_kind(f"{arg}^{{commit}}") == "commit":
        return resolve(None, default_dir, arg)
    raise SourceError(f"{arg}: no such file or folder, and not a git revision")


def _from_path(path: Path) -> RecordSource:
    if path.is_dir():
        path = path / ARTICLES
    if not path.is_file():
        raise SourceError(f"{path}: no such file (run `newsclean process` first, or give the output's path)")
    return RecordSource(str(path), path=path)
