"""`newsclean process --dry-run [--diff]`: what a configuration change would do, writing nothing."""
from __future__ import annotations


def dry_run(pipeline, raw_dir, out_dir, jobs: int = 1, show_diff: bool = False, color: bool = False) -> str:
    raise NotImplementedError("dry-run is not built yet (issue 7)")
