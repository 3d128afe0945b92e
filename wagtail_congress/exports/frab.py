"""The frab / c3voc schedule (``schedule.xml`` and ``schedule.json``) of a congress.

Follows the schemas of voc/schedule (``validator/xsd/schedule.xml.xsd`` and
``validator/json/schema.json``): days in the congress's timezone from midnight to midnight,
rooms in order of first use, event and person GUIDs from ``translation_key`` (shared by the
Polish and English schedule), durations as ``HH:MM``.

It builds XML and never parses any, so bandit's B405 (XML parsing attacks) does not apply.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
import xml.etree.ElementTree as ET  # nosec B405
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from anyascii import anyascii
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .. import __version__
from ..absolute_urls import absolute_url
from ..models import CongressPage, SessionPage, SessionTrackPage
from .common import plain_text, site_hostname, xml_text

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

Data = dict[str, Any]


def _text(value: str | None) -> str:
    return xml_text(value)


def _ascii_slug(value: str, separator: str = "-") -> str:
    slug = re.sub(r"[^a-z0-9]+", separator, anyascii(value).lower())
    return slug.strip("-_")


def acronym(congress: CongressPage) -> str:
    """Lower-case letters, digits and underscores, at least four (both schemas agree)."""
    return _ascii_slug(congress.slug, "_").ljust(4, "_")


def _duration(start: datetime.datetime, end: datetime.datetime) -> str:
    minutes = max(int((end - start).total_seconds() // 60), 0)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _room_guid(congress: CongressPage, name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:uuid:{congress.translation_key}/room/{name}"))


def _track_names(congress: CongressPage) -> dict[str, SessionTrackPage]:
    """The congress's tracks by path (one query), to name each session's own track."""
    tracks = SessionTrackPage.objects.in_congress(congress).filter(alias_of__isnull=True)
    return {track.path: track for track in tracks}


def event_data(
    session: SessionPage,
    congress: CongressPage,
    room: str,
    track: SessionTrackPage | None,
    request: HttpRequest,
) -> Data:
    """One event in the JSON layout; :func:`xml_document` writes the same values as XML."""
    start = session.start.astimezone(congress.tzinfo)
    links = []
    if session.stream_url:
        links.append({"url": session.stream_url, "title": _("Live stream"), "type": "media"})
    if session.recording_url:
        links.append({"url": session.recording_url, "title": _("Recording"), "type": "media"})
    return {
        "guid": str(session.translation_key),
        "id": session.pk,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "end": session.end.astimezone(congress.tzinfo).isoformat(),
        "duration": _duration(session.start, session.end),
        "room": room,
        "slug": f"{acronym(congress)}-{session.pk}-{_ascii_slug(session.slug) or 'session'}",
        "url": session.get_full_url(request),
        "title": _text(session.title),
        "subtitle": "",
        "track": _text(track.title) if track else None,
        "type": session.get_format_display(),
        "language": session.language,
        "abstract": _text(plain_text(session.description)),
        "description": "",
        "persons": [
            {
                "name": _text(row.speaker.name),
                "guid": str(row.speaker.translation_key),
                "biography": _text(plain_text(row.speaker.bio)),
            }
            for row in session.speakers.all()
        ],
        "links": links,
    }


def schedule_data(
    congress: CongressPage, sessions: Iterable[SessionPage], request: HttpRequest
) -> Data:
    """The whole schedule as ``schedule.json`` (c3voc's classic layout)."""
    sessions = list(sessions)
    tz = congress.tzinfo
    tracks = _track_names(congress)
    days: dict[datetime.date, dict[str, list[Data]]] = {day: {} for day in congress.days}
    rooms: dict[str, str] = {}
    used_tracks: dict[str, SessionTrackPage] = {}
    for session in sessions:
        room = session.room or congress.venue or _("Online")
        rooms.setdefault(room, _room_guid(congress, room))
        track = tracks.get(session.path[: -SessionPage.steplen])
        if track:
            used_tracks.setdefault(track.path, track)
        day = session.start.astimezone(tz).date()
        event = event_data(session, congress, room, track, request)
        days.setdefault(day, {}).setdefault(room, []).append(event)
    conference = {
        "acronym": acronym(congress),
        "title": _text(congress.title),
        "start": congress.local_start.isoformat(),
        "end": congress.local_end.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": "00:05",
        "time_zone_name": congress.timezone,
        "url": congress.get_full_url(request),
        "tracks": [
            {"name": _text(track.title), "slug": _ascii_slug(track.slug) or "track"}
            | ({"color": track.colour} if track.colour else {})
            for track in used_tracks.values()
        ],
        "rooms": [{"name": name, "guid": guid} for name, guid in rooms.items()],
        "days": [
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": datetime.datetime.combine(day, datetime.time(), tz).isoformat(),
                "day_end": datetime.datetime.combine(
                    day, datetime.time(23, 59, 59), tz
                ).isoformat(),
                "rooms": days[day],
            }
            for index, day in enumerate(sorted(days), start=1)
        ],
    }
    stamps = [session.last_published_at for session in sessions if session.last_published_at]
    version = max(stamps).isoformat() if stamps else "1"  # changes whenever a session does
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "wagtail-congress", "version": __version__},
        "schedule": {
            "version": version,
            "base_url": _base_url(conference["url"]) or absolute_url("/", request),
            "conference": conference,
        },
    }


