"""The bench as one run: build the corpus, run every pass, derive the figures the issue asks for.

`run_bench` returns one JSON-able dict (corpus manifest, passes, derived rows, stage shares,
checks, targets); `run_memory` compares peak memory at two corpus sizes. `report.render` prints them.
"""
from __future__ import annotations

import os
import platform
import shutil
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import corpus
from ..hashing import file_sha256, files_sha256
from .measure import run_pass, snapshot

OTHER_HASH_SEED = 1  # of the --jobs N pass; every other pass runs with PYTHONHASHSEED=0
FLOOR_CONFIG = '# the runner with no cleaning stages: what the batch machinery alone costs\n[pipeline]\nstages = ["read", "write"]\n'

# The targets.
TARGET_VS_PEER = 1.0  # zh full pipeline MB/s / naive peer MB/s, one worker
TARGET_SCALING = 1.8  # --jobs 2 / --jobs 1
TARGET_WORKER_MB = 500.0
TARGET_MEMORY_GROWTH = 1.2  # peak RSS at 20,000 articles / at 2,000
TARGET_DASK_OVERHEAD = 0.20
# Other work on the machine (cores) above which a one-worker comparison is judged on CPU time:
# a single worker's CPU time does not depend on how busy the other cores are, its wall time does.
BUSY_CORES = 0.25


@dataclass
class Options:
    articles: int = 2000
    jobs: int = 2
    seed: int = 1
    work: Path = Path("work/bench")
    raw: Path = Path("raw")
    shared: Path = Path("../shared")
    dask: bool = True
    config: Path | None = None
    repeat: int = 1  # runs of each pass; the fastest counts (the machine may be busy with other work)


def _versions() -> dict:
    out = {"python": platform.python_version()}
    for name in ("newsclean", "ftfy", "opencc", "jieba", "spacy", "orjson", "dask", "distributed"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


def _meta(opts: Options) -> dict:
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "cores": len(os.sched_getaffinity(0)),
            "load_average": os.getloadavg(), "versions": _versions(), "articles": opts.articles,
            "jobs": opts.jobs, "seed": opts.seed}


def _config_args(opts: Options) -> list[str]:
    return ["--config", str(opts.config.resolve())] if opts.config else []


def build_corpus(opts: Options, n: int, echo: Callable[[str], None]) -> tuple[Path, dict]:
    where = opts.work / f"corpus-{n}-s{opts.seed}"  # opts.work is absolute: passes run elsewhere
    started = time.monotonic()
    manifest = corpus.build(where, n, opts.seed, opts.raw, opts.shared)
    echo(f"corpus: {n} articles in {where} ({time.monotonic() - started:.1f} s)")
    return where, manifest


