"""Attach the package's routes to Wagtail's API v3 when a site installs ``wagtail.api.v3``.

Called from ``WagtailCongressAppConfig.ready()``: the routes then also answer under
``<v3 prefix>/congress/`` (``/api/v3/congress/congresses/`` ...) and are listed in Wagtail's
``openapi.json``. django-ninja (1.7) treats a router as a template bound separately to each
API it is mounted on, so the routers of :mod:`wagtail_congress.api.urls` serve both APIs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router

from .errors import APIError, problem_response
from .routers import ROUTERS

PREFIX = "/congress/"
URL_NAME_PREFIX = "congress_"


def build_router() -> Router:
    """A new router holding every route of the package, as ``urls.build_api`` mounts them."""
    router = Router(tags=["congress"])
    for prefix, child in ROUTERS:
        router.add_router(prefix, child)
    return router


def attach(api: NinjaAPI | None = None, prefix: str = PREFIX) -> None:
    """Mount the package's routes on ``api`` (default: Wagtail's shared v3 ``api``).

    Their errors stay problem+json naming the parameter: the package's ``APIError`` gets its
    handler on ``api`` (Wagtail's own handlers answer validation errors and 404s).
    """
    if api is None:
        from wagtail.api.v3.api import api

    def api_error(request: HttpRequest, exc: APIError) -> HttpResponse:
        return problem_response(exc.status, exc.detail, exc.parameter)

    api.add_exception_handler(APIError, api_error)
    api.add_router(prefix, build_router(), url_name_prefix=URL_NAME_PREFIX)
