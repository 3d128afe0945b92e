"""Congresses, and what belongs to one: its programme, sessions and tracks."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router
from wagtail.models import Page
from wagtail.query import PageQuerySet

from ...models import CongressPage
from .. import schemas
from ..caching import conditional, version_of
from ..errors import Problem
from ..pagination import limit_param, offset_param, page_bounds
from ..params import MAX_ID, SessionFilters, clean_text, locale_param
from ..programme import CongressProgramme
from ..representation import Representation
from ..visibility import Audience, requested_language
from .lookup import find_page

router = Router(tags=["congresses"])

PROBLEMS = {304: None, 400: Problem, 404: Problem, 422: Problem}


def congress_id_param():
    return Path(..., ge=1, le=MAX_ID, description="The id of a congress page.")


def _congress(audience: Audience, congress_id: int) -> CongressPage:
    return audience.get(CongressPage, congress_id, "congress_id")


def _subtree(audience: Audience, congress: CongressPage) -> PageQuerySet:
    """The visible pages a response about ``congress`` is made of (for its version)."""
    return audience.pages(Page).descendant_of(congress, inclusive=True)


@router.get("/", response={200: schemas.CongressListing, **PROBLEMS}, summary="List congresses")
def list_congresses(
    request: HttpRequest,
    response: HttpResponse,
    locale: str | None = locale_param(),
    limit: int | None = limit_param(),
    offset: int = offset_param(),
):
    """Published congresses in the locale, latest first."""
    audience = Audience(requested_language(locale))
    bounds = page_bounds(limit, offset)
    congresses = audience.pages(CongressPage)
    if not_modified := conditional(request, version_of(request, audience, congresses), response):
        return not_modified
    count = congresses.count()
    page = list(congresses.order_by("-start", "-pk")[bounds])
    representation = Representation(request, audience)
    representation.load_translations(page)
    representation.load_renditions(congress.image_id for congress in page)
    return schemas.CongressListing(
        count=count, items=[representation.congress(congress) for congress in page]
    )


@router.get(
    "/find/",
    response={200: schemas.CongressDetail, **PROBLEMS},
    summary="Find a congress by URL path",
)
def find_congress(
    request: HttpRequest,
    response: HttpResponse,
    path: str = Query(..., max_length=2048, description="A page path, such as /en/kpm-2021/."),
    locale: str | None = locale_param(),
):
    """The congress at ``path`` (whose language prefix says its locale), or its translation
    into ``locale`` when one is given."""
    path = clean_text("path", path) or "/"
    congress = find_page(request, CongressPage, path, locale)
    return _detail(request, response, Audience(congress.locale.language_code), congress)


@router.get(
    "/{congress_id}/", response={200: schemas.CongressDetail, **PROBLEMS}, summary="A congress"
)
def congress_detail(
    request: HttpRequest,
    response: HttpResponse,
    congress_id: int = congress_id_param(),
    locale: str | None = locale_param(),
):
    audience = Audience(requested_language(locale))
    return _detail(request, response, audience, _congress(audience, congress_id))


def _detail(request, response, audience: Audience, congress: CongressPage):
    version = version_of(request, audience, audience.pages(CongressPage).filter(pk=congress.pk))
    if not_modified := conditional(request, version, response):
        return not_modified
    return Representation(request, audience).congress_detail(congress)


@router.get(
    "/{congress_id}/programme/",
    response={200: schemas.Programme, **PROBLEMS},
    summary="The programme of a congress",
)
def programme(
    request: HttpRequest,
    response: HttpResponse,
    congress_id: int = congress_id_param(),
    locale: str | None = locale_param(),
    filters: Query[SessionFilters] = None,
):
    """Every day of the congress in its timezone, each with its sessions in time order."""
    audience = Audience(requested_language(locale))
    congress = _congress(audience, congress_id)
    subtree = _subtree(audience, congress)
    if not_modified := conditional(request, version_of(request, audience, subtree), response):
        return not_modified
    representation = Representation(request, audience)
    programme = CongressProgramme(audience, congress)
    return schemas.Programme(
        congress=representation.page_link(congress),
        timezone=congress.timezone,
        exports=representation.congress_exports(congress.pk),
        days=programme.by_day(representation, filters),
    )


@router.get(
    "/{congress_id}/sessions/",
    response={200: schemas.SessionListing, **PROBLEMS},
    summary="Sessions of a congress",
)
def congress_sessions(
    request: HttpRequest,
    response: HttpResponse,
    congress_id: int = congress_id_param(),
    locale: str | None = locale_param(),
    filters: Query[SessionFilters] = None,
    limit: int | None = limit_param(),
    offset: int = offset_param(),
):
    """The congress's sessions in time order, filtered like the programme, a page at a time."""
    audience = Audience(requested_language(locale))
    congress = _congress(audience, congress_id)
    bounds = page_bounds(limit, offset)
    subtree = _subtree(audience, congress)
    if not_modified := conditional(request, version_of(request, audience, subtree), response):
        return not_modified
    programme = CongressProgramme(audience, congress)
    sessions = programme.sessions(filters)
    count = sessions.count()
    page = list(sessions.for_api_programme()[bounds])
    items = programme.items(Representation(request, audience), page)
    return schemas.SessionListing(count=count, items=items)


@router.get(
    "/{congress_id}/tracks/",
    response={200: schemas.TrackTree, **PROBLEMS},
    summary="The tracks of a congress, as a tree",
)
def congress_tracks(
    request: HttpRequest,
    response: HttpResponse,
    congress_id: int = congress_id_param(),
    locale: str | None = locale_param(),
):
    audience = Audience(requested_language(locale))
    congress = _congress(audience, congress_id)
    subtree = _subtree(audience, congress)
    if not_modified := conditional(request, version_of(request, audience, subtree), response):
        return not_modified
    representation = Representation(request, audience)
    tracks = CongressProgramme(audience, congress).tracks
    return schemas.TrackTree(
        congress=representation.page_link(congress), tracks=representation.track_tree(tracks)
    )
