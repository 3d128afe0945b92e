"""The same content in Polish and in English, translated through wagtail-localize."""

from __future__ import annotations

import pytest

from wagtail_congress.models import (
    CongressPage,
    NewsArticleRelatedSession,
    SessionPage,
    SessionTrackPage,
    Speaker,
)

from .factories import NewsArticlePageFactory, NewsIndexPageFactory
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


def test_speakers_in_english(client, translated):
    en_congress = translated["en"][0]
    data = assert_matches(
        client.get(f"{API}/congresses/{en_congress.pk}/speakers/", {"locale": "en"}),
        "SpeakerListing",
    )
    (speaker,) = data["items"]
    assert (speaker["name"], speaker["position"], speaker["locale"]) == (
        "Hanna Zdanowska",
        "Mayor of Łódź",
        "en",
    )
    assert speaker["bio"] == "<p>Mayor of Łódź since 2010.</p>"
    assert list(speaker["translations"]) == ["pl", "en"]
    assert speaker["sessions"][0]["title"] == "The future of medium-sized cities"
    detail = client.get(f"{API}/speakers/{speaker['id']}/", {"locale": "en"}).json()
    assert detail["sessions"][0]["congress"]["id"] == en_congress.pk
    # The Polish speaker's id, asked for in English, names the Polish version: not found.
    polish_id = speaker["translations"]["pl"]["id"]
    assert client.get(f"{API}/speakers/{polish_id}/", {"locale": "en"}).status_code == 404
    assert client.get(f"{API}/speakers/{polish_id}/", {"locale": "pl"}).status_code == 200


def test_partners_in_english(client, translated):
    en_congress = translated["en"][0]
    data = assert_matches(
        client.get(f"{API}/congresses/{en_congress.pk}/partners/", {"locale": "en"}),
        "CongressPartners",
    )
    (group,) = data["groups"]
    assert group["heading"] == "Organisers"
    (partner,) = group["partners"]
    assert (partner["name"], partner["short_name"], partner["locale"]) == (
        "Association of Polish Cities",
        "APC",
        "en",
    )
    assert partner["description"] == "<p>A nationwide association of local governments.</p>"
    assert data["partners"] == [partner]


def test_polish_page_links_in_english_rich_text_point_at_english_pages(client, translated):
    congress, _track, _session = translated["pl"]
    en_congress, _en_track, en_session = translated["en"]
    link = f'<p>See <a linktype="page" id="{congress.pk}">the congress</a>.</p>'
    en_session.description = link
    en_session.save_revision().publish()
    speaker = Speaker.objects.get(pk=en_session.speakers.get().speaker_id)
    speaker.bio = link
    speaker.save()
    expected = f'<p>See <a href="{en_congress.url}">the congress</a>.</p>'
    assert en_congress.url.startswith("/en/")
    data = client.get(f"{API}/sessions/{en_session.pk}/", {"locale": "en"}).json()
    assert data["description"] == expected
    data = client.get(f"{API}/congresses/{en_congress.pk}/speakers/", {"locale": "en"}).json()
    assert data["items"][0]["bio"] == expected
    # The same link read in Polish stays Polish.
    polish = polish_html(client, translated["pl"][2], link)
    assert polish == f'<p>See <a href="{congress.url}">the congress</a>.</p>'


def polish_html(client, session, html: str) -> str:
    session.description = html
    session.save_revision().publish()
    return client.get(f"{API}/sessions/{session.pk}/", {"locale": "pl"}).json()["description"]


@pytest.fixture
def untranslated_track(
    polish_congress,  # noqa: F811
    locale_en,
    django_capture_on_commit_callbacks,
):
    """Congress and session translated; the track between them left an alias of the Polish."""
    congress, track, session = polish_congress
    for page in (congress, session):
        submit(page, locale_en, django_capture_on_commit_callbacks)
    assert translate_everything(locale_en, django_capture_on_commit_callbacks) == []
    en_track = in_english(SessionTrackPage, track)
    assert en_track.alias_of_id == track.pk
    return track, in_english(CongressPage, congress), in_english(SessionPage, session)


