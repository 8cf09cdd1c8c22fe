"""The review commands: show, diff, report (placeholders until issue 7 lands)."""
from __future__ import annotations

import click


@click.command()
@click.argument("article_id")
def show(article_id: str) -> None:
    """Show one article: raw text with removals marked, cleaned text with entities, officials, dates."""
    raise click.ClickException("not built yet")


@click.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
def diff(old: str | None, new: str | None) -> None:
    """Compare two outputs record by record (default: git HEAD against the working copy)."""
    raise click.ClickException("not built yet")


@click.command()
@click.argument("out_html")
def report(out_html: str) -> None:
    """Write a self-contained HTML review page."""
    raise click.ClickException("not built yet")
