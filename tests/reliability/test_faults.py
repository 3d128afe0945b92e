"""Database faults between requests, on PostgreSQL: the app reconnects by itself.

Requests go through Django's real WSGI handler (not the test client, which skips the
``close_old_connections`` of each request boundary), with the example project's
``CONN_MAX_AGE=60`` and ``CONN_HEALTH_CHECKS=True``. The database side of the connection is
killed with ``pg_terminate_backend`` — what a PostgreSQL restart, a failover or an idle
timeout in a pooler does to a persistent connection. The long version, with a real restart
under load, is ``reliability/run`` (docs/reliability.md).
"""

from __future__ import annotations

import json

import psycopg
import pytest
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from wagtail.models import Page
from werkzeug.test import Client as WSGIClient

from ..conftest import ensure_wagtail_tree
from ..factories import CongressPageFactory, SessionPageFactory, SessionTrackPageFactory

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="terminates PostgreSQL backends (pg_terminate_backend); run with DATABASE_URL",
    ),
    # Committed data: the requests below run on connections the test kills.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def site_root(transactional_db) -> Page:
    """The default site's root page (see ``ensure_wagtail_tree`` in tests/conftest.py)."""
    return ensure_wagtail_tree().root_page


@pytest.fixture
def programme_url(site_root) -> str:
    congress = CongressPageFactory(parent=site_root)
    track = SessionTrackPageFactory(parent=congress)
    SessionPageFactory(parent=track, title="Sesja odporna")
    return f"/api/congress/congresses/{congress.pk}/programme/"


@pytest.fixture
def wsgi():
    return WSGIClient(get_wsgi_application())


def terminate_django_backend() -> int:
    """Kill the server side of Django's connection (only that one: the server is shared)."""
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as killer:
        killed = killer.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
    assert killed
    return pid


def get(wsgi, url: str, headers: dict | None = None):
    response = wsgi.get(url)
    body = response.get_data(as_text=True)
    if headers is not None:
        headers.update(response.headers)
    response.close()
    return response.status_code, body


def test_requests_after_the_connection_is_killed_succeed(wsgi, programme_url):
    assert get(wsgi, programme_url)[0] == 200
    pids = set()
    for _ in range(5):
        pids.add(terminate_django_backend())
        status, body = get(wsgi, programme_url)
        assert status == 200, body[:300]
        assert "Sesja odporna" in body
    # Each kill was noticed and a new connection made (not one connection surviving).
    assert len(pids) == 5


def test_without_health_checks_one_request_fails_then_the_app_recovers(wsgi, programme_url):
    """Why the example project sets CONN_HEALTH_CHECKS: without it the first request on a
    dead persistent connection is a 503 problem (then Django drops the connection at its end)."""
    assert get(wsgi, programme_url)[0] == 200
    connection.close()
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    try:
        assert get(wsgi, programme_url)[0] == 200  # a fresh connection, without the checks
        terminate_django_backend()
        statuses = [get(wsgi, programme_url)[0] for _ in range(3)]
    finally:
        connection.close()
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    assert statuses == [503, 200, 200]


def test_a_killed_connection_inside_a_request_is_one_error_not_a_stuck_worker(wsgi, programme_url):
    """The connection dies while the request holds it (after its first query): that request
    fails cleanly as a 503 problem, and the next one is served on a new connection."""
    killed = []

    def kill_after_first_query(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not killed:
            killed.append(terminate_django_backend())
        return result

    assert get(wsgi, programme_url)[0] == 200
    headers: dict = {}
    with connection.execute_wrapper(kill_after_first_query):
        first = get(wsgi, programme_url, headers)
    assert killed
    assert first[0] == 503
    assert "Traceback" not in first[1]
    assert json.loads(first[1])["status"] == 503
    assert headers["Content-Type"] == "application/problem+json"
    assert headers["Retry-After"] == "5"
    assert get(wsgi, programme_url)[0] == 200
