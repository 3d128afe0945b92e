"""Views serving the calendars (iCalendar, xCal) and frab schedules (feeds: :mod:`.feeds`).

Each answers a conditional GET from the API's cheap version stamp before rendering
(:mod:`wagtail_congress.api.caching`: quoted weak ETag, Last-Modified, Cache-Control).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar
from wagtail.query import PageQuerySet

from ..api.caching import version_of
from ..api.errors import problem_response
from ..api.visibility import Audience, content_languages
from ..conf import congress_settings
from ..models import CongressPage, SessionPage, SessionTrackPage, Speaker
from ..models.base import congress_for
from .common import audience_for, visible_page
from .frab import json_document, schedule_data, schedule_xml
from .frab_schedule2 import schedule2_data
from .ical import calendar, congresses_of
from .xcal import CONTENT_TYPE as XCAL_CONTENT_TYPE
from .xcal import to_xcal

ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"
# A calendar's formats: iCalendar (RFC 5545) and xCal (RFC 6321), by file extension.
CALENDAR_FORMATS = ("ics", "xcs")


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


def calendar_response(cal: Calendar, filename: str, fmt: str = "ics") -> HttpResponse:
    """``cal`` as iCalendar (``fmt="ics"``) or as xCal (``fmt="xcs"``)."""
    if fmt == "xcs":
        response = HttpResponse(to_xcal(cal), content_type=XCAL_CONTENT_TYPE)
    else:
        response = HttpResponse(cal.to_ical(), content_type=ICAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}.{fmt}"'
    return response


@require_safe
def congress_ical(request: HttpRequest, pk: int, fmt: str = "ics") -> HttpResponseBase:
    """Every visible session of a congress, in the congress's language version ``pk``."""
    audience = audience_for(pk)
    congress = visible_page(audience, CongressPage, pk)
    sessions = audience.pages(SessionPage).in_congress(congress)

    def render() -> HttpResponse:
        programme = sessions.for_programme().with_published_revisions()
        return calendar_response(
            calendar(congress.title, congress, programme, request), congress.slug, fmt
        )

    return conditional_export(request, audience, sessions, render)


@require_safe
def track_ical(request: HttpRequest, pk: int, fmt: str = "ics") -> HttpResponseBase:
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
        return calendar_response(calendar(name, congress, programme, request), track.slug, fmt)

    return conditional_export(request, audience, sessions, render)


@require_safe
def session_ical(request: HttpRequest, pk: int, fmt: str = "ics") -> HttpResponseBase:
    """One session, to add to a calendar."""
    audience = audience_for(pk)
    sessions = audience.pages(SessionPage).filter(pk=pk)
    session = sessions.for_programme().with_published_revisions().first()
    congress = congress_for(session)
    if session is None or congress is None:
        raise Http404

    def render() -> HttpResponse:
        return calendar_response(
            calendar(session.title, congress, [session], request), session.slug, fmt
        )

    return conditional_export(request, audience, sessions, render)


def chosen_session_ids(request: HttpRequest) -> list[int] | HttpResponse:
    """The ids of ``?sessions=1,2,3`` (none when absent), or a 400 problem saying what is
    wrong: not a comma-separated list of ids, or more than ``CHOSEN_SESSIONS_MAX`` of them."""
    raw = request.GET.get("sessions", "").strip()
    if not raw:
        return []
    parts = [part.strip() for part in raw.split(",")]
    if not all(part.isascii() and part.isdigit() and len(part) <= 18 for part in parts):
        return problem_response(
            400,
            _("Give the sessions as a comma-separated list of session ids, such as 1,2,3."),
            "sessions",
        )
    ids = list(dict.fromkeys(int(part) for part in parts))
    limit = congress_settings.CHOSEN_SESSIONS_MAX
    if len(ids) > limit:
        return problem_response(
            400, _("At most %(limit)d sessions can be chosen.") % {"limit": limit}, "sessions"
        )
    return ids


@require_safe
def chosen_ical(request: HttpRequest, pk: int, fmt: str = "ics") -> HttpResponseBase:
    """The chosen sessions of a congress (``?sessions=1,2,3``), for a visitor's own calendar.

    Ids that are not visible sessions of this congress in its locale are simply left out;
    no ``sessions`` gives an empty calendar.
    """
    audience = audience_for(pk)
    congress = visible_page(audience, CongressPage, pk)
    with translation.override(audience.language_code):  # a problem in the congress's language
        ids = chosen_session_ids(request)
    if isinstance(ids, HttpResponse):
        return ids
    sessions = audience.pages(SessionPage).in_congress(congress).filter(pk__in=ids)

    def render() -> HttpResponse:
        programme = sessions.for_programme().with_published_revisions()
        name = _("My sessions – %(congress)s") % {"congress": congress.title}
        return calendar_response(
            calendar(name, congress, programme, request), f"{congress.slug}-chosen", fmt
        )

    return conditional_export(request, audience, sessions, render)


def speaker_language(request: HttpRequest, speaker: Speaker) -> str | HttpResponse:
    """The locale of a speaker's calendar: ``?locale=``, by default the speaker's own
    (a 400 problem for a language the site does not have).

    As in the API's speaker detail, a speaker's id serves another locale only while the
    speaker has no version in it (the locale's sessions then show this version).
    """
    language = request.GET.get("locale") or speaker.locale.language_code
    languages = content_languages()
    if language not in languages:
        return problem_response(
            400, _("Unknown locale. Use one of: %s.") % ", ".join(languages), "locale"
        )
    if language != speaker.locale.language_code:
        translated = Speaker.objects.filter(
            translation_key=speaker.translation_key, locale__language_code=language
        )
        if translated.exists():
            raise Http404
    return language


@require_safe
def speaker_ical(request: HttpRequest, pk: int, fmt: str = "ics") -> HttpResponseBase:
    """A speaker's visible sessions, in every congress, in one locale."""
    speaker = Speaker.objects.select_related("locale").filter(pk=pk).first()
    if speaker is None:
        raise Http404
    language = speaker_language(request, speaker)
    if isinstance(language, HttpResponse):
        return language
    audience = Audience(language)
    sessions = audience.pages(SessionPage).with_speaker(speaker.translation_key)
    if not sessions.exists():
        raise Http404  # a speaker of no session a visitor may see

    def render() -> HttpResponse:
        programme = list(sessions.for_programme().with_published_revisions())
        congresses = congresses_of(programme)
        return calendar_response(
            calendar(speaker.name, None, programme, request, congresses),
            f"speaker-{speaker.pk}",
            fmt,
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
