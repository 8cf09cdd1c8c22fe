"""`newsclean process --dry-run [--diff]`: what a configuration change would do, writing nothing to OUT.

The run goes to a temporary folder, starting from a copy of OUT's state (so inputs whose bytes and
pipeline are unchanged are not processed again; a changed configuration changes the digest, so every
input is, which is what a preview of a configuration change needs). Then OUT/articles.jsonl is compared
with the temporary one: the articles a change touches, and nothing else, are listed. The temporary
folder is removed whatever happens.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .records import RecordSource

STATE_FILES = ("state.sqlite", "state.sqlite-wal")  # the -wal file holds commits not yet checkpointed


def copy_state(out_dir: Path, into: Path) -> bool:
    """Copy OUT's run state into `into` (same layout); False when OUT has none yet."""
    from ..store import STATE_DIR

    source = Path(out_dir) / STATE_DIR
    if not (source / STATE_FILES[0]).is_file():
        return False
    (into / STATE_DIR).mkdir(parents=True, exist_ok=True)
    for name in STATE_FILES:
        if (source / name).is_file():
            shutil.copyfile(source / name, into / STATE_DIR / name)
    return True


def dry_run(pipeline, raw_dir, out_dir, jobs: int = 1, show_diff: bool = False, color: bool = False) -> str:
    """Run into a temporary folder and describe the difference with OUT; returns the text to print."""
    from ..runner import ARTICLES, ERRORS, run
    from ..store import Store
    from .diff import render
    from .style import Painter

    out_dir = Path(out_dir)
    lines: list[str] = []
    paint = Painter(color and not os.environ.get("NO_COLOR"))
    with tempfile.TemporaryDirectory(prefix="newsclean-dry-run-") as tmp:
        preview = Path(tmp) / "out"
        had_state = copy_state(out_dir, preview)
        store = Store.beside(preview)
        try:
            summary = run(pipeline, raw_dir, preview, jobs=jobs, store=store, write_outputs=True)
        finally:
            store.close()
        lines.append(paint.header(f"dry run: nothing was written to {out_dir}"))
        if not had_state:
            lines.append(f"({out_dir} has no run state: every input was processed)")
        lines.extend("  " + line for line in summary.lines())
        old = (RecordSource(str(out_dir / ARTICLES), path=out_dir / ARTICLES) if (out_dir / ARTICLES).is_file()
               else RecordSource(f"{out_dir / ARTICLES} (none yet)", empty=True))
        new = RecordSource(f"{ARTICLES} after this run", path=preview / ARTICLES)
        lines.append("")
        render(old, new, paint, stat=not show_diff, write=lines.append)
        lines.extend(_errors_change(out_dir / ERRORS, preview / ERRORS, paint))
    return "\n".join(lines) + "\n"


def _errors_change(old_path: Path, new_path: Path, paint) -> list[str]:
    """Inputs that would be rejected, or no longer be, compared with OUT/errors.jsonl."""
    import orjson

    def read(path: Path) -> set[tuple]:
        if not path.is_file():
            return set()
        out = set()
        for line in path.read_bytes().splitlines():
            if line.strip():
                r = orjson.loads(line)
                out.add((r.get("path"), r.get("line"), r.get("code")))
        return out

    old, new = read(old_path), read(new_path)
    lines = []
    for path, line, code in sorted(new - old, key=str):
        lines.append(paint.plus(f"+ error {code}: {path}" + (f":{line}" if line else "")))
    for path, line, code in sorted(old - new, key=str):
        lines.append(paint.minus(f"- error {code}: {path}" + (f":{line}" if line else "")))
    return lines
