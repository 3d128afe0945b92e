"""A congress's programme and speaker pages for visitors (routes of ``CongressPage``).

``/<congress>/programme/`` is the whole programme, a day at a time, filtered by the same query
parameters as the API's ``programme/`` (``day``, ``track``, ``thematic_area``, ``format``,
``language``, ``room``); ``/<congress>/speakers/`` and ``/<congress>/speakers/<id>/`` list the
speakers of its visible sessions. Each answers in a constant number of queries, and shows only
what an anonymous visitor may see: live, public, non-alias sessions of the congress's locale,
none under an unpublished or private track.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction

from ..choices import SessionFormat, spoken_language_choices
from ..models.base import LanguageVersion, foreign_alias_q, language_versions
from ..models.sessions import SessionPage, SessionTrackPage
from ..models.speakers import Speaker

if TYPE_CHECKING:
    from ..models.congress import CongressPage

FILTER_NAMES = ("track", "thematic_area", "format", "language", "room")
BREAK = SessionFormat.BREAK.value


class CongressContent:
    """What an anonymous visitor may see of one congress, each part read once."""

    def __init__(self, congress: CongressPage) -> None:
        self.congress = congress

    @cached_property
    def hidden_q(self) -> Q:
        """Sections a visitor may not enter: private pages, and unpublished pages with children.

        Wagtail serves the live children of an unpublished track; the programme must not list
        them (one query, for the congress's subtree only).
        """
        congress = self.congress
        restricted = Q(pk__in=PageViewRestriction.objects.values("page_id"))
        unpublished = Q(live=False, numchild__gt=0)
        paths = (
            Page.objects.filter(path__startswith=congress.path, depth__gt=congress.depth)
            .filter(restricted | unpublished)
            .values_list("path", flat=True)
        )
        q = Q()
        for path in sorted(set(paths)):
            q |= Q(path__startswith=path)
        return q

    def visible(self, queryset):
        queryset = queryset.descendant_of(self.congress).live().filter(alias_of__isnull=True)
        return queryset.exclude(self.hidden_q) if self.hidden_q else queryset

    def sessions(self):
        return self.visible(SessionPage.objects.all())

    @cached_property
    def tracks(self) -> list[SessionTrackPage]:
        """Every visible track, nested ones included, in tree order."""
        tracks = SessionTrackPage.objects.descendant_of(self.congress).live()
        if self.hidden_q:
            tracks = tracks.exclude(self.hidden_q)
        return list(tracks.exclude(foreign_alias_q()).order_by("path"))

    @cached_property
    def tracks_by_path(self) -> dict[str, SessionTrackPage]:
        return {track.path: track for track in self.tracks}

    def track_of(self, session: SessionPage) -> SessionTrackPage | None:
        return self.tracks_by_path.get(session.path[: -session.steplen])

    @cached_property
    def facets(self) -> dict[str, list]:
        """The rooms, formats and languages the congress's sessions use (one query)."""
        rows = set(self.sessions().order_by().values_list("room", "format", "language").distinct())
        formats = dict(SessionFormat.choices)
        languages = dict(spoken_language_choices())
        return {
            "rooms": sorted({room for room, fmt, _l in rows if room and fmt != BREAK}),
            "formats": [(v, formats[v]) for v in formats if any(r[1] == v for r in rows)],
            "languages": [(c, languages.get(c, c)) for c in sorted({r[2] for r in rows})],
        }


@dataclass
class ProgrammeFilters:
    """The visitor's choice of day and filters, read from the query string and checked."""

    day: datetime.date
    values: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.values)

    def query(self, **changes: Any) -> str:
        """A query string with these filters, changed as given (``None`` removes a value)."""
        from urllib.parse import urlencode

        values = {"day": self.day.isoformat(), **self.values, **changes}
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def read_filters(request: HttpRequest, content: CongressContent) -> ProgrammeFilters:
    congress = content.congress
    days = congress.days
    today = timezone.localdate(timezone=congress.tzinfo)
    default_day = today if today in days else days[0]
    errors = []
    day = default_day
    if raw_day := request.GET.get("day"):
        try:
            day = datetime.date.fromisoformat(raw_day)
        except ValueError:
            day = None
        if day not in days:
            errors.append(_("The congress does not take place on this day."))
            day = default_day
    values = {}
    checks = {
        "track": ({str(t.pk) for t in content.tracks}, _("Unknown track.")),
        "thematic_area": (
            {str(a.pk) for a in congress.thematic_area_list},
            _("Unknown thematic area."),
        ),
        "format": ({v for v, _label in content.facets["formats"]}, _("Unknown format.")),
        "language": ({c for c, _label in content.facets["languages"]}, _("Unknown language.")),
        "room": (set(content.facets["rooms"]), _("Unknown room.")),
    }
    for name in FILTER_NAMES:
        value = request.GET.get(name, "").strip()
        if not value:
            continue
        allowed, message = checks[name]
        if value in allowed:
            values[name] = value
        else:
            errors.append(message)
    return ProgrammeFilters(day=day, values=values, errors=errors)


