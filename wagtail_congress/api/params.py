"""Query parameters shared by the routes, and their checks beyond what their types say."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from django.db import models
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from pydantic import BeforeValidator

from ..choices import SessionFormat, spoken_language_choices
from ..models import Partner, SessionTrackPage, Speaker, ThematicArea
from ..models.querysets import SessionQuerySet
from .errors import bad_parameter

# Ids are bounded so that no database is asked for an integer it cannot hold.
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, Field(max_length=200)]

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD``: pydantic would otherwise read ``0.0`` or ``1700000000`` as a
    Unix timestamp, a day the client never meant."""
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("a day must be written YYYY-MM-DD")
    return value


Day = Annotated[datetime.date, BeforeValidator(_iso_day)]


def locale_param():
    """The ``locale`` query parameter every route takes."""
    return Query(
        None,
        max_length=16,
        description="Content language, such as pl or en. Default: the request's language.",
    )


def clean_text(parameter: str, value: str | None) -> str | None:
    """``value`` stripped; NUL characters (which PostgreSQL refuses) are a 400."""
    if value is None:
        return None
    if "\x00" in value:
        raise bad_parameter(parameter, _("The value must not contain NUL characters."))
    return value.strip() or None


class SessionFilters(Schema):
    """Filters of a congress's programme and sessions listing; all optional, combined with AND."""

    day: Day | None = Field(None, description="A day of the congress, YYYY-MM-DD.")
    track: ObjectId | None = Field(None, description="A track id; includes nested tracks.")
    room: Text | None = Field(None, description="A room or stage, exactly as the sessions name it.")
    format: Text | None = Field(None, description="A session format, such as panel or workshop.")
    language: Text | None = Field(None, description="The language a session is held in (pl, en).")
    speaker: ObjectId | None = Field(None, description="A speaker id (either language version).")
    partner: ObjectId | None = Field(None, description="A partner id (either language version).")
    thematic_area: ObjectId | None = Field(None, description="A thematic area id.")
    q: Text | None = Field(None, description="Text searched in titles and descriptions.")


def _translation_key(model: type[models.Model], parameter: str, pk: int):
    key = model.objects.filter(pk=pk).values_list("translation_key", flat=True).first()
    if key is None:
        raise bad_parameter(
            parameter,
            _("No %(name)s has the id %(id)s.")
            % {
                "name": model._meta.verbose_name,
                "id": pk,
            },
        )
    return key


def apply_session_filters(
    sessions: SessionQuerySet,
    filters: SessionFilters,
    congress,
    tracks_by_id: dict[int, SessionTrackPage],
) -> SessionQuerySet:
    """``sessions`` filtered as asked; a 400 naming the parameter for a value that names nothing."""
    if filters.day is not None:
        if filters.day not in congress.days:
            raise bad_parameter("day", _("The congress does not take place on this day."))
        sessions = sessions.on_day(filters.day, congress.tzinfo)
    if filters.track is not None:
        track = tracks_by_id.get(filters.track)
        if track is None:
            raise bad_parameter("track", _("This congress has no published track with this id."))
        sessions = sessions.in_track(track)
    if room := clean_text("room", filters.room):
        sessions = sessions.filter(room=room)
    if filters.format is not None:
        if filters.format not in SessionFormat.values:
            raise bad_parameter(
                "format", _("Unknown format. Use one of: %s.") % ", ".join(SessionFormat.values)
            )
        sessions = sessions.filter(format=filters.format)
    if filters.language is not None:
        if filters.language not in dict(spoken_language_choices()):
            raise bad_parameter("language", _("Unknown language."))
        sessions = sessions.filter(language=filters.language)
    if filters.speaker is not None:
        sessions = sessions.with_speaker(_translation_key(Speaker, "speaker", filters.speaker))
    if filters.partner is not None:
        sessions = sessions.with_partner(_translation_key(Partner, "partner", filters.partner))
    if filters.thematic_area is not None:
        key = _translation_key(ThematicArea, "thematic_area", filters.thematic_area)
        sessions = sessions.in_thematic_area(key)
    if text := clean_text("q", filters.q):
        sessions = sessions.search_text(text)
    return sessions