def dask_available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def run_bench(opts: Options, echo: Callable[[str], None]) -> dict:
    corpus_dir, manifest = build_corpus(opts, opts.articles, echo)
    outs = opts.work / "out"
    shutil.rmtree(outs, ignore_errors=True)  # every pass starts without run state
    floor_config = opts.work / "floor.toml"
    shared, raw = opts.shared.resolve(), opts.raw.resolve()
    floor_config.write_text(FLOOR_CONFIG, encoding="utf-8")
    n = opts.jobs
    passes: dict[str, dict] = {}
    code = snapshot(opts.work / "code")

    def run(key: str, argv: list[str], hash_seed: int = 0) -> None:
        echo(f"  {key:<22}", nl=False)
        runs = []
        for _ in range(max(1, opts.repeat)):
            runs.append(run_pass(argv, cwd=opts.work, code=code, hash_seed=hash_seed))
            echo(f" {runs[-1]['seconds']:7.1f} s", nl=False)
        result = min(runs, key=lambda r: r["seconds"])
        result["all_seconds"] = [r["seconds"] for r in runs]
        passes[key] = result
        echo(f"  (process {result['process_seconds']:.1f} s, other load {result.get('other_cores') or 0:.2f} cores)")

    echo("passes (each in its own process):")
    for lang in ("zh", "en"):
        run(f"floor/{lang}", ["floor", "--corpus", str(corpus_dir / lang), "--out", str(outs / f"floor-{lang}")])
    run("runner-floor/all", ["pipeline", "--corpus", str(corpus_dir), "--out", str(outs / "runner-floor"),
                             "--config", str(floor_config)])
    for lang in ("zh", "en"):
        run(f"pipeline-j1/{lang}", ["pipeline", "--corpus", str(corpus_dir / lang), "--out", str(outs / f"j1-{lang}"),
                                    "--stage-times", *_config_args(opts)])
    if n > 1:
        # another hash seed: its output shows whether the pipeline's depends on the process
        run(f"pipeline-j{n}/all", ["pipeline", "--corpus", str(corpus_dir), "--out", str(outs / f"j{n}"),
                                   "--jobs", str(n), *_config_args(opts)], hash_seed=OTHER_HASH_SEED)
    for lang in ("zh", "en"):
        run(f"peer-j1/{lang}", ["peer", "--corpus", str(corpus_dir / lang), "--out", str(outs / f"peer-{lang}")])
    if n > 1:
        run(f"peer-j{n}/all", ["peer", "--corpus", str(corpus_dir), "--out", str(outs / f"peer-j{n}"), "--jobs", str(n)])
    if opts.dask and dask_available():
        run(f"dask-j{n}/all", ["pipeline", "--corpus", str(corpus_dir), "--out", str(outs / f"dask-j{n}"),
                               "--jobs", str(n), "--backend", "dask", *_config_args(opts)])
    run("repair/clean-zh", ["repair", "--raw", str(raw), "--shared", str(shared), *_config_args(opts)])

    result = {"meta": _meta(opts), "corpus": manifest, "passes": passes}
    result["rows"] = derive_rows(passes, manifest, n)
    result["stages"] = stage_shares(passes, manifest)
    result["hot_spots"] = hot_spots(passes, manifest)
    result["scaling"] = scaling(passes, n)
    result["checks"] = checks(outs, n, passes)
    result["targets"] = targets(result, n)
    return result


# ---------------------------------------------------------------- derived figures
def _mb(manifest: dict, lang: str) -> float:
    per = manifest["per_lang"]
    return (sum(per[x]["bytes"] for x in per) if lang == "all" else per[lang]["bytes"]) / 1e6


def _articles(manifest: dict, lang: str) -> int:
    per = manifest["per_lang"]
    return sum(per[x]["articles"] for x in per) if lang == "all" else per[lang]["articles"]


def _sum(a: dict, b: dict) -> dict:
    """Two passes on the halves of the corpus, as one pass on all of it."""
    out = {k: a.get(k, 0) + b.get(k, 0) for k in ("seconds", "cpu_seconds", "articles", "errors")}
    for k in ("worker_peak_mb", "worker_uss_mb", "main_peak_mb"):
        out[k] = max(a.get(k) or 0, b.get(k) or 0) or None
    others = [x.get("other_cores") for x in (a, b) if x.get("other_cores") is not None]
    out["other_cores"] = sum(others) / len(others) if others else None
    return out


def derive_rows(passes: dict, manifest: dict, n: int) -> list[dict]:
    p = dict(passes)
    for kind in ("floor", "pipeline-j1", "peer-j1"):
        if f"{kind}/zh" in p and f"{kind}/en" in p:
            p[f"{kind}/all"] = _sum(p[f"{kind}/zh"], p[f"{kind}/en"])
    labels = [("floor", "I/O floor: read, decode, write JSONL"), ("runner-floor", "runner, stages read+write only"),
              ("pipeline-j1", "pipeline --jobs 1"), (f"pipeline-j{n}", f"pipeline --jobs {n}"),
              (f"dask-j{n}", f"pipeline --backend dask, {n} workers"),
              ("peer-j1", "naive peer, 1 worker"), (f"peer-j{n}", f"naive peer, {n} forked workers")]
    rows = []
    for kind, label in labels:
        for lang in ("zh", "en", "all"):
            got = p.get(f"{kind}/{lang}")
            if not got:
                continue
            mb, seconds = _mb(manifest, lang), got["seconds"]
            row = {"pass": kind, "label": label, "lang": lang, "articles": got.get("articles"), "mb": mb,
                   "seconds": seconds, "cpu_seconds": got.get("cpu_seconds"),
                   "articles_per_s": _articles(manifest, lang) / seconds if seconds else None,
                   "mb_per_s": mb / seconds if seconds else None,
                   "worker_peak_mb": got.get("worker_peak_mb"), "worker_uss_mb": got.get("worker_uss_mb"),
                   "main_peak_mb": got.get("main_peak_mb"), "other_cores": got.get("other_cores"),
                   "build_seconds": got.get("build_seconds"), "errors": got.get("errors")}
            peer_kind = "peer-j1" if kind in ("pipeline-j1", "floor", "runner-floor") else f"peer-j{n}"
            peer = p.get(f"{peer_kind}/{lang}")
            row["speed_vs_peer"] = peer["seconds"] / seconds if peer and seconds else None
            floor = p.get(f"floor/{lang}")
            row["time_vs_floor"] = seconds / floor["seconds"] if floor and floor["seconds"] else None
            rows.append(row)
    return rows


