"""Run shards on a Dask distributed cluster (placeholder until issue 9)."""
from __future__ import annotations

from ..errors import MissingDependency


def execute_dask(shards, pipeline, jobs, scheduler):
    raise MissingDependency("dask[distributed]", "dask", "--backend dask")
