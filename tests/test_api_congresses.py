"""The API's congress, programme, sessions and tracks routes, for an anonymous client."""

from __future__ import annotations

import pytest
import wagtail_factories

from wagtail_congress.choices import SpeakerRole
from wagtail_congress.models import (
    CongressThematicArea,
    SessionPartner,
    SessionSpeaker,
    SessionThematicArea,
)

from .factories import (
    PartnerFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    ThematicAreaFactory,
    warsaw,
)
from .test_api_schema import assert_matches, assert_problem

pytestmark = pytest.mark.django_db

API = "/api/congress"


def publish(page):
    page.save_revision().publish()


@pytest.fixture
def programme(congress, track):
    """A congress with a nested track and three sessions over two days, fully furnished."""
    area = ThematicAreaFactory(name="Transport i mobilność miejska")
    congress.thematic_areas.add(CongressThematicArea(area=area))
    publish(congress)
    nested = SessionTrackPageFactory(parent=track, title="URBACT", colour="#aa0000")
    photo = wagtail_factories.ImageFactory(description="Hanna Zdanowska na scenie")
    speaker = SpeakerFactory(name="Hanna Zdanowska", position="Prezydent", photo=photo)
    partner = PartnerFactory(name="Związek Miast Polskich", short_name="ZMP")
    first = SessionPageFactory(
        parent=track,
        title="Otwarcie kongresu",
        start=warsaw(2021, 6, 7, 9, 30),
        end=warsaw(2021, 6, 7, 10, 0),
        format="ceremony",
        room="Scena główna",
    )
    second = SessionPageFactory(
        parent=nested,
        title="Miasta średnie",
        start=warsaw(2021, 6, 8, 10, 0),
        end=warsaw(2021, 6, 8, 11, 30),
        room="Sala B",
        language="en",
        stream_url="https://stream.example.com/b",
    )
    second.speakers.add(SessionSpeaker(speaker=speaker, role=SpeakerRole.MODERATOR))
    second.partners.add(SessionPartner(partner=partner))
    second.thematic_areas.add(SessionThematicArea(area=area))
    publish(second)
    third = SessionPageFactory(
        parent=track,
        title="Rewitalizacja",
        start=warsaw(2021, 6, 8, 9, 0),
        end=warsaw(2021, 6, 8, 9, 45),
    )
    return {
        "congress": congress,
        "track": track,
        "nested": nested,
        "sessions": [first, second, third],
        "speaker": speaker,
        "partner": partner,
        "area": area,
    }


def get(client, url, **params):
    return client.get(f"{API}{url}", params)


def test_programme_by_day_in_time_order(client, programme):
    congress = programme["congress"]
    response = get(client, f"/congresses/{congress.pk}/programme/")
    assert response.status_code == 200, response.content
    data = assert_matches(response, "Programme")
    assert data["timezone"] == "Europe/Warsaw"
    assert [day["date"] for day in data["days"]] == ["2021-06-07", "2021-06-08"]
    assert [[s["title"] for s in day["sessions"]] for day in data["days"]] == [
        ["Otwarcie kongresu"],
        ["Rewitalizacja", "Miasta średnie"],
    ]
    session = data["days"][1]["sessions"][1]
    assert session["start"] == "2021-06-08T10:00:00+02:00"
    assert session["track"]["title"] == "URBACT"
    assert session["track"]["colour"] == "#aa0000"
    assert session["language"] == "en"
    (speaker,) = session["speakers"]
    assert speaker["name"] == "Hanna Zdanowska"
    assert speaker["role"] == "moderator"
    assert speaker["photo"]["alt"] == "Hanna Zdanowska na scenie"
    assert speaker["photo"]["url"].startswith("http://localhost/")  # the Site's root URL
    assert speaker["photo"]["width"] <= 800
    assert session["partners"][0]["short_name"] == "ZMP"
    assert session["thematic_areas"][0]["name"] == "Transport i mobilność miejska"
    assert session["stream_url"] == "https://stream.example.com/b"
    assert session["translations"] == {"pl": {"id": session["id"], "url": session["url"]}}


def test_congress_list_detail_and_find(client, programme):
    congress = programme["congress"]
    listing = assert_matches(get(client, "/congresses/"), "CongressListing")
    assert listing["count"] == 1
    (item,) = listing["items"]
    assert (item["id"], item["title"], item["url"]) == (congress.pk, congress.title, congress.url)
    assert item["start"] == "2021-06-07T09:00:00+02:00"
    assert item["days"] == ["2021-06-07", "2021-06-08"]

    detail = assert_matches(get(client, f"/congresses/{congress.pk}/"), "CongressDetail")
    assert [area["name"] for area in detail["thematic_areas"]] == ["Transport i mobilność miejska"]
    assert detail["translations"]["pl"]["url"] == congress.url

    found = assert_matches(get(client, "/congresses/find/", path=congress.url), "CongressDetail")
    assert found["id"] == congress.pk
    assert (
        get(client, "/congresses/find/", path=congress.url.rstrip("/")).json()["id"] == congress.pk
    )