def stage_shares(passes: dict, manifest: dict) -> dict:
    out = {}
    for lang in ("zh", "en"):
        got = passes.get(f"pipeline-j1/{lang}")
        if not got or "stage_seconds" not in got:
            continue
        total, mb = got["seconds"], _mb(manifest, lang)
        rows = [{"name": name, "seconds": s, "share": s / total, "mb_per_s": mb / s if s else None}
                for name, s in got["stage_seconds"].items()]
        rows += [{"name": f"runner: {name}", "seconds": s, "share": s / total, "mb_per_s": mb / s if s else None}
                 for name, s in got["runner_seconds"].items()]
        rest = total - sum(r["seconds"] for r in rows)
        rows.append({"name": "runner: rest (load inputs, loop, summary)", "seconds": rest, "share": rest / total,
                     "mb_per_s": mb / rest if rest > 0 else None})
        out[lang] = {"seconds": total, "mb": mb, "rows": rows}
    repair = passes.get("repair/clean-zh")
    if repair and repair.get("bytes"):
        mb = repair["bytes"] / 1e6
        out["repair_clean_zh"] = {"texts": repair["articles"], "mb": mb, "changed": repair["repair_changed"],
                                  "repair_mb_per_s": mb / repair["repair_seconds"] if repair["repair_seconds"] else None,
                                  "ftfy_mb_per_s": mb / repair["ftfy_seconds"] if repair["ftfy_seconds"] else None}
    return out


def hot_spots(passes: dict, manifest: dict, top: int = 6) -> dict:
    """Where the slow stages spend their time: kinds of article (a damage, a script, a source) whose
    share of a stage's time is at least twice their share of the bytes, and the slowest articles."""
    files = manifest.get("files", {})
    out: dict = {"kinds": [], "slowest": []}
    for lang in ("zh", "en"):
        got = passes.get(f"pipeline-j1/{lang}") or {}
        docs = got.get("doc_seconds") or {}
        ids = [i for i in docs if i in files]
        if not ids:
            continue
        total_bytes = sum(files[i]["bytes"] for i in ids)
        by_tag: dict[str, list[str]] = {}
        for i in ids:
            for tag in files[i]["tags"]:
                by_tag.setdefault(tag, []).append(i)
        for stage, stage_seconds in (got.get("stage_seconds") or {}).items():
            if stage_seconds < 0.05 * got["seconds"]:
                continue  # not a stage worth a look
            for tag, members in by_tag.items():
                took = sum(docs[i].get(stage, 0.0) for i in members)
                time_share, byte_share = took / stage_seconds, sum(files[i]["bytes"] for i in members) / total_bytes
                if time_share >= 0.25 and time_share >= 2 * byte_share:
                    out["kinds"].append({"lang": lang, "stage": stage, "tag": tag, "articles": len(members),
                                         "time_share": time_share, "byte_share": byte_share,
                                         "stage_share": stage_seconds / got["seconds"]})
        slow = sorted(ids, key=lambda i: -sum(docs[i].values()))[:3]
        out["slowest"] += [{"id": i, "seconds": sum(docs[i].values()), "bytes": files[i]["bytes"], "tags": files[i]["tags"],
                            "stage": max(docs[i], key=docs[i].get)} for i in slow]
    out["kinds"].sort(key=lambda k: -k["time_share"] * k["stage_share"])
    out["kinds"] = out["kinds"][:top]
    return out


