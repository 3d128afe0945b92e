"""Purge the API and export URLs of congress content from a front-end cache on publish.

Placeholder: filled in by the frontend-cache work of issue #4/#5.
"""

from __future__ import annotations


def register() -> None:
    """Connect the purge receivers (no-op until implemented)."""
