"""The API's edges: methods other than GET, unknown paths, ``locale`` in the OpenAPI document,
problem details in the requested language, and v2 search and ``find`` on every endpoint."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.core.cache import caches

from wagtail_congress.api.visibility import content_languages
from wagtail_congress.models import SessionSpeaker

from .factories import SessionPageFactory, SpeakerFactory
from .test_api_security import SECRET, matrix  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

API = "/api/congress"
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def clear_cache():
    caches["default"].clear()


def test_head_answers_like_get_without_a_body(client, session):
    url = f"{API}/sessions/{session.pk}/?locale=pl"
    get = client.get(url)
    head = client.head(url)
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["ETag"] == get["ETag"]
    assert int(head["Content-Length"]) == len(get.content)


def test_head_of_a_missing_object_is_a_404_without_a_body(client, db):
    response = client.head(f"{API}/sessions/999999/")
    assert response.status_code == 404
    assert response.content == b""


@pytest.mark.parametrize("path", ["/congresses/", "/openapi.json", "/sessions/1/"])
def test_options_lists_the_read_methods(client, db, path):
    response = client.options(f"{API}{path}")
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_a_405_problem(client, db, method):
    response = getattr(client, method)(f"{API}/congresses/")
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["status"] == 405


@pytest.mark.parametrize("path", ["/nothing/", "/congresses/1/nothing/", "/x"])
def test_unknown_paths_under_the_api_are_a_404_problem(client, db, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"]


def test_locale_is_an_enum_of_the_content_languages(client, db):
    document = client.get(f"{API}/openapi.json").json()
    seen = 0
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "locale":
                    seen += 1
                    choices = [
                        choice.get("enum")
                        for choice in parameter["schema"]["anyOf"]
                        if choice.get("type") == "string"
                    ]
                    assert choices == [content_languages()], parameter
    assert seen >= 10


def test_problem_details_follow_the_requested_locale(client, db):
    polish = client.get(f"{API}/sessions/999999/?locale=pl").json()["detail"]
    english = client.get(f"{API}/sessions/999999/?locale=en").json()["detail"]
    assert english != polish
    assert english.isascii()
    bad = {
        locale: client.get(f"{API}/congresses/?locale={locale}&limit=-1").json()["detail"]
        for locale in ("pl", "en")
    }
    assert bad["en"].startswith("Invalid value")
    assert bad["pl"] != bad["en"]


@pytest.mark.parametrize("endpoint", ["images", "documents", "pages", "congress_speakers"])
def test_v2_find_with_a_non_numeric_id_is_a_400(client, db, endpoint):
    response = client.get(f"/api/v2/{endpoint}/find/?id=abc")
    assert response.status_code == 400
    assert "id" in response.json()["message"]


def test_v2_find_still_redirects_for_images(client, db):
    image = wagtail_factories.ImageFactory()
    response = client.get(f"/api/v2/images/find/?id={image.pk}")
    assert response.status_code == 302
    assert f"/api/v2/images/{image.pk}/" in response["Location"]


def test_v2_page_search_finds_visible_pages_only(client, matrix):  # noqa: F811
    visible, hidden = matrix
    response = client.get("/api/v2/pages/?search=Widoczna&limit=20")
    assert response.status_code == 200, response.content
    found = {item["id"] for item in response.json()["items"]}
    assert {page.pk for page in visible["sessions"]} <= found
    assert not found & {page.pk for page in hidden.values()}
    secret = client.get(f"/api/v2/pages/?search={SECRET}&limit=20").json()
    assert secret["items"] == []


def test_v2_snippet_search_filters_the_listing(client, session):
    for name in ("Anna Kowalska", "Jan Nowak"):
        session.speakers.add(SessionSpeaker(speaker=SpeakerFactory(name=name)))
    session.save()
    hidden = SpeakerFactory(name="Anna Ukryta")  # in no visible session
    SessionPageFactory(parent=session.get_parent(), live=False).speakers.add(
        SessionSpeaker(speaker=hidden)
    )
    response = client.get("/api/v2/congress_speakers/?search=Anna&fields=name")
    assert response.status_code == 200, response.content
    names = [item["name"] for item in response.json()["items"]]
    assert names == ["Anna Kowalska"]
