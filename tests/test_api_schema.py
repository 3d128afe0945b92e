"""The published OpenAPI document, and a check of responses against it (used by every API test)."""

from __future__ import annotations

import functools

import jsonschema
import pytest
from django.test import Client

API = "/api/congress"


@functools.cache
def openapi() -> dict:
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


def assert_matches(response, component: str) -> dict:
    """The JSON of ``response``, checked against ``#/components/schemas/<component>``."""
    data = response.json()
    schema = {"$ref": f"#/components/schemas/{component}", **openapi()}
    jsonschema.Draft202012Validator(schema).validate(data)
    return data


def assert_problem(response, status: int, parameter: str | None = None) -> dict:
    """A problem+json response of ``status`` naming ``parameter``."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    data = assert_matches(response, "Problem")
    assert data["status"] == status
    if parameter is not None:
        assert data["parameter"] == parameter, data
    return data


@pytest.mark.django_db
def test_openapi_document_is_3_1_and_lists_the_routes(client):
    document = openapi()
    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    for path in (
        "/api/congress/congresses/",
        "/api/congress/congresses/find/",
        "/api/congress/congresses/{congress_id}/",
        "/api/congress/congresses/{congress_id}/programme/",
        "/api/congress/congresses/{congress_id}/sessions/",
        "/api/congress/congresses/{congress_id}/tracks/",
        "/api/congress/sessions/{session_id}/",
        "/api/congress/congresses/{congress_id}/speakers/",
        "/api/congress/speakers/{speaker_id}/",
        "/api/congress/congresses/{congress_id}/partners/",
        "/api/congress/news/",
        "/api/congress/news/{article_id}/",
    ):
        assert path in paths, sorted(paths)
        responses = paths[path]["get"]["responses"]
        # Every error a client can get is declared, ninja's 422 included.
        for status in ("200", "304", "400", "404", "422"):
            assert status in responses, (path, status)
        problem = responses["422"]["content"]
        assert "#/components/schemas/Problem" in str(problem)


@pytest.mark.django_db
def test_interactive_docs_are_served(client):
    response = client.get(f"{API}/docs/")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


@pytest.mark.django_db
def test_news_body_blocks_are_a_tagged_union(client):
    document = openapi()
    body = document["components"]["schemas"]["NewsDetail"]["properties"]["body"]
    assert body["items"]["discriminator"]["propertyName"] == "type"
    kinds = {ref.rsplit("/", 1)[-1] for ref in body["items"]["discriminator"]["mapping"].values()}
    assert kinds == {
        "HeadingBlockItem",
        "ParagraphBlockItem",
        "ImageBlockItem",
        "QuoteBlockItem",
        "LinkBlockItem",
        "EmbedBlockItem",
    }
