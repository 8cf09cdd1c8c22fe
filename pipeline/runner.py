"""Run the pipeline over every input under RAW and write OUT/articles.jsonl and OUT/errors.jsonl.

Work is cut into shards (groups of input files). Shards whose files and pipeline are unchanged since
the last run are skipped; the others go to worker processes forked after the stages were built (so
models load once), and each finished shard is committed to the store beside the output. The outputs
are then written from the store, sorted, to temporary files renamed into place: a run killed at any
moment leaves the previous output intact, and the next run produces the same bytes.
"""
from __future__ import annotations

import contextlib
import ctypes
import heapq
import itertools
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable, Iterator

import orjson

from .document import Document
from .errors import InputError
from .hashing import file_sha256
from .inputs import InputFile, Rejection, discover, jsonl_parts, load
from .stages import Pipeline
from .stages.write import serialize
from .store import Outcome, Store

ARTICLES = "articles.jsonl"
ERRORS = "errors.jsonl"


class ArticleTimeout(Exception):
    pass


@dataclass
class Summary:
    inputs: int = 0  # input files found
    units: int = 0  # files, and parts of large JSONL files
    processed_units: int = 0  # units processed in this run (the rest came from the store)
    articles: int = 0
    errors: int = 0
    removed_files: int = 0
    error_codes: dict[str, int] = field(default_factory=dict)
    edits_per_stage: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        parts = f" in {self.units} parts" if self.units != self.inputs else ""
        out = [f"inputs: {self.inputs} files{parts} ({self.processed_units} processed, "
               f"{self.units - self.processed_units} unchanged"
               + (f", {self.removed_files} removed since the last run" if self.removed_files else "") + ")",
               f"articles: {self.articles} written, errors: {self.errors}"
               + (" (" + ", ".join(f"{c} {n}" for c, n in sorted(self.error_codes.items())) + ")" if self.error_codes else "")]
        if self.edits_per_stage:
            out.append("edits: " + ", ".join(f"{s} {n}" for s, n in self.edits_per_stage.items()))
        out.append(f"time: {self.seconds:.1f} s")
        return out


# ---------------------------------------------------------------- one article, one file, one shard
_PIPELINE: Pipeline | None = None  # the pipeline of this process, set before workers fork


def _on_alarm(signum, frame):
    raise ArticleTimeout()


