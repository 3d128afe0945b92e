"""Conditional GETs answered from a cheap version stamp, before anything is rendered.

The stamp of a response is the state of the pages it is made of (how many are visible and
when the latest was published) plus the latest entry of Wagtail's page and snippet logs
(unpublishing, deleting, moving, editing a snippet), and the request's locale and query
string. Computing it takes three small aggregate queries; a 304 costs nothing else.

With ``WAGTAIL_CONGRESS_API_RESPONSE_CACHE`` set to a cache alias, the rendered body of a
200 response is kept under the same stamp, so a client without a current ETag gets the
bytes as they were rendered for it, after the same queries: a cached body is never older
than a 304 would be (docs/performance.md).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.cache import BaseCache, caches
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja.renderers import JSONRenderer
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.query import PageQuerySet

from ..conf import congress_settings
from .visibility import Audience

# Bump when the shape of the responses changes, so clients do not keep stale 304s.
API_REVISION = "2"


@dataclass(frozen=True)
class Version:
    """The validators of one response: a quoted weak ETag and a Last-Modified time."""

    etag: str
    last_modified: datetime.datetime | None

    def not_modified(self, request: HttpRequest) -> HttpResponseBase | None:
        """A 304 (or 412) if the client's copy is current, else ``None``."""
        timestamp = int(self.last_modified.timestamp()) if self.last_modified else None
        response = get_conditional_response(request, etag=self.etag, last_modified=timestamp)
        if response is not None:
            self.add_headers(response)
        return response

    def add_headers(self, response: HttpResponseBase) -> None:
        response["ETag"] = self.etag
        if self.last_modified:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        response["Cache-Control"] = congress_settings.API_CACHE_CONTROL


def version_of(request: HttpRequest, audience: Audience, pages: PageQuerySet) -> Version:
    """The version of a response made from ``pages`` (the visible pages it may show)."""
    state = pages.order_by().aggregate(count=Count("pk"), published=Max("last_published_at"))
    page_log = PageLogEntry.objects.aggregate(latest=Max("timestamp"))["latest"]
    snippet_log = ModelLogEntry.objects.filter(
        content_type__app_label="wagtail_congress"
    ).aggregate(latest=Max("timestamp"))["latest"]
    moments = [moment for moment in (state["published"], page_log, snippet_log) if moment]
    last_modified = max(moments) if moments else None
    fingerprint = "|".join(
        [
            API_REVISION,
            audience.language_code,
            request.get_full_path(),
            str(state["count"]),
            *(
                moment.isoformat() if moment else "-"
                for moment in (state["published"], page_log, snippet_log)
            ),
        ]
    )
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return Version(etag=f'W/"{digest}"', last_modified=last_modified)


def conditional(
    request: HttpRequest, version: Version, response: HttpResponse
) -> HttpResponseBase | None:
    """A 304 if the client's copy is current, else the cached body of ``version`` if any;
    ``None`` (the route renders) after putting ``version``'s headers on ``response``."""
    not_modified = version.not_modified(request)
    if not_modified is not None:
        return not_modified
    cache = response_cache()
    if cache is not None:
        key = response_cache_key(request, version)
        body = cache.get(key)
        if body is not None:
            cached = HttpResponse(body, content_type=JSON_CONTENT_TYPE)
            version.add_headers(cached)
            return cached
        # CachingJSONRenderer stores the body once ninja has rendered it (a 200 only).
        setattr(request, RESPONSE_CACHE_KEY_ATTRIBUTE, key)
    version.add_headers(response)
    return None


JSON_CONTENT_TYPE = f"{JSONRenderer.media_type}; charset={JSONRenderer.charset}"
RESPONSE_CACHE_KEY_ATTRIBUTE = "_wagtail_congress_response_cache_key"


def response_cache() -> BaseCache | None:
    """The cache of rendered API bodies (``WAGTAIL_CONGRESS_API_RESPONSE_CACHE``), if any."""
    alias = congress_settings.API_RESPONSE_CACHE
    return caches[alias] if alias else None


def response_cache_key(request: HttpRequest, version: Version) -> str:
    """The body's key: its version (locale and query string included), host and language."""
    # Host and scheme: bodies hold absolute URLs; the language: labels follow it.
    parts = [
        API_REVISION,
        request.scheme or "",
        request.get_host(),
        translation.get_language() or "",
        version.etag,
    ]
    return "wagtail_congress:api:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


class CachingJSONRenderer(JSONRenderer):
    """ninja's JSON renderer, keeping the body of a 200 that :func:`conditional` let through."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        content = super().render(request, data, response_status=response_status)
        key = getattr(request, RESPONSE_CACHE_KEY_ATTRIBUTE, None)
        cache = response_cache() if key and response_status == 200 else None
        if cache is not None:
            body = content.encode() if isinstance(content, str) else content
            cache.set(key, body, congress_settings.API_RESPONSE_CACHE_TIMEOUT)
        return content
