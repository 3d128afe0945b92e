"""Headless preview: an editor's draft, for the frontend holding its preview token.

The admin's preview (with wagtail-headless-preview installed and enabled, see
:mod:`wagtail_congress.preview`) stores the draft and sends the editor to the frontend with
``content_type`` and ``token``; the frontend asks this route for the draft. Nothing is
returned without a valid, unexpired token, and responses are ``private, no-store``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from wagtail.models import Locale, Page

from ...conf import congress_settings
from ...models import CongressPage, NewsArticlePage, SessionPage, SessionTrackPage
from ...preview import page_from_token
from .. import schemas
from ..errors import Problem, not_found
from ..params import clean_text
from ..representation import Representation
from ..visibility import Audience
from .news import article_detail

router = Router(tags=["preview"])

PREVIEW_CACHE_CONTROL = "private, no-store"


@router.get(
    "/preview/",
    response={200: schemas.PreviewItem, 400: Problem, 404: Problem, 422: Problem},
    summary="A draft, by headless preview token",
)
def preview(
    request: HttpRequest,
    response: HttpResponse,
    content_type: str = Query(
        ..., max_length=100, description="The page type, e.g. wagtail_congress.sessionpage."
    ),
    token: str = Query(..., max_length=255, description="The token of the admin's preview."),
):
    """The draft an editor is previewing (congress, session or news article), in the schema of
    its published detail. A bad, expired or unknown token is a 404."""
    response["Cache-Control"] = PREVIEW_CACHE_CONTROL
    draft = page_from_token(
        clean_text("content_type", content_type) or "",
        clean_text("token", token) or "",
        congress_settings.PREVIEW_TOKEN_MAX_AGE,
    )
    if draft is None:
        raise not_found("token", _("The preview token is not valid or has expired."))
    language_code = Locale.objects.get(pk=draft.locale_id).language_code
    audience = Audience(language_code)
    if isinstance(draft, CongressPage):
        detail = Representation(request, audience).congress_detail(draft)
        return schemas.CongressPreview(type="congress", draft=detail)
    if isinstance(draft, SessionPage):
        return schemas.SessionPreview(type="session", draft=_session(request, audience, draft))
    if isinstance(draft, NewsArticlePage):
        detail = article_detail(request, audience, draft, draft=True)
        return schemas.NewsPreview(type="news", draft=detail)
    raise not_found("content_type", _("This page type has no preview in the API."))


def _ancestors(draft: Page) -> list[Page]:
    """The draft's ancestors below the tree root, top down (a new page: its parent's)."""
    if draft.pk:
        anchor, inclusive = Page.objects.filter(pk=draft.pk).first(), False
    else:
        anchor, inclusive = Page.objects.filter(pk=draft.preview_parent_id).first(), True
    if anchor is None:
        return []
    ancestors = anchor.get_ancestors(inclusive=inclusive).filter(depth__gt=1)
    return list(ancestors.specific())


def _session(request: HttpRequest, audience: Audience, draft: SessionPage):
    ancestors = _ancestors(draft)
    congress = next((page for page in ancestors if isinstance(page, CongressPage)), None)
    if congress is None:
        raise not_found("token", _("The preview token is not valid or has expired."))
    track = ancestors[-1] if isinstance(ancestors[-1], SessionTrackPage) else None
    representation = Representation(request, audience)
    representation.prepare_sessions([draft])
    if draft.pk is None:
        draft.pk = 0  # not saved yet: no id, no URL, no translations
    return representation.session_detail(draft, track, congress)