class Deadline:
    """Raise ArticleTimeout in this thread when the block runs longer than `seconds`.

    In a process's main thread (local workers) a SIGALRM timer does it, and also stops a regex
    stuck in C. In another thread (Dask runs tasks in threads) a timer thread raises the exception
    asynchronously: that takes effect between Python bytecodes, so it stops slow Python code but not
    a single long call into C. A timeout that fires as the block ends may still surface on leaving
    it; callers catch ArticleTimeout around the whole `with`.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.lock = threading.Lock()
        self.armed = self.fired = False

    def __enter__(self) -> "Deadline":
        if self.seconds <= 0:
            return self
        self.in_main = threading.current_thread() is threading.main_thread()
        if self.in_main:
            self.previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        else:
            self.thread_id = threading.get_ident()
            self.armed = True
            self.timer = threading.Timer(self.seconds, self._fire)
            self.timer.daemon = True
            self.timer.start()
        return self

    def _fire(self) -> None:
        with self.lock:
            if self.armed:
                self.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), ctypes.py_object(ArticleTimeout))

    def __exit__(self, *exc) -> None:
        if self.seconds <= 0:
            return
        if self.in_main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            return
        self.timer.cancel()
        with self.lock:
            self.armed = False
            if self.fired:  # withdraw an exception that was set but has not been raised yet
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), None)


def process_document(pipeline: Pipeline, doc: Document, timeout: float) -> Outcome:
    """The outcome of one article: its JSON line, or an error record. Never raises for bad input."""
    stage_name = "read"
    try:
        with Deadline(timeout):
            try:
                for stage in pipeline.stages:
                    stage_name = stage.name
                    doc = stage.process(doc)
            except (InputError, ArticleTimeout):
                raise
            except RecursionError:
                return error_outcome(doc.source.path, doc.source.line, doc.id, "html_too_deep",
                                     f"stage {stage_name}: the input is nested too deeply to parse")
            except Exception as e:  # a bug in a stage must not stop the batch; the record says where
                return error_outcome(doc.source.path, doc.source.line, doc.id, "stage_failed",
                                     f"stage {stage_name} raised {type(e).__name__}: {e}")
    except InputError as e:
        return error_outcome(doc.source.path, doc.source.line, doc.id, e.code, e.message)
    except ArticleTimeout:
        return error_outcome(doc.source.path, doc.source.line, doc.id, "timeout",
                             f"stage {stage_name} was still running after {timeout:g} s ([pipeline].article_timeout)")
    counts: dict[str, int] = {}
    for edit in doc.edits:
        counts[edit.stage] = counts.get(edit.stage, 0) + 1
    record = doc.to_record(pipeline.version, pipeline.config_digest)
    return Outcome("article", doc.id, serialize(record), counts)


def error_outcome(path: str, line: int | None, doc_id: str | None, code: str, message: str) -> Outcome:
    body = orjson.dumps(Rejection(path, code, message, line=line, id=doc_id).to_dict())
    return Outcome("error", doc_id, body)


def process_file(pipeline: Pipeline, item: InputFile) -> list[Outcome]:
    settings = pipeline.config.section("read")
    max_bytes = int(settings.get("max_bytes", 10_000_000))
    timeout = float(pipeline.config.pipeline.get("article_timeout", 60))
    out = []
    for got in load(item, max_bytes):
        if isinstance(got, Rejection):
            out.append(Outcome("error", got.id, orjson.dumps(got.to_dict())))
        else:
            out.append(process_document(pipeline, got, timeout))
    return out


def process_shard(shard: list[tuple[InputFile, str]]) -> list[tuple[str, str, list[Outcome]]]:
    """Worker entry point: (state key, sha256, outcomes) for each (file, sha256) of the shard."""
    pipeline = _PIPELINE
    if pipeline is None:
        raise RuntimeError("process_shard runs in a process whose pipeline was set by run()")
    return [(item.key, sha, process_file(pipeline, item)) for item, sha in shard]


def _worker_init() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool and reports once, without tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------- the batch
def file_hash(item: InputFile) -> str | None:
    return file_sha256(item.path)  # None, unreadable: processed every time, so its error record is current


def units(found: InputFile, part_bytes: int) -> Iterator[tuple[InputFile, str]]:
    """(unit of work, hash of its bytes): the file, or the parts of a large JSONL file."""
    if found.path.suffix.lower() == ".jsonl":
        try:
            if found.path.stat().st_size > part_bytes:
                yield from jsonl_parts(found, part_bytes)
                return
        except OSError:
            pass  # unreadable: load() reports it
    yield found, file_hash(found) or "-"


def plan(raw_dir: Path, store: Store, digest: str, force: bool, shard_size: int, part_bytes: int,
         discovered: list[int], progress: Callable[[int], None] | None = None) -> Iterator[list[tuple[InputFile, str]]]:
    """Shards of the units that need processing; records every unit found as seen."""
    shard: list[tuple[InputFile, str]] = []
    for found in discover(raw_dir):
        discovered[0] += 1
        if isinstance(found, Rejection):
            discovered[1] += 1
            body = orjson.dumps(found.to_dict())
            store.mark_seen([found.path])
            store.save([(found.path, "-", digest, [Outcome("error", None, body)])])
            continue
        for unit, sha in units(found, part_bytes):
            discovered[1] += 1
            store.mark_seen([unit.key])
            if not force and sha != "-" and store.is_current(unit.key, sha, digest):
                if progress:
                    progress(1)
                continue
            shard.append((unit, sha))
            if len(shard) >= shard_size:
                yield shard
                shard = []
    if shard:
        yield shard


def count_units(pipeline: Pipeline, raw_dir: Path) -> int:
    """About how many units a run of raw_dir has (for a progress bar): files, and parts of big JSONL."""
    part_bytes = int(pipeline.config.pipeline.get("jsonl_part_bytes", 4_000_000))
    n = 0
    for found in discover(raw_dir):
        n += 1
        if isinstance(found, InputFile) and found.path.suffix.lower() == ".jsonl":
            with contextlib.suppress(OSError):
                n += found.path.stat().st_size // part_bytes
    return n


def run(pipeline: Pipeline, raw_dir: Path, out_dir: Path, jobs: int = 1, force: bool = False,
        progress: Callable[[int], None] | None = None, store: Store | None = None,
        write_outputs: bool = True, backend: str = "local", scheduler: str | None = None,
        units_found: int | None = None) -> Summary:
    """Process RAW into OUT. `progress(n)` is called with the number of files finished.

    backend "local" runs shards in forked worker processes (or in this process with jobs=1);
    "dask" sends one task per shard to a Dask distributed cluster (`scheduler` address, or a
    local cluster of `jobs` workers). Both give the same bytes.
    """
    global _PIPELINE
    started = time.monotonic()
    summary = Summary()
    out_dir = Path(out_dir)
    own_store = store is None
    store = store or Store.beside(out_dir)
    digest = pipeline.stage_digests[-1]
    shard_size = int(pipeline.config.pipeline.get("shard_size", 64))
    if jobs > 1:  # a small run is cut finer, so that every worker gets a share
        if units_found is None:  # the caller may have counted them already (for a progress bar)
            units_found = count_units(pipeline, Path(raw_dir))
        shard_size = max(1, min(shard_size, -(-units_found // (4 * jobs))))
    part_bytes = int(pipeline.config.pipeline.get("jsonl_part_bytes", 4_000_000))
    discovered = [0, 0]  # files, units
    shards = plan(Path(raw_dir), store, digest, force, shard_size, part_bytes, discovered, progress)
    try:
        _PIPELINE = pipeline
        if backend == "dask":
            from .backends.dask import execute_dask

            results_iter = execute_dask(shards, pipeline, jobs, scheduler)
        else:
            results_iter = _execute(shards, jobs, pipeline)
        for results in results_iter:
            store.save([(path, sha, digest, outcomes) for path, sha, outcomes in results])
            summary.processed_units += len(results)
            if progress:
                progress(len(results))
        summary.inputs, summary.units = discovered
        summary.removed_files = store.forget_unseen()
        if write_outputs:
            write_outputs_from(store, out_dir, summary)
        summary.edits_per_stage = {s: n for s, n in sorted(store.edit_counts().items(),
                                   key=lambda kv: _stage_order(pipeline, kv[0]))}
    finally:
        if own_store:
            store.close()
    summary.seconds = time.monotonic() - started
    return summary


def _stage_order(pipeline: Pipeline, name: str) -> int:
    names = pipeline.names  # not .stages: an unchanged rerun builds none
    return names.index(name) if name in names else len(names)


WARM_UP_TEXTS = (  # one Chinese and one English article, to load every lazily built model
    "新华社北京9月1日电（记者 张三）国务院副总理李四出席会议并讲话。\n会议强调，要推动高质量发展。",
    "BEIJING, Sept. 1 (Xinhua) -- Vice Premier Li Si attended the meeting on Tuesday.\nHe said growth was stable.",
)


def warm_up(pipeline: Pipeline) -> None:
    """Run two small articles through every stage in this process, so that models a stage loads on
    first use are loaded once here and shared by the workers forked after it."""
    from .document import Source

    for n, text in enumerate(WARM_UP_TEXTS):
        doc = Document(id=f"warm-up-{n}", source=Source("warm-up", "-", "txt"), text=text)
        with contextlib.suppress(Exception):
            pipeline.run(doc)


def _execute(shards: Iterable[list[tuple[InputFile, str]]], jobs: int,
             pipeline: Pipeline) -> Iterator[list[tuple[str, str, list[Outcome]]]]:
    """Results of each shard as it finishes; at most 2 x jobs shards in flight (bounded memory).

    With nothing to do, no model is loaded and no worker started: an unchanged rerun is quick."""
    shards = iter(shards)
    first = next(shards, None)
    if first is None:
        return
    second = next(shards, None) if jobs > 1 else None
    shards = itertools.chain([first] + ([second] if second else []), shards)
    warm_up(pipeline)  # models load here, not inside the first article's time limit
    if jobs <= 1 or second is None:  # one shard of work (a few new inputs): no workers to start
        for shard in shards:
            yield process_shard(shard)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"), initializer=_worker_init)
    pending: set[Future] = set()
    try:
        for shard in shards:
            pending.add(pool.submit(process_shard, shard))
            if len(pending) >= 2 * jobs:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()
    except BaseException:
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in workers:  # a worker may be deep in a long article: do not wait for it
            with contextlib.suppress(Exception):
                proc.terminate()
        raise
    pool.shutdown(wait=True)


# ---------------------------------------------------------------- outputs
def duplicate_error(path: str, doc_id: str, first_path: str, line: int | None) -> bytes:
    return orjson.dumps(Rejection(path, "duplicate_id", f"id {doc_id!r} is already used by {first_path}; this one was not written",
                                  line=line, id=doc_id).to_dict())


def write_outputs_from(store: Store, out_dir: Path, summary: Summary) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".*.jsonl.*.tmp"):  # left by a run killed while writing
        stale.unlink(missing_ok=True)
    duplicates: list[tuple[str, int, bytes]] = []
    with atomic_writer(out_dir / ARTICLES) as f:
        last_id, first_path = None, None
        for doc_id, path, seq, body in store.articles():
            if doc_id == last_id:
                line = orjson.loads(body)["source"].get("line")
                duplicates.append((path, seq, duplicate_error(path, doc_id, first_path, line)))
                continue
            last_id, first_path = doc_id, path
            f.write(body)
            f.write(b"\n")
            summary.articles += 1
    duplicates.sort()
    with atomic_writer(out_dir / ERRORS) as f:
        for _path, _seq, body in heapq.merge(store.errors(), duplicates, key=lambda r: (r[0], r[1])):
            f.write(body)
            f.write(b"\n")
            summary.errors += 1
            code = orjson.loads(body)["code"]
            summary.error_codes[code] = summary.error_codes.get(code, 0) + 1


@contextlib.contextmanager
def atomic_writer(target: Path):
    """A file written beside `target` and renamed over it only when complete and synced."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
