"""Run the passes of a bench, each in a fresh process, watching its memory and the machine's load.

Memory: every 0.1 s the process of the pass and its descendants are read from /proc: peak RSS
(VmHWM) and private memory (USS: Private_Clean + Private_Dirty of smaps_rollup, what a forked
worker does not share with its parent). Load: the CPU time the whole machine spent during the pass
minus the pass's own CPU time, in cores: other work on the machine (other people's jobs) slows a
pass down, and the table says so instead of hiding it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.1


@dataclass
class ProcPeak:
    rss_mb: float = 0.0  # VmHWM: the kernel's own peak, exact
    uss_mb: float = 0.0  # private memory, sampled
    pss_mb: float = 0.0
    cpu_seconds: float = 0.0  # user + system, as last seen


@dataclass
class Watched:
    root: int
    peaks: dict[int, ProcPeak] = field(default_factory=dict)


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += _children(p)
    return out


def _read_peak(pid: int, peak: ProcPeak) -> None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        peak.cpu_seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    peak.rss_mb = max(peak.rss_mb, int(line.split()[1]) / 1024)
                    break
        private = pss = 0
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    private += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
        peak.uss_mb = max(peak.uss_mb, private / 1024)
        peak.pss_mb = max(peak.pss_mb, pss / 1024)
    except (OSError, ValueError, IndexError):
        pass  # the process ended between listing and reading


def _watch(watched: Watched, proc: subprocess.Popen, stop: threading.Event) -> None:
    while not stop.is_set() and proc.poll() is None:
        for pid in _descendants(watched.root):
            _read_peak(pid, watched.peaks.setdefault(pid, ProcPeak()))
        stop.wait(SAMPLE_SECONDS)


def busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (all cores)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class PassFailed(RuntimeError):
    pass


def snapshot(dest: Path) -> Path:
    """A copy of the package and of configs/ in dest, for every pass to import: the bench measures
    one state of the code and rules even when they are edited while it runs. Returns dest."""
    import shutil

    from ..config import DEFAULT_CONFIG_DIR, PACKAGE_DIR, load_config

    if dest.exists():
        shutil.rmtree(dest)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(PACKAGE_DIR, dest / PACKAGE_DIR.name, ignore=ignore)
    shutil.copytree(DEFAULT_CONFIG_DIR, dest / DEFAULT_CONFIG_DIR.name, ignore=ignore)
    # files the shipped configuration names outside configs/ (a trained model in models/ ...)
    root = DEFAULT_CONFIG_DIR.parent
    for path in load_config().paths():
        try:
            inside = path.resolve().relative_to(root)
        except ValueError:
            continue  # elsewhere on the machine: the snapshot's configuration finds it there too
        target = dest / inside
        if inside.parts[0] in (PACKAGE_DIR.name, DEFAULT_CONFIG_DIR.name) or target.exists() or not path.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            shutil.copytree(path, target, ignore=ignore)
        else:
            shutil.copy2(path, target)
    return dest


def run_pass(argv: list[str], cwd: Path | None = None, code: Path | None = None, hash_seed: int = 0) -> dict:
    """Run `python -m pipeline.benchmark.passes ARGV` in `cwd` and return its JSON, with the memory
    seen (main_peak_mb, worker_peak_mb, worker_uss_mb, workers) and other_cores (load not ours).

    `code`: the folder holding the package to import (a snapshot), else this package. Every pass
    runs in the same directory, so the paths written to the records (relative to the working
    directory) are the same whichever part of the corpus a pass reads. `hash_seed`: PYTHONHASHSEED,
    fixed so that passes compare like with like (one pass takes another to show whether the
    output depends on it)."""
    cmd = [sys.executable, "-m", "pipeline.benchmark.passes", *argv]
    package_root = str(code or Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
           "PYTHONHASHSEED": str(hash_seed)}
    busy0, wall0 = busy_seconds(), time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd, env=env)
    watched, stop = Watched(proc.pid), threading.Event()
    watcher = threading.Thread(target=_watch, args=(watched, proc, stop), daemon=True)
    watcher.start()
    try:
        stdout, stderr = proc.communicate()
    finally:
        stop.set()
        watcher.join()
    wall, busy1 = time.monotonic() - wall0, busy_seconds()
    lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise PassFailed(f"pass {' '.join(argv)} failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    result = json.loads(lines[-1])
    main = watched.peaks.get(watched.root, ProcPeak())
    workers = [p for pid, p in watched.peaks.items() if pid != watched.root and p.rss_mb >= 30]  # not helpers
    result["main_peak_mb"] = max(main.rss_mb, result.get("self_peak_mb") or 0.0)
    result["main_uss_mb"] = main.uss_mb
    if workers or result.get("children_peak_mb"):
        result["worker_peak_mb"] = max([w.rss_mb for w in workers] + [result.get("children_peak_mb") or 0.0])
        result["worker_uss_mb"] = max((w.uss_mb for w in workers), default=None)
        result["workers"] = len(workers)
        result["worker_cpu_seconds"] = sorted((w.cpu_seconds for w in workers), reverse=True)
    else:  # jobs 1: the main process is the worker
        result["worker_peak_mb"], result["worker_uss_mb"], result["workers"] = result["main_peak_mb"], main.uss_mb, 0
    if busy0 is not None and busy1 is not None:
        ours = result.get("process_cpu_seconds")
        result["other_cores"] = max(0.0, (busy1 - busy0 - (ours or 0.0)) / wall) if ours is not None else None
    result["process_seconds"] = wall
    return result
