"""`newsclean bench` / `make bench`: throughput, stage shares and memory on a generated corpus.

The work is in `pipeline/benchmark/`: the corpus builder, the naive peer and I/O floor, the
passes (each in its own process) and the report.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent


def _default_shared() -> Path:
    return Path(os.environ.get("NEWSCLEAN_SHARED", REPO.parent / "shared"))


def _default_jobs() -> int:
    return max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 2))


@click.command()
@click.option("--articles", "-n", type=click.IntRange(min=10), default=2000, show_default=True,
              help="Articles in the generated corpus.")
@click.option("--jobs", "-j", type=click.IntRange(min=2), default=None,
              help="Workers of the parallel passes, compared with one worker (default: all cores, at least 2).")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the corpus (same seed, same bytes).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write every figure to this JSON file (for tracking).")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("work/bench"), show_default=True,
              help="Where the corpus and the outputs of the passes go (replaced on each run).")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The shared data folder with eval/ (default: ../shared beside the repository, or $NEWSCLEAN_SHARED).")
@click.option("--raw", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The sample articles (default: raw/ of the repository).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A TOML file laid over configs/pipeline.toml, as for `newsclean process`.")
@click.option("--dask/--no-dask", "use_dask", default=True, show_default=True,
              help="Include the Dask backend pass (when dask[distributed] is installed).")
@click.option("--repeat", type=click.IntRange(min=1), default=1, show_default=True,
              help="Run each pass this many times and keep the fastest (for a machine busy with other work).")
@click.option("--memory-only", is_flag=True,
              help="Only compare peak memory at --articles with that at --memory-base articles (slow at 20,000).")
@click.option("--memory-base", type=click.IntRange(min=10), default=2000, show_default=True,
              help="With --memory-only: the smaller corpus.")
def bench(articles: int, jobs: int | None, seed: int, json_out: Path | None, work: Path, shared: Path | None,
          raw: Path | None, config_file: Path | None, use_dask: bool, repeat: int, memory_only: bool,
          memory_base: int) -> None:
    """Benchmark the pipeline on a generated corpus, against the naive peer and the I/O floor.

    \b
    Builds N articles (Chinese Simplified and Traditional, English, with encoding damage and
    boilerplate) from raw/ and ../shared/eval/, then runs, each in a fresh process:
      the I/O floor; the runner with no cleaning stages; the pipeline with 1 worker (per
      language, timing every stage) and with --jobs workers; the naive peer (ftfy defaults,
      OpenCC t2s, jieba posseg as NER) with 1 worker and --jobs workers; the Dask backend;
      the repair stage vs plain ftfy on clean Chinese.
    Prints a table and the issue's targets; --json writes every figure.

    \b
    Examples:
      newsclean bench                                  # 2,000 articles, a few minutes
      newsclean bench --articles 20000 --memory-only   # peak memory at 20,000 vs 2,000
    """
    from .benchmark import report, suite
    from .benchmark.measure import PassFailed

    opts = suite.Options(articles=articles, jobs=jobs or _default_jobs(), seed=seed, work=work.resolve(),
                         raw=raw or (Path("raw") if Path("raw").is_dir() else REPO / "raw"),
                         shared=shared or _default_shared(), dask=use_dask, config=config_file, repeat=repeat)
    opts.work.mkdir(parents=True, exist_ok=True)

    def echo(message: str, nl: bool = True) -> None:
        click.echo(message, nl=nl, err=True)

    try:
        if memory_only:
            result = suite.run_memory(opts, memory_base, echo)
            text = report.render_memory(result)
        else:
            if use_dask and not suite.dask_available():
                echo("dask[distributed] is not installed: the Dask pass is skipped (pip install -e '.[dask]')")
            result = suite.run_bench(opts, echo)
            text = report.render(result)
    except FileNotFoundError as e:
        raise click.ClickException(str(e)) from None
    except PassFailed as e:
        raise click.ClickException(str(e)) from None
    click.echo(text, nl=False)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        echo(f"figures written to {json_out}")
