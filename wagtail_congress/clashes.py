"""Room double-bookings and speaker clashes among the sessions of a congress.

Editors plan with drafts, so a session is taken as its latest draft: a page that is not live
as its database row, a live page with unpublished changes as its latest revision. The
timetable view and the warnings shown when a session is saved both use this module.

Two sessions overlap when ``start < other.end and other.start < end``: a session may begin
in a room the minute the previous one ends. Only sessions of one congress and one locale are
compared.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from wagtail.models import Revision

from .models import CongressPage, SessionPage, SessionTrackPage, Speaker
from .models.sessions import SessionSpeaker


@dataclass(eq=False)
class PlannedSession:
    """A session as its editors currently plan it (its latest draft)."""

    pk: int | None
    title: str
    start: datetime.datetime
    end: datetime.datetime
    room: str
    speaker_ids: tuple[int, ...]
    parent_path: str
    live: bool
    has_unpublished_changes: bool
    speakers: list[Speaker] = field(default_factory=list)
    track: SessionTrackPage | None = None
    clashes: list[Clash] = field(default_factory=list)

    @property
    def is_draft(self) -> bool:
        """Never published: visitors do not see it yet."""
        return not self.live

    @property
    def has_draft_changes(self) -> bool:
        """Published, with changes (shown here) that visitors do not see yet."""
        return self.live and self.has_unpublished_changes

    @property
    def room_key(self) -> str:
        """The room compared case- and space-insensitively ("Sala A" is "sala a ")."""
        return " ".join(self.room.split()).casefold()

    def time_range(self, tzinfo: datetime.tzinfo) -> str:
        """ "2021-06-08 10:00–11:30" in ``tzinfo`` (the end with its date if on another day)."""
        start, end = self.start.astimezone(tzinfo), self.end.astimezone(tzinfo)
        end_format = "%H:%M" if end.date() == start.date() else "%Y-%m-%d %H:%M"
        return f"{start:%Y-%m-%d %H:%M}–{end:{end_format}}"

    def overlaps(self, other: PlannedSession) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, eq=False)
class Clash:
    """``session`` shares its room or a speaker with ``other`` at an overlapping time."""

    kind: Literal["room", "speaker"]
    session: PlannedSession
    other: PlannedSession
    speaker: Speaker | None = None

    @property
    def room(self) -> str:
        return self.other.room

    def describe(self, tzinfo: datetime.tzinfo) -> str:
        """One sentence naming the other session and its time, in the congress's timezone."""
        params = {
            "session": self.other.title,
            "time": self.other.time_range(tzinfo),
            "room": self.other.room,
            "speaker": self.speaker.name if self.speaker else "",
        }
        if self.kind == "room":
            return _("Room “%(room)s” taken by “%(session)s” (%(time)s).") % params
        return _("Speaker %(speaker)s is also in “%(session)s” (%(time)s).") % params


def planned_sessions(congress: CongressPage) -> list[PlannedSession]:
    """Every session of ``congress`` (drafts included) with its track and speakers.

    A constant number of queries (five), however many sessions the congress has.
    """
    pages = list(
        SessionPage.objects.descendant_of(congress)
        .filter(locale_id=congress.locale_id)
        .order_by("start", "end", "path")
        .only(
            "pk",
            "title",
            "draft_title",
            "path",
            "start",
            "end",
            "room",
            "live",
            "has_unpublished_changes",
            "latest_revision_id",
        )
    )
    speaker_ids: dict[int, list[int]] = {page.pk: [] for page in pages}
    for page_id, speaker_id in (
        SessionSpeaker.objects.filter(page__in=[page.pk for page in pages])
        .order_by("sort_order", "pk")
        .values_list("page_id", "speaker_id")
    ):
        speaker_ids[page_id].append(speaker_id)
    drafts = _draft_contents(page for page in pages if page.live and page.has_unpublished_changes)
    sessions = [
        _planned_from_draft(page, drafts[page.pk])
        if page.pk in drafts
        else _planned_from_page(page, speaker_ids[page.pk])
        for page in pages
    ]
    sessions.sort(key=lambda session: (session.start, session.end, session.parent_path))
    _attach_speakers_and_tracks(sessions, congress)
    return sessions


