"""Reviewing what a run changed: record-level diffs, one article in the terminal, an HTML report."""
