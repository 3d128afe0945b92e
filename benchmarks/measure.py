"""In-process measurements: query counts, timings, the admin, and a profile of the programme.

Run with Django set up on a generated database (``python -m benchmarks`` does it in a
subprocess per database). Requests go through Django's test client, so they pass the whole
middleware and URL stack but no WSGI server.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from .endpoints import Endpoint, endpoints, listing_endpoints


def timed_get(client: Client, path: str, repeat: int, **headers: str) -> dict:
    """Status, size, queries of the first call, and the median/min time of ``repeat`` calls."""
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path, headers=headers)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        if sum(times) > 4000:  # enough for a slow reference
            break
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": len(queries),
        "ms_median": round(statistics.median(times), 2) if times else None,
        "ms_min": round(min(times), 2) if times else None,
        "etag": response.headers.get("ETag"),
    }


def measure_endpoints(meta: dict, repeat: int = 5) -> dict[str, dict]:
    """Each endpoint once for its queries, then ``repeat`` times for its time (anonymous)."""
    client = Client(raise_request_exception=False)  # a 500 is a result, not a crash
    results: dict[str, dict] = {}
    for endpoint in endpoints(meta):
        if endpoint.name == "floor":
            continue
        headers = {}
        if endpoint.conditional:
            headers["If-None-Match"] = results["programme"]["etag"]
        if endpoint.cached:
            with override_settings(WAGTAIL_CONGRESS_API_RESPONSE_CACHE="congress_api"):
                client.get(endpoint.path)  # stores the body
                results[endpoint.name] = timed_get(client, endpoint.path, repeat)
            continue
        results[endpoint.name] = timed_get(client, endpoint.path, repeat, **headers)
    return results


def programme_bytes(meta: dict) -> bytes:
    """The programme response's body, for the floor view to return as is."""
    response = Client().get(endpoints(meta)[0].path)
    assert response.status_code == 200, response.content[:500]
    return response.content


def measure_listings(meta: dict, repeat: int = 3) -> dict[str, dict]:
    """Queries and time of the listings (for the growth table)."""
    client = Client(raise_request_exception=False)  # a 500 is a result, not a crash
    return {e.name: timed_get(client, e.path, repeat) for e in listing_endpoints(meta)}


def admin_client() -> Client:
    user, _created = get_user_model().objects.get_or_create(
        username="benchmark", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(raise_request_exception=False)  # a 500 is a result, not a crash
    client.force_login(user)
    return client


def measure_admin(meta: dict, repeat: int = 3) -> dict[str, dict]:
    """The page explorer of the largest track, a session's edit view and the timetable."""
    from django.db.models import Count

    from wagtail_congress.models import SessionTrackPage

    client = admin_client()
    biggest = (
        SessionTrackPage.objects.filter(locale__language_code="pl")
        .annotate(n=Count("pk"))
        .order_by("-numchild")
        .first()
    )
    pages = {
        "explorer": reverse("wagtailadmin_explore", args=[biggest.pk]),
        "explorer_page_2": reverse("wagtailadmin_explore", args=[biggest.pk]) + "?p=2",
        "edit": reverse("wagtailadmin_pages:edit", args=[meta["session"]["pl"]]),
        "timetable": reverse("wagtail_congress_timetable", args=[meta["congress"]["pl"]]),
    }
    results = {}
    for name, path in pages.items():
        results[name] = timed_get(client, path, repeat)
        results[name]["path"] = path
        results[name]["track_children"] = biggest.numchild
        results[name].pop("etag", None)
    return results


def profile(path: str, output: Path, calls: int = 3, **headers: str) -> list[str]:
    """cProfile of ``calls`` requests to ``path``; the top functions by cumulative time."""
    client = Client(raise_request_exception=False)  # a 500 is a result, not a crash
    client.get(path, headers=headers)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        client.get(path, headers=headers)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(45)
    output.write_text(stream.getvalue())
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(25)
    output.with_suffix(".tottime.txt").write_text(stream.getvalue())
    return [line for line in stream.getvalue().splitlines() if line.strip()][:40]


def profile_endpoints(meta: dict, results_dir: Path, label: str) -> dict[str, str]:
    """Profiles of the programme (uncached and conditional); the files' names."""
    items: list[Endpoint] = endpoints(meta)
    programme, conditional = items[0], items[1]
    etag = Client().get(programme.path).headers.get("ETag", "")
    files = {}
    for endpoint, headers in ((programme, {}), (conditional, {"If-None-Match": etag})):
        output = results_dir / f"profile-{label}-{endpoint.name}.txt"
        profile(endpoint.path, output, **headers)
        files[endpoint.name] = output.name
    return files
