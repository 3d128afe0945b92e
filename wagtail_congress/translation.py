"""Fixes for what wagtail-localize does to translations of the package's content.

Two upstream behaviours are corrected here, each called from a small hook:

* the slug of a translated page is derived with ``django.utils.text.slugify``, which drops
  letters without an ASCII decomposition (``łódź`` becomes ``odz``); :func:`translation_slug`
  gives the transliterated slug instead;
* syncing a translated object does not submit snippets newly referenced by it
  (wagtail-localize#540), so the translation keeps pointing at the Polish snippet;
  :func:`submit_new_related_object` submits them.
"""

from __future__ import annotations

import re

from anyascii import anyascii
from django.db import models
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page


def ascii_slug(value: str) -> str:
    """An ASCII slug that keeps Polish and other letters: ``Łódź`` -> ``lodz``.

    anyascii (already a Wagtail dependency) transliterates what Django's ``slugify`` drops.
    """
    return slugify(anyascii(value))


def _is_derived_from(slug: str, base: str) -> bool:
    """Whether ``slug`` is ``base``, or ``base`` with a suffix Wagtail adds on a clash."""
    return bool(base) and re.fullmatch(re.escape(base) + r"(-\d+)?", slug) is not None


def translation_slug(page: Page) -> str | None:
    """The slug ``page`` should have if wagtail-localize derived its slug from another locale's.

    wagtail-localize copies the source slug, then runs it through ``slugify`` (lossy for
    ``ł``). If the slug of ``page`` is such a copy of the slug of one of its translations, return
    the transliterated ASCII slug, unique among its siblings; otherwise ``None``: a slug given
    by a translator, or one that is already right, is kept.
    """
    if not page.translation_key or not page.locale_id or not page.slug:
        return None
    source_slugs = (
        Page.objects.filter(translation_key=page.translation_key)
        .exclude(locale_id=page.locale_id)
        .values_list("slug", flat=True)
    )
    for source_slug in source_slugs:
        wanted = ascii_slug(source_slug)
        if not wanted or wanted == page.slug or _is_derived_from(page.slug, wanted):
            continue
        lossy = {source_slug, slugify(source_slug), slugify(source_slug, allow_unicode=True)}
        if any(_is_derived_from(page.slug, base) for base in lossy):
            return _available_slug(page, wanted)
    return None


def _available_slug(page: Page, slug: str) -> str:
    parent = page.get_parent() if page.path else None
    if parent is None:
        return slug
    return find_available_slug(parent, slug, ignore_page_id=page.pk)


def submit_new_related_object(segment: models.Model) -> None:
    """Submit the snippet a new related-object segment points at to the source's target locales.

    ``segment`` is a ``wagtail_localize.models.RelatedObjectSegment`` just created by
    ``TranslationSource.refresh_segments()``, which runs when an editor syncs ("Sync translated
    pages") and before the translations are saved, so the translation then links to the snippet
    in its own locale. A first submission has no ``Translation`` rows yet, and
    ``TranslationCreator`` submits related objects itself then, so nothing happens here.
    """
    from wagtail_localize.models import TranslationSource
    from wagtail_localize.operations import TranslationCreator

    source = segment.source
    target_locale_ids = list(
        source.translations.filter(enabled=True).values_list("target_locale_id", flat=True)
    )
    if not target_locale_ids:
        return
    related = segment.object.get_instance_or_none(source.locale)
    if related is None or isinstance(related, Page):
        return
    missing = [
        locale
        for locale in Locale.objects.filter(pk__in=target_locale_ids)
        if not segment.object.has_translation(locale)
    ]
    if not missing:
        return
    # Refresh a source left over from an earlier submission, so its strings are current.
    TranslationSource.update_or_create_from_instance(related)
    TranslationCreator(None, missing).create_translations(related, include_related_objects=False)


def keep_draft_translation_off_the_live_page(revision: models.Model | None) -> None:
    """Undo wagtail-localize writing an unpublished translation into a live page's row.

    ``Translation.save_target(publish=False)`` (what re-submitting or "translate subtree" does
    with ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False``) saves the translated
    content, Polish fallbacks included, onto the page row before making a revision, so
    visitors see a draft. Called with that new revision (from the ``TranslationLog`` written
    at the end), this puts the live revision's content back and leaves the new revision as
    a draft. A translation that was an alias until now has no published content of its own,
    so it is taken offline until published. With ``publish=True`` the publish wagtail-localize
    queued on commit still runs afterwards and publishes the new revision.
    """
    from .models.base import CongressBasePage

    if revision is None or not issubclass(revision.base_content_type.model_class(), Page):
        return
    page = Page.objects.filter(pk=revision.object_id).specific().first()
    if not isinstance(page, CongressBasePage) or not page.live:
        return
    live_revision = page.live_revision
    if live_revision is not None and live_revision.pk != revision.pk:
        restored = live_revision.as_object()
        restored.latest_revision = revision
        restored.has_unpublished_changes = True
        restored.save(clean=False)
    elif live_revision is None:
        Page.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
