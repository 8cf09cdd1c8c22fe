"""The Dask backend writes the same bytes as a local run (issue 9).

Needs dask[distributed] (`pip install -e '.[dask]'`); skipped without it. One test starts a
LocalCluster itself and passes its address (the "existing scheduler" path: spawned workers that
build the pipeline themselves); one lets the CLI start its own cluster (forked workers). Both run
the code of a snapshot (conftest.py), so that edits made meanwhile cannot mix into the comparison.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from pipeline.backends.dask import ClusterMismatch, worker_pipeline  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.stages import build_pipeline  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def make_raw(raw: Path, n: int = 30) -> Path:
    """A corpus of several shards: bench articles when ../shared is there, the samples, and inputs
    that end in errors.jsonl (a bad JSON line, a binary file, an empty file)."""
    if (SHARED / "eval").is_dir():
        from pipeline.benchmark.corpus import build

        build(raw, n, seed=7, raw_dir=ROOT / "raw", shared_dir=SHARED)
    else:
        raw.mkdir(parents=True)
    samples = raw / "samples"
    samples.mkdir()
    for path in sorted((ROOT / "raw").glob("*.txt")):
        (samples / path.name).write_bytes(path.read_bytes())
    records = [f'{{"id": "rec-{i}", "text": "第{i}条消息。Record {i}."}}' for i in range(12)]
    records.insert(5, "{not json}")
    (raw / "records.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")  # in parts: jsonl_part_bytes
    (raw / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (raw / "empty.txt").write_bytes(b"")
    return raw


def outputs(out: Path) -> tuple[bytes, bytes]:
    return (out / "articles.jsonl").read_bytes(), (out / "errors.jsonl").read_bytes()


@pytest.fixture(scope="module")
def small_shards(tmp_path_factory):
    """A configuration whose shards hold 8 files (and JSONL parts of 200 bytes): several tasks."""
    config = tmp_path_factory.mktemp("config") / "shards.toml"
    config.write_text("[pipeline]\nshard_size = 8\njsonl_part_bytes = 200\n", encoding="utf-8")
    return config


def test_existing_scheduler_same_bytes_as_local(tmp_path, small_shards, in_snapshot):
    raw = make_raw(tmp_path / "raw")
    done = in_snapshot([str(Path(__file__).with_name("dask_scenario.py")), str(raw), str(tmp_path), str(small_shards)])
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["local_units"] > 8 and got["dask_units"] == got["local_units"] and got["again_units"] == 0
    assert got["errors"] >= 3  # the bad JSON line, the picture, the empty file
    assert got["same"] == {"articles.jsonl": True, "errors.jsonl": True}


def test_cli_local_cluster_same_bytes(tmp_path, small_shards, in_snapshot):
    raw = make_raw(tmp_path / "raw", n=16)

    def process(out: str, *args: str) -> None:
        done = in_snapshot(["-m", "pipeline", "process", str(raw), str(tmp_path / out), "-q",
                            "--config", str(small_shards), *args])
        assert done.returncode in (0, 3), done.stderr  # 3: some inputs rejected, as intended

    process("local", "-j", "2")
    process("dask", "-j", "2", "--backend", "dask")
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")


def test_worker_refuses_another_pipeline(small_shards):
    pipeline = build_pipeline(load_config(small_shards))
    files = tuple(os.path.abspath(f) for f in pipeline.config.files)
    assert worker_pipeline(files, pipeline.stage_digests[-1]).stage_digests == pipeline.stage_digests
    with pytest.raises(ClusterMismatch, match="different pipeline"):
        worker_pipeline(files, "0" * 64)