def scaling(passes: dict, n: int, sizes: tuple[int, ...] = (8, 16, 32, 64, 128)) -> dict:
    """What --jobs N could reach, from figures other work on the machine does not distort.

    - measured: the workers' own CPU time in the --jobs N pass, against the one-worker passes' CPU
      time: the speed-up if every worker had a core to itself (uneven shards and per-worker
      overhead included, waiting for a busy core excluded);
    - model: the one-worker time of every article, cut into shards of each size in the order the
      runner reads the files and handed to N workers as they free up: what uneven shards cost.
    """
    out: dict = {}
    jn = passes.get(f"pipeline-j{n}/all") or {}
    halves = [passes.get(f"pipeline-j1/{lang}") or {} for lang in ("en", "zh")]  # the runner reads en/ before zh/
    one_cpu = sum(h.get("cpu_seconds") or 0.0 for h in halves)
    workers = jn.get("worker_cpu_seconds") or []
    if one_cpu and workers and len(workers) >= n:
        out["cpu_speedup"] = one_cpu / max(workers[:n])
        out["worker_cpu_seconds"] = workers[:n]
    costs: list[float] = []
    for half in halves:
        docs = half.get("doc_seconds") or {}
        if not docs:
            return out
        overhead = (half["seconds"] - sum(half.get("stage_seconds", {}).values())) / max(1, len(docs))
        costs += [sum(docs[i].values()) + overhead for i in sorted(docs)]
    import heapq

    model = {}
    for size in sizes:
        free = [0.0] * n
        for start in range(0, len(costs), size):
            heapq.heapreplace(free, free[0] + sum(costs[start:start + size]))
        model[size] = sum(costs) / max(free)
    out["model"] = model
    out["shard_size"] = jn.get("shard_size") or halves[1].get("shard_size")
    return out


def checks(outs: Path, n: int, passes: dict) -> dict:
    """Same bytes? The Dask pass against the one-worker passes (same hash seed: the backend alone),
    and the --jobs N pass against them (another hash seed: the runner and the stages' independence
    from the process)."""
    out = {}
    digests = {p["digest"] for k, p in passes.items() if k.startswith(("pipeline", "dask")) and p.get("digest")}
    out["one pipeline (code and rules) in every pass"] = len(digests) == 1
    one = {name: [outs / "j1-en" / name, outs / "j1-zh" / name] for name in (ARTICLES, ERRORS)}
    # ids (en-*, zh-*) and paths (.../en/, .../zh/) sort the English half first: the halves, joined
    for label, other in (("dask == jobs 1", outs / f"dask-j{n}"), (f"jobs {n}, other hash seed == jobs 1", outs / f"j{n}")):
        if not (other / ARTICLES).exists():
            continue
        for name in (ARTICLES, ERRORS):
            theirs = file_sha256(other / name)
            out[f"{label}: {name}"] = theirs is not None and theirs == files_sha256(one[name])
        if not out[f"{label}: {ARTICLES}"]:
            out.setdefault("differences", {})[label] = differing(one[ARTICLES], [other / ARTICLES])
    return out


ARTICLES, ERRORS = "articles.jsonl", "errors.jsonl"


def differing(a: list[Path], b: list[Path], show: int = 5) -> dict:
    """Which articles differ between two outputs, and in which fields: when the bytes differ, this
    says whether a backend lost something or a stage gives different results in different
    processes (set or dict order under hash randomization, a cache that depends on the order)."""
    import orjson

    def records(paths: list[Path]) -> dict[str, dict]:
        out = {}
        for path in paths:
            with open(path, "rb") as f:
                for line in f:
                    rec = orjson.loads(line)
                    out[rec["id"]] = rec
        return out

    left, right = records(a), records(b)
    ids = sorted(set(left) | set(right))
    diff = [i for i in ids if left.get(i) != right.get(i)]
    fields = {i: sorted(k for k in set(left.get(i) or {}) | set(right.get(i) or {})
                        if (left.get(i) or {}).get(k) != (right.get(i) or {}).get(k)) for i in diff[:show]}
    return {"articles": len(diff), "of": len(ids), "examples": fields}


