"""Helpers of the bench tests: a snapshot of the code for tests that run several processes.

A test that compares the outputs of several processes (a local run, Dask workers, runs with other
hash seeds) imports the package from a copy made once per session, so that edits to the working
tree while it runs cannot make the processes run different code.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="session")
def in_snapshot(tmp_path_factory):
    """in_snapshot(args, **env) runs `python ARGS` importing the package from the snapshot."""
    from pipeline.benchmark.measure import snapshot

    code = snapshot(tmp_path_factory.mktemp("code") / "snapshot")

    def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(code), **env})

    return run
