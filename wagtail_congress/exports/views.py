"""Views serving the iCalendar and frab exports (the news feeds are in :mod:`.feeds`).

Each answers a conditional GET from the API's cheap version stamp before rendering
(:mod:`wagtail_congress.api.caching`: quoted weak ETag, Last-Modified, Cache-Control).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.views.decorators.http import require_safe
from wagtail.query import PageQuerySet

from ..api.caching import version_of
from ..api.visibility import Audience
from ..models import CongressPage, SessionPage, SessionTrackPage
from ..models.base import congress_for
from .common import audience_for, visible_page
from .frab import json_document, schedule_data, schedule_xml
from .frab_schedule2 import schedule2_data
from .ical import calendar

ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"


def conditional_export(
    request: HttpRequest,
    audience: Audience,
    pages: PageQuerySet,
    render: Callable[[], HttpResponse],
) -> HttpResponseBase:
    """A 304 if the client's copy of the export made from ``pages`` is current, else render."""
    version = version_of(request, audience, pages)
    if (not_modified := version.not_modified(request)) is not None:
        return not_modified
    with translation.override(audience.language_code):
        response = render()
    version.add_headers(response)
    return response


def _ical_response(cal, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type=ICAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def congress_ical(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Every visible session of a congress, in the congress's language version ``pk``."""
    audience = audience_for(pk)
    congress = visible_page(audience, CongressPage, pk)
    sessions = audience.pages(SessionPage).in_congress(congress)

    def render() -> HttpResponse:
        programme = sessions.for_programme().with_published_revisions()
        return _ical_response(
            calendar(congress.title, congress, programme, request), f"{congress.slug}.ics"
        )

    return conditional_export(request, audience, sessions, render)


@require_safe
def track_ical(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The visible sessions of a track and of the tracks nested in it."""
    audience = audience_for(pk)
    track = visible_page(audience, SessionTrackPage, pk)
    congress = congress_for(track)
    if congress is None:
        raise Http404
    sessions = audience.pages(SessionPage).in_track(track)

    def render() -> HttpResponse:
        programme = sessions.for_programme().with_published_revisions()
        name = f"{track.title} – {congress.title}"
        return _ical_response(calendar(name, congress, programme, request), f"{track.slug}.ics")

    return conditional_export(request, audience, sessions, render)


@require_safe
def session_ical(request: HttpRequest, pk: int) -> HttpResponseBase:
    """One session, to add to a calendar."""
    audience = audience_for(pk)
    sessions = audience.pages(SessionPage).filter(pk=pk)
    session = sessions.for_programme().with_published_revisions().first()
    congress = congress_for(session)
    if session is None or congress is None:
        raise Http404

    def render() -> HttpResponse:
        return _ical_response(
            calendar(session.title, congress, [session], request), f"{session.slug}.ics"
        )

    return conditional_export(request, audience, sessions, render)


def _frab(
    request: HttpRequest,
    pk: int,
    write: Callable[[dict], HttpResponse],
    build: Callable[..., dict] = schedule_data,
):
    audience = audience_for(pk)
    congress = visible_page(audience, CongressPage, pk)
    sessions = audience.pages(SessionPage).in_congress(congress)

    def render() -> HttpResponse:
        return write(build(congress, sessions.for_programme(), request))

    return conditional_export(request, audience, sessions, render)


@require_safe
def frab_xml(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The congress's frab ``schedule.xml`` in the language of page ``pk``."""
    return _frab(
        request,
        pk,
        lambda data: HttpResponse(
            schedule_xml(data, request), content_type="application/xml; charset=utf-8"
        ),
    )


@require_safe
def frab_json(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The congress's frab ``schedule.json`` (c3voc's classic layout)."""
    return _frab(
        request,
        pk,
        lambda data: HttpResponse(
            json_document(data), content_type="application/json; charset=utf-8"
        ),
    )


@require_safe
def frab_schedule2(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The congress's schedule in frab's flat "schedule 2" JSON layout (``schema2.json``)."""
    return _frab(
        request,
        pk,
        lambda data: HttpResponse(
            json_document(data), content_type="application/json; charset=utf-8"
        ),
        build=schedule2_data,
    )
