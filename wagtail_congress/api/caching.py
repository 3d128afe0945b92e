"""Conditional GETs answered from a cheap version stamp, before anything is rendered.

The stamp of a response is the state of the pages it is made of (how many are visible and
when the latest was published) plus the latest entry of Wagtail's page and snippet logs
(unpublishing, deleting, moving, editing a snippet), and the request's locale and query
string. Computing it takes three small aggregate queries; a 304 costs nothing else.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
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
    """Put ``version``'s headers on ``response`` (ninja's temporal one); a 304 if current."""
    not_modified = version.not_modified(request)
    if not_modified is not None:
        return not_modified
    version.add_headers(response)
    return None