def planned_session(page: SessionPage) -> PlannedSession:
    """``page`` as it is in memory, for instance just saved by the page editor."""
    return _planned_from_page(page, [row.speaker_id for row in page.speakers.all()])


def find_clashes(sessions: list[PlannedSession]) -> list[Clash]:
    """Every room double-booking and speaker clash, once per session involved.

    Each session's ``clashes`` list is filled in too, for the timetable.
    """
    clashes: list[Clash] = []
    ordered = sorted(sessions, key=lambda session: session.start)
    for index, session in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.start >= session.end:
                break
            if session.overlaps(other):
                clashes.extend(_pair_clashes(session, other))
                clashes.extend(_pair_clashes(other, session))
    for clash in clashes:
        clash.session.clashes.append(clash)
    return clashes


def clashes_for_session(page: SessionPage) -> list[Clash]:
    """The clashes ``page`` (as in memory) has with the other sessions of its congress."""
    congress = page.congress
    if congress is None or not page.start or not page.end:
        return []
    session = planned_session(page)
    return [
        clash
        for other in planned_sessions(congress)
        if other.pk != page.pk and session.overlaps(other)
        for clash in _pair_clashes(session, other)
    ]


def _pair_clashes(session: PlannedSession, other: PlannedSession) -> Iterable[Clash]:
    if session.room_key and session.room_key == other.room_key:
        yield Clash("room", session, other)
    shared = set(other.speaker_ids)
    by_id = {speaker.pk: speaker for speaker in other.speakers}
    for speaker_id in dict.fromkeys(session.speaker_ids):
        if speaker_id in shared:
            yield Clash("speaker", session, other, by_id.get(speaker_id, Speaker(pk=speaker_id)))


def _planned_from_page(page: SessionPage, speaker_ids: list[int]) -> PlannedSession:
    return PlannedSession(
        pk=page.pk,
        title=page.draft_title or page.title,
        start=page.start,
        end=page.end,
        room=page.room,
        speaker_ids=tuple(speaker_ids),
        parent_path=page.path[: -SessionPage.steplen] if page.path else "",
        live=page.live,
        has_unpublished_changes=page.has_unpublished_changes,
    )


def _draft_contents(pages: Iterable[SessionPage]) -> dict[int, dict]:
    """The latest revision's content of each of ``pages``, by page id (one query)."""
    revision_ids = {page.latest_revision_id: page.pk for page in pages if page.latest_revision_id}
    if not revision_ids:
        return {}
    revisions = Revision.objects.filter(pk__in=revision_ids).values_list("pk", "content")
    return {revision_ids[pk]: content for pk, content in revisions}


def _planned_from_draft(page: SessionPage, content: dict) -> PlannedSession:
    """``page`` with the times, room, title and speakers of its latest revision."""
    session = _planned_from_page(page, [])
    session.title = content.get("title") or session.title
    session.start = _parse_moment(content.get("start")) or session.start
    session.end = _parse_moment(content.get("end")) or session.end
    session.room = content.get("room", session.room) or ""
    session.speaker_ids = tuple(
        row["speaker"] for row in content.get("speakers", []) if row.get("speaker")
    )
    return session


def _parse_moment(value: str | None) -> datetime.datetime | None:
    return parse_datetime(value) if value else None


def _attach_speakers_and_tracks(sessions: list[PlannedSession], congress: CongressPage) -> None:
    """Speaker objects and the parent track of each session, in two queries."""
    ids = {speaker_id for session in sessions for speaker_id in session.speaker_ids}
    speakers = Speaker.objects.in_bulk(ids) if ids else {}
    tracks = {
        track.path: track
        for track in SessionTrackPage.objects.descendant_of(congress).only(
            "pk", "title", "draft_title", "path", "colour", "live"
        )
    }
    for session in sessions:
        session.speakers = [speakers[pk] for pk in session.speaker_ids if pk in speakers]
        session.track = tracks.get(session.parent_path)
