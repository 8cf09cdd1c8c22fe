"""Issue 7's incremental target: a rerun after adding 10 articles to a 2,000-article corpus takes at
most 5% of the full run's time, and its output equals a full run's byte for byte.

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
    raw = a.work / "raw"
    raw.mkdir()
    held_back = files[-a.added:]
    for f in files[:-a.added]:
        shutil.copy(f, raw / f.name)
    out, fresh = a.work / "out", a.work / "fresh"
    full = timed(str(raw), str(out), "--jobs", str(a.jobs))
    for f in held_back:
        shutil.copy(f, raw / f.name)
    rerun = timed(str(raw), str(out), "--jobs", str(a.jobs))
    unchanged = timed(str(raw), str(out), "--jobs", str(a.jobs))
    timed(str(raw), str(fresh), "--jobs", str(a.jobs))
    same = all((out / n).read_bytes() == (fresh / n).read_bytes() for n in ("articles.jsonl", "errors.jsonl"))
    ratio = rerun / full
    print(f"full run of {a.articles} articles: {full:.1f} s; rerun after adding {a.added}: {rerun:.2f} s "
          f"({ratio:.1%} of the full run, target <= 5%); rerun with nothing changed: {unchanged:.2f} s")
    print(f"rerun output equals a full run byte for byte: {'yes' if same else 'NO'}")
    return 0 if same and ratio <= 0.05 else 1


if __name__ == "__main__":
    sys.exit(main())
