"""git textconv for processed/*.jsonl: each record as a readable block, so `git diff` and `git log -p`
show what changed in an article instead of one changed line of JSON.

    python -m pipeline.review.textconv processed/articles.jsonl

One block per article: a `=== id ===` header (git shows it in hunk headers, with the xfuncname
below), its metadata, the text one sentence per line with a blank line between paragraphs (so a
changed word changes one short line), then entities (counted, without offsets: offsets move whenever
the text does), officials, dates, edits and warnings. An errors.jsonl record is one line.

One-time setup in a clone (`make git-diff-setup` runs `python -m pipeline.review.textconv --install`,
which does this; .gitattributes already names the driver):

    git config diff.newsclean.textconv "$PWD/.venv/bin/python -m pipeline.review.textconv"
    git config diff.newsclean.xfuncname "^=== .* ===$"

It imports nothing heavy and never fails on a bad line (it prints the line as it is): a textconv
error would hide the diff.
"""
from __future__ import annotations

import json
import re
import sys
from typing import IO, Any, Iterable, Iterator

# a sentence ends at Chinese end punctuation, or at . ! ? followed by a space (English)
SENTENCE_END = re.compile(r"(?<=[。！？!?；])(?![”’」』）)\"'])|(?<=[.!?][”’\"')])\s+|(?<=[.!?])\s+(?=[\"“‘(\[A-Z0-9])")
HEADER = "=== {} ==="
XFUNCNAME = "^=== .* ===$"  # hunk headers name the article


def git_config() -> dict[str, str]:
    """The repository settings that define the `newsclean` diff driver .gitattributes refers to."""
    import shlex

    return {"diff.newsclean.textconv": f"{shlex.quote(sys.executable)} -m pipeline.review.textconv",
            "diff.newsclean.xfuncname": XFUNCNAME}


def install(cwd: str | None = None) -> int:
    """Write the driver into the current repository's config (.git/config)."""
    import subprocess

    for key, value in git_config().items():
        done = subprocess.run(["git", "config", key, value], cwd=cwd)
        if done.returncode != 0:
            sys.stderr.write(f"newsclean textconv: git config {key} failed (is this a git repository?)\n")
            return 1
        sys.stdout.write(f"git config {key} {shlex_quote(value)}\n")
    return 0


def shlex_quote(value: str) -> str:
    import shlex

    return shlex.quote(value)


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(paragraph) if s and s.strip()]


def _one_line(value: Any, limit: int = 160) -> str:
    text = str(value).replace("\r", "").replace("\n", "⏎")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _counted(keys: Iterable[str]) -> list[str]:
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return [k if n == 1 else f"{k} ×{n}" for k, n in counts.items()]


def article_block(record: dict, pipeline: dict | None = None) -> Iterator[str]:
    """The lines of one article record. `pipeline` is the first record's: repeated only when different."""
    yield HEADER.format(record.get("id"))
    src = record.get("source") or {}
    if isinstance(src, dict):
        where = str(src.get("path")) + (f":{src['line']}" if src.get("line") else "")
        yield (f"source     {where}  {src.get('format') or ''} {src.get('encoding') or ''}".rstrip()
               + (f"  sha256 {str(src.get('sha256'))[:12]}" if src.get("sha256") else ""))
    yield f"lang       {record.get('lang')}" + (f" (input script: {record['script']})" if record.get("script") else "")
    for key in ("title", "published"):
        if record.get(key) is not None:
            yield f"{key:<10} {_one_line(record[key])}"
    byline = record.get("byline") or {}
    if isinstance(byline, dict):
        if byline.get("outlet"):
            yield f"outlet     {byline['outlet']}"
        for key in ("authors", "editors", "reviewers"):
            if byline.get(key):
                yield f"{key:<10} {', '.join(map(str, byline[key]))}"
    if pipeline is not None and record.get("pipeline") != pipeline:
        p = record.get("pipeline") or {}
        yield f"pipeline   {p.get('version')} {p.get('config')}"
    yield "--- text"
    first = True
    for paragraph in str(record.get("text") or "").split("\n"):
        if not paragraph.strip():
            continue
        if not first:
            yield ""
        first = False
        yield from sentences(paragraph)
    entities = [e for e in record.get("entities") or [] if isinstance(e, dict)]
    if entities:
        yield f"--- entities ({len(entities)})"
        yield from _counted(f"{e.get('label', '?'):<7} {e.get('text')}" for e in entities)
    officials = [o for o in record.get("officials") or [] if isinstance(o, dict)]
    if officials:
        yield f"--- officials ({len(officials)})"
        for o in officials:
            roles = "; ".join(str(r.get("title")) + (f" @ {r['org']}" if r.get("org") else "")
                              for r in o.get("roles") or [] if isinstance(r, dict))
            yield f"{o.get('name')}: {roles}"
    dates = [d for d in record.get("dates") or [] if isinstance(d, dict)]
    if dates:
        yield f"--- dates ({len(dates)})"
        yield from _counted(f"{d.get('value'):<10} {d.get('text')}" for d in dates)
    edits = [e for e in record.get("edits") or [] if isinstance(e, dict)]
    if edits:
        yield f"--- edits ({len(edits)})"
        for e in edits:
            line = f"{e.get('stage')}/{e.get('rule')} {e.get('action')}"
            if (e.get("count") or 1) > 1:
                line += f" ×{e['count']}"
            if e.get("before"):
                line += f": «{_one_line(e['before'], 100)}»"
            if e.get("after") is not None:
                line += f" → «{_one_line(e['after'], 100)}»"
            yield line
    if record.get("warnings"):
        yield "--- warnings"
        yield from (_one_line(w) for w in record["warnings"])
    yield ""


def error_line(record: dict) -> str:
    where = str(record.get("path")) + (f":{record['line']}" if record.get("line") else "")
    ident = f" (id {record['id']})" if record.get("id") else ""
    return f"ERROR {where}{ident} {record.get('code')}: {_one_line(record.get('message'), 300)}"


def convert(lines: Iterable[bytes]) -> Iterator[str]:
    pipeline = None
    first = True
    for raw in lines:
        raw = raw.rstrip(b"\r\n")
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            yield raw.decode("utf-8", errors="replace")
            continue
        if not isinstance(record, dict):
            yield raw.decode("utf-8", errors="replace")
        elif "code" in record and "text" not in record:
            yield error_line(record)
        else:
            if first:
                pipeline = record.get("pipeline")
                p = pipeline or {}
                # once per file: a configuration change alters this line, not every article
                yield f"# newsclean {p.get('version')} config {p.get('config')}"
                yield ""
                first = False
            yield from article_block(record, pipeline)


def main(argv: list[str] | None = None, out: IO[bytes] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = out or sys.stdout.buffer
    if argv == ["--install"]:
        return install()
    if len(argv) != 1 or argv[0].startswith("--"):
        sys.stderr.write("usage: python -m pipeline.review.textconv FILE.jsonl   (FILE '-' reads stdin)\n"
                         "       python -m pipeline.review.textconv --install   (define the git diff driver here)\n")
        return 2
    try:
        source = sys.stdin.buffer if argv[0] == "-" else open(argv[0], "rb")
    except OSError as e:
        sys.stderr.write(f"newsclean textconv: {argv[0]}: {e.strerror}\n")
        return 1
    try:
        with source:
            for line in convert(source):
                out.write(line.encode("utf-8") + b"\n")
        out.flush()
    except BrokenPipeError:  # `git log -p | head`
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
