"""ETag, Last-Modified and Cache-Control, and 304s answered before rendering."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from .factories import SessionPageFactory
from .test_api_schema import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(congress, session):
    session.save_revision().publish()
    return f"{API}/congresses/{congress.pk}/programme/"


def test_responses_carry_validators_and_cache_control(client, url):
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('W/"') and etag.endswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"
    with override_settings(WAGTAIL_CONGRESS_API_CACHE_CONTROL="public, max-age=5, s-maxage=600"):
        assert client.get(url)["Cache-Control"] == "public, max-age=5, s-maxage=600"


def test_if_none_match_gets_a_304_without_rendering(client, url):
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"
    # Hidden sections, the congress and the version stamp; no session is loaded.
    assert len(queries) <= 5
    assert not any("wagtail_congress_sessionspeaker" in q["sql"] for q in queries.captured_queries)
    # Strong/weak comparison and lists work as RFC 9110 says.
    bare = etag.removeprefix("W/")
    assert client.get(url, headers={"If-None-Match": f'"x", {bare}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304


def test_if_modified_since_gets_a_304(client, url):
    last_modified = client.get(url)["Last-Modified"]
    response = client.get(url, headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304


def test_publishing_changes_the_etag(client, url, track):
    etag = client.get(url)["ETag"]
    SessionPageFactory(parent=track, title="Nowa sesja").save_revision().publish()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_unpublishing_changes_the_etag(client, url, session):
    etag = client.get(url)["ETag"]
    session.unpublish()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json()["days"][1]["sessions"] == []


def test_etag_depends_on_locale_and_filters(client, url, locale_en):
    etag = client.get(url)["ETag"]
    assert client.get(url, {"q": "x"})["ETag"] != etag
    assert client.get(url, {"locale": "en"}, headers={"If-None-Match": etag}).status_code != 304


def test_errors_are_not_cached_as_content(client, congress):
    response = client.get(f"{API}/congresses/{congress.pk}/programme/", {"day": "1999-01-01"})
    assert response.status_code == 400
    assert "ETag" not in response
