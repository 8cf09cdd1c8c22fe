"""`newsclean serve OUT`: a run handed to the server gives the same bytes, exit status and messages
as the command run by itself; Ctrl-C reaches it; killing the caller kills its run; --stop stops."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import assert_stopped_by_ctrl_c

from pipeline.serve import socket_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw"


def newsclean(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)}, **kw)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server for one output directory; its messages go to a log file the tests read."""
    out = tmp_path_factory.mktemp("served") / "out"
    log = out.parent / "server.log"
    with open(log, "w") as f:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", str(out), "--idle", "5"], cwd=ROOT,
                                stderr=f, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 120
    while not socket_path(out).exists():
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    yield out, log
    newsclean("serve", str(out), "--stop")
    proc.wait(timeout=60)
    assert not socket_path(out).exists()


def runs_served(log: Path) -> int:
    return log.read_text().count(": run ")


def copy_samples(raw: Path, extra: dict[str, bytes] | None = None) -> Path:
    raw.mkdir(parents=True, exist_ok=True)
    for f in SAMPLES.iterdir():
        (raw / f.name).write_bytes(f.read_bytes())
    for name, data in (extra or {}).items():
        (raw / name).write_bytes(data)
    return raw


def start_long_served_run(tmp_path: Path, out: Path, log: Path, **popen) -> subprocess.Popen:
    """`newsclean process` of 2,000 articles into the served OUT, once the server has taken it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for k in range(400):  # enough work to be interrupted
        for f in SAMPLES.iterdir():
            (raw / f"{k}-{f.name}").write_bytes(f.read_bytes())
    before = runs_served(log)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "process", str(raw), str(out), "-q", "--force"],
                            cwd=ROOT, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, **popen)
    deadline = time.monotonic() + 60
    while runs_served(log) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc


def test_a_served_run_writes_what_a_run_by_itself_writes(server, tmp_path):
    out, log = server
    raw = copy_samples(tmp_path / "raw", {"empty.txt": b""})
    before = runs_served(log)
    served = newsclean("process", str(raw), str(out))
    alone = newsclean("process", str(raw), str(tmp_path / "alone"))
    assert runs_served(log) == before + 1  # the first went to the server, the second not (other OUT)
    assert served.returncode == alone.returncode == 3  # the empty file is rejected either way
    for name in ("articles.jsonl", "errors.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "alone" / name).read_bytes()
    assert served.stderr.splitlines()[:2] == alone.stderr.splitlines()[:2]  # inputs, articles
    assert "input(s) rejected" in served.stderr


def test_a_served_rerun_processes_only_what_changed(server, tmp_path):
    out, log = server
    raw = copy_samples(tmp_path / "raw")
    newsclean("process", str(raw), str(out), "--force")
    (raw / "new.txt").write_text("新华社北京9月1日电 国务院副总理李四出席会议并讲话。\n会议强调，要推动高质量发展。\n",
                                 encoding="utf-8")
    rerun = newsclean("process", str(raw), str(out))
    assert rerun.returncode == 0, rerun.stderr
    assert "(1 processed, 5 unchanged)" in rerun.stderr
    assert b'"id":"new"' in (out / "articles.jsonl").read_bytes()


def test_a_finished_served_run_does_not_linger_as_a_zombie(server, tmp_path):
    out, log = server
    raw = copy_samples(tmp_path / "raw")
    assert newsclean("process", str(raw), str(out), "-q", "--force").returncode == 0
    pid = int(log.read_text().rsplit(": run ", 1)[1].split(":", 1)[0])
    status = Path(f"/proc/{pid}/status")
    deadline = time.monotonic() + 10  # the server reaps a finished run within about a second
    while status.exists() and "State:\tZ" in status.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not status.exists() or "State:\tZ" not in status.read_text(), f"run {pid} is still a zombie"


def test_usage_errors_come_back_with_their_status(server, tmp_path):
    out, _ = server
    result = newsclean("process", str(tmp_path / "missing"), str(out))
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_ctrl_c_reaches_the_served_run(server, tmp_path):
    out, log = server
    proc = start_long_served_run(tmp_path, out, log, stderr=subprocess.PIPE)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    assert_stopped_by_ctrl_c(proc)


def test_stop_when_no_server_runs_says_so(tmp_path):
    result = newsclean("serve", str(tmp_path / "nothing"), "--stop")
    assert result.returncode == 0 and "no server runs" in result.stderr


def test_killing_the_caller_kills_its_served_run(server, tmp_path):
    out, log = server
    proc = start_long_served_run(tmp_path, out, log, stderr=subprocess.DEVNULL)
    child = int(log.read_text().split(": run ")[-1].split(":")[0])
    proc.kill()
    proc.wait()

    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False

    deadline = time.monotonic() + 30
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(child)


def test_a_server_of_other_code_is_not_used_and_stops(tmp_path):
    out = tmp_path / "out"
    older = ("import pipeline.stages as s, pipeline.cli as c; s.code_fingerprint = lambda: 'older code'; "
             f"c.main(['serve', {str(out)!r}, '--idle', '5'], prog_name='newsclean')")
    log = tmp_path / "server.log"
    with open(log, "w") as f:
        proc = subprocess.Popen([sys.executable, "-c", older], cwd=ROOT, stderr=f,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 120
    while not socket_path(out).exists():
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    result = newsclean("process", str(copy_samples(tmp_path / "raw")), str(out))
    assert result.returncode == 0, result.stderr
    assert "runs older code" in result.stderr and (out / "articles.jsonl").exists()
    proc.wait(timeout=60)
    assert "code changed" in log.read_text() and not socket_path(out).exists()
