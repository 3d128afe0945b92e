"""A congress's programme: its visible tracks and sessions, in a constant number of queries."""

from __future__ import annotations

from itertools import groupby

from ..models import CongressPage, SessionPage, SessionTrackPage
from ..models.querysets import SessionQuerySet
from . import schemas
from .params import SessionFilters, apply_session_filters
from .representation import Representation
from .visibility import Audience


class CongressProgramme:
    """The tracks and (filtered) sessions of one congress that the audience may see."""

    def __init__(self, audience: Audience, congress: CongressPage) -> None:
        self.audience = audience
        self.congress = congress
        # One query for every track, nested ones included; sessions find theirs by path.
        self.tracks = list(audience.pages(SessionTrackPage).descendant_of(congress))
        self.tracks_by_path = {track.path: track for track in self.tracks}
        self.tracks_by_id = {track.pk: track for track in self.tracks}

    def sessions(self, filters: SessionFilters) -> SessionQuerySet:
        sessions = self.audience.pages(SessionPage).descendant_of(self.congress)
        return apply_session_filters(sessions, filters, self.congress, self.tracks_by_id)

    def track_of(self, session: SessionPage) -> SessionTrackPage | None:
        return self.tracks_by_path.get(session.path[: -session.steplen])

    def items(
        self, representation: Representation, sessions: list[SessionPage]
    ) -> list[schemas.SessionItem]:
        representation.prepare_sessions(sessions)
        tz = self.congress.tzinfo
        return [representation.session(session, self.track_of(session), tz) for session in sessions]

    def by_day(
        self, representation: Representation, filters: SessionFilters
    ) -> list[schemas.ProgrammeDay]:
        """Every day of the congress (or the one asked for), each with its sessions in order."""
        sessions = list(self.sessions(filters).for_api_programme())
        items = self.items(representation, sessions)
        by_date = {
            date: list(day_items)
            for date, day_items in groupby(items, key=lambda i: i.start.date())
        }
        # A session outside the congress's dates (imported, say) still gets its day.
        days = [filters.day] if filters.day else sorted({*self.congress.days, *by_date})
        return [schemas.ProgrammeDay(date=day, sessions=by_date.get(day, [])) for day in days]
