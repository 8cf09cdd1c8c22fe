"""`newsclean bench` / `make bench`: throughput, stage shares and memory (placeholder until issue 9)."""
from __future__ import annotations

import click


@click.command()
def bench() -> None:
    """Benchmark the pipeline on a generated corpus."""
    raise click.ClickException("not built yet")
