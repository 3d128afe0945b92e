"""Every curl example of docs/api.md answers on the demo (as docs/frontend-guide.md's do)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wagtail_congress.models import SessionPage

from .curl_examples import curl_commands, run_curl_commands

API_DOCS = Path(__file__).resolve().parent.parent / "docs" / "api.md"

# What the page's ``NAME=$(curl ... | jq ...)`` lines extract, in Python.
VARIABLES: dict[str, Callable] = {
    "CONGRESS": lambda response: response.json()["id"],
    "SESSION": lambda response: response.json()["items"][0]["id"],
    "SPEAKER": lambda response: response.json()["items"][0]["id"],
    "ARTICLE": lambda response: response.json()["items"][0]["id"],
    "ETAG": lambda response: response["ETag"],
}


def test_the_api_page_has_an_example_per_endpoint():
    commands = curl_commands(API_DOCS)
    assert {variable for variable, _url, _headers in commands if variable} == set(VARIABLES)
    paths = " ".join(url for _variable, url, _headers in commands)
    for route in (
        "congresses/?",
        "congresses/find/",
        "/programme/",
        "/sessions/?",
        "sessions/$SESSION/",
        "/speakers/?",
        "speakers/$SPEAKER/",
        "/tracks/",
        "/partners/",
        "news/?",
        "news/$ARTICLE/",
        "preview/",
    ):
        assert route in paths, route


@pytest.mark.django_db
def test_every_curl_line_of_the_api_page_answers_on_the_demo(demo):
    # The preview example needs a token, which the admin's preview makes for the frontend.
    session = SessionPage.objects.live().filter(locale__language_code="pl").first()
    token = session.create_page_preview().token
    run_curl_commands(curl_commands(API_DOCS), VARIABLES, values={"TOKEN": token})
