"""The `newsclean` command (also `python -m pipeline`)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import (EXIT_INTERRUPTED, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, INPUT_ERRORS, ConfigError,
                     NewscleanError)

PROGRESS_MIN_INPUTS = 20  # below this a progress bar is noise


def _fail(message: str, status: int = EXIT_USAGE) -> None:
    click.echo(f"newsclean: error: {message}", err=True)
    sys.exit(status)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="newsclean")
def main() -> None:
    """Clean scraped Chinese news and English translations of it into reviewable JSONL.

    \b
    Typical loop:
      newsclean process raw processed     # clean every input under raw/
      git diff processed/                 # review what changed
    """


@main.command()
@click.argument("raw", default="raw", type=click.Path(file_okay=False, path_type=Path))
@click.argument("out", default="processed", type=click.Path(file_okay=False, path_type=Path))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A TOML file laid over configs/pipeline.toml (only the keys it changes).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--force", is_flag=True, help="Reprocess every input, even those unchanged since the last run.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--dry-run", is_flag=True, help="Process, but write nothing to OUT; with --diff, show what would change.")
@click.option("--diff", "show_diff", is_flag=True, help="With --dry-run: print the record-level diff against OUT.")
@click.option("--backend", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: forked worker processes; dask: a Dask distributed cluster (pip install -e '.[dask]').")
@click.option("--scheduler", metavar="ADDR", help="With --backend dask: the scheduler's address (default: a local cluster).")
def process(raw: Path, out: Path, config_file: Path | None, jobs: int | None, force: bool, quiet: bool,
            dry_run: bool, show_diff: bool, backend: str, scheduler: str | None) -> None:
    """Clean every input under RAW (default raw/) into OUT (default processed/).

    \b
    Inputs, found recursively: .txt (any common encoding), .html/.htm, .json and .jsonl records
    with id and text or html (optional title, published, url, lang).
    Outputs: OUT/articles.jsonl, one record per article sorted by id, and OUT/errors.jsonl, one
    record per input that could not be processed. Only new or changed inputs are processed again
    unless the configuration or pipeline changed (state in OUT/.newsclean/).

    \b
    Exit status: 0 all inputs became articles; 3 some were rejected (see errors.jsonl, the rest
    was written); 2 unusable arguments or configuration (nothing done); 130 interrupted.
    """
    params = {"raw": str(raw), "out": str(out), "config_file": config_file and str(config_file), "jobs": jobs,
              "force": force, "quiet": quiet, "dry_run": dry_run, "show_diff": show_diff, "backend": backend,
              "scheduler": scheduler}
    from .serve import delegate

    status = delegate(out, params, note=lambda m: click.echo(f"newsclean: {m}", err=True))
    sys.exit(_run_process(params) if status is None else status)


def _run_process(params: dict) -> int:
    """The `process` command on params (as JSON carries them): here, or in a `newsclean serve` child."""
    paths = {k: Path(params[k]) if params[k] is not None else None for k in ("raw", "out", "config_file")}
    args = {**params, **paths}
    try:
        return _process(**args)
    except KeyboardInterrupt:
        click.echo(f"\nnewsclean: interrupted; the previous output in {args['out']} is unchanged, and a rerun"
                   " resumes from the finished shards.", err=True)
        return EXIT_INTERRUPTED


def _process(raw: Path, out: Path, config_file: Path | None, jobs: int | None, force: bool, quiet: bool,
             dry_run: bool, show_diff: bool, backend: str, scheduler: str | None) -> int:
    from .config import load_config
    from .runner import count_units, run
    from .stages import build_pipeline

    if not raw.is_dir():
        _fail(f"input directory {raw} does not exist (give RAW, the folder of scraped articles)")
    if show_diff and not dry_run:
        _fail("--diff previews a change: use it with --dry-run")
    try:
        pipeline = build_pipeline(load_config(config_file), lazy=True)
    except ConfigError as e:
        _fail(f"configuration: {e}")
    jobs = jobs or default_jobs()
    if dry_run:
        from .review.preview import dry_run as preview

        click.echo(preview(pipeline, raw, out, jobs=jobs, show_diff=show_diff, color=sys.stdout.isatty()), nl=False)
        return EXIT_OK
    bar, total = None, None
    if not quiet and sys.stderr.isatty():
        total = count_units(pipeline, raw)
        if total >= PROGRESS_MIN_INPUTS:
            bar = click.progressbar(length=total, label="processing", file=sys.stderr, show_pos=True)
    try:
        if bar:
            bar.__enter__()
        summary = run(pipeline, raw, out, jobs=jobs, force=force, progress=bar.update if bar else None,
                      backend=backend, scheduler=scheduler, units_found=total)
    except NewscleanError as e:
        _fail(str(e))
    finally:
        if bar:
            bar.__exit__(None, None, None)
    if not quiet:
        for line in summary.lines():
            click.echo(line, err=True)
    if summary.errors:
        click.echo(f"newsclean: {summary.errors} input(s) rejected: see {out / 'errors.jsonl'}", err=True)
        return EXIT_REJECTED
    return EXIT_OK


@main.command()
@click.argument("out", default="processed", type=click.Path(file_okay=False, path_type=Path))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A TOML file laid over configs/pipeline.toml (the runs it serves may give another).")
@click.option("--idle", type=click.IntRange(min=1), default=60, show_default=True,
              help="Stop after this many minutes without a run.")
@click.option("--stop", is_flag=True, help="Stop the server of OUT instead.")
def serve(out: Path, config_file: Path | None, idle: int, stop: bool) -> None:
    """Keep the stages built, so that reruns into OUT (default processed/) start at once.

    \b
    Building the stages takes a few seconds; a rerun after adding a few articles does little else.
    While this runs (in another terminal, or with `&`), `newsclean process RAW OUT` for the same OUT
    is run by this server in a forked child that already has the stages: same output, same exit
    status, Ctrl-C works. After an edit to the package's code the server stops by itself.
    """
    from .serve import serve as run_server, stop_server

    if stop:
        click.echo(f"newsclean: {stop_server(out)}", err=True)
        return
    try:
        run_server(out, config_file, idle * 60.0, _run_process, say=lambda m: click.echo(f"newsclean: {m}", err=True))
    except ConfigError as e:
        _fail(f"configuration: {e}")
    except OSError as e:
        _fail(f"cannot serve {out}: {e}")
    except KeyboardInterrupt:
        click.echo(f"newsclean: stopped serving {out}", err=True)


@main.command()
def codes() -> None:
    """List the error codes of errors.jsonl and what they mean."""
    width = max(map(len, INPUT_ERRORS))
    for code, meaning in INPUT_ERRORS.items():
        click.echo(f"{code:<{width}}  {meaning}")


@main.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A TOML file laid over configs/pipeline.toml.")
def check(config_file: Path | None) -> None:
    """Load the configuration and build every stage, reporting the first problem."""
    from .config import load_config
    from .stages import build_pipeline

    try:
        pipeline = build_pipeline(load_config(config_file))
    except ConfigError as e:
        _fail(f"configuration: {e}")
    click.echo(f"ok: stages {' -> '.join(s.name for s in pipeline.stages)}; config {pipeline.config_digest}")


# Commands of other areas, each in its own module (heavy imports stay inside the commands).
from .review.commands import diff, report, show  # noqa: E402
from .bench import bench  # noqa: E402

for _command in (show, diff, report, bench):
    main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()
