"""Named errors. Every error a user can see has a code they can search for in README.md.

Two families:
- `ConfigError`: the run cannot start (unknown stage, bad regex, missing rule file). It names the file
  and key, and nothing is read or written.
- `InputError`: one input cannot be processed. It becomes one record of `errors.jsonl`; the batch goes on.
"""
from __future__ import annotations

# Exit statuses of `newsclean process` (documented in README.md).
EXIT_OK = 0  # every input became an article
EXIT_CRASH = 1  # a bug: an unexpected exception outside any article (please report it)
EXIT_USAGE = 2  # unusable arguments or configuration: nothing was processed
EXIT_REJECTED = 3  # some inputs were rejected (see errors.jsonl); the output for the rest was written
EXIT_INTERRUPTED = 130  # stopped by Ctrl-C; the previous output is left as it was

# Input error codes -> what they mean and how to fix them (shown by `newsclean errors`).
INPUT_ERRORS = {
    "empty_input": "the file or record has no text",
    "binary_input": "the bytes look like an image or other binary file, not text",
    "undecodable": "the bytes decode in none of the supported encodings",
    "nul_bytes": "the text contains NUL bytes",
    "lone_surrogate": "the text contains lone UTF-16 surrogates",
    "oversize": "the article is larger than [read].max_bytes",
    "bad_json": "a JSON line or file does not parse",
    "bad_record": "a JSON record lacks an id or a text/html field, or a field has the wrong type",
    "bad_id": "the id is empty, too long, or contains a path separator, '..' or control characters",
    "duplicate_id": "another input already has this id; the first one (by source path) was kept",
    "no_main_text": "the HTML page has no main text (only scripts, menus or nothing)",
    "html_too_deep": "the HTML nesting is deeper than [read].max_html_depth",
    "unsupported_format": "the file's extension is not one newsclean reads (.txt .html .htm .json .jsonl)",
    "unreadable": "the file cannot be read (permissions, a broken symlink or a symlink loop)",
    "timeout": "processing the article took longer than [pipeline].article_timeout seconds",
    "stage_failed": "a stage raised an unexpected exception on this article (a bug: please report it)",
}


class NewscleanError(Exception):
    """Base class of the errors newsclean raises on purpose."""


class ConfigError(NewscleanError):
    """The configuration cannot be used; the message names the file and key."""

    def __init__(self, message: str, file: str | None = None, key: str | None = None):
        where = ":".join(x for x in (file, key) if x)
        super().__init__(f"{where}: {message}" if where else message)
        self.file, self.key = file, key


class InputError(NewscleanError):
    """One input cannot be processed; it goes to errors.jsonl with `code`."""

    def __init__(self, code: str, message: str):
        if code not in INPUT_ERRORS:
            raise ValueError(f"unknown input error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message


class MissingDependency(NewscleanError):
    """An optional dependency is needed for what was asked; the message says how to install it."""

    def __init__(self, package: str, extra: str, purpose: str):
        super().__init__(f"{purpose} needs the {package!r} package: pip install -e '.[{extra}]'")
