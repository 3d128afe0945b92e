"""Attach the package's routes to Wagtail's API v3: an explicit call from a site's ``urls.py``.

Nothing happens on import or in ``AppConfig.ready()``: installing the package (with or without
``wagtail.api.v3``) changes no URL. A site that wants the routes in Wagtail's v3 API as well
calls :func:`attach` before it includes ``api.urls``::

    from wagtail.api.v3.urls import api
    from wagtail_congress.api import v3 as congress_v3

    congress_v3.attach(api)
    urlpatterns += [path("api/v3/", api.urls)]

The routes then also answer under ``<v3 prefix>/congress/`` (``/api/v3/congress/congresses/``
...) and are listed in Wagtail's ``openapi.json``. django-ninja (1.7) treats a router as a
template bound separately to each API it is mounted on, so the routers of
:mod:`wagtail_congress.api.urls` serve both APIs.

Mounting Wagtail's v3 API also publishes Wagtail's own endpoints, ``pages/`` among them, which
lists live pages below unpublished ones and alias pages (see docs/api.md). :func:`urls_without`
mounts it without chosen endpoints.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI, Router
from ninja.errors import ConfigError

from .errors import APIError, problem_response
from .routers import ROUTERS

PREFIX = "/congress/"
URL_NAME_PREFIX = "congress_"

# The prefix each API got the routes under: attaching twice is a no-op, not a ninja error.
_attached: WeakKeyDictionary[NinjaAPI, str] = WeakKeyDictionary()


def build_router() -> Router:
    """A new router holding every route of the package, as ``urls.build_api`` mounts them."""
    router = Router(tags=["congress"])
    for prefix, child in ROUTERS:
        router.add_router(prefix, child)
    return router


def attach(api: NinjaAPI | None = None, prefix: str = PREFIX) -> NinjaAPI:
    """Mount the package's routes on ``api`` (default: Wagtail's shared v3 ``api``); idempotent.

    Call it before the first ``api.urls`` (django-ninja freezes an API's routers then). Errors of
    the routes stay problem+json naming the parameter: the package's ``APIError`` gets its
    handler on ``api`` (Wagtail's own handlers answer validation errors and 404s).
    """
    if api is None:
        from wagtail.api.v3.api import api
    if api in _attached:
        if _attached[api] != prefix:
            raise ValueError(
                f"wagtail_congress.api.v3.attach(): already attached under {_attached[api]!r}, "
                f"not {prefix!r}"
            )
        return api

    def api_error(request: HttpRequest, exc: APIError) -> HttpResponse:
        return problem_response(exc.status, exc.detail, exc.parameter)

    try:
        api.add_router(prefix, build_router(), url_name_prefix=URL_NAME_PREFIX)
    except ConfigError as error:
        raise ConfigError(
            "wagtail_congress.api.v3.attach() must run before the API's urls are included "
            f"(call it above path(..., api.urls) in urls.py): {error}"
        ) from error
    api.add_exception_handler(APIError, api_error)
    _attached[api] = prefix
    return api


def urls_without(api: NinjaAPI, *prefixes: str) -> tuple[list[URLPattern | URLResolver], str, str]:
    """``api.urls`` less the endpoints whose route starts with one of ``prefixes``.

    ``urls_without(api, "pages/")`` mounts Wagtail's v3 API without its pages endpoint (the
    example project does this). Its ``openapi.json`` still describes the left-out operations:
    django-ninja builds the document from the API object, not from the URLconf.
    """
    patterns, app_name, namespace = api.urls
    kept = [p for p in patterns if not str(p.pattern).startswith(prefixes)]
    return kept, app_name, namespace