def filtered_sessions(content: CongressContent, filters: ProgrammeFilters):
    sessions = content.sessions()
    values = filters.values
    if "track" in values:
        track = next(t for t in content.tracks if str(t.pk) == values["track"])
        sessions = sessions.in_track(track)
    if "thematic_area" in values:
        area = next(
            a for a in content.congress.thematic_area_list if str(a.pk) == values["thematic_area"]
        )
        sessions = sessions.in_thematic_area(area.translation_key)
    if "format" in values:
        sessions = sessions.filter(format=values["format"])
    if "language" in values:
        sessions = sessions.filter(language=values["language"])
    if "room" in values:
        sessions = sessions.filter(Q(room=values["room"]) | Q(format=BREAK))
    return sessions


@dataclass
class TimetableItem:
    session: SessionPage
    track: SessionTrackPage | None
    row: str
    column: str
    is_break: bool
    # Read once here rather than per session in the template: choice lists are long
    # (every Django language) and lazy, and includes cost more than a loop (400 sessions).
    url: str = ""
    start: str = ""
    end: str = ""
    format_label: str = ""
    language_label: str = ""
    speaker_names: str = ""


def timetable(
    sessions: list[SessionPage], content: CongressContent, request: HttpRequest | None = None
) -> dict[str, Any]:
    """A day's sessions placed on a time x room grid (CSS grid lines), kept in time order.

    Rows are the distinct start and end times of the day; breaks and sessions without a room
    span every room. The markup stays a time-ordered list, which phones show as it is.
    """
    tz = content.congress.tzinfo
    formats = dict(SessionFormat.choices)
    languages = dict(spoken_language_choices())
    rooms = [room for room in content.facets["rooms"] if any(s.room == room for s in sessions)]
    times = sorted({s.start for s in sessions} | {s.end for s in sessions})
    line = {moment: index + 2 for index, moment in enumerate(times)}
    items = []
    for session in sessions:
        is_break = session.format == BREAK or session.room not in rooms
        column = "2 / -1" if is_break else str(rooms.index(session.room) + 2)
        items.append(
            TimetableItem(
                session=session,
                track=content.track_of(session),
                row=f"{line[session.start]} / {line[session.end]}",
                column=column,
                is_break=is_break,
                url=session.get_url(request) or "",
                start=session.start.astimezone(tz).strftime("%H:%M"),
                end=session.end.astimezone(tz).strftime("%H:%M"),
                format_label=str(formats.get(session.format, session.format)),
                language_label=str(languages.get(session.language, session.language)),
                speaker_names=", ".join(row.speaker.name for row in session.speakers.all()),
            )
        )
    starts = sorted({s.start for s in sessions})
    return {
        "rooms": [(room, index + 2) for index, room in enumerate(rooms)],
        "times": [(moment, line[moment]) for moment in starts],
        "items": items,
        "columns": len(rooms),
    }


def now_and_next(sessions: list[SessionPage], now: datetime.datetime) -> dict[str, list]:
    """Sessions under way at ``now`` and those starting next (breaks left out)."""
    talks = [s for s in sessions if s.format != BREAK]
    current = [s for s in talks if s.start <= now < s.end]
    upcoming = [s for s in talks if s.start > now]
    first = min((s.start for s in upcoming), default=None)
    return {"now": current, "next": [s for s in upcoming if s.start == first]}


def route_versions(
    congress: CongressPage, request: HttpRequest, route: str, translated: dict[str, str] | None
) -> list[LanguageVersion]:
    """The congress's language versions with ``route`` appended (``translated``: per language)."""
    versions = []
    for version in language_versions(congress, request):
        suffix = route if translated is None else translated.get(version.language_code)
        if suffix is None:
            continue
        versions.append(
            version._replace(url=version.url + suffix, full_url=version.full_url + suffix)
        )
    return versions


def render_route(
    request: HttpRequest, congress: CongressPage, template: str, context: dict[str, Any], status=200
) -> HttpResponse:
    base = congress.get_context(request)
    base.update(context)
    return TemplateResponse(request, template, base, status=status)


def programme_view(request: HttpRequest, congress: CongressPage) -> HttpResponse:
    """The programme, one day at a time, in a time x room grid (a list on phones)."""
    if redirect_to := alias_redirect(congress, request, "programme/"):
        return redirect_to
    content = CongressContent(congress)
    filters = read_filters(request, content)
    sessions = filtered_sessions(content, filters)
    tz = congress.tzinfo
    day_sessions = list(sessions.on_day(filters.day, tz).for_programme())
    now = timezone.now()
    today = now.astimezone(tz).date()
    live = None
    if today in congress.days:
        today_sessions = (
            day_sessions
            if today == filters.day
            else list(sessions.on_day(today, tz).for_programme())
        )
        live = now_and_next(today_sessions, now)
    context = {
        "programme": content,
        "filters": filters,
        "timetable": timetable(day_sessions, content, request),
        "session_count": len([s for s in day_sessions if s.format != BREAK]),
        "days": [(day, filters.query(day=day.isoformat())) for day in congress.days],
        "now_and_next": live,
        "route_translations": route_versions(congress, request, "programme/", None),
        "route_title": _("Programme"),
    }
    status = 400 if filters.errors else 200
    return render_route(
        request, congress, "wagtail_congress/congress_programme.html", context, status
    )


