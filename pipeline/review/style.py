"""Terminal styling for the review commands: colours on a terminal, plain marks when piped.

Plain output uses git's word-diff marks (`[-removed-]`, `{+added+}`), so it stays readable in a
file, a pipe or a test. Colour follows `--color auto|always|never`; auto means stdout is a terminal
and NO_COLOR (https://no-color.org) is not set.
"""
from __future__ import annotations

import os
import sys

import click

COLOR_CHOICES = ("auto", "always", "never")

# displaCy's palette, so the terminal, the HTML page and spaCy's own visualizer agree
LABEL_COLORS = {"PERSON": "#aa9cfc", "ORG": "#7aecec", "GPE": "#feca74", "LOC": "#ff9561", "DATE": "#bfe1d9",
                "NORP": "#c887fb", "FAC": "#9cc9cc", "EVENT": "#ffeb80", "LAW": "#ff8197", "WORK_OF_ART": "#f0d0ff",
                "PRODUCT": "#bfeeb7", "MISC": "#e4e7d2"}


def use_color(choice: str = "auto", stream=None) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


class Painter:
    """Marks for added, removed and labelled text, in colour or in plain characters."""

    def __init__(self, color: bool):
        self.color = color

    def removed(self, text: str) -> str:
        return click.style(text, fg="red", strikethrough=True) if self.color else f"[-{text}-]"

    def added(self, text: str) -> str:
        return click.style(text, fg="green", underline=True) if self.color else f"{{+{text}+}}"

    def minus(self, text: str) -> str:  # a whole removed line or item
        return click.style(text, fg="red") if self.color else text

    def plus(self, text: str) -> str:
        return click.style(text, fg="green") if self.color else text

    def header(self, text: str) -> str:
        return click.style(text, bold=True) if self.color else text

    def dim(self, text: str) -> str:
        return click.style(text, dim=True) if self.color else text

    def label(self, text: str) -> str:
        return click.style(f"⟦{text}⟧", fg="magenta") if self.color else f"⟦{text}⟧"

    def touched(self, text: str) -> str:
        """Characters a normalization rule changed (shown in colour only: plain text would be noise)."""
        return click.style(text, fg="yellow", underline=True) if self.color else text

    def entity(self, text: str, label: str) -> str:
        if not self.color:
            return f"[{text}]({label})"
        return (click.style(text, bg=_rgb(LABEL_COLORS.get(label, "#dddddd")), fg="black")
                + click.style(label, fg="bright_black"))
