"""Attach the package's routes to Wagtail's API v3 when a site installs ``wagtail.api.v3``.

Placeholder: filled in by the stock-API compatibility work of issue #4.
"""

from __future__ import annotations


def attach() -> None:
    """Attach the package's router to ``wagtail.api.v3.urls.api`` (no-op until implemented)."""
