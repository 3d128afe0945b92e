"""WAGTAIL_CONGRESS_API_RESPONSE_CACHE: rendered bodies kept under their version stamp."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail_congress.api.caching import response_cache

from .factories import SessionPageFactory
from .test_api_schema import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.WAGTAIL_CONGRESS_API_RESPONSE_CACHE = "default"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def url(congress, session):
    session.save_revision().publish()
    return f"{API}/congresses/{congress.pk}/programme/"


def programme_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "sessionspeaker" in q["sql"]]


def test_a_second_request_gets_the_stored_bytes_without_rendering(client, url, cached):
    first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    for header in ("ETag", "Last-Modified", "Cache-Control"):
        assert second[header] == first[header]
    # The version stamp only (as for a 304): no session or speaker is loaded.
    assert len(queries) <= 5
    assert not programme_queries(queries)


def test_a_client_with_the_etag_still_gets_a_304(client, url, cached):
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_publishing_makes_the_next_response_fresh(client, url, cached, track, session):
    before = client.get(url).json()
    session.title = "Sesja po zmianie"
    session.save_revision().publish()
    SessionPageFactory(parent=track, title="Nowa sesja").save_revision().publish()
    after = client.get(url).json()
    titles = [item["title"] for day in after["days"] for item in day["sessions"]]
    assert "Sesja po zmianie" in titles and "Nowa sesja" in titles
    assert after != before


def test_unpublishing_removes_the_session_from_the_next_response(client, url, cached, session):
    assert client.get(url).json()["days"]
    session.unpublish()
    titles = [item["title"] for day in client.get(url).json()["days"] for item in day["sessions"]]
    assert session.title not in titles


def test_each_query_string_and_locale_has_its_own_body(client, url, cached, congress, session):
    day = session.start.astimezone(congress.tzinfo).date()
    whole = client.get(url)
    one_day = client.get(url, {"day": day.isoformat()})
    assert one_day.status_code == 200
    assert [d["date"] for d in one_day.json()["days"]] == [day.isoformat()]
    assert client.get(url).content == whole.content
    english = client.get(url, {"locale": "en"})
    assert english.status_code == 404  # no English congress: not the cached Polish body


def test_errors_are_not_stored(client, url, cached):
    for _ in range(2):
        response = client.get(url, {"day": "1999-01-01"})
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/problem+json")


def test_off_by_default(client, url, settings):
    assert response_cache() is None
    cache.clear()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert programme_queries(queries)
