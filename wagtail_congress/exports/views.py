"""Views serving the iCalendar exports (the news feeds are in :mod:`.feeds`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from ..models import CongressPage, SessionPage, SessionTrackPage
from ..models.base import congress_for
from .common import audience_for, visible_page
from .frab import json_document, schedule_data, schedule_xml
from .ical import calendar

ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _ical_response(cal, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type=ICAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def congress_ical(request: HttpRequest, pk: int) -> HttpResponse:
    """Every visible session of a congress, in the congress's language version ``pk``."""
    audience = audience_for(pk)
    congress = visible_page(audience, CongressPage, pk)
    sessions = (
        audience.pages(SessionPage).in_congress(congress).for_programme().with_published_revisions()
    )
    with translation.override(audience.language_code):
        cal = calendar(congress.title, congress, sessions, request)
    return _ical_response(cal, f"{congress.slug}.ics")


@require_safe
def track_ical(request: HttpRequest, pk: int) -> HttpResponse:
    """The visible sessions of a track and of the tracks nested in it."""
    audience = audience_for(pk)
    track = visible_page(audience, SessionTrackPage, pk)
    congress = congress_for(track)
    if congress is None:
        raise Http404
    sessions = (
        audience.pages(SessionPage).in_track(track).for_programme().with_published_revisions()
    )
    with translation.override(audience.language_code):
        cal = calendar(f"{track.title} – {congress.title}", congress, sessions, request)
    return _ical_response(cal, f"{track.slug}.ics")


@require_safe
def session_ical(request: HttpRequest, pk: int) -> HttpResponse:
    """One session, to add to a calendar."""
    audience = audience_for(pk)
    sessions = audience.pages(SessionPage).filter(pk=pk).for_programme()
    session = sessions.with_published_revisions().first()
    congress = congress_for(session)
    if session is None or congress is None:
        raise Http404
    with translation.override(audience.language_code):
        cal = calendar(session.title, congress, [session], request)
    return _ical_response(cal, f"{session.slug}.ics")


def _congress_schedule(request: HttpRequest, pk: int) -> dict:
    audience = audience_for(pk)
    congress = visible_page(audience, CongressPage, pk)
    sessions = audience.pages(SessionPage).in_congress(congress).for_programme()
    with translation.override(audience.language_code):
        return schedule_data(congress, sessions, request)


@require_safe
def frab_xml(request: HttpRequest, pk: int) -> HttpResponse:
    """The congress's frab ``schedule.xml`` in the language of page ``pk``."""
    data = _congress_schedule(request, pk)
    return HttpResponse(schedule_xml(data, request), content_type="application/xml; charset=utf-8")


@require_safe
def frab_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The congress's frab ``schedule.json`` (c3voc's classic layout)."""
    data = _congress_schedule(request, pk)
    return HttpResponse(json_document(data), content_type="application/json; charset=utf-8")
