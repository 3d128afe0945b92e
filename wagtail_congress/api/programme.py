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
        # Alias tracks come with them: a session under one shows the alias's source.
        tracks = list(tracks_and_aliases(audience).descendant_of(congress))
        self.tracks = [track for track in tracks if not track.alias_of_id]
        self.tracks_by_path = {track.path: track for track in self.tracks}
        self.tracks_by_id = {track.pk: track for track in self.tracks}
        self.source_tracks = alias_sources(audience, [t for t in tracks if t.alias_of_id])

    def sessions(self, filters: SessionFilters) -> SessionQuerySet:
        sessions = self.audience.pages(SessionPage).descendant_of(self.congress)
        return apply_session_filters(sessions, filters, self.congress, self.tracks_by_id)

    def track_of(self, session: SessionPage) -> SessionTrackPage | None:
        parent_path = session.path[: -session.steplen]
        return self.tracks_by_path.get(parent_path) or self.source_tracks.get(parent_path)

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
        # The items are validated already: building each day with validation would check every
        # session again through ninja's attribute getter (13 % of a 400-session programme).
        return [
            schemas.ProgrammeDay.model_construct(date=day, sessions=by_date.get(day, []))
            for day in days
        ]


def tracks_and_aliases(audience: Audience):
    """Visible tracks of the audience's locale, and the live alias tracks among them."""
    tracks = SessionTrackPage.objects.live().filter(locale__language_code=audience.language_code)
    return tracks.exclude(audience.hidden_q) if audience.hidden_paths else tracks


def alias_sources(
    audience: Audience, aliases: list[SessionTrackPage]
) -> dict[str, SessionTrackPage]:
    """Alias tracks' paths -> their visible sources (one query, none without aliases).

    wagtail-localize creates a translated session's parents as aliases of the Polish tracks;
    such a track is the source's content, so a session under it links the source, whose
    ``reference_locale`` says its language (the page-reference rule).
    """
    if not aliases:
        return {}
    sources = audience.public(
        SessionTrackPage.objects.filter(pk__in=[alias.alias_of_id for alias in aliases])
    ).select_related("locale")
    by_pk = {}
    for source in sources:
        source.reference_locale = source.locale.language_code
        by_pk[source.pk] = source
    return {alias.path: by_pk[alias.alias_of_id] for alias in aliases if alias.alias_of_id in by_pk}