def test_a_session_under_an_alias_track_shows_the_source_track(client, untranslated_track):
    track, en_congress, en_session = untranslated_track
    expected = {
        "id": track.pk,
        "title": "Miasta średnie",
        "url": track.url,
        "locale": "pl",
        "colour": track.colour,
        # The source track's calendar: the alias has no sessions of its own.
        "exports": {
            "ical": f"http://localhost/exports/track/{track.pk}/programme.ics",
            "xcal": f"http://localhost/exports/track/{track.pk}/programme.xcs",
        },
    }
    data = assert_matches(
        client.get(f"{API}/sessions/{en_session.pk}/", {"locale": "en"}), "SessionDetail"
    )
    assert data["track"] == expected
    programme = client.get(f"{API}/congresses/{en_congress.pk}/programme/", {"locale": "en"})
    (item,) = [s for day in programme.json()["days"] for s in day["sessions"]]
    assert item["title"] == "The future of medium-sized cities"
    assert item["track"] == expected


def test_english_article_references_follow_the_page_reference_rule(
    client,
    polish_congress,  # noqa: F811
    locale_en,
    django_capture_on_commit_callbacks,
):
    congress, _track, session = polish_congress
    index = NewsIndexPageFactory(parent=congress)
    article = NewsArticlePageFactory(parent=index, title="Zapraszamy", related_congress=congress)
    article.related_sessions.add(NewsArticleRelatedSession(session=session))
    article.save_revision().publish()
    english = article.copy_for_translation(locale_en, copy_parents=True)
    english.title = "Welcome"
    english.save_revision().publish()
    data = assert_matches(client.get(f"{API}/news/{english.pk}/", {"locale": "en"}), "NewsDetail")
    # Nothing is translated yet: the Polish pages, marked as Polish.
    assert (data["title"], data["locale"]) == ("Welcome", "en")
    assert data["related_congress"] == {
        "id": congress.pk,
        "title": congress.title,
        "url": congress.url,
        "locale": "pl",
    }
    assert [(s["id"], s["locale"]) for s in data["related_sessions"]] == [(session.pk, "pl")]
    listing = client.get(f"{API}/news/", {"locale": "en"}).json()
    assert [item["id"] for item in listing["items"]] == [english.pk]
    # Once the congress and the session are translated, their English pages.
    for page in polish_congress:
        submit(page, locale_en, django_capture_on_commit_callbacks)
    assert translate_everything(locale_en, django_capture_on_commit_callbacks) == []
    data = client.get(f"{API}/news/{english.pk}/", {"locale": "en"}).json()
    en_congress = in_english(CongressPage, congress)
    en_session = in_english(SessionPage, session)
    assert (data["related_congress"]["id"], data["related_congress"]["locale"]) == (
        en_congress.pk,
        "en",
    )
    assert [(s["id"], s["locale"]) for s in data["related_sessions"]] == [(en_session.pk, "en")]


@pytest.mark.parametrize("accept_language", ["pl", "en"])
def test_labels_follow_the_locale_parameter_not_the_request_language(
    client, translated, accept_language
):
    """Choice labels (format, role, language, track kind) are in the locale asked for."""
    from django.utils import translation

    from wagtail_congress.choices import SessionFormat, SpeakerRole

    sessions = {code: translated[code][2] for code in ("pl", "en")}
    for code, session in sessions.items():
        data = client.get(
            f"{API}/sessions/{session.pk}/",
            {"locale": code},
            HTTP_ACCEPT_LANGUAGE=accept_language,
        ).json()
        with translation.override(code):
            assert data["format_label"] == str(SessionFormat(session.format).label)
            assert data["speakers"][0]["role_label"] == str(
                SpeakerRole(data["speakers"][0]["role"]).label
            )
    polish = client.get(
        f"{API}/sessions/{sessions['pl'].pk}/", {"locale": "pl"}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    english = client.get(
        f"{API}/sessions/{sessions['en'].pk}/", {"locale": "en"}, HTTP_ACCEPT_LANGUAGE="pl"
    ).json()
    # The catalogue really translates these labels, so the two locales differ.
    assert polish["format_label"] != english["format_label"]
    assert polish["language_label"] != english["language_label"]