def _torch_note() -> str:
    """Why a worker may be ~200 MB larger than the pipeline needs: spaCy's thinc imports PyTorch
    whenever it is installed in the environment, though no stage uses it."""
    from importlib.util import find_spec

    if find_spec("torch") is None:
        return ""
    return "; PyTorch is installed in this environment and spaCy (thinc) imports it: ~200 MB per worker (README: Speed and scaling)"


def _target(name: str, measured, limit: float, higher_is_better: bool, unit: str = "×", note: str = "") -> dict:
    ok = None if measured is None else (measured >= limit if higher_is_better else measured <= limit)
    return {"name": name, "measured": measured, "target": ("≥ " if higher_is_better else "≤ ") + f"{limit:g}{unit}",
            "ok": ok, "note": note}


def targets(result: dict, n: int) -> list[dict]:
    rows = {(r["pass"], r["lang"]): r for r in result["rows"]}
    out = []
    zh = rows.get(("pipeline-j1", "zh"))
    peer = rows.get(("peer-j1", "zh"))
    if zh and peer:
        cpu = (peer["cpu_seconds"] / zh["cpu_seconds"]) if zh.get("cpu_seconds") and peer.get("cpu_seconds") else None
        other = max(zh.get("other_cores") or 0.0, peer.get("other_cores") or 0.0)
        busy = other > BUSY_CORES and cpu is not None
        out.append(_target("zh full pipeline vs naive peer, 1 worker (speed ratio)", cpu if busy else zh["speed_vs_peer"],
                           TARGET_VS_PEER, True,
                           note=f"pipeline {zh['mb_per_s']:.3f} MB/s, peer {peer['mb_per_s']:.3f} MB/s wall ({zh['speed_vs_peer']:.2f}×)"
                           + (f"; by CPU time {cpu:.2f}×" if cpu else "")
                           + (f"; machine busy with other work ({other:.1f} cores): judged on CPU time" if busy else "")))
    j1, jn = rows.get(("pipeline-j1", "all")), rows.get((f"pipeline-j{n}", "all"))
    model = result.get("scaling") or {}
    if j1 and jn and n > 1:
        other = jn.get("other_cores") or 0.0
        busy = other > BUSY_CORES and model.get("cpu_speedup") is not None
        wall = j1["seconds"] / jn["seconds"]
        # the naive peer's own speed-up in the same run: what this machine gives n processes now
        # (cores shared as hyperthreads or with other tenants scale less than n× for any program)
        p1, pn = rows.get(("peer-j1", "all")), rows.get((f"peer-j{n}", "all"))
        peer_scaling = p1["seconds"] / pn["seconds"] if p1 and pn and pn.get("seconds") else None
        out.append(_target(f"--jobs {n} vs --jobs 1 (speed-up)", model["cpu_speedup"] if busy else wall, TARGET_SCALING, True,
                           note=f"wall {j1['seconds']:.1f} s -> {jn['seconds']:.1f} s ({wall:.2f}×)"
                           + (f"; {model['cpu_speedup']:.2f}× by the workers' CPU time (a core each)" if model.get("cpu_speedup") else "")
                           + (f"; the naive peer's own --jobs {n} speed-up in this run: {peer_scaling:.2f}×" if peer_scaling else "")
                           + (f"; machine busy with other work ({other:.1f} of {result['meta']['cores']} cores): judged on CPU time"
                              if busy else "")))
    peaks = [r["worker_peak_mb"] for r in result["rows"] if r["pass"].startswith(("pipeline", "dask")) and r.get("worker_peak_mb")]
    if peaks:
        out.append(_target("peak RSS per worker", max(peaks), TARGET_WORKER_MB, False, " MB",
                           note="max over the pipeline passes (RSS counts pages shared with the parent)" + _torch_note()))
    dask = rows.get((f"dask-j{n}", "all"))
    if dask and jn:
        same = all(v for k, v in result["checks"].items() if k.startswith("dask"))
        differ = (result["checks"].get("differences") or {}).get("dask == jobs 1")
        out.append({"name": "dask output == local output (bytes)", "measured": same, "target": "identical", "ok": same,
                    "note": f"{differ['articles']} articles differ" if differ else ""})
        e2e_dask = dask["seconds"] + (dask["build_seconds"] or 0)
        e2e_local = jn["seconds"] + (jn["build_seconds"] or 0)
        passes = result["passes"]
        cpu_overhead = None
        dask_workers = passes[f"dask-j{n}/all"].get("worker_cpu_seconds") or []
        local_workers = passes[f"pipeline-j{n}/all"].get("worker_cpu_seconds") or []
        if len(dask_workers) >= n and len(local_workers) >= n and max(local_workers[:n]):
            started = sum((passes[f"dask-j{n}/all"].get("dask") or {}).get(k, 0.0) for k in ("cluster_seconds", "warm_seconds"))
            cpu_overhead = (max(dask_workers[:n]) + started) / max(local_workers[:n]) - 1
        other = max(dask.get("other_cores") or 0.0, jn.get("other_cores") or 0.0)
        busy = other > BUSY_CORES and cpu_overhead is not None
        wall = e2e_dask / e2e_local - 1
        out.append(_target(f"dask overhead vs --jobs {n}, end to end", cpu_overhead if busy else wall, TARGET_DASK_OVERHEAD,
                           False, "", note=f"wall {e2e_local:.1f} s -> {e2e_dask:.1f} s incl. building the pipeline ({wall:+.0%})"
                           + (f"; {cpu_overhead:+.0%} by the workers' CPU time and the cluster's start" if cpu_overhead is not None else "")
                           + (f"; machine busy with other work ({other:.1f} cores): judged on CPU time" if busy else "")))
    return out


