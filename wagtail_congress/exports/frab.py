"""The frab / c3voc schedule (``schedule.xml`` and ``schedule.json``) of a congress.

Follows the schemas of voc/schedule (``validator/xsd/schedule.xml.xsd`` and
``validator/json/schema.json``): days in the congress's timezone from midnight to midnight,
rooms in order of first use, durations as ``HH:MM``. Every identifier is the same in the Polish
and English schedule: GUIDs from ``translation_key``, and numeric ids, slugs, the acronym and
room GUIDs from the first-created language version of each page (``first_version``), so a
translated title, slug or room name changes none of them. The JSON has the keys pretalx
emits and no others (no event ``end``), so c3voc's own library reads it and writes XML that
its XSD accepts.

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
from urllib.parse import urljoin, urlsplit

from anyascii import anyascii
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from .. import __version__
from ..absolute_urls import absolute_url
from ..conf import congress_settings
from ..models import CongressPage, SessionPage, SessionTrackPage
from .common import plain_text, site_hostname, xml_text

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

Data = dict[str, Any]


def _text(value: str | None) -> str:
    return xml_text(value)


def _ascii_slug(value: str, separator: str = "-") -> str:
    slug = re.sub(r"[^a-z0-9]+", separator, anyascii(value).lower())
    return slug.strip("-_")


def acronym(slug: str) -> str:
    """A congress slug as lower-case letters, digits and underscores, at least four (both
    schemas agree)."""
    return _ascii_slug(slug, "_").ljust(4, "_")


_BLOCK_END = re.compile(r"</(p|h[1-6]|blockquote|div|ul|ol)>", re.IGNORECASE)


def lead_and_body(rich_text: str) -> tuple[str, str]:
    """The first paragraph (or list, heading ...) of rich text and the rest, as plain text:
    frab's ``abstract`` and ``description``, so apps showing both show the text once."""
    rich_text = rich_text or ""
    for match in _BLOCK_END.finditer(rich_text):
        lead = plain_text(rich_text[: match.end()])
        if lead:  # empty paragraphs before the first words belong to the lead
            return lead, plain_text(rich_text[match.end() :])
    return plain_text(rich_text), ""


def _track_slug(track: SessionTrackPage) -> str:
    """The slug of the track's first language version, as both schemas accept it."""
    slug = _ascii_slug(getattr(track, "source_slug", None) or track.slug)
    if re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", slug):
        return slug
    return f"track-{slug}" if slug else "track"


