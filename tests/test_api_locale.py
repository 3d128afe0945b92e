"""The same content in Polish and in English, translated through wagtail-localize."""

from __future__ import annotations

import pytest

from wagtail_congress.models import CongressPage, SessionPage, SessionTrackPage, Speaker

from .test_api_schema import API, assert_matches
from .test_translation_e2e import (
    in_english,
    polish_congress,  # noqa: F401 (a fixture of the end-to-end tests, reused here)
    submit,
    translate_everything,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated(polish_congress, locale_en, django_capture_on_commit_callbacks):  # noqa: F811
    for page in polish_congress:
        submit(page, locale_en, django_capture_on_commit_callbacks)
    assert translate_everything(locale_en, django_capture_on_commit_callbacks) == []
    congress, track, session = polish_congress
    return {
        "pl": (congress, track, session),
        "en": (
            in_english(CongressPage, congress),
            in_english(SessionTrackPage, track),
            in_english(SessionPage, session),
        ),
    }


def test_same_session_in_polish_and_english(client, translated):
    session = translated["pl"][2]
    en_session = translated["en"][2]
    polish = assert_matches(
        client.get(f"{API}/sessions/{session.pk}/", {"locale": "pl"}), "SessionDetail"
    )
    english = assert_matches(
        client.get(f"{API}/sessions/{en_session.pk}/", {"locale": "en"}), "SessionDetail"
    )
    assert polish["title"] == "Przyszłość miast średnich"
    assert english["title"] == "The future of medium-sized cities"
    assert polish["speakers"][0]["position"] == "Prezydent Łodzi"
    assert english["speakers"][0]["position"] == "Mayor of Łódź"
    en_speaker = Speaker.objects.get(pk=english["speakers"][0]["id"])
    assert en_speaker.locale.language_code == "en"
    assert polish["speakers"][0]["translation_key"] == english["speakers"][0]["translation_key"]
    assert english["congress"] == {
        "id": translated["en"][0].pk,
        "title": "Urban Policy Congress 2021",
        "url": translated["en"][0].url,
        "locale": "en",
    }
    expected = {
        "pl": {"id": session.pk, "url": session.url},
        "en": {"id": en_session.pk, "url": en_session.url},
    }
    assert polish["translations"] == english["translations"] == expected
    assert english["url"].startswith("/en/")


def test_a_polish_id_asked_for_in_english_is_not_found(client, translated):
    # Ids name one language version; the translations map gives the other's id.
    session = translated["pl"][2]
    assert client.get(f"{API}/sessions/{session.pk}/", {"locale": "en"}).status_code == 404


def test_programme_and_find_in_english(client, translated):
    en_congress = translated["en"][0]
    data = client.get(f"{API}/congresses/{en_congress.pk}/programme/", {"locale": "en"}).json()
    (item,) = [s for day in data["days"] for s in day["sessions"]]
    assert item["title"] == "The future of medium-sized cities"
    assert item["track"]["title"] == translated["en"][1].title
    assert item["thematic_areas"][0]["name"] == "Transport and urban mobility"

    found = client.get(f"{API}/congresses/find/", {"path": en_congress.url}).json()
    assert (found["id"], found["locale"]) == (en_congress.pk, "en")
    # The Polish path, asked for in English, gives the English congress.
    polish_url = translated["pl"][0].url
    found = client.get(f"{API}/congresses/find/", {"path": polish_url, "locale": "en"}).json()
    assert found["id"] == en_congress.pk


def test_default_locale_is_the_request_language(client, translated):
    # The example site uses i18n_patterns(prefix_default_language=False), so LocaleMiddleware
    # gives every unprefixed URL, the API's included, LANGUAGE_CODE whatever the browser asks.
    listing = client.get(f"{API}/congresses/", headers={"Accept-Language": "en"})
    assert [item["id"] for item in listing.json()["items"]] == [translated["pl"][0].pk]
    listing = client.get(f"{API}/congresses/", {"locale": "en"})
    assert [item["id"] for item in listing.json()["items"]] == [translated["en"][0].pk]
