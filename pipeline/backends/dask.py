"""Run shards on a Dask distributed cluster: one task per shard, results back to the runner's store.

The runner plans the shards and saves their outcomes exactly as with local workers, so the output
is the same bytes. What a worker needs: newsclean installed at the same version, the same
configuration files at the same paths (or the shipped defaults), and the input files readable at the
same absolute paths (a shared filesystem). Each worker process builds the pipeline once, from the
configuration files the client used, and refuses to work when its pipeline's digest differs from
the client's (other code, other rule files): mixed outputs would otherwise land in one cache.
Without a scheduler address, a local cluster is started whose workers are forked from the client
after it built the pipeline, so they share its models as the local backend's workers do.

Shards run one at a time per worker process (a lock), so workers started with several threads
are safe; give them one thread and more processes for parallelism (`dask worker --nthreads 1
--nworkers N`). Dask runs tasks in threads, where SIGALRM cannot interrupt a stage, so
`[pipeline].article_timeout` is not enforced on this backend.
"""
from __future__ import annotations

import dataclasses
import itertools
import logging
import os
import threading
import time
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import MissingDependency, NewscleanError

# Figures of the last run in this process (cluster start, pipeline build on the workers), for the bench.
LAST_RUN: dict[str, float | int | str] = {}
CONNECT_SECONDS = 15  # to reach the scheduler
WORKER_WAIT_SECONDS = 60  # for a first worker to join it

_worker_pipelines: dict[tuple[tuple[str, ...], str], object] = {}
_worker_lock = threading.Lock()


class ClusterMismatch(NewscleanError):
    """A worker cannot build the pipeline the client runs (other code, config or rule files)."""


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise MissingDependency("dask[distributed]", "dask", "--backend dask") from None
    return distributed


# ---------------------------------------------------------------- on the workers
def worker_pipeline(config_files: tuple[str, ...], digest: str):
    """This worker process's pipeline, built once from the client's configuration files."""
    key = (config_files, digest)
    got = _worker_pipelines.get(key)
    if got is not None:
        return got
    from ..config import DEFAULT_CONFIG, load_config
    from ..stages import build_pipeline

    default, *user = config_files
    default_file = Path(default) if Path(default).is_file() else DEFAULT_CONFIG
    try:
        got = build_pipeline(load_config(user[-1] if user else None, default_file=default_file))
    except NewscleanError as e:
        raise ClusterMismatch(f"worker on {_host()} cannot build the pipeline: {e}") from None
    if got.stage_digests[-1] != digest:
        raise ClusterMismatch(
            f"worker on {_host()} built a different pipeline (digest {got.stage_digests[-1][:12]}, client"
            f" {digest[:12]}): install the same newsclean version and give it the same configuration and rule files")
    from ..runner import warm_up

    warm_up(got)  # models a stage loads on first use load now, not in the first shard
    _worker_pipelines.clear()  # one pipeline per process: a new configuration replaces the old one
    _worker_pipelines[key] = got
    return got


def warm(config_files: tuple[str, ...], digest: str) -> float:
    """Build this worker's pipeline now (the client does this on every worker before sending work)."""
    started = time.monotonic()
    with _worker_lock:
        worker_pipeline(config_files, digest)
    return time.monotonic() - started


def run_shard(config_files: tuple[str, ...], digest: str, shard):
    """The task: what `runner.process_shard` returns for this shard, computed on a worker."""
    from .. import runner

    with _worker_lock:  # stages are not written for threads: one shard at a time per process
        runner._PIPELINE = worker_pipeline(config_files, digest)
        return runner.process_shard(shard)


def _host() -> str:
    return os.uname().nodename


# ---------------------------------------------------------------- on the client
def _portable(shard):
    """The shard with absolute input paths (a worker's working directory is not ours)."""
    return [(dataclasses.replace(item, path=Path(os.path.abspath(item.path))), sha) for item, sha in shard]


def execute_dask(shards: Iterable, pipeline, jobs: int, scheduler: str | None) -> Iterator[list]:
    """Results of each shard as it finishes, like the local executor; at most 2 tasks per worker
    thread in flight. `scheduler`: address of a running scheduler, whose workers build the pipeline
    once each; None starts a local cluster of `jobs` single-threaded worker processes for this run,
    forked from this one."""
    distributed = _import_distributed()
    shards = iter(shards)
    first = next(shards, None)
    if first is None:  # nothing to process: no cluster needed
        return
    shards = itertools.chain([first], shards)
    config_files = tuple(os.path.abspath(f) for f in pipeline.config.files)
    digest = pipeline.stage_digests[-1]
    LAST_RUN.clear()
    started = time.monotonic()
    cluster = None
    if scheduler is None:
        import dask

        from ..runner import warm_up

        # The workers of a local cluster are forked from this process after its pipeline is built
        # and warm, as the local backend's are: they share its models instead of loading their own.
        warm_up(pipeline)
        _worker_pipelines.clear()
        _worker_pipelines[(config_files, digest)] = pipeline
        # no statistical profiler: nobody looks at a dashboard here, and it samples every 10 ms
        with dask.config.set({"distributed.worker.multiprocessing-method": "fork",
                              "distributed.worker.profile.enabled": False}):
            cluster = distributed.LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                               dashboard_address=None, silence_logs=logging.ERROR)
        address = cluster.scheduler_address
    else:
        address = scheduler
    client = None
    pending: set = set()
    try:
        try:
            client = distributed.Client(address, timeout=f"{CONNECT_SECONDS}s")
        except (OSError, TimeoutError) as e:
            raise NewscleanError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
        except TimeoutError:
            raise NewscleanError(f"no Dask worker joined the scheduler at {address} within {WORKER_WAIT_SECONDS} s") from None
        LAST_RUN["cluster_seconds"] = time.monotonic() - started
        # every worker builds its pipeline now, in parallel, as a task (not on its event loop)
        build_times = client.gather([client.submit(warm, config_files, digest, workers=[worker], allow_other_workers=False,
                                                   pure=False) for worker in client.scheduler_info()["workers"]])
        LAST_RUN["warm_seconds"] = time.monotonic() - started - LAST_RUN["cluster_seconds"]
        LAST_RUN["worker_build_seconds"] = max(build_times, default=0.0)
        threads = client.nthreads()
        LAST_RUN["workers"] = len(threads)
        limit = 2 * max(1, sum(threads.values()))

        def submit(shard):
            future = client.submit(run_shard, config_files, digest, _portable(shard), pure=False)
            pending.add(future)
            return future

        done_iter = distributed.as_completed([submit(s) for s in itertools.islice(shards, limit)])
        for future in done_iter:
            pending.discard(future)
            result = future.result()
            future.release()
            following = next(shards, None)
            if following is not None:
                done_iter.add(submit(following))
            yield result
        LAST_RUN["seconds"] = time.monotonic() - started
    finally:
        if client is not None:
            if pending:
                client.cancel(list(pending))
            client.close()
        if cluster is not None:
            cluster.close()
