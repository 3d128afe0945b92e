"""frab's newer, flat "schedule 2" JSON (c3voc's ``schema2.json``, the c3 hub's layout).

Made from the classic schedule (:func:`.frab.schedule_data`), so both carry the same values
and identifiers: top-level ``events`` (with ``start``/``end`` and room and track references)
and ``persons``, instead of events nested in days and rooms. Breaks are ``BREAK`` meta events.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.http import HttpRequest

from ..choices import SessionFormat, SpeakerRole
from ..models import CongressPage, SessionPage
from .frab import Data, schedule_data

SCHEMA2_URL = "https://c3voc.de/schema/schedule2"

# The schema's event types, for the package's session formats (the rest are OTHER).
EVENT_TYPES = {
    SessionFormat.PANEL: "DISCUSSION",
    SessionFormat.DEBATE: "DISCUSSION",
    SessionFormat.LECTURE: "TALK",
    SessionFormat.PRESENTATION: "TALK",
    SessionFormat.WORKSHOP: "WORKSHOP",
    SessionFormat.KALEIDOSCOPE: "LIGHTNING_TALK",
    SessionFormat.NETWORKING: "MEETING",
}
PARTICIPANT_ROLES = {
    SpeakerRole.MODERATOR: "MODERATOR",
    SpeakerRole.HOST: "HOST",
}


def _references(references: list[Data]) -> list[Data]:
    """Links and attachments with the schema's upper-case types."""
    return [reference | {"type": reference["type"].upper()} for reference in references]


def _language(code: str) -> str:
    """An ISO 639-1 code, as the schema wants (``pt-br`` -> ``pt``)."""
    return code.split("-")[0][:2].lower()


def _event(event: Data, session: SessionPage, room: Data, track_slugs: dict[str, str]) -> Data:
    start = event["date"]  # in the congress's zone, like the end
    end = (datetime.datetime.fromisoformat(start) + (session.end - session.start)).isoformat()
    if session.format == SessionFormat.BREAK:
        return {
            "type": "BREAK",
            "guid": event["guid"],
            "title": event["title"],
            "start": start,
            "end": end,
            "room": room,
        }
    links = _references(event["links"])
    if event.get("feedback_url"):
        links.append({"type": "FEEDBACK", "url": event["feedback_url"]})
    return {
        "guid": event["guid"],
        "start": start,
        "end": end,
        "room": room,
        "url": event["url"],
        "slug": event["slug"],
        "title": event["title"],
        "subtitle": event["subtitle"],
        "track": {"slug": track_slugs.get(event["track"] or "", "other")},
        "type": EVENT_TYPES.get(session.format, "OTHER"),
        "language": _language(event["language"]),
        "abstract": event["abstract"],
        "description": event["description"],
        "participants": [
            {
                "guid": person["guid"],
                "name": person["name"],
                "role": PARTICIPANT_ROLES.get(row.role, "SPEAKER"),
            }
            for person, row in zip(event["persons"], session.speakers.all(), strict=True)
        ],
        "links": links,
        "attachments": _references(event["attachments"]),
    }


def schedule2_data(
    congress: CongressPage, sessions: Iterable[SessionPage], request: HttpRequest
) -> Data:
    """The schedule in the "schedule 2" layout (``schema2.json``)."""
    if hasattr(sessions, "with_source_version"):
        sessions = sessions.with_source_version()
    sessions = list(sessions)
    classic = schedule_data(congress, sessions, request)
    conference = classic["schedule"]["conference"]
    by_guid = {str(session.translation_key): session for session in sessions}
    rooms = {room["name"]: room for room in conference["rooms"]}
    track_slugs = {track["name"]: track["slug"] for track in conference["tracks"]}
    events, persons = [], {}
    for day in conference["days"]:
        for room_name, room_events in day["rooms"].items():
            room = {"name": room_name, "guid": rooms[room_name]["guid"]}
            for event in room_events:
                session = by_guid[event["guid"]]
                events.append(_event(event, session, room, track_slugs))
                for person in event["persons"]:
                    persons.setdefault(person["guid"], _person(person))
    events.sort(key=lambda event: event["start"])
    return {
        "$schema": SCHEMA2_URL,
        "generator": classic["generator"],
        "schedule": {
            "version": classic["schedule"]["version"],
            "base_url": classic["schedule"]["base_url"],
            "conference": _conference(congress, conference),
            "events": events,
            "persons": list(persons.values()),
        },
    }


def _person(person: Data) -> Data:
    result = {key: person[key] for key in ("guid", "name", "biography")}
    if person.get("links"):
        result["links"] = _references(person["links"])
    return result


def _conference(congress: CongressPage, conference: Data) -> Data:
    result = {
        "acronym": conference["acronym"],
        "title": conference["title"],
        "start": congress.local_start.isoformat(),
        "end": congress.local_end.isoformat(),
        "timeslot_duration": "PT5M",
        "time_zone_name": conference["time_zone_name"],
        "languages": [code for code in congress.languages if re.fullmatch("[a-z]{2}", code)],
        "tracks": conference["tracks"],
        "rooms": conference["rooms"],
        "days": [
            {
                "index": day["index"],
                "date": day["date"],
                "start": day["day_start"],
                "end": day["day_end"],
            }
            for day in conference["days"]
        ],
    }
    if conference.get("url"):
        result["url"] = conference["url"]
    return result
