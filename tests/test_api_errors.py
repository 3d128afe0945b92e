"""Bad input gets a problem+json 4xx naming the parameter, never a 500."""

from __future__ import annotations

import pytest
from django.test import override_settings

from .test_api_schema import API, assert_problem

pytestmark = pytest.mark.django_db

HUGE = str(2**70)


def test_unknown_locale_is_400(client, congress):
    for url in (
        "/congresses/",
        f"/congresses/{congress.pk}/programme/",
        f"/congresses/{congress.pk}/speakers/",
        f"/congresses/{congress.pk}/partners/",
        "/news/",
    ):
        data = assert_problem(client.get(f"{API}{url}", {"locale": "de"}), 400, "locale")
        assert "pl, en" in data["detail"]


def test_unknown_ids_are_404_naming_the_parameter(client, congress, session):
    assert_problem(client.get(f"{API}/congresses/999999/"), 404, "congress_id")
    assert_problem(client.get(f"{API}/congresses/999999/programme/"), 404, "congress_id")
    assert_problem(client.get(f"{API}/sessions/999999/"), 404, "session_id")
    assert_problem(client.get(f"{API}/speakers/999999/"), 404, "speaker_id")
    assert_problem(client.get(f"{API}/news/999999/"), 404, "article_id")
    assert_problem(client.get(f"{API}/congresses/999999/speakers/"), 404, "congress_id")
    assert_problem(client.get(f"{API}/congresses/999999/partners/"), 404, "congress_id")
    # A session id is not a congress id.
    assert_problem(client.get(f"{API}/congresses/{session.pk}/"), 404, "congress_id")


def test_limit_above_the_maximum_is_400(client, congress):
    assert_problem(client.get(f"{API}/congresses/", {"limit": 101}), 400, "limit")
    with override_settings(WAGTAIL_CONGRESS_API_MAX_LIMIT=5):
        assert_problem(client.get(f"{API}/congresses/", {"limit": 6}), 400, "limit")
        assert client.get(f"{API}/congresses/", {"limit": 5}).status_code == 200


@pytest.mark.parametrize(
    "url, params, parameter",
    [
        ("/congresses/", {"limit": "-1"}, "limit"),
        ("/congresses/", {"limit": "0"}, "limit"),
        ("/congresses/", {"limit": HUGE}, "limit"),
        ("/congresses/", {"offset": "-5"}, "offset"),
        ("/congresses/", {"offset": HUGE}, "offset"),
        ("/congresses/", {"limit": "ten"}, "limit"),
        ("/congresses/{congress}/programme/", {"day": "2021-13-45"}, "day"),
        ("/congresses/{congress}/programme/", {"day": "yesterday"}, "day"),
        ("/congresses/{congress}/programme/", {"day": "0"}, "day"),
        ("/congresses/{congress}/programme/", {"day": "2021-10-12T00:00"}, "day"),
        ("/congresses/{congress}/programme/", {"track": HUGE}, "track"),
        ("/congresses/{congress}/programme/", {"speaker": "-3"}, "speaker"),
        ("/congresses/{congress}/programme/", {"q": "x" * 201}, "q"),
        ("/congresses/{congress}/programme/", {"locale": "x" * 17}, "locale"),
    ],
)
def test_malformed_values_are_422_problems(client, congress, url, params, parameter):
    response = client.get(API + url.format(congress=congress.pk), params)
    data = assert_problem(response, 422, parameter)
    assert data["errors"]


@pytest.mark.parametrize(
    "path",
    [
        f"/congresses/{HUGE}/",
        f"/sessions/{HUGE}/",
        "/sessions/0/",
        f"/speakers/{HUGE}/",
        "/speakers/0/",
        f"/news/{HUGE}/",
        "/news/-1/",
        f"/congresses/{HUGE}/speakers/",
        f"/congresses/{HUGE}/partners/",
    ],
)
def test_out_of_range_ids_in_paths_are_422(client, db, path):
    assert_problem(client.get(API + path), 422)


@pytest.mark.parametrize(
    "params, status, parameter",
    [
        ({"q": "a\x00b"}, 400, "q"),
        ({"room": "\x00"}, 400, "room"),
        ({"q": "Łódź 🏙️ ‮"}, 200, None),
        ({"room": "' OR 1=1 --"}, 200, None),
        ({"locale": "\x00"}, 400, "locale"),
        ({"locale": "pl\x00"}, 400, "locale"),
    ],
)
def test_nasty_text_never_500s(client, congress, session, params, status, parameter):
    response = client.get(f"{API}/congresses/{congress.pk}/programme/", params)
    if status == 200:
        assert response.status_code == 200
    else:
        assert_problem(response, status, parameter)


def test_find_rejects_nul_bytes_and_long_paths(client, congress):
    assert_problem(client.get(f"{API}/congresses/find/", {"path": "/a\x00/"}), 400, "path")
    assert_problem(client.get(f"{API}/congresses/find/", {"path": "/" + "a" * 3000}), 422, "path")
    assert_problem(client.get(f"{API}/congresses/find/"), 422, "path")
