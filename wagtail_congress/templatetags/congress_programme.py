"""Template tags for a congress's navigation and its visitor routes (programme, speakers)."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from wagtail.models import Page

from ..models.news import NewsIndexPage
from ..models.partners import PartnerListingPage

register = template.Library()


@register.simple_tag(takes_context=True)
def congress_route_url(context, congress, name: str, *args) -> str:
    """The URL of one of the congress's routes: ``programme``, ``speakers``, ``speaker`` (id)."""
    if not congress:
        return ""
    url = congress.get_url(context.get("request"))
    if not url:
        return ""
    return url + congress.reverse_subpage(name, args=args).lstrip("/")


@register.simple_tag(takes_context=True)
def congress_navigation(context, congress) -> dict[str, Page | None]:
    """The congress's news index and partner listing a visitor can open (one query)."""
    request: HttpRequest | None = context.get("request")
    found: dict[str, Page | None] = {"news": None, "partners": None}
    if not congress or not getattr(congress, "pk", None):
        return found
    children = (
        congress.get_children()
        .live()
        .public()
        .filter(alias_of__isnull=True)
        .type(NewsIndexPage, PartnerListingPage)
        .specific()
    )
    for child in children:
        key = "news" if isinstance(child, NewsIndexPage) else "partners"
        if found[key] is None and child.get_url(request):
            found[key] = child
    return found


@register.simple_tag
def congress_speakers(congress) -> list:
    """The speakers of the congress's visible sessions, by name (one query)."""
    from ..views.programme import CongressContent, visible_speakers

    if not congress or not getattr(congress, "pk", None):
        return []
    return list(visible_speakers(CongressContent(congress)))
