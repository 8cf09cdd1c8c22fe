"""SIGKILL at any moment leaves the previous output intact and the next run produces the same bytes;
Ctrl-C stops cleanly; a pathological rule cannot hang a run."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import assert_stopped_by_ctrl_c

from robustness.corpus import ROOT, good_articles


def command(raw: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "process", str(raw), str(out), "-q", *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def make_raw(path: Path, n: int) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, data in good_articles(n).items():
        (path / name).write_bytes(data)
    return path


def outputs(out: Path) -> tuple[bytes, bytes]:
    return (out / "articles.jsonl").read_bytes(), (out / "errors.jsonl").read_bytes()


def kill_and_rerun(tmp_path: Path, articles: int, points: int, seed: int = 0) -> list[float]:
    """Run once uninterrupted for the reference; then, `points` times, change the corpus a little,
    start a run, SIGKILL it at a random moment, check the previous output is intact, rerun to the end
    and compare with a fresh uninterrupted run. Returns the kill times."""
    rng = random.Random(seed)
    raw = make_raw(tmp_path / "raw", articles)
    out = tmp_path / "out"
    started = time.monotonic()
    subprocess.run(command(raw, out, "--jobs", "2"), env=env(), cwd=ROOT, check=True, timeout=1800)
    full = time.monotonic() - started
    kills = []
    for point in range(points):
        # a changed corpus, so that the killed run has real work to do
        for name in rng.sample(sorted(p.name for p in raw.iterdir()), max(1, articles // 10)):
            (raw / name).write_bytes((raw / name).read_bytes() + f"\nNote {point}.\n".encode("ascii"))
        before = outputs(out)
        proc = subprocess.Popen(command(raw, out, "--jobs", "2", *(["--force"] if point % 2 else [])),
                                env=env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        at = rng.uniform(0.05, full * 1.1)
        kills.append(at)
        time.sleep(at)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # the run had already finished
        proc.wait()
        after_kill = outputs(out)
        fresh = tmp_path / f"fresh{point}"
        subprocess.run(command(raw, fresh, "--jobs", "1"), env=env(), cwd=ROOT, check=True, timeout=1800)
        # killed before its outputs were renamed into place: the previous ones; after: the complete new ones
        assert after_kill in (before, outputs(fresh)), f"kill {point} at {at:.2f}s left a damaged output"
        subprocess.run(command(raw, out, "--jobs", "2"), env=env(), cwd=ROOT, check=True, timeout=1800)
        assert outputs(out) == outputs(fresh), f"rerun after kill {point} at {at:.2f}s differs from a fresh run"
        assert not list(out.glob(".*.tmp")), "a temporary file was left behind"
        subprocess.run(["rm", "-rf", str(fresh)], check=True)
    return kills


def test_sigkill_at_random_moments_small(tmp_path):
    kill_and_rerun(tmp_path, articles=120, points=3)


@pytest.mark.slow
def test_sigkill_at_20_random_moments_of_a_1000_article_run(tmp_path):
    kills = kill_and_rerun(tmp_path, articles=1000, points=20, seed=1)
    print(f"\nkilled at {', '.join(f'{k:.2f}' for k in kills)} s; every rerun equal to a fresh run")


def test_ctrl_c_stops_cleanly_without_traceback(tmp_path):
    raw = make_raw(tmp_path / "raw", 1500)
    proc = subprocess.Popen(command(raw, tmp_path / "out", "--jobs", "2", "--force"), env=env(), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    state = tmp_path / "out" / ".newsclean" / "state.sqlite"
    deadline = time.monotonic() + 60
    while not state.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)  # the stages are built and the run has begun
    time.sleep(0.2)
    try:
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    except ProcessLookupError:
        pass  # already finished
    assert_stopped_by_ctrl_c(proc)


def test_pathological_regex_times_out_and_the_batch_goes_on(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "trap.txt").write_text("开头。\n" + "a" * 40 + "!\n结尾。\n", encoding="utf-8")
    (raw / "fine.txt").write_text("正常的一篇文章。\n第二段。\n", encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text("[[rule]]\nname = \"catastrophic\"\nwhere = \"anywhere\"\naction = \"drop\"\n"
                     "pattern = '''^(a+)+$'''\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f"[pipeline]\narticle_timeout = 1\n[boilerplate.rules_files]\nzh = \"{rules}\"\nen = \"{rules}\"\n",
                      encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run(command(raw, tmp_path / "out", "--jobs", "1", "--config", str(config)), env=env(),
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert time.monotonic() - started < 120
    assert result.returncode == 3, result.stderr
    errors = (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8")
    assert '"code":"timeout"' in errors and "trap.txt" in errors
    assert '"id":"fine"' in (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8")


def test_deadline_stops_slow_python_code_in_a_thread_too():
    """Dask runs tasks in threads, where SIGALRM cannot reach: the deadline still stops the article."""
    import threading

    from pipeline.runner import ArticleTimeout, Deadline

    outcome = {}

    def slow():
        try:
            with Deadline(0.2):
                while True:
                    sum(range(1000))
        except ArticleTimeout:
            outcome["stopped"] = True
        try:  # a deadline that does not fire leaves nothing behind
            with Deadline(5):
                sum(range(1000))
            for _ in range(10**5):
                pass
            outcome["clean"] = True
        except ArticleTimeout:
            outcome["clean"] = False

    worker = threading.Thread(target=slow)
    worker.start()
    worker.join(30)
    assert outcome == {"stopped": True, "clean": True}
