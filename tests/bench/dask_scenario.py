"""A local run and a Dask run of the same inputs, in one process: python dask_scenario.py RAW OUT CONFIG

The Dask run goes to a LocalCluster started here, by its address, as to an existing scheduler: its
workers are spawned and build the pipeline themselves. Prints one JSON object: the summaries and
whether articles.jsonl and errors.jsonl are the same bytes. Run by test_dask_backend.py.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def main(raw: Path, out: Path, config: str) -> None:
    import distributed

    from pipeline.config import load_config
    from pipeline.runner import run
    from pipeline.stages import build_pipeline

    pipeline = build_pipeline(load_config(config))
    local = run(pipeline, raw, out / "local", jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run(pipeline, raw, out / "dask", backend="dask", scheduler=cluster.scheduler_address)
        # a rerun has nothing to do: no task is sent, the output is written again from the store
        again = run(pipeline, raw, out / "dask", backend="dask", scheduler=cluster.scheduler_address)
    same = {name: (out / "local" / name).read_bytes() == (out / "dask" / name).read_bytes()
            for name in ("articles.jsonl", "errors.jsonl")}
    print(json.dumps({"local_units": local.processed_units, "dask_units": remote.processed_units,
                      "again_units": again.processed_units, "errors": local.errors, "same": same}))


if __name__ == "__main__":  # the guard matters: Dask spawns its workers, which import this module
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
