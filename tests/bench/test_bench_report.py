"""The bench's derived figures and verdicts, from made-up passes (no timing is measured here)."""
from __future__ import annotations

from pipeline.benchmark import report, suite

MANIFEST = {"articles": 300, "seed": 1, "per_lang": {"zh": {"articles": 200, "bytes": 2_000_000, "tags": {}},
                                                    "en": {"articles": 100, "bytes": 1_000_000, "tags": {}}}}
META = {"cores": 2, "load_average": (0.1, 0.1, 0.1), "jobs": 2}


def a_pass(seconds, cpu=None, other=0.0, worker=200.0, build=1.0, **extra):
    return {"seconds": seconds, "cpu_seconds": cpu if cpu is not None else seconds, "other_cores": other,
            "worker_peak_mb": worker, "worker_uss_mb": 20.0, "main_peak_mb": worker, "build_seconds": build,
            "articles": 0, "errors": 0, **extra}


def passes(**changes):
    p = {"floor/zh": a_pass(0.5), "floor/en": a_pass(0.25), "runner-floor/all": a_pass(1.0),
         "pipeline-j1/zh": a_pass(10.0, stage_seconds={"read": 1.0, "repair": 4.0}, runner_seconds={"store shards": 0.5}),
         "pipeline-j1/en": a_pass(5.0, stage_seconds={"read": 1.0, "repair": 1.0}, runner_seconds={"store shards": 0.5}),
         "pipeline-j2/all": a_pass(8.0, cpu=16.0, worker=250.0),
         "peer-j1/zh": a_pass(12.0), "peer-j1/en": a_pass(2.0), "peer-j2/all": a_pass(7.5, worker=180.0),
         "dask-j2/all": a_pass(9.0, worker=300.0, build=1.5),
         "repair/clean-zh": {"articles": 10, "bytes": 1_000_000, "repair_seconds": 0.1, "ftfy_seconds": 0.4,
                             "repair_changed": 0, "seconds": 0.5}}
    p.update(changes)
    return p


def bench_result(p, same=True):
    result = {"meta": META, "corpus": MANIFEST, "passes": p}
    result["rows"] = suite.derive_rows(p, MANIFEST, 2)
    result["stages"] = suite.stage_shares(p, MANIFEST)
    result["checks"] = {"jobs 1 == jobs 2: articles.jsonl": True, "dask == jobs 2: articles.jsonl": same}
    result["targets"] = suite.targets(result, 2)
    return result


def verdicts(result):
    return {t["name"].split(" (")[0].split(",")[0]: (t["measured"], t["ok"]) for t in result["targets"]}


def test_ratios_and_verdicts():
    result = bench_result(passes())
    rows = {(r["pass"], r["lang"]): r for r in result["rows"]}
    assert rows[("pipeline-j1", "all")]["seconds"] == 15.0  # the two halves added up
    assert abs(rows[("pipeline-j1", "zh")]["speed_vs_peer"] - 1.2) < 1e-9
    assert abs(rows[("pipeline-j1", "zh")]["time_vs_floor"] - 20.0) < 1e-9
    assert abs(rows[("pipeline-j1", "zh")]["mb_per_s"] - 0.2) < 1e-9
    got = verdicts(result)
    assert abs(got["zh full pipeline vs naive peer"][0] - 1.2) < 1e-9 and got["zh full pipeline vs naive peer"][1]
    assert got["--jobs 2 vs --jobs 1"] == (15.0 / 8.0, True)
    assert got["peak RSS per worker"] == (300.0, True)
    assert got["dask output == local output"] == (True, True)
    overhead = got["dask overhead vs --jobs 2"]
    assert abs(overhead[0] - (10.5 / 9.0 - 1)) < 1e-9 and overhead[1]


def test_misses_are_reported():
    result = bench_result(passes(**{"pipeline-j2/all": a_pass(10.0, worker=600.0), "dask-j2/all": a_pass(14.0)}), same=False)
    got = verdicts(result)
    assert got["--jobs 2 vs --jobs 1"] == (1.5, False)
    scaling = next(t for t in result["targets"] if t["name"].startswith("--jobs 2"))
    # beside a miss, what the naive peer itself reached with two workers in the same run (14 s -> 7.5 s)
    assert f"the naive peer's own --jobs 2 speed-up in this run: {14.0 / 7.5:.2f}×" in scaling["note"]
    assert got["peak RSS per worker"] == (600.0, False)
    assert got["dask output == local output"] == (False, False)
    assert got["dask overhead vs --jobs 2"][1] is False
    text = report.render(result)
    assert text.count("[MISS]") == 4 and "[ok  ] zh full pipeline" in text


def test_busy_machine_judges_one_worker_on_cpu_time():
    # wall time says the pipeline is slower (others took the core); CPU time says it did less work
    p = passes(**{"pipeline-j1/zh": a_pass(16.0, cpu=8.0, other=1.2, stage_seconds={}, runner_seconds={}),
                  "peer-j1/zh": a_pass(12.0, cpu=10.0, other=0.1)})
    target = next(t for t in bench_result(p)["targets"] if t["name"].startswith("zh full pipeline"))
    assert target["measured"] == 10.0 / 8.0 and target["ok"] and "judged on CPU time" in target["note"]


def test_stage_table_adds_up():
    stages = bench_result(passes())["stages"]
    zh = {r["name"]: r for r in stages["zh"]["rows"]}
    assert zh["repair"]["share"] == 0.4 and zh["runner: store shards"]["seconds"] == 0.5
    assert abs(sum(r["seconds"] for r in stages["zh"]["rows"]) - 10.0) < 1e-9  # the rest closes the sum
    assert stages["repair_clean_zh"]["repair_mb_per_s"] == 10.0 and stages["repair_clean_zh"]["ftfy_mb_per_s"] == 2.5
    text = report.render(bench_result(passes()))
    assert "time per stage" in text and "repair stage on clean Chinese" in text


def test_busy_machine_judges_scaling_and_dask_on_workers_cpu_time():
    dask_pass = a_pass(30.0, other=1.5, build=1.0, worker_cpu_seconds=[8.4, 8.0],
                       dask={"cluster_seconds": 0.4, "warm_seconds": 0.1})
    p = passes(**{"pipeline-j2/all": a_pass(20.0, cpu=15.5, other=1.5, worker_cpu_seconds=[8.0, 7.5]),
                  "dask-j2/all": dask_pass})
    result = bench_result(p)
    result["scaling"] = suite.scaling(p, 2)
    result["targets"] = suite.targets(result, 2)
    got = verdicts(result)
    assert got["--jobs 2 vs --jobs 1"] == (15.0 / 8.0, True)  # the wall time (0.75×) is the other work's doing
    overhead, ok = got["dask overhead vs --jobs 2"]
    assert abs(overhead - ((8.4 + 0.5) / 8.0 - 1)) < 1e-9 and ok
    assert all("judged on CPU time" in t["note"] for t in result["targets"]
               if t["name"].startswith(("--jobs", "dask overhead")))


def test_memory_note_names_pytorch_when_it_is_installed(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    for installed in (False, True):
        monkeypatch.setattr(importlib.util, "find_spec",
                            lambda name, *a, _i=installed: (object() if _i else None) if name == "torch" else real(name, *a))
        rss = next(t for t in bench_result(passes())["targets"] if t["name"] == "peak RSS per worker")
        assert ("PyTorch" in rss["note"]) is installed
