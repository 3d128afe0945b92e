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
    data = response.json()
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
    assert speaker["photo"]["url"].startswith("http://testserver/")
    assert speaker["photo"]["width"] <= 800
    assert session["partners"][0]["short_name"] == "ZMP"
    assert session["thematic_areas"][0]["name"] == "Transport i mobilność miejska"
    assert session["stream_url"] == "https://stream.example.com/b"
    assert session["translations"] == {"pl": {"id": session["id"], "url": session["url"]}}
