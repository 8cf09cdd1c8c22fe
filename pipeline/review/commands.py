"""The review commands: `newsclean show`, `newsclean diff`, `newsclean report`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_USAGE, NewscleanError

COLOR_OPTION = click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                            help="Colours: auto = on a terminal, unless NO_COLOR is set.")


def _fail(message: str) -> None:
    click.echo(f"newsclean: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.command()
@click.argument("article_id")
@click.option("--out", "out_dir", default="processed", show_default=True, type=click.Path(path_type=Path),
              help="The output folder (or articles.jsonl file) the article is in.")
@click.option("--raw", "raw_dir", default="raw", show_default=True, type=click.Path(path_type=Path),
              help="Where to look for the raw input when source.path does not lead to it.")
@COLOR_OPTION
def show(article_id: str, out_dir: Path, raw_dir: Path, color: str) -> None:
    """Show one article: raw text with removals marked, cleaned text with entities, officials, dates.

    \b
    In the raw text each span a rule removed or rewrote is marked and labelled ⟦stage/rule⟧;
    without colours removed text reads [-like this-] and replacements {+like this+}.
    """
    from .show import find_record, format_show
    from .style import Painter, use_color

    try:
        record = find_record(out_dir, article_id)
        paint = Painter(use_color(color))
        for line in format_show(record, raw_dir, paint):
            click.echo(line, color=paint.color)
    except NewscleanError as e:
        _fail(str(e))


@click.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--out", "out_dir", default="processed", show_default=True,
              help="The output folder whose articles.jsonl OLD and NEW default to.")
@click.option("--stat", is_flag=True, help="A summary table (one line per article) instead of the full diff.")
@click.option("--all-fields", is_flag=True, help="Also compare the `pipeline` field (version, config digest).")
@click.option("--exit-code", is_flag=True, help="Exit with 1 when the outputs differ (like git diff --exit-code).")
@COLOR_OPTION
def diff(old: str | None, new: str | None, out_dir: str, stat: bool, all_fields: bool, exit_code: bool,
         color: str) -> None:
    """Compare two outputs record by record (default: git HEAD against the working copy).

    \b
    OLD and NEW are each a file, an output folder, a git revision (HEAD~1: the output folder's
    articles.jsonl then), or REV:PATH. Defaults: OLD = HEAD:processed/articles.jsonl,
    NEW = processed/articles.jsonl.
    Articles added (+), removed (-) and changed (~): for a changed one, the fields that changed —
    text as an inline diff (a character is the unit in Chinese, a word in English), entities,
    officials, dates and edits as items that appeared (+) or vanished (-).
    """
    from .diff import IGNORED_FIELDS, render
    from .records import resolve
    from .style import Painter, use_color

    try:
        old_source = resolve(old, out_dir, default_rev="HEAD")
        new_source = resolve(new, out_dir)
        paint = Painter(use_color(color))
        tally = render(old_source, new_source, paint, stat=stat,
                       write=lambda line: click.echo(line, color=paint.color),
                       ignore=() if all_fields else IGNORED_FIELDS)
    except NewscleanError as e:
        _fail(str(e))
    sys.exit(1 if exit_code and tally.differs else 0)


@click.command()
@click.argument("out_html", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", default="processed", show_default=True,
              help="The output folder (or articles.jsonl file) to review.")
@click.option("--raw", "raw_dir", default="raw", show_default=True, type=click.Path(path_type=Path),
              help="Where to look for raw inputs when source.path does not lead to them.")
@click.option("--diff", "diff_old", metavar="OLD",
              help="Review a change: only the articles that differ from OLD (a file, folder, REV or REV:PATH).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="At most this many articles on the page (the summary still counts all).")
def report(out_html: Path, out_dir: str, raw_dir: Path, diff_old: str | None, limit: int | None) -> None:
    """Write a self-contained HTML review page (no network needed to view it).

    Per article: the raw text with each removal marked by its rule, the cleaned text with entities
    highlighted, officials, dates and edits; on top, counts per rule. With --diff OLD the page
    shows only what changed since OLD, field by field.
    """
    from .report import write_report

    try:
        n = write_report(out_html, out_dir, raw_dir, diff_old, limit)
    except NewscleanError as e:
        _fail(str(e))
    click.echo(f"{out_html}: {n} article(s)", err=True)
