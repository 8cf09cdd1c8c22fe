"""The run state beside the output: what each input file became, under which pipeline.

An SQLite file (`OUT/.newsclean/state.sqlite`) maps every input file to its hash, the digest of the
pipeline that processed it, and its outcomes (serialized article lines and error records). A rerun
reprocesses only files whose bytes or pipeline changed, and the outputs are written from here in
order, so memory stays bounded whatever the corpus size. Each shard is committed in one
transaction: a run killed at any moment leaves the store consistent, and the next run resumes.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,       -- as written in source.path / errors' path
    sha256 TEXT NOT NULL,        -- of the file's bytes
    digest TEXT NOT NULL         -- of the pipeline (code, settings, rule files) that made its outcomes
);
CREATE TABLE IF NOT EXISTS outcomes (
    path TEXT NOT NULL,
    seq INTEGER NOT NULL,        -- order within the file (JSONL line order)
    kind TEXT NOT NULL,          -- 'article' or 'error'
    id TEXT,
    body BLOB NOT NULL,          -- the JSON line as written to articles.jsonl / errors.jsonl
    counts TEXT,                 -- edits per stage, JSON, for the run summary
    PRIMARY KEY (path, seq)
);
CREATE INDEX IF NOT EXISTS outcomes_by_id ON outcomes (kind, id, path, seq);
CREATE TEMP TABLE IF NOT EXISTS seen (path TEXT PRIMARY KEY);
"""
STATE_DIR = ".newsclean"
STATE_FILE = "state.sqlite"


@dataclass(frozen=True)
class Outcome:
    kind: str  # 'article' or 'error'
    id: str | None
    body: bytes
    counts: dict[str, int] | None = None


class Store:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        try:
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError:
            # a state file from an incompatible version, or damaged: it is only a cache
            self.db.close()
            path.unlink(missing_ok=True)
            self.db = sqlite3.connect(str(path), isolation_level=None)
            self.db.executescript(SCHEMA)

    @classmethod
    def beside(cls, out_dir: Path) -> "Store":
        return cls(Path(out_dir) / STATE_DIR / STATE_FILE)

    def close(self) -> None:
        self.db.close()

    def is_current(self, path: str, sha256: str, digest: str) -> bool:
        row = self.db.execute("SELECT sha256, digest FROM files WHERE path = ?", (path,)).fetchone()
        return row is not None and row[0] == sha256 and row[1] == digest

    def mark_seen(self, paths: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO seen (path) VALUES (?)", ((p,) for p in paths))

    def save(self, results: Iterable[tuple[str, str, str, list[Outcome]]]) -> None:
        """Replace the outcomes of each (path, sha256, digest, outcomes) in one transaction."""
        db = self.db
        db.execute("BEGIN")
        try:
            for path, sha, digest, outcomes in results:
                db.execute("DELETE FROM outcomes WHERE path = ?", (path,))
                db.executemany(
                    "INSERT INTO outcomes (path, seq, kind, id, body, counts) VALUES (?, ?, ?, ?, ?, ?)",
                    [(path, seq, o.kind, o.id, o.body, json.dumps(o.counts, sort_keys=True) if o.counts else None)
                     for seq, o in enumerate(outcomes)])
                db.execute("INSERT OR REPLACE INTO files (path, sha256, digest) VALUES (?, ?, ?)", (path, sha, digest))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def forget_unseen(self) -> int:
        """Drop files that were not found in this run (inputs removed from RAW); returns how many."""
        db = self.db
        db.execute("BEGIN")
        gone = db.execute("SELECT COUNT(*) FROM files WHERE path NOT IN (SELECT path FROM seen)").fetchone()[0]
        db.execute("DELETE FROM outcomes WHERE path NOT IN (SELECT path FROM seen)")
        db.execute("DELETE FROM files WHERE path NOT IN (SELECT path FROM seen)")
        db.execute("COMMIT")
        return gone

    def articles(self) -> Iterator[tuple[str, str, int, bytes]]:
        """(id, path, seq, body), sorted by id, then path and position."""
        yield from self.db.execute(
            "SELECT id, path, seq, body FROM outcomes WHERE kind = 'article' ORDER BY id, path, seq")

    def errors(self) -> Iterator[tuple[str, int, bytes]]:
        """(path, seq, body), sorted by path and position."""
        yield from self.db.execute("SELECT path, seq, body FROM outcomes WHERE kind = 'error' ORDER BY path, seq")

    def edit_counts(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for (counts,) in self.db.execute("SELECT counts FROM outcomes WHERE counts IS NOT NULL"):
            for stage, n in json.loads(counts).items():
                total[stage] = total.get(stage, 0) + n
        return total
