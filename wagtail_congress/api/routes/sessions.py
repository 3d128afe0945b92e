"""Sessions by id."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router
from wagtail.models import Page

from ...models import CongressPage, SessionPage, SessionTrackPage
from .. import schemas
from ..caching import conditional, version_of
from ..errors import not_found
from ..params import MAX_ID, locale_param
from ..representation import Representation
from ..visibility import Audience, requested_language
from .congresses import PROBLEMS

router = Router(tags=["sessions"])


@router.get(
    "/{session_id}/", response={200: schemas.SessionDetail, **PROBLEMS}, summary="A session"
)
def session_detail(
    request: HttpRequest,
    response: HttpResponse,
    session_id: int = Path(..., ge=1, le=MAX_ID, description="The id of a session page."),
    locale: str | None = locale_param(),
):
    """A session with its description, speakers, partners, track and congress."""
    audience = Audience(requested_language(locale))
    session = audience.get(SessionPage, session_id, "session_id")
    ancestors = list(Page.objects.ancestor_of(session).filter(depth__gt=1).specific())
    congress = next((page for page in ancestors if isinstance(page, CongressPage)), None)
    if congress is None:
        raise not_found("session_id")
    version = version_of(
        request, audience, audience.pages(Page).filter(pk__in=[session.pk, congress.pk])
    )
    if not_modified := conditional(request, version, response):
        return not_modified
    representation = Representation(request, audience)
    track = ancestors[-1] if isinstance(ancestors[-1], SessionTrackPage) else None
    if track is not None and track.alias_of_id:
        # An untranslated track (wagtail-localize's parents): its source, marked with its locale.
        track = source_track(audience, track)
    sessions = list(SessionPage.objects.filter(pk=session.pk).for_api_programme())
    representation.prepare_sessions(sessions)
    return representation.session_detail(sessions[0], track, visible_congress(audience, congress))


def source_track(audience: Audience, alias: SessionTrackPage) -> SessionTrackPage | None:
    """The visible source of an alias track, its ``reference_locale`` set; ``None`` if hidden."""
    source = (
        audience.public(SessionTrackPage.objects.filter(pk=alias.alias_of_id))
        .select_related("locale")
        .first()
    )
    if source is not None:
        source.reference_locale = source.locale.language_code
    return source


def visible_congress(audience: Audience, congress: CongressPage) -> CongressPage:
    """The congress a page links to: itself, or the source an untranslated alias stands for."""
    if congress.alias_of_id:
        source = audience.public(CongressPage.objects.filter(pk=congress.alias_of_id)).first()
        if source is not None:
            return source
    return congress
