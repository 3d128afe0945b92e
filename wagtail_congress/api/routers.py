"""Every router of the package's API with its prefix: one list for both places that mount them
(:func:`wagtail_congress.api.urls.build_api` and :func:`wagtail_congress.api.v3.attach`)."""

from __future__ import annotations

from ninja import Router

from .routes.congresses import router as congresses_router
from .routes.news import router as news_router
from .routes.partners import router as partners_router
from .routes.preview import router as preview_router
from .routes.sessions import router as sessions_router
from .routes.speakers import router as speakers_router

ROUTERS: list[tuple[str, Router]] = [
    ("/congresses/", congresses_router),
    ("/sessions/", sessions_router),
    ("/", speakers_router),
    ("/", partners_router),
    ("/", news_router),
    ("/", preview_router),
]
