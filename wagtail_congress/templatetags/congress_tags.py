"""Template tags and filters for the package's default templates.

They keep the templates free of query logic: each tag asks the models for what a page shows
and hands the template plain values.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from itertools import groupby

from django import template
from wagtail.models import Page

from ..choices import spoken_language_choices
from ..models.base import LanguageVersion, foreign_alias_q, language_versions
from ..models.querysets import below_unpublished_page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_translations(context, page: Page | None) -> list[LanguageVersion]:
    """The language versions of ``page`` a visitor can read, for the switcher and hreflang.

    A route of a page (a congress's ``programme/``) passes its own as ``route_translations``.
    """
    if context.get("route_translations") is not None:
        return context["route_translations"]
    if page is None or not getattr(page, "pk", None):
        return []
    return language_versions(page, context.get("request"))


@register.filter
def localized_live(page: Page | None) -> Page | None:
    """A page reference in the active locale, or ``None`` if nothing visible is left to link to.

    wagtail-localize does not remap foreign keys and choosers pointing at pages, so a
    translated article still points at the Polish congress; ``.localized`` picks the live
    translation in the active language and falls back to the page itself. An alias standing in
    for a missing translation is skipped for its source, so the link goes to real content and
    the template can say which language it is in (see ``includes/page_link.html``).
    """
    if page is None or page == "":
        return None
    localized = page.localized
    if localized.alias_of_id and localized.locale_id != page.locale_id:
        localized = page
    return localized if is_visible_page(localized) else None


def is_visible_page(page: Page) -> bool:
    """Live, public (no view restriction on it or above it) and not in a section taken offline.

    A link shows the page's title, so a restricted page or one under an unpublished track
    must not get one (one query).
    """
    if not page.live:
        return False
    pages = Page.objects.filter(pk=page.pk).public().exclude(below_unpublished_page())
    return pages.exists()


@register.filter
def live_pages(pages: Iterable[Page]) -> list[Page]:
    """Each page of ``pages`` in the active locale, leaving out those not live."""
    return [page for page in map(localized_live, pages) if page is not None]


@register.filter
def related_sessions(article) -> list[Page]:
    """The sessions an article links to, in the active locale, live ones only."""
    rows = article.related_sessions.all()
    return live_pages(row.session for row in rows if row.session_id)


@register.filter
def language_name(code: str) -> str:
    """The name of a spoken language ("pl" -> "Polish", translated), or the code itself."""
    return dict(spoken_language_choices()).get(code, code)


@register.simple_tag
def sessions_by_day(sessions, congress) -> list[tuple[datetime.date, list[Page]]]:
    """``sessions`` (already in time order) grouped by calendar day in the congress timezone."""
    tz = congress_timezone(congress) or zoneinfo.ZoneInfo("UTC")
    return [
        (day, list(day_sessions))
        for day, day_sessions in groupby(sessions, key=lambda s: s.start.astimezone(tz).date())
    ]


@register.filter
def congress_timezone(congress) -> zoneinfo.ZoneInfo | None:
    """The congress's timezone, for ``{% timezone congress|congress_timezone %}``.

    ``None`` (outside a congress) makes Django fall back to ``TIME_ZONE``.
    """
    if not congress:
        return None
    return congress.tzinfo


@register.filter
def session_speakers(session):
    """A session's speakers in order, their people and photos loaded with them.

    Uses the programme's prefetch when there is one, and the in-memory rows in previews.
    """
    rows = session.speakers.all()
    if "speakers" in getattr(session, "_prefetched_objects_cache", {}):
        return rows
    return rows.select_related("speaker", "speaker__photo")


@register.filter
def session_partners(page):
    """A track's or session's partners in order, with the partners loaded with them."""
    rows = page.partners.all()
    if "partners" in getattr(page, "_prefetched_objects_cache", {}):
        return rows
    return rows.select_related("partner", "partner__logo")


@register.filter
def session_areas(session):
    """A session's thematic areas in order."""
    rows = session.thematic_areas.all()
    if "thematic_areas" in getattr(session, "_prefetched_objects_cache", {}):
        return rows
    return rows.select_related("area")


@register.simple_tag
def breadcrumbs(page: Page | None) -> list[Page]:
    """The live ancestors of ``page`` below the tree root, top first.

    Aliases of another locale's pages (parents wagtail-localize created while translating a
    child first) are left out: they hold untranslated text and redirect to the source.
    """
    if page is None or not getattr(page, "path", None):
        return []
    return list(page.get_ancestors().filter(depth__gt=1).live().exclude(foreign_alias_q()))
