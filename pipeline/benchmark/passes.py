"""One measured pass over a corpus, in a process of its own (so its models and memory are its own).

    python -m pipeline.benchmark.passes KIND --corpus DIR --out DIR [--jobs N] [--config FILE]
        [--backend local|dask] [--stage-times]

KIND: `pipeline` (the runner, as `newsclean process --force` runs it), `peer` (the naive peer),
`floor` (read, decode, write JSONL), `repair` (the repair stage vs `ftfy.fix_text` on clean
Chinese text). Prints one JSON object: wall and CPU seconds of the timed part (building the
pipeline or loading the peer's models is timed apart), lines written, peak memory, and with
`--stage-times` (jobs 1 only) the seconds spent in each stage and in the runner's own steps.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from ..hashing import file_sha256  # in chunks: a large output must not count in the peak memory


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have exited (workers, once joined)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def status_mb(field: str, pid: str = "self") -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class Timers:
    """Seconds spent in wrapped callables, by name (in-process only: jobs 1)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.per_doc: dict[str, dict[str, float]] = {}  # document id -> stage -> seconds

    def wrap_stage(self, name: str, process):
        seconds, per_doc = self.seconds, self.per_doc
        seconds.setdefault(name, 0.0)
        clock = time.perf_counter

        def timed(doc):
            started = clock()
            try:
                return process(doc)
            finally:
                took = clock() - started
                seconds[name] += took
                mine = per_doc.setdefault(doc.id, {})
                mine[name] = mine.get(name, 0.0) + took

        return timed

    def wrap(self, name: str, fn):
        seconds, calls = self.seconds, self.calls
        seconds.setdefault(name, 0.0)
        calls.setdefault(name, 0)
        clock = time.perf_counter

        def timed(*args, **kwargs):
            started = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[name] += clock() - started
                calls[name] += 1

        return timed


def run_pipeline(args) -> dict:
    from .. import runner
    from ..config import load_config
    from ..stages import build_pipeline
    from ..store import Store

    started = time.perf_counter()
    pipeline = build_pipeline(load_config(args.config))
    out: dict = {"build_seconds": time.perf_counter() - started, "stages": [s.name for s in pipeline.stages],
                 "digest": pipeline.stage_digests[-1], "package": str(Path(runner.__file__).parent),
                 "shard_size": int(pipeline.config.pipeline.get("shard_size", 64))}
    stage_timers = runner_timers = None
    if args.stage_times:
        if args.jobs != 1 or args.backend != "local":
            raise SystemExit("--stage-times needs --jobs 1 and the local backend (stages run in this process)")
        stage_timers, runner_timers = Timers(), Timers()
        for stage in pipeline.stages:
            stage.process = stage_timers.wrap_stage(stage.name, stage.process)
        # the runner's own steps, looked up as module globals at call time
        runner.file_hash = runner_timers.wrap("hash inputs", runner.file_hash)
        runner.serialize = runner_timers.wrap("serialize", runner.serialize)
        runner.write_outputs_from = runner_timers.wrap("write outputs", runner.write_outputs_from)
        Store.save = runner_timers.wrap("store shards", Store.save)
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    summary = runner.run(pipeline, Path(args.corpus), Path(args.out), jobs=args.jobs, force=True,
                         backend=args.backend, scheduler=args.scheduler)
    out.update(seconds=time.perf_counter() - wall0, cpu_seconds=cpu_seconds() - cpu0,
               articles=summary.articles, errors=summary.errors, error_codes=summary.error_codes)
    if stage_timers:
        out["stage_seconds"] = stage_timers.seconds
        out["runner_seconds"] = runner_timers.seconds
        out["doc_seconds"] = stage_timers.per_doc
    if args.backend == "dask":
        from ..backends.dask import LAST_RUN

        out["dask"] = dict(LAST_RUN)
    out["outputs"] = {name: file_sha256(Path(args.out) / name) for name in (runner.ARTICLES, runner.ERRORS)}
    return out


def run_peer(args, kind: str) -> dict:
    from . import peer

    started = time.perf_counter()
    files = peer.corpus_files(Path(args.corpus))
    if kind == "peer":
        peer._PEER = peer.NaivePeer()
        one = peer._peer_article
    else:
        one = peer.floor_article
    out: dict = {"build_seconds": time.perf_counter() - started}
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    lines = peer.run_lines(files, Path(args.out) / "out.jsonl", one, args.jobs)
    out.update(seconds=time.perf_counter() - wall0, cpu_seconds=cpu_seconds() - cpu0, articles=lines, errors=0)
    return out


def run_repair(args) -> dict:
    """The repair stage on clean Chinese text (its fast path) vs plain ftfy.fix_text on the same text."""
    import ftfy

    from ..config import load_config
    from ..document import Document, Source
    from ..inputs import sha256
    from ..stages import build_pipeline
    from .corpus import load_sources

    pipeline = build_pipeline(load_config(args.config))
    stages = {s.name: s for s in pipeline.stages}
    if "read" not in stages or "repair" not in stages:
        return {"articles": 0, "bytes": 0, "repair_seconds": 0.0, "ftfy_seconds": 0.0, "repair_changed": 0,
                "seconds": 0.0, "errors": 0, "skipped": "the configuration has no read or no repair stage"}
    sources = load_sources(Path(args.raw), Path(args.shared))
    texts, piece = [], []
    for name in ("pd", "sogou_sohu", "gov"):  # clean Simplified sources (SogouCA has real damage)
        for doc in sources.zh[name][:400]:
            for p in doc.paragraphs:
                piece.append(p)
                if sum(map(len, piece)) >= 1500:
                    texts.append("\n".join(piece))
                    piece = []
    docs = []
    for i, text in enumerate(texts):
        data = text.encode("utf-8")
        doc = Document(id=f"clean-{i}", source=Source(f"clean/{i}.txt", sha256(data), "txt"), raw=data)
        docs.append(stages["read"].process(doc))
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    repair = stages["repair"]
    changed = 0
    started = time.perf_counter()
    for doc in docs:
        before = doc.text
        if repair.process(doc).text != before:
            changed += 1
    repair_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        ftfy.fix_text(doc.text)
    ftfy_seconds = time.perf_counter() - started
    return {"articles": len(docs), "bytes": size, "repair_seconds": repair_seconds, "ftfy_seconds": ftfy_seconds,
            "repair_changed": changed, "seconds": repair_seconds + ftfy_seconds, "errors": 0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.benchmark.passes", description=__doc__.split("\n")[0])
    ap.add_argument("kind", choices=["pipeline", "peer", "floor", "repair"])
    ap.add_argument("--corpus", default=".")
    ap.add_argument("--out", default="/tmp/newsclean-bench-pass")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--config")
    ap.add_argument("--backend", default="local", choices=["local", "dask"])
    ap.add_argument("--scheduler")
    ap.add_argument("--stage-times", action="store_true")
    ap.add_argument("--raw", default="raw")
    ap.add_argument("--shared", default="../shared")
    args = ap.parse_args(argv)
    if args.kind == "pipeline":
        out = run_pipeline(args)
    elif args.kind == "repair":
        out = run_repair(args)
    else:
        out = run_peer(args, args.kind)
    out["kind"], out["jobs"], out["backend"] = args.kind, args.jobs, args.backend
    out["self_peak_mb"] = status_mb("VmHWM")
    out["children_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 or None
    out["process_cpu_seconds"] = cpu_seconds()  # all of it, building included: for the load estimate
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
