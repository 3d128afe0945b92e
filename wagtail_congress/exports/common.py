"""What every export shares: the visibility rule, plain text and stable identifiers."""

from __future__ import annotations

import html
import re
from typing import TypeVar

from django.http import Http404, HttpRequest
from django.utils.html import strip_tags
from wagtail.models import Page

from .. import absolute_urls
from ..api.visibility import Audience
from ..conf import congress_settings

PageModel = TypeVar("PageModel", bound=Page)

_PARAGRAPH_END = re.compile(r"</(p|h[1-6]|blockquote|div|ul|ol)>", re.IGNORECASE)
_LINE_END = re.compile(r"</li>|<br\s*/?>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n{3,}")


def audience_for(pk: int) -> Audience:
    """An anonymous reader of the locale page ``pk`` is in (404 if there is no such page)."""
    code = Page.objects.filter(pk=pk).values_list("locale__language_code", flat=True).first()
    if code is None:
        raise Http404
    return Audience(code)


def visible_page(audience: Audience, model: type[PageModel], pk: int) -> PageModel:
    """Page ``pk`` if an anonymous visitor may read it: live, public, no alias, shown parents."""
    page = audience.pages(model).filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


# Characters XML 1.0 cannot hold (C0 controls other than tab, newline, carriage return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str | None) -> str:
    """``value`` without the characters XML 1.0 cannot hold (a pasted control character in a
    title would otherwise make the XML exports fail)."""
    return _NOT_XML.sub("", value or "")


def plain_text(rich_text: str) -> str:
    """Rich text (Wagtail's database HTML) as plain text, paragraphs on lines of their own."""
    text = _LINE_END.sub("\n", _PARAGRAPH_END.sub("\n\n", rich_text or ""))
    text = html.unescape(strip_tags(text))
    lines = [line.strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def site_hostname(request: HttpRequest) -> str:
    """The hostname of the site serving ``request`` (its ``Site``, not the ``Host`` header)."""
    return absolute_urls.site_hostname(request)


def stable_id(page: Page) -> str:
    """An identifier shared by every language version of ``page``, kept across edits and
    independent of any hostname: the translation key (a UUID), ``@`` the configured
    ``WAGTAIL_CONGRESS_UID_DOMAIN`` if any (RFC 7986 recommends a bare UUID)."""
    domain = congress_settings.UID_DOMAIN
    return f"{page.translation_key}@{domain}" if domain else str(page.translation_key)
