"""Signal receivers, connected by ``WagtailCongressAppConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from .translation import keep_draft_translation_off_the_live_page, submit_new_related_object

DISPATCH_UID = "wagtail_congress.submit_new_related_object"


def on_related_object_segment_saved(
    sender: type, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    """Submit a snippet newly referenced by a synced source (wagtail-localize#540)."""
    if created and not raw:
        submit_new_related_object(instance)


def on_translation_logged(
    sender: type, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    """Keep an unpublished translation off its live page (see the function it calls)."""
    if created and not raw:
        keep_draft_translation_off_the_live_page(instance.revision)


def register() -> None:
    """Connect the receivers; only called when wagtail-localize is installed."""
    from wagtail_localize.models import RelatedObjectSegment, TranslationLog

    post_save.connect(
        on_related_object_segment_saved, sender=RelatedObjectSegment, dispatch_uid=DISPATCH_UID
    )
    post_save.connect(
        on_translation_logged,
        sender=TranslationLog,
        dispatch_uid="wagtail_congress.keep_draft_translation_off_the_live_page",
    )
