"""The package's API: ``path("api/congress/", include("wagtail_congress.api.urls"))``.

Or mount the object itself, ``path("api/congress/", api.urls)`` with
``from wagtail_congress.api.urls import api``: a django-ninja ``NinjaAPI`` (namespace
``wagtail_congress_api``) with its OpenAPI 3.1 document at ``openapi.json`` and interactive
docs at ``docs/``.
"""

from __future__ import annotations

from ninja import NinjaAPI

from .. import __version__
from .caching import CachingJSONRenderer
from .errors import register_error_handlers
from .openapi import CongressNinjaAPI
from .routes.congresses import router as congresses_router
from .routes.news import router as news_router
from .routes.partners import router as partners_router
from .routes.preview import router as preview_router
from .routes.sessions import router as sessions_router
from .routes.speakers import router as speakers_router

NAMESPACE = "wagtail_congress_api"


def build_api() -> NinjaAPI:
    """A new API object with every route of the package (one per URL namespace)."""
    api = CongressNinjaAPI(
        title="wagtail-congress API",
        version=__version__,
        description=(
            "Read-only, anonymous API of published congresses: programme, sessions, tracks, "
            "speakers, partners and news. "
            "Every response is for one locale (`locale`, default the request's language)."
        ),
        urls_namespace=NAMESPACE,
        renderer=CachingJSONRenderer(),
        openapi_url="/openapi.json",
        docs_url="/docs/",
    )
    register_error_handlers(api)
    api.add_router("/congresses/", congresses_router)
    api.add_router("/sessions/", sessions_router)
    api.add_router("/", speakers_router)
    api.add_router("/", partners_router)
    api.add_router("/", news_router)
    api.add_router("/", preview_router)
    return api


api = build_api()
# For include("wagtail_congress.api.urls"): Django names the namespace after app_name.
urlpatterns = api.urls[0]
app_name = NAMESPACE
