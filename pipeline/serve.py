"""`newsclean serve OUT`: keep the stages built between runs, for the edit-and-rerun loop.

Building the stages (jieba's dictionary, spaCy, the entity tagger, a few hundred regexes) takes
2-3 seconds, and a rerun after adding ten articles to a large corpus does little else. A server
builds them once and waits. While it runs, `newsclean process RAW OUT` for the same OUT hands
itself over: the server forks a child that already holds the built stages, and the child runs the
very same command with the caller's working directory, environment, standard streams (passed over
the socket) and exit status; Ctrl-C is passed on to it, and if the caller dies the child is killed.
The output is the same bytes either way (the child runs the same code on the same settings, and
rebuilds a stage whose rule files changed since the server started).

A server serves only the code it was started with: after an edit to the package, `process` runs
by itself, says so, and the stale server exits. It also exits after `idle` seconds without a run.
The socket is private to the user: $XDG_RUNTIME_DIR (else the temp dir)/newsclean-UID/, 0700.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

DEFAULT_IDLE_SECONDS = 3600
_STREAMS = (0, 1, 2)


def socket_path(out_dir: Path) -> Path:
    """Where the server for the output directory out_dir listens (one server per output)."""
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()) / f"newsclean-{os.getuid()}"
    name = hashlib.sha256(os.path.realpath(out_dir).encode()).hexdigest()[:16]
    return base / f"{name}.sock"


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = path.stat()
    if st.st_uid != os.getuid() or st.st_mode & 0o077:
        raise OSError(f"{path} must belong to you and be private (chmod 700 {path})")


# ---------------------------------------------------------------- the caller's side
def _send(sock: socket.socket, path: Path, request: dict[str, Any], fds: list[int]) -> None:
    """Connect to the server at path and send it fds (the caller's streams) and one JSON request line."""
    sock.connect(str(path))
    socket.send_fds(sock, [b"R"], fds)
    sock.sendall(json.dumps(request).encode() + b"\n")


def delegate(out_dir: Path, params: dict[str, Any], note: Callable[[str], None]) -> int | None:
    """Run `process` with params in the server for out_dir: its exit status, or None when no
    server for out_dir answers (or it runs other code) and the caller must run the command itself."""
    path = socket_path(out_dir)
    if not path.exists():
        return None
    from .stages import code_fingerprint

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        request = {"fingerprint": code_fingerprint(), "cwd": os.getcwd(), "env": dict(os.environ), "params": params}
        _send(sock, path, request, list(_STREAMS))
        replies = sock.makefile("rb")
        first = replies.readline()
    except OSError:  # a server that died without removing its socket
        sock.close()
        return None
    if not first.startswith(b"pid "):
        sock.close()
        note(f"the server for {out_dir} runs older code and stops; running here (start it again:"
             f" newsclean serve {out_dir})")
        return None

    def pass_on_interrupt(signum, frame):  # Ctrl-C: the child stops as the command itself would
        with contextlib.suppress(OSError):
            sock.sendall(b"INT\n")

    previous = signal.signal(signal.SIGINT, pass_on_interrupt)
    try:
        for line in replies:
            if line.startswith(b"exit "):
                return int(line.split()[1])
    finally:
        signal.signal(signal.SIGINT, previous)
        sock.close()
    note("the server stopped before the run finished (was it killed?); the previous output is unchanged")
    return 1


def stop_server(out_dir: Path) -> str:
    """Ask the server for out_dir to stop; what happened, in words."""
    path = socket_path(out_dir)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        _send(sock, path, {"stop": True}, [])
        sock.makefile("rb").readline()
    except OSError:
        return f"no server runs for {out_dir}"
    finally:
        sock.close()
    return f"the server for {out_dir} stopped"


# ---------------------------------------------------------------- the server's side
def serve(out_dir: Path, config_file: Path | None, idle: float, run: Callable[[dict[str, Any]], int],
          say: Callable[[str], None]) -> None:
    """Build the stages, then run each request in a forked child until idle seconds pass unused."""
    from . import runner
    from .config import load_config
    from .stages import build_pipeline, code_fingerprint

    path = socket_path(out_dir)
    _private_dir(path.parent)
    if path.exists():
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
            raise OSError(f"a server for {out_dir} already runs ({path})")
        except ConnectionRefusedError:
            path.unlink()  # left by a server that was killed
        finally:
            probe.close()
    pipeline = build_pipeline(load_config(config_file), keep=True)
    runner.warm_up(pipeline)  # every model a stage loads on first use, loaded before the first fork
    fingerprint = code_fingerprint()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(8)
    say(f"serving {out_dir} on {path} (stages built; stops after {idle:.0f} s unused; Ctrl-C stops it)")
    children: set[int] = set()
    last_used = time.monotonic()
    try:
        while True:
            for pid in list(children):
                with contextlib.suppress(ChildProcessError):
                    if os.waitpid(pid, os.WNOHANG)[0]:
                        children.discard(pid)
            # while a run goes on, wake every second to reap it once it ends (no zombie lingers);
            # otherwise only often enough to notice the idle time
            listener.settimeout(1.0 if children else min(idle, 30))
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                if not children and time.monotonic() - last_used > idle:
                    say("idle: stopping")
                    return
                continue
            last_used = time.monotonic()
            conn.settimeout(10)
            try:
                _, fds, _, _ = socket.recv_fds(conn, 1, len(_STREAMS))
                request = json.loads(conn.makefile("rb").readline())
            except (OSError, ValueError):
                conn.close()
                continue
            if request.get("stop"):
                for fd in fds:
                    os.close(fd)
                with contextlib.suppress(OSError):
                    conn.sendall(b"stopping\n")
                conn.close()
                say("asked to stop: stopping")
                return
            if request.get("fingerprint") != fingerprint or len(fds) != len(_STREAMS):
                with contextlib.suppress(OSError):
                    conn.sendall(b"stale\n")
                conn.close()
                say("the package's code changed since this server started: stopping")
                return
            pid = os.fork()
            if pid == 0:
                listener.close()
                _child(conn, fds, request, run)  # never returns
            children.add(pid)
            say(f"run {pid}: process {request['params'].get('raw')} in {request['cwd']}")
            for fd in fds:
                os.close(fd)
            conn.close()
    finally:
        listener.close()
        path.unlink(missing_ok=True)


def _child(conn: socket.socket, fds: list[int], request: dict[str, Any], run: Callable[[dict[str, Any]], int]) -> None:
    status = 1
    finished = threading.Event()
    try:
        os.setpgid(0, 0)  # its own group: the workers it forks die with it if the caller dies
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for fd, stream in zip(fds, _STREAMS):
            os.dup2(fd, stream)
            os.close(fd)
        for stream in (sys.stdout, sys.stderr):
            stream.reconfigure(line_buffering=stream.isatty())
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        conn.settimeout(None)
        conn.sendall(f"pid {os.getpid()}\n".encode())

        def watch_caller() -> None:
            for line in conn.makefile("rb"):
                if line.startswith(b"INT"):
                    os.kill(os.getpid(), signal.SIGINT)
            if not finished.is_set():  # the caller is gone (killed): so is its run
                os.killpg(0, signal.SIGKILL)

        threading.Thread(target=watch_caller, daemon=True).start()
        try:
            status = run(request["params"])
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except BaseException:  # as the command would: the traceback on the caller's stderr
            import traceback

            traceback.print_exc()
            status = 1
    finally:
        finished.set()
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            conn.sendall(f"exit {status}\n".encode())
        os._exit(0)
