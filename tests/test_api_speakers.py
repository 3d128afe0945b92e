"""Speakers of a congress and one speaker, for an anonymous client."""

from __future__ import annotations

import pytest
import wagtail_factories

from wagtail_congress.choices import SpeakerRole
from wagtail_congress.models import SessionSpeaker

from .factories import SessionPageFactory, SpeakerFactory, warsaw
from .test_api_congresses import programme  # noqa: F401 (a fixture, reused here)
from .test_api_schema import API, assert_matches, assert_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def speakers(programme):  # noqa: F811
    """Hanna Zdanowska (moderator of "Miasta średnie") also speaks at "Otwarcie kongresu";
    Jacek Karnowski speaks there too, and a third speaker only in a draft session."""
    first, _second, _third = programme["sessions"]
    hanna = programme["speaker"]
    hanna.bio = "<p>Prezydent Łodzi od 2010 roku.</p>"
    hanna.links = [("link", {"label": "LinkedIn", "url": "https://www.linkedin.com/in/hz"})]
    hanna.save()
    jacek = SpeakerFactory(
        name="Jacek Karnowski",
        position="Prezydent Sopotu",
        photo=wagtail_factories.ImageFactory(description="Jacek Karnowski"),
    )
    first.speakers.add(SessionSpeaker(speaker=hanna, role=SpeakerRole.SPEAKER))
    first.speakers.add(SessionSpeaker(speaker=jacek, role=SpeakerRole.HOST))
    first.save_revision().publish()
    secret = SpeakerFactory(name="TAJNE nazwisko")
    draft = SessionPageFactory(
        parent=programme["track"], title="Szkic", live=False, start=warsaw(2021, 6, 7, 12)
    )
    draft.speakers.add(SessionSpeaker(speaker=secret))
    draft.save()
    return {**programme, "hanna": hanna, "jacek": jacek, "secret": secret, "draft": draft}


def test_congress_speakers_by_name_with_their_sessions(client, speakers):
    congress = speakers["congress"]
    response = client.get(f"{API}/congresses/{congress.pk}/speakers/")
    data = assert_matches(response, "SpeakerListing")
    assert data["count"] == 2
    hanna, jacek = data["items"]
    assert (hanna["name"], jacek["name"]) == ("Hanna Zdanowska", "Jacek Karnowski")
    assert hanna["locale"] == "pl"
    assert hanna["bio"] == "<p>Prezydent Łodzi od 2010 roku.</p>"
    assert hanna["links"] == [{"label": "LinkedIn", "url": "https://www.linkedin.com/in/hz"}]
    assert hanna["photo"]["alt"] == "Hanna Zdanowska na scenie"
    assert hanna["translations"] == {"pl": {"id": hanna["id"], "url": None}}
    assert hanna["translation_key"] == str(speakers["hanna"].translation_key)
    assert [(s["title"], s["role"], s["start"]) for s in hanna["sessions"]] == [
        ("Otwarcie kongresu", "speaker", "2021-06-07T09:30:00+02:00"),
        ("Miasta średnie", "moderator", "2021-06-08T10:00:00+02:00"),
    ]
    assert [(s["title"], s["role"]) for s in jacek["sessions"]] == [("Otwarcie kongresu", "host")]
    assert "TAJNE" not in response.content.decode()


def test_congress_speakers_are_paginated(client, speakers):
    url = f"{API}/congresses/{speakers['congress'].pk}/speakers/"
    data = client.get(url, {"limit": 1, "offset": 1}).json()
    assert data["count"] == 2
    assert [item["name"] for item in data["items"]] == ["Jacek Karnowski"]
    assert_problem(client.get(url, {"limit": 101}), 400, "limit")


def test_speaker_detail_lists_sessions_with_their_congress(client, speakers):
    hanna = speakers["hanna"]
    data = assert_matches(client.get(f"{API}/speakers/{hanna.pk}/"), "SpeakerItem")
    assert data["name"] == "Hanna Zdanowska"
    assert [s["title"] for s in data["sessions"]] == ["Otwarcie kongresu", "Miasta średnie"]
    congress = speakers["congress"]
    assert data["sessions"][0]["congress"] == {
        "id": congress.pk,
        "title": congress.title,
        "url": congress.url,
        "locale": "pl",
    }


def test_speakers_of_no_visible_session_are_not_found(client, speakers):
    assert_problem(client.get(f"{API}/speakers/{speakers['secret'].pk}/"), 404, "speaker_id")
    assert_problem(client.get(f"{API}/speakers/999999/"), 404, "speaker_id")
    assert_problem(client.get(f"{API}/congresses/999999/speakers/"), 404, "congress_id")
    speakers["draft"].save_revision().publish()
    assert client.get(f"{API}/speakers/{speakers['secret'].pk}/").status_code == 200


def test_speakers_304(client, speakers):
    url = f"{API}/congresses/{speakers['congress'].pk}/speakers/"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    detail = f"{API}/speakers/{speakers['hanna'].pk}/"
    etag = client.get(detail)["ETag"]
    assert client.get(detail, headers={"If-None-Match": etag}).status_code == 304
