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
from .routers import ROUTERS

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
    for prefix, router in ROUTERS:
        api.add_router(prefix, router)
    return api


api = build_api()
# For include("wagtail_congress.api.urls"): Django names the namespace after app_name.
urlpatterns = api.urls[0]
app_name = NAMESPACE
