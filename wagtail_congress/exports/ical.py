"""iCalendar (RFC 5545) for a congress, a track or one session, built with ``icalendar``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from ..choices import AttendanceMode
from ..models import CongressPage, SessionPage
from .common import plain_text, stable_id, xml_text

PRODID = "-//wagtail-congress//iCalendar export//EN"


def session_location(session: SessionPage, congress: CongressPage) -> str:
    """Room and venue for an on-site session; the stream link for an online one."""
    online = congress.attendance_mode == AttendanceMode.ONLINE
    if online and (session.stream_url or congress.stream_url):
        return session.stream_url or congress.stream_url
    place = [session.room, congress.venue, congress.address, congress.city]
    return ", ".join(part for part in place if part)


def session_description(session: SessionPage) -> str:
    """Plain text: the description, then one line per speaker with role and affiliation."""
    parts = [plain_text(session.description)]
    speakers = []
    for row in session.speakers.all():
        line = f"{row.speaker.name} ({row.get_role_display()})"
        if affiliation := row.speaker.affiliation:
            line += f", {affiliation}"
        speakers.append(line)
    if speakers:
        parts.append(_("Speakers:") + "\n" + "\n".join(speakers))
    if session.stream_url:
        parts.append(_("Live stream: %s") % session.stream_url)
    return "\n\n".join(part for part in parts if part)


def session_event(session: SessionPage, congress: CongressPage, request: HttpRequest) -> Event:
    """One VEVENT; ``session`` comes from ``for_programme().with_published_revisions()``."""
    tz = congress.tzinfo
    event = Event()
    event.add("uid", stable_id(session))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.start.astimezone(tz))
    event.add("dtend", session.end.astimezone(tz))
    # RFC 5545 TEXT holds no control character but tab (line breaks are escaped): the same
    # set XML 1.0 refuses.
    event.add("summary", xml_text(session.title))
    if description := session_description(session):
        event.add("description", xml_text(description))
    if location := session_location(session, congress):
        event.add("location", xml_text(location))
    if url := session.get_full_url(request):
        event.add("url", url)
    if session.last_published_at:
        event.add("last-modified", session.last_published_at)
    event.add("sequence", getattr(session, "published_revisions", 0))
    event.add("categories", [session.get_format_display()])
    return event


def calendar(
    name: str,
    congress: CongressPage,
    sessions: Iterable[SessionPage],
    request: HttpRequest,
) -> Calendar:
    """A VCALENDAR with the congress's VTIMEZONE and one VEVENT per session."""
    sessions = list(sessions)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", xml_text(name))
    cal.add("x-wr-timezone", congress.timezone)
    first = congress.local_start.date() - datetime.timedelta(days=366)
    last = congress.local_end.date() + datetime.timedelta(days=366)
    cal.add_component(
        Timezone.from_tzinfo(congress.tzinfo, congress.timezone, first_date=first, last_date=last)
    )
    for session in sessions:
        cal.add_component(session_event(session, congress, request))
    return cal
