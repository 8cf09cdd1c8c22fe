"""Helpers of the review tests: records made to order, JSONL files, the CLI as a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def make_record(doc_id: str, text: str, lang: str = "zh", **fields) -> dict:
    """A record with the contract's fields in the writer's order; entities found by `entities=[(text, label)]`."""
    entities = []
    for ent_text, label in fields.pop("entities", []):
        start = text.index(ent_text)
        entities.append({"text": ent_text, "label": label, "start": start, "end": start + len(ent_text)})
    record = {
        "id": doc_id,
        "source": {"path": f"raw/{doc_id}.txt", "sha256": "0" * 64, "encoding": "utf-8", "format": "txt"},
        "lang": lang, "script": None, "title": fields.pop("title", None), "published": fields.pop("published", None),
        "byline": {"outlet": None, "authors": [], "editors": [], "reviewers": []},
        "text": text, "entities": entities, "officials": fields.pop("officials", []), "dates": fields.pop("dates", []),
        "edits": fields.pop("edits", []), "warnings": fields.pop("warnings", []),
        "pipeline": {"version": "0.1.0", "config": fields.pop("config", "sha256:aaaa")},
    }
    record.update(fields)
    return record


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records),
                    encoding="utf-8")
    return path


def run_newsclean(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment.pop("NO_COLOR", None)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, env=environment, timeout=600)


@pytest.fixture(scope="session")
def record():
    return make_record


@pytest.fixture(scope="session")
def jsonl():
    return write_jsonl


@pytest.fixture(scope="session")
def newsclean():
    return run_newsclean


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


@pytest.fixture
def git_repo(tmp_path):
    """An empty git repository; `repo.git(*args)` runs git in it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", ".")

    class Repo:
        path = repo

        @staticmethod
        def git(*args: str) -> str:
            return git(repo, *args)

    return Repo
