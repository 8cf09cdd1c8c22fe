"""The same input gives the same bytes in any process: what makes a Dask run (spawned workers) equal
to a local one (forked workers) and a rerun equal to the first run.

Python randomizes str hashes per process, so a stage that picks among ties by iterating a set (or a
dict built from one) answers differently in different processes. Two runs with two fixed hash seeds
show it. Articles from the bench corpus with real misaligned-GBK damage (SogouCA) have such ties.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.benchmark import corpus

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def run_with_hash_seed(in_snapshot, raw: Path, out: Path, seed: int) -> bytes:
    done = in_snapshot(["-m", "pipeline", "process", str(raw), str(out), "-q", "-j", "1"], PYTHONHASHSEED=str(seed))
    assert done.returncode in (0, 3), done.stderr
    return (out / "articles.jsonl").read_bytes()


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval is not there")
def test_same_bytes_whatever_the_hash_seed(tmp_path, in_snapshot):
    manifest = corpus.build(tmp_path / "corpus", 200, seed=1, raw_dir=ROOT / "raw", shared_dir=SHARED)
    damaged = [name for name, info in sorted(manifest["files"].items()) if "src_sogou_ten" in info["tags"]][:5]
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in damaged:
        shutil.copy(tmp_path / "corpus" / "zh" / f"{name}.txt", raw)
    assert run_with_hash_seed(in_snapshot, raw, tmp_path / "a", 1) == run_with_hash_seed(in_snapshot, raw, tmp_path / "b", 2)
