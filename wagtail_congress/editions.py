"""The next edition of a congress: its tracks and sessions copied as drafts, times moved.

Times move on the congress's wall clock: a session at 10:00 in June is at 10:00 in March
too, although Warsaw is UTC+2 in June and UTC+1 in March. The offset is the one between the
old and the new start, in the congress's timezone.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .models import CongressPage, SessionPage, SessionTrackPage

SHIFTED_FIELDS: dict[type[Page], tuple[str, ...]] = {
    CongressPage: ("start", "end", "registration_opens_at", "registration_closes_at"),
    SessionTrackPage: ("signup_opens_at",),
    SessionPage: ("start", "end", "registration_opens_at"),
}
# What a copy must not inherit: the old edition's schedule, expiry and lock.
FRESH_PAGE_ATTRS = {
    "go_live_at": None,
    "expire_at": None,
    "expired": False,
    "locked": False,
    "locked_by": None,
    "locked_at": None,
}


def wall_clock_offset(
    old: datetime.datetime, new: datetime.datetime, tzinfo: datetime.tzinfo
) -> datetime.timedelta:
    """How far ``new`` is from ``old`` on the wall clock of ``tzinfo``."""
    return _wall_clock(new, tzinfo) - _wall_clock(old, tzinfo)


def shift_moment(
    moment: datetime.datetime | None, offset: datetime.timedelta, tzinfo: datetime.tzinfo
) -> datetime.datetime | None:
    """``moment`` moved by ``offset`` on the wall clock of ``tzinfo`` (``None`` stays ``None``)."""
    if moment is None:
        return None
    return (_wall_clock(moment, tzinfo) + offset).replace(tzinfo=tzinfo)


def _wall_clock(moment: datetime.datetime, tzinfo: datetime.tzinfo) -> datetime.datetime:
    return moment.astimezone(tzinfo).replace(tzinfo=None)


def next_edition_errors(
    congress: CongressPage, *, title: str, slug: str, start: datetime.datetime | None
) -> dict[str, ValidationError]:
    """What is wrong with the new edition's title, slug and start, by field."""
    errors = {}
    if not title or not title.strip():
        errors["title"] = ValidationError(_("Give the new edition a title."), code="required")
    if not slug:
        errors["slug"] = ValidationError(_("Give the new edition a slug."), code="required")
    elif not Page._slug_is_available(slug, congress.get_parent()):
        errors["slug"] = ValidationError(
            _("The slug “%(slug)s” is already in use next to this congress."),
            code="slug_in_use",
            params={"slug": slug},
        )
    if start is None:
        errors["start"] = ValidationError(_("Give the new edition a start."), code="required")
    return errors


@transaction.atomic
def copy_to_next_edition(
    congress: CongressPage,
    *,
    title: str,
    slug: str,
    start: datetime.datetime,
    user=None,
) -> CongressPage:
    """Copy ``congress`` with its tracks (nested) and sessions as a new draft edition.

    Every date-time moves by the offset between the old and the new start; all copies are
    drafts with new translation keys (new content, translated anew). News and partner pages
    are not copied. All or nothing: raises :class:`ValidationError` and writes nothing if the
    input or a copied page is invalid.
    """
    errors = next_edition_errors(congress, title=title, slug=slug, start=start)
    if errors:
        raise ValidationError(errors)
    congress = CongressPage.objects.get(pk=congress.pk)  # what is saved, not unsaved edits
    tzinfo = congress.tzinfo
    offset = wall_clock_offset(congress.start, start, tzinfo)
    new_congress = _copy_page(
        congress,
        congress.get_parent(),
        offset,
        tzinfo,
        user,
        {"title": title.strip(), "draft_title": title.strip(), "slug": slug},
    )
    for track in SessionTrackPage.objects.child_of(congress).order_by("path"):
        _copy_branch(track, new_congress, offset, tzinfo, user)
    return new_congress


def _copy_branch(
    page: Page, to: Page, offset: datetime.timedelta, tzinfo: datetime.tzinfo, user
) -> None:
    """Copy a track or a session, then the tracks and sessions under it, in menu order."""
    copy = _copy_page(page, to, offset, tzinfo, user)
    for child in page.get_children().specific().order_by("path"):
        if isinstance(child, SessionTrackPage | SessionPage):
            _copy_branch(child, copy, offset, tzinfo, user)


def _copy_page(
    page: Page,
    to: Page,
    offset: datetime.timedelta,
    tzinfo: datetime.tzinfo,
    user,
    extra_attrs: dict | None = None,
) -> Page:
    """One draft copy of ``page`` under ``to``, its times already moved (no revision history)."""
    page = page.specific
    shifted = {
        name: shift_moment(getattr(page, name), offset, tzinfo)
        for name in SHIFTED_FIELDS.get(type(page), ())
    }
    copy = page.copy(
        to=to,
        recursive=False,
        update_attrs={**FRESH_PAGE_ATTRS, **shifted, **(extra_attrs or {})},
        keep_live=False,
        copy_revisions=False,
        reset_translation_key=True,
        user=user,
    ).specific
    # Wagtail validates only the title and slug of a draft; the new edition starts valid.
    try:
        copy.full_clean()
    except ValidationError as error:
        raise ValidationError(
            _("“%(title)s” cannot be copied: %(errors)s"),
            code="invalid_page",
            params={"title": page.title, "errors": " ".join(error.messages)},
        ) from error
    return copy
