"""The admin timetable of a congress: one grid per day, rooms as columns, time as rows."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from ..clashes import Clash, PlannedSession, find_clashes, planned_sessions
from ..models import CongressPage
from .permissions import CongressToolView

SLOT_MINUTES = 5
LABEL_EVERY_MINUTES = 30
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")


@dataclass
class PlacedSession:
    """A session at its place in a day's grid (CSS grid lines, 1-based)."""

    session: PlannedSession
    row_start: int
    row_end: int
    column: int
    start_label: str
    end_label: str
    edit_url: str
    warnings: list[str]

    @property
    def colour(self) -> str:
        """The track's colour if it is a plain hex colour (it goes into a style attribute)."""
        colour = self.session.track.colour if self.session.track else ""
        return colour if HEX_COLOUR.fullmatch(colour) else ""


@dataclass
class RoomColumn:
    """A room's header: its name ("" for sessions without a room) over ``lanes`` columns."""

    name: str
    column: int
    lanes: int

    @property
    def column_end(self) -> int:
        return self.column + self.lanes


@dataclass
class TimetableDay:
    date: datetime.date
    rooms: list[RoomColumn] = field(default_factory=list)
    sessions: list[PlacedSession] = field(default_factory=list)
    time_labels: list[tuple[int, str]] = field(default_factory=list)
    slot_count: int = 0

    @property
    def lane_count(self) -> int:
        return sum(room.lanes for room in self.rooms)


def _minutes(moment: datetime.datetime, day: datetime.date) -> int:
    """Minutes since the midnight of ``day``; a session past midnight ends at 24:00."""
    if moment.date() > day:
        return 24 * 60
    return moment.hour * 60 + moment.minute


def _lanes(sessions: list[PlannedSession]) -> dict[int, int]:
    """Side-by-side lanes for overlapping sessions of one room (greedy, by start time)."""
    lane_ends: list[datetime.datetime] = []
    lanes = {}
    for session in sorted(sessions, key=lambda session: (session.start, session.end)):
        lane = next((n for n, end in enumerate(lane_ends) if end <= session.start), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(session.end)
        lane_ends[lane] = session.end
        lanes[id(session)] = lane
    return lanes


def build_day(
    day: datetime.date,
    sessions: list[PlannedSession],
    tzinfo: datetime.tzinfo,
    room_names: dict[str, str],
) -> TimetableDay:
    """Place ``sessions`` (all starting on ``day``) in a grid; rooms in ``room_names`` order."""
    timetable = TimetableDay(date=day)
    if not sessions:
        return timetable
    local = {id(s): (s.start.astimezone(tzinfo), s.end.astimezone(tzinfo)) for s in sessions}
    first = min(_minutes(start, day) for start, _end in local.values()) // 60 * 60
    last = -(-max(_minutes(end, day) for _start, end in local.values()) // 60) * 60
    timetable.slot_count = max((last - first) // SLOT_MINUTES, 1)
    timetable.time_labels = [
        ((minute - first) // SLOT_MINUTES + 2, f"{minute // 60:02d}:{minute % 60:02d}")
        for minute in range(first, last, LABEL_EVERY_MINUTES)
    ]
    by_room: dict[str, list[PlannedSession]] = defaultdict(list)
    for session in sessions:
        by_room[session.room_key].append(session)
    column = 2  # column 1 holds the times
    for key in [key for key in room_names if key in by_room] + ([""] if "" in by_room else []):
        lanes = _lanes(by_room[key])
        room = RoomColumn(
            name=room_names.get(key, ""), column=column, lanes=max(lanes.values()) + 1
        )
        timetable.rooms.append(room)
        column = room.column_end
        for session in by_room[key]:
            start, end = local[id(session)]
            row_start = (_minutes(start, day) - first) // SLOT_MINUTES + 2
            row_end = -(-(_minutes(end, day) - first) // SLOT_MINUTES) + 2
            timetable.sessions.append(
                PlacedSession(
                    session=session,
                    row_start=row_start,
                    row_end=max(row_end, row_start + 1),
                    column=room.column + lanes[id(session)],
                    start_label=f"{start:%H:%M}",
                    end_label=f"{end:%H:%M}",
                    edit_url=reverse("wagtailadmin_pages:edit", args=[session.pk]),
                    warnings=[clash.describe(tzinfo) for clash in session.clashes],
                )
            )
    return timetable


def build_timetable(congress: CongressPage, sessions: list[PlannedSession]) -> list[TimetableDay]:
    """One :class:`TimetableDay` per congress day (and per other day a session is on)."""
    tzinfo = congress.tzinfo
    by_day: dict[datetime.date, list[PlannedSession]] = defaultdict(list)
    room_names: dict[str, str] = {}
    for session in sessions:
        by_day[session.start.astimezone(tzinfo).date()].append(session)
        if session.room_key:
            room_names.setdefault(session.room_key, session.room.strip())
    days = sorted(set(congress.days) | set(by_day))
    return [build_day(day, by_day[day], tzinfo, room_names) for day in days]


def distinct_clashes(clashes: list[Clash]) -> list[Clash]:
    """Each clash once (``find_clashes`` lists it for both sessions)."""
    seen = set()
    result = []
    for clash in clashes:
        key = (clash.kind, frozenset((id(clash.session), id(clash.other))), clash.speaker)
        if key not in seen:
            seen.add(key)
            result.append(clash)
    return result


class TimetableView(CongressToolView, TemplateView):
    """Days × rooms of one congress, drafts included, with clashes flagged."""

    page_title = _("Timetable")
    template_name = "wagtail_congress/admin/timetable.html"
    header_icon = "calendar"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = planned_sessions(self.congress)
        clashes = find_clashes(sessions)
        tzinfo = self.congress.tzinfo
        context.update(
            congress=self.congress,
            days=build_timetable(self.congress, sessions),
            session_count=len(sessions),
            draft_count=sum(1 for s in sessions if s.is_draft or s.has_draft_changes),
            clashes=[
                (clash, clash.describe(tzinfo), clash.session.time_range(tzinfo))
                for clash in distinct_clashes(clashes)
            ],
            slot_minutes=SLOT_MINUTES,
        )
        return context