def _base_url(url: str | None) -> str | None:
    """The site's root URL, from the congress's full URL (not the request's host)."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def json_document(data: Data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element; text and attributes without the characters XML 1.0 cannot hold."""
    element = ET.SubElement(parent, tag, {name: xml_text(value) for name, value in attrs.items()})
    if text is not None:
        element.text = xml_text(str(text))
    return element


def xml_document(data: Data, hostname: str) -> bytes:
    """The schedule in ``schedule.xml`` form, from :func:`schedule_data`'s values."""
    schedule = data["schedule"]
    conference = schedule["conference"]
    root = ET.Element("schedule")
    _sub(root, "generator", name="wagtail-congress", system=hostname, version=__version__)
    _sub(root, "version", schedule["version"])
    conf = _sub(root, "conference")
    for tag in ("title", "acronym", "start", "end"):
        _sub(conf, tag, conference[tag])
    _sub(conf, "days", conference["daysCount"])
    _sub(conf, "timeslot_duration", conference["timeslot_duration"])
    if conference["url"]:
        _sub(conf, "base_url", schedule["base_url"])
        _sub(conf, "url", conference["url"])
    _sub(conf, "time_zone_name", conference["time_zone_name"])
    for track in conference["tracks"]:
        attrs = {"name": track["name"]}
        if re.fullmatch(r"[a-z][a-z0-9-]+", track["slug"]):
            attrs["slug"] = track["slug"]
        if track.get("color"):
            attrs["color"] = track["color"]
        _sub(conf, "track", track["name"], **attrs)
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = _sub(
            root,
            "day",
            index=str(day["index"]),
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for room, events in day["rooms"].items():
            room_element = _sub(day_element, "room", name=room, guid=guids[room])
            for event in events:
                _event_xml(room_element, event)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _event_xml(room: ET.Element, event: Data) -> None:
    element = _sub(room, "event", id=str(event["id"]), guid=event["guid"])
    for tag in ("date", "start", "duration", "room", "slug", "title", "subtitle"):
        _sub(element, tag, event[tag])
    _sub(element, "track", event["track"] or "")
    for tag in ("type", "language", "abstract", "description"):
        _sub(element, tag, event[tag])
    if event["url"]:
        _sub(element, "url", event["url"])
    persons = _sub(element, "persons")
    for person in event["persons"]:
        _sub(persons, "person", person["name"], guid=person["guid"])
    links = _sub(element, "links")
    for link in event["links"]:
        _sub(links, "link", link["title"], href=link["url"], type=link["type"])


def schedule_xml(data: Data, request: HttpRequest) -> bytes:
    return xml_document(data, site_hostname(request))