def _duration(start: datetime.datetime, end: datetime.datetime) -> str:
    minutes = max(int((end - start).total_seconds() // 60), 0)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _room_guid(congress: CongressPage, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:uuid:{congress.translation_key}/room/{key}"))


def _track_names(congress: CongressPage) -> dict[str, SessionTrackPage]:
    """The congress's tracks by path (one query), to name each session's own track."""
    tracks = (
        SessionTrackPage.objects.in_congress(congress)
        .filter(alias_of__isnull=True)
        .with_source_slug()
    )
    return {track.path: track for track in tracks}


def _source_congress(congress: CongressPage) -> Data:
    """Slug and venue of the congress's first language version (one query): the acronym
    and the room of sessions without one are named after them in every language."""
    source = (
        CongressPage.objects.filter(translation_key=congress.translation_key)
        .order_by("pk")
        .values("slug", "venue")
        .first()
    )
    return source or {"slug": congress.slug, "venue": congress.venue}


def _room(session: SessionPage, congress: CongressPage, source: Data) -> tuple[str, str]:
    """The room's name in this language and its key, the same in every language: the room
    of the session's first language version, else the first congress version's venue."""
    name = session.room or congress.venue or _("Online")
    key = getattr(session, "source_room", None) or session.room or source["venue"] or "online"
    return name, key


def _raw_blocks(stream: Any, block_type: str) -> list[Data]:
    """The values of one block type in a StreamField, without resolving choosers (no query)."""
    raw = getattr(stream, "raw_data", stream) or []
    return [
        block["value"]
        for block in raw
        if isinstance(block, dict)
        and block.get("type") == block_type
        and isinstance(block.get("value"), dict)
    ]


def _public_documents(sessions: Iterable[SessionPage]) -> dict[int, Any]:
    """The documents the sessions' materials show that anyone may download, by id: none in a
    collection with a view restriction (two queries, none when no material is a document)."""
    ids = {
        value.get("document")
        for session in sessions
        for value in _raw_blocks(session.materials, "document")
    }
    ids = {pk for pk in ids if isinstance(pk, int)}
    if not ids:
        return {}
    restricted = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    documents = get_document_model().objects.filter(pk__in=ids).select_related("collection")
    return {
        document.pk: document
        for document in documents
        if not any(document.collection.path.startswith(path) for path in restricted)
    }


def _reference(url: str, title: str, kind: str) -> Data:
    return {"url": url, "title": _text(title), "type": kind}


def _links(session: SessionPage) -> list[Data]:
    """Stream, recording and the material links, as frab ``links``."""
    links = []
    if session.stream_url:
        links.append(_reference(session.stream_url, _("Live stream"), "media"))
    if session.recording_url:
        links.append(_reference(session.recording_url, _("Recording"), "media"))
    for value in _raw_blocks(session.materials, "link"):
        if value.get("url"):
            links.append(_reference(value["url"], value.get("title") or value["url"], "related"))
    return links


def _attachments(session: SessionPage, documents: dict[int, Any], base_url: str) -> list[Data]:
    """The session's material documents, as frab ``attachments`` with absolute URLs."""
    attachments = []
    for value in _raw_blocks(session.materials, "document"):
        document = documents.get(value.get("document"))
        try:
            url = document.url if document is not None else None
        except NoReverseMatch:  # the site serves no documents
            url = None
        if url:
            title = value.get("title") or document.title
            attachments.append(_reference(urljoin(base_url, url), title, "related"))
    return attachments


def _person(row: Any) -> Data:
    """A speaker as pretalx writes persons (``name``; ``public_name`` for frab's readers)."""
    speaker = row.speaker
    person = {
        "name": _text(speaker.name),
        "public_name": _text(speaker.name),
        "guid": str(speaker.translation_key),
        "biography": _text(plain_text(speaker.bio)),
    }
    links = [
        _reference(value["url"], value.get("label") or value["url"], "web")
        for value in _raw_blocks(speaker.links, "link")
        if value.get("url")
    ]
    if links:
        person["links"] = links
    return person


class _Placeholders(dict):
    """Leaves an unknown ``{name}`` in a feedback URL template as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def feedback_url(event: Data, conference_acronym: str) -> str | None:
    """The event's feedback page, from ``WAGTAIL_CONGRESS_FRAB_FEEDBACK_URL`` if it is set."""
    template = congress_settings.FRAB_FEEDBACK_URL
    if not template:
        return None
    values = {key: event[key] for key in ("guid", "id", "slug")}
    return template.format_map(_Placeholders(values, acronym=conference_acronym))


def event_data(
    session: SessionPage,
    congress: CongressPage,
    room: str,
    track: SessionTrackPage | None,
    request: HttpRequest,
    context: Data,
) -> Data:
    """One event in the JSON layout; :func:`xml_document` writes the same values as XML.

    ``context`` holds what every event of the schedule shares: ``acronym``, ``documents``
    (:func:`_public_documents`) and ``base_url``.
    """
    start = session.start.astimezone(congress.tzinfo)
    number = getattr(session, "source_pk", None) or session.pk
    slug = _ascii_slug(getattr(session, "source_slug", None) or session.slug)
    abstract, description = lead_and_body(session.description)
    licence, do_not_record = session.recording_terms(congress)
    event = {
        "guid": str(session.translation_key),
        "id": number,
        "date": start.isoformat(),
        "start": start.strftime("%H:%M"),
        "duration": _duration(session.start, session.end),
        "room": room,
        "slug": f"{context['acronym']}-{number}-{slug if len(slug) > 1 else 'session'}",
        "url": session.get_full_url(request),
        "title": _text(session.title),
        "subtitle": "",
        "track": _text(track.title) if track else None,
        "type": session.get_format_display(),
        "language": session.language,
        "abstract": _text(abstract),
        "description": _text(description),
        # In this order: c3voc's XML writer pairs the licence with the flag that follows it.
        "recording_license": _text(licence),
        "do_not_record": do_not_record,
        "persons": [_person(row) for row in session.speakers.all()],
        "links": _links(session),
        "attachments": _attachments(session, context["documents"], context["base_url"]),
    }
    if url := feedback_url(event, context["acronym"]):
        event["feedback_url"] = url
    return event


def schedule_data(
    congress: CongressPage, sessions: Iterable[SessionPage], request: HttpRequest
) -> Data:
    """The whole schedule as ``schedule.json`` (c3voc's classic layout).

    ``sessions`` in programme order; a ``SessionQuerySet`` is annotated with its first
    language versions here (``with_source_version``) for language-independent identifiers.
    """
    if hasattr(sessions, "with_source_version"):
        sessions = sessions.with_source_version()
    sessions = list(sessions)
    tz = congress.tzinfo
    tracks = _track_names(congress)
    source = _source_congress(congress)
    congress_url = congress.get_full_url(request)
    context = {
        "acronym": acronym(source["slug"]),
        "documents": _public_documents(sessions),
        "base_url": _base_url(congress_url) or absolute_url("/", request),
    }
    days: dict[datetime.date, dict[str, list[Data]]] = {day: {} for day in congress.days}
    rooms: dict[str, str] = {}
    used_tracks: dict[str, SessionTrackPage] = {}
    for session in sessions:
        room, room_key = _room(session, congress, source)
        rooms.setdefault(room, _room_guid(congress, room_key))
        track = tracks.get(session.path[: -SessionPage.steplen])
        if track:
            used_tracks.setdefault(track.path, track)
        day = session.start.astimezone(tz).date()
        event = event_data(session, congress, room, track, request, context)
        days.setdefault(day, {}).setdefault(room, []).append(event)
    conference = {
        "acronym": context["acronym"],
        "title": _text(congress.title),
        # Dates, as frab and pretalx write them (the days carry the times).
        "start": congress.local_start.date().isoformat(),
        "end": congress.local_end.date().isoformat(),
        "daysCount": len(days),
        "timeslot_duration": "00:05",
        "time_zone_name": congress.timezone,
        "url": congress_url,
        "tracks": [
            {"name": _text(track.title), "slug": _track_slug(track)}
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
            "base_url": context["base_url"],
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
    recording = _sub(element, "recording")
    _sub(recording, "license", event["recording_license"])
    _sub(recording, "optout", "true" if event["do_not_record"] else "false")
    # The XSD's <person> holds a name and id/guid attributes only: no biography.
    persons = _sub(element, "persons")
    for person in event["persons"]:
        _sub(persons, "person", person["public_name"], guid=person["guid"])
    for collection, item in (("links", "link"), ("attachments", "attachment")):
        references = _sub(element, collection)
        for ref in event[collection]:
            _sub(references, item, ref["title"], href=ref["url"], type=ref["type"])
    if event.get("feedback_url"):
        _sub(element, "feedback_url", event["feedback_url"])


def schedule_xml(data: Data, request: HttpRequest) -> bytes:
    return xml_document(data, site_hostname(request))
