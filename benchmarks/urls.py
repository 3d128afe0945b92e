"""The example project's URLs plus the two references the benchmark compares against.

- ``/bench/v2/``: Wagtail's stock API v2 pages endpoint (``PagesAPIViewSet``), unmodified
  (the example project's ``/api/v2/`` uses the package's own endpoint classes).
- ``/bench/floor/``: a view returning pre-built bytes (the programme response, read once from
  the file named by ``BENCHMARK_FLOOR_FILE``) through the same middleware: the floor of this
  stack (gunicorn + Django) for a response of that size.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from example_project.urls import urlpatterns as example_urlpatterns

api_v2 = WagtailAPIRouter("benchmark_stock_v2")
api_v2.register_endpoint("pages", PagesAPIViewSet)


@cache
def floor_body() -> bytes:
    name = os.environ.get("BENCHMARK_FLOOR_FILE")
    return Path(name).read_bytes() if name else b"{}"


def floor(request: HttpRequest) -> HttpResponse:
    """The same bytes as the programme response, built once: nothing is computed per request."""
    return HttpResponse(floor_body(), content_type="application/json")


def ping(request: HttpRequest) -> HttpResponse:
    """Tells the runner the server is up without touching the floor's bytes."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/ping/", ping, name="benchmark_ping"),
    path("bench/v2/", api_v2.urls),
    path("bench/floor/", floor, name="benchmark_floor"),
    *example_urlpatterns,
]