def test_find_unknown_path_is_404_naming_path(client, programme):
    assert_problem(get(client, "/congresses/find/", path="/no-such-congress/"), 404, "path")
    assert_problem(get(client, "/congresses/find/", path="/en/no-such/"), 404, "path")


def test_track_tree_nests_tracks(client, programme):
    congress, track = programme["congress"], programme["track"]
    data = assert_matches(get(client, f"/congresses/{congress.pk}/tracks/"), "TrackTree")
    (root,) = data["tracks"]
    assert (root["id"], root["title"]) == (track.pk, track.title)
    assert [child["title"] for child in root["children"]] == ["URBACT"]
    assert root["kind"] == "main_block" and root["kind_label"]


def test_session_detail(client, programme):
    session = programme["sessions"][1]
    data = assert_matches(get(client, f"/sessions/{session.pk}/"), "SessionDetail")
    assert data["title"] == "Miasta średnie"
    assert data["description"] == "<p>Rozwój małych i średnich miast.</p>"
    assert data["congress"]["id"] == programme["congress"].pk
    assert data["congress"]["locale"] == "pl"
    assert data["track"]["id"] == programme["nested"].pk
    assert data["speakers"][0]["name"] == "Hanna Zdanowska"


def test_sessions_listing_pages_with_count(client, programme):
    congress = programme["congress"]
    url = f"/congresses/{congress.pk}/sessions/"
    data = assert_matches(get(client, url, limit=2), "SessionListing")
    assert data["count"] == 3
    assert [s["title"] for s in data["items"]] == ["Otwarcie kongresu", "Rewitalizacja"]
    data = get(client, url, limit=2, offset=2).json()
    assert [s["title"] for s in data["items"]] == ["Miasta średnie"]


def titles(client, congress, **filters) -> list[str]:
    response = get(client, f"/congresses/{congress.pk}/programme/", **filters)
    assert response.status_code == 200, response.content
    return [s["title"] for day in response.json()["days"] for s in day["sessions"]]


def test_programme_filters(client, programme):
    congress = programme["congress"]
    assert titles(client, congress, day="2021-06-07") == ["Otwarcie kongresu"]
    assert titles(client, congress, track=programme["track"].pk) == [
        "Otwarcie kongresu",
        "Rewitalizacja",
        "Miasta średnie",
    ]
    assert titles(client, congress, track=programme["nested"].pk) == ["Miasta średnie"]
    assert titles(client, congress, room="Sala B") == ["Miasta średnie"]
    assert titles(client, congress, room="Sala Z") == []
    assert titles(client, congress, format="ceremony") == ["Otwarcie kongresu"]
    assert titles(client, congress, language="en") == ["Miasta średnie"]
    assert titles(client, congress, speaker=programme["speaker"].pk) == ["Miasta średnie"]
    assert titles(client, congress, partner=programme["partner"].pk) == ["Miasta średnie"]
    assert titles(client, congress, thematic_area=programme["area"].pk) == ["Miasta średnie"]
    assert titles(client, congress, q="REWITAL") == ["Rewitalizacja"]
    assert titles(client, congress, q="średnich") == [
        "Otwarcie kongresu",
        "Rewitalizacja",
        "Miasta średnie",
    ]
    assert titles(client, congress, day="2021-06-08", language="pl") == ["Rewitalizacja"]
    days = get(client, f"/congresses/{congress.pk}/programme/", day="2021-06-08").json()["days"]
    assert [day["date"] for day in days] == ["2021-06-08"]


@pytest.mark.parametrize(
    "parameter, value",
    [
        ("day", "2021-06-09"),
        ("track", "999999"),
        ("format", "karaoke"),
        ("language", "xx"),
        ("speaker", "999999"),
        ("partner", "999999"),
        ("thematic_area", "999999"),
    ],
)
def test_unknown_filter_values_are_400_naming_the_parameter(client, programme, parameter, value):
    congress = programme["congress"]
    for url in (f"/congresses/{congress.pk}/programme/", f"/congresses/{congress.pk}/sessions/"):
        assert_problem(get(client, url, **{parameter: value}), 400, parameter)