# ---------------------------------------------------------------- memory at two sizes
def run_memory(opts: Options, base: int, echo: Callable[[str], None]) -> dict:
    sizes = sorted({base, opts.articles})
    passes, manifests = {}, {}
    code = snapshot(opts.work / "code")
    shutil.rmtree(opts.work / "out", ignore_errors=True)
    for size in sizes:
        corpus_dir, manifests[size] = build_corpus(opts, size, echo)
        echo(f"  pipeline --jobs {opts.jobs} on {size} articles", nl=False)
        passes[size] = run_pass(["pipeline", "--corpus", str(corpus_dir), "--out", str(opts.work / "out" / f"mem-{size}"),
                                 "--jobs", str(opts.jobs), *_config_args(opts)], cwd=opts.work, code=code)
        echo(f" {passes[size]['seconds']:7.1f} s")
    result = {"meta": _meta(opts), "sizes": sizes, "passes": {str(k): v for k, v in passes.items()},
              "corpus": {str(k): v for k, v in manifests.items()}}
    small, large = passes[sizes[0]], passes[sizes[-1]]
    growth_main = large["main_peak_mb"] / small["main_peak_mb"] if small.get("main_peak_mb") else None
    growth_worker = (large["worker_peak_mb"] / small["worker_peak_mb"]) if small.get("worker_peak_mb") else None
    result["targets"] = [
        _target(f"peak RSS of the parent, {sizes[-1]} vs {sizes[0]} articles", growth_main, TARGET_MEMORY_GROWTH, False,
                note=f"{small['main_peak_mb']:.0f} MB -> {large['main_peak_mb']:.0f} MB"),
        _target(f"peak RSS per worker, {sizes[-1]} vs {sizes[0]} articles", growth_worker, TARGET_MEMORY_GROWTH, False,
                note=f"{small['worker_peak_mb']:.0f} MB -> {large['worker_peak_mb']:.0f} MB"),
        _target("peak RSS per worker", max(small["worker_peak_mb"], large["worker_peak_mb"]), TARGET_WORKER_MB, False, " MB",
                note=_torch_note().lstrip("; ")),
    ]
    return result
