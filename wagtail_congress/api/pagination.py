"""Limit/offset pagination with a maximum from the settings (a limit above it is a 400)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query

from ..conf import congress_settings
from .errors import bad_parameter
from .params import MAX_ID


def limit_param():
    return Query(
        None,
        ge=1,
        le=MAX_ID,
        description="How many items to return (at most WAGTAIL_CONGRESS_API_MAX_LIMIT).",
    )


def offset_param():
    return Query(0, ge=0, le=MAX_ID, description="How many items to skip.")


def page_bounds(limit: int | None, offset: int) -> slice:
    """The slice of a listing asked for; a 400 naming ``limit`` above the maximum."""
    maximum = congress_settings.API_MAX_LIMIT
    if limit is None:
        limit = min(congress_settings.API_DEFAULT_LIMIT, maximum)
    if limit > maximum:
        raise bad_parameter("limit", _("The limit must not exceed %d.") % maximum)
    return slice(offset, offset + limit)
