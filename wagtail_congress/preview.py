"""Headless preview of drafts (optional extra ``wagtail-congress[preview]``).

Placeholder: filled in by the headless-preview work of issue #4.
"""

from __future__ import annotations


class HeadlessPreviewMixin:
    """Mixed into every page type of the package; previews as usual until implemented."""
