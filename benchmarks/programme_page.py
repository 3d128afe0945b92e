"""The programme page (HTML route ``programme/``) in process: time and queries by congress size.

    DJANGO_SETTINGS_MODULE=tests.settings python -m benchmarks.programme_page [sessions ...]

Measured (2 cores shared with other jobs, SQLite, first day of 3): 40 sessions 33 ms,
400 sessions 91-134 ms (median), 23 queries at both sizes.

Generates each congress (the benchmark's generator, small news) into a throwaway test
database, then renders the first day of its programme with the Django test client: the median
of a few runs after a warm-up, and the number of queries (which must not grow with the size).
"""

from __future__ import annotations

import statistics
import sys
import time


def measure(sessions: int, runs: int = 7) -> dict[str, float | int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from benchmarks.generate import generate
    from benchmarks.sizes import Sizes

    generated = generate(Sizes(sessions=sessions, speakers=sessions * 2, news=20), seed=7)
    url = Page.objects.get(pk=generated.congress["pl"]).url + "programme/"
    client = Client()
    assert client.get(url).status_code == 200  # warm-up: caches, templates
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {
        "sessions": sessions,
        "median_ms": round(statistics.median(timings), 1),
        "queries": len(queries.captured_queries),
    }


def measure_in_new_database(sessions: int) -> None:
    import django
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(measure(sessions), flush=True)


def main(sizes: list[int]) -> None:
    """Each size in its own process: an in-memory test database outlives destroy_test_db()."""
    import subprocess

    for sessions in sizes:
        subprocess.run([sys.executable, "-m", "benchmarks.programme_page", "--one", str(sessions)])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        measure_in_new_database(int(sys.argv[2]))
    else:
        main([int(value) for value in sys.argv[1:]] or [40, 400])
