"""A front-end cache backend that remembers what it was asked to purge (configured in tests)."""

from __future__ import annotations

from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """Records each purged URL in :data:`PURGED` instead of calling a CDN."""

    def purge(self, url: str) -> None:
        PURGED.append(url)
