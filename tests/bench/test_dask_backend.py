"""The Dask backend writes the same bytes as a local run (issue 9).

Needs dask[distributed] (`pip install -e '.[dask]'`); skipped without it. One test starts a
LocalCluster itself and passes its address (the "existing scheduler" path); one lets the CLI start
its own cluster.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from pipeline.backends.dask import ClusterMismatch, worker_pipeline  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.runner import run  # noqa: E402
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
    """A pipeline whose shards hold 8 files (and JSONL parts of 200 bytes): several tasks."""
    config = tmp_path_factory.mktemp("config") / "shards.toml"
    config.write_text("[pipeline]\nshard_size = 8\njsonl_part_bytes = 200\n", encoding="utf-8")
    return config, build_pipeline(load_config(config))


def test_existing_scheduler_same_bytes_as_local(tmp_path, small_shards):
    config, pipeline = small_shards
    raw = make_raw(tmp_path / "raw")
    local = run(pipeline, raw, tmp_path / "local", jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run(pipeline, raw, tmp_path / "dask", backend="dask", scheduler=cluster.scheduler_address)
        # a rerun has nothing to do: no task is sent, the output is written again from the store
        again = run(pipeline, raw, tmp_path / "dask", backend="dask", scheduler=cluster.scheduler_address)
    assert local.processed_units > 8 and remote.processed_units == local.processed_units
    assert again.processed_units == 0
    assert local.errors >= 3  # the bad line, the picture and the empty file
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")


def test_cli_local_cluster_same_bytes(tmp_path, small_shards):
    config, _ = small_shards
    raw = make_raw(tmp_path / "raw", n=16)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def process(out: str, *args: str) -> None:
        done = subprocess.run([sys.executable, "-m", "pipeline", "process", str(raw), str(tmp_path / out), "-q",
                               "--config", str(config), *args], env=env, capture_output=True, text=True)
        assert done.returncode in (0, 3), done.stderr  # 3: some inputs rejected, as intended

    process("local", "-j", "2")
    process("dask", "-j", "2", "--backend", "dask")
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")


def test_worker_refuses_another_pipeline(small_shards):
    config, _ = small_shards
    pipeline = build_pipeline(load_config(config))  # now: the code may have changed since the fixture
    files = tuple(os.path.abspath(f) for f in pipeline.config.files)
    assert worker_pipeline(files, pipeline.stage_digests[-1]).stage_digests == pipeline.stage_digests
    with pytest.raises(ClusterMismatch, match="different pipeline"):
        worker_pipeline(files, "0" * 64)
