"""Template tags for the exports: schema.org JSON-LD and export links."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ..exports import jsonld
from ..exports.links import export_path
from ..models import CongressPage, NewsArticlePage, NewsIndexPage, SessionPage, SessionTrackPage
from ..models.base import congress_for

register = template.Library()


@register.simple_tag(takes_context=True)
def congress_json_ld(context, page) -> SafeString | str:
    """The JSON-LD script for a congress, session or news article page, and for the
    listings (a news index, a track: the items the page shows); "" for other pages."""
    request = context.get("request")
    if isinstance(page, CongressPage):
        data = jsonld.congress_event(page, request)
    elif isinstance(page, SessionPage):
        congress = congress_for(page)
        if congress is None:
            return ""
        data = jsonld.session_event(page, congress, request)
    elif isinstance(page, NewsArticlePage):
        data = jsonld.news_article(page, request)
    elif isinstance(page, NewsIndexPage):
        data = jsonld.collection_page(page, context.get("articles") or [], request)
    elif isinstance(page, SessionTrackPage):
        data = jsonld.collection_page(page, context.get("sessions") or [], request)
    else:
        return ""
    return jsonld.json_ld_script(data)


@register.simple_tag
def export_url(name: str, *args) -> str:
    """The URL of an export (``"congress_ical"``, ``"news_rss"`` ...), "" if not installed."""
    return export_path(name, *args) or ""