def visible_speakers(content: CongressContent):
    """Speakers of the congress's visible sessions, in the congress's locale."""
    return (
        Speaker.objects.filter(
            locale_id=content.congress.locale_id,
            sessions__page__in=content.sessions().values("pk"),
        )
        .distinct()
        .order_by("name", "pk")
    )


def speaker_list_view(request: HttpRequest, congress: CongressPage) -> HttpResponse:
    if redirect_to := alias_redirect(congress, request, "speakers/"):
        return redirect_to
    content = CongressContent(congress)
    speakers = list(visible_speakers(content).select_related("photo"))
    context = {
        "speakers": speakers,
        "route_translations": route_versions(congress, request, "speakers/", None),
        "route_title": _("Speakers"),
    }
    return render_route(request, congress, "wagtail_congress/speaker_list.html", context)


def speaker_detail_view(request: HttpRequest, congress: CongressPage, speaker_id: int):
    if congress.is_foreign_locale_alias:
        raise Http404
    content = CongressContent(congress)
    speaker = visible_speakers(content).filter(pk=speaker_id).select_related("photo").first()
    if speaker is None:
        raise Http404
    rows = content.sessions().filter(speakers__speaker=speaker).distinct().for_programme()
    sessions = list(rows)
    roles = {
        row.page_id: row.get_role_display()
        for session in sessions
        for row in session.speakers.all()
        if row.speaker_id == speaker.pk
    }
    for session in sessions:
        session.speaker_role = roles.get(session.pk, "")
    context = {
        "speaker": speaker,
        "speaker_sessions": sessions,
        "route_translations": route_versions(
            congress, request, "", speaker_routes(congress, speaker)
        ),
        "route_title": speaker.name,
    }
    return render_route(request, congress, "wagtail_congress/speaker_detail.html", context)


def speaker_routes(congress: CongressPage, speaker: Speaker) -> dict[str, str]:
    """``speakers/<id>/`` of the speaker's version in each language of the congress.

    One query per language version (a congress has a few); a version whose speaker has no
    visible session in that congress is left out, so ``hreflang`` never points at a 404.
    """
    routes = {}
    for version in congress.get_translations(inclusive=True).live().select_related("locale"):
        other = visible_speakers(CongressContent(version.specific)).filter(
            translation_key=speaker.translation_key
        )
        pk = other.values_list("pk", flat=True).first()
        if pk is not None:
            routes[version.locale.language_code] = f"speakers/{pk}/"
    return routes


def alias_redirect(congress: CongressPage, request: HttpRequest, route: str):
    """An alias congress of another locale sends visitors to its source's route (as pages do)."""
    if not congress.is_foreign_locale_alias:
        return None
    source = Page.objects.live().public().filter(pk=congress.alias_of_id).first()
    url = source.get_url(request) if source else None
    if not url:
        raise Http404
    return redirect(url + route)


def sitemap_urls(congress: CongressPage, request: HttpRequest | None) -> list[dict[str, Any]]:
    """Sitemap entries of the congress's routes, each with ``hreflang`` alternates."""
    base = congress.get_full_url(request)
    if not base or congress.is_foreign_locale_alias:
        return []
    versions = language_versions(congress, request)
    entries = []

    def entry(location: str, alternates: list[dict[str, str]]) -> dict[str, Any]:
        item = {"location": location, "lastmod": congress.last_published_at}
        if len(alternates) > 1:
            item["alternates"] = alternates
        return item

    for route in ("programme/", "speakers/"):
        alternates = [
            {"lang_code": v.language_code, "location": v.full_url + route} for v in versions
        ]
        entries.append(entry(base + route, alternates))
    content = CongressContent(congress)
    others = {
        v.language_code: CongressContent(v.page.specific) for v in versions if not v.is_current
    }
    other_ids = {
        code: dict(visible_speakers(other).values_list("translation_key", "pk"))
        for code, other in others.items()
    }
    full_urls = {v.language_code: v.full_url for v in versions}
    for speaker in visible_speakers(content):
        route = f"speakers/{speaker.pk}/"
        alternates = [{"lang_code": congress.locale.language_code, "location": base + route}]
        for code, ids in other_ids.items():
            if speaker.translation_key in ids:
                alternates.append(
                    {
                        "lang_code": code,
                        "location": f"{full_urls[code]}speakers/{ids[speaker.translation_key]}/",
                    }
                )
        entries.append(entry(base + route, alternates))
    return entries
