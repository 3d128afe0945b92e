"""frab schedule.xml and schedule.json, validated against c3voc's XSD and JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree
from wagtail.models import PageViewRestriction

from wagtail_congress.models.sessions import SessionSpeaker

from .factories import SessionPageFactory, SessionTrackPageFactory, SpeakerFactory, warsaw
from .test_exports_ical import english, publish

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas" / "frab"
XSD = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
JSON_SCHEMA = json.loads((SCHEMAS / "schema.json").read_text())
NASTY = 'Miasta; "wspólne", <małe> & średnie </script> ' + "długi " * 30


def get_xml(client, congress) -> etree._Element:
    response = client.get(reverse("wagtail_congress_exports:frab_xml", args=[congress.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content)
    XSD.assertValid(document)
    return document


def get_json(client, congress) -> dict:
    response = client.get(reverse("wagtail_congress_exports:frab_json", args=[congress.pk]))
    assert response.status_code == 200
    data = json.loads(response.content)
    jsonschema.Draft6Validator(
        JSON_SCHEMA, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    ).validate(data)
    return data


def events_of(data: dict) -> list[dict]:
    return [
        event
        for day in data["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]


@pytest.fixture
def programme(congress, track, session):
    nested = SessionTrackPageFactory(parent=track, title="Zagnieżdżona")
    speaker = SpeakerFactory(name="Anna Nowak", bio="<p>Bio; z przecinkami, & <b>x</b></p>")
    session.title = NASTY
    session.description = "<p>Linia 1</p><p>Linia 2 &amp; &lt;3</p>"
    session.speakers.create(speaker=speaker, role="speaker")
    session.stream_url = "https://stream.example.com/1"
    publish(session)
    first_day = SessionPageFactory(
        parent=nested,
        title="Otwarcie",
        room="Sala A",
        language="en",
        start=warsaw(2021, 6, 7, 9, 0),
        end=warsaw(2021, 6, 7, 10, 15),
    )
    return {"session": session, "first_day": first_day, "nested": nested}


def test_schedule_json_values(client, congress, programme):
    data = get_json(client, congress)
    conference = data["schedule"]["conference"]
    assert conference["time_zone_name"] == "Europe/Warsaw"
    assert [day["date"] for day in conference["days"]] == ["2021-06-07", "2021-06-08"]
    assert conference["days"][0]["day_start"] == "2021-06-07T00:00:00+02:00"
    assert list(conference["days"][0]["rooms"]) == ["Sala A"]
    assert list(conference["days"][1]["rooms"]) == ["Scena główna"]
    (opening,) = conference["days"][0]["rooms"]["Sala A"]
    assert opening["date"] == "2021-06-07T09:00:00+02:00"
    assert opening["start"] == "09:00" and opening["duration"] == "01:15"
    assert opening["track"] == "Zagnieżdżona" and opening["language"] == "en"
    (session,) = conference["days"][1]["rooms"]["Scena główna"]
    assert session["title"] == NASTY
    assert session["guid"] == str(programme["session"].translation_key)
    assert session["abstract"] == "Linia 1\n\nLinia 2 & <3"
    assert session["persons"][0]["name"] == "Anna Nowak"
    assert session["links"][0]["url"] == "https://stream.example.com/1"


def test_schedule_xml_values(client, congress, programme):
    document = get_xml(client, congress)
    days = document.findall("day")
    assert [day.get("date") for day in days] == ["2021-06-07", "2021-06-08"]
    event = document.find("day[@index='2']/room[@name='Scena główna']/event")
    assert event.get("guid") == str(programme["session"].translation_key)
    assert event.findtext("title") == NASTY
    assert event.findtext("date") == "2021-06-08T10:00:00+02:00"
    assert event.findtext("duration") == "01:30"
    assert event.findtext("persons/person") == "Anna Nowak"
    assert document.findtext("conference/time_zone_name") == "Europe/Warsaw"
    assert document.findtext("conference/base_url") == "http://localhost/"


def test_english_schedule_shares_guids(client, congress, track, session, locale_en):
    publish(session)
    session_en = english(session, locale_en, "Small towns")
    congress_en = session_en.get_ancestors().type(type(congress)).get().specific
    polish = events_of(get_json(client, congress))
    data = get_json(client, congress_en)
    (event,) = events_of(data)
    assert event["title"] == "Small towns"
    assert event["guid"] == polish[0]["guid"]
    assert "/en/" in event["url"]
    assert get_xml(client, congress_en).findtext(".//event/title") == "Small towns"


def test_hidden_sessions_are_left_out(client, congress, track, session, locale_en):
    SessionPageFactory(parent=track, title="TAJNE draft", live=False)
    login = SessionPageFactory(parent=track, title="TAJNE login")
    PageViewRestriction.objects.create(page=login, restriction_type="login")
    session.create_alias(parent=track, update_slug="alias")
    draft = session.copy_for_translation(locale_en, copy_parents=True)
    draft.title = "TAJNE english"
    draft.save_revision()
    assert [e["title"] for e in events_of(get_json(client, congress))] == [session.title]
    assert b"TAJNE" not in etree.tostring(get_xml(client, congress))
    PageViewRestriction.objects.create(page=congress, restriction_type="login")
    url = reverse("wagtail_congress_exports:frab_json", args=[congress.pk])
    assert client.get(url).status_code == 404


def test_large_schedule_in_constant_queries(client, congress, django_assert_num_queries):
    tracks = [SessionTrackPageFactory(parent=congress) for _ in range(3)]
    speakers = [SpeakerFactory() for _ in range(6)]

    def add(count: int) -> None:
        for n in range(count):
            session = SessionPageFactory(
                parent=tracks[n % 3],
                room=f"Sala {n % 4}",
                start=warsaw(2021, 6, 7 + n % 2, 9 + n % 8, 0),
                end=warsaw(2021, 6, 7 + n % 2, 9 + n % 8, 50),
            )
            SessionSpeaker.objects.create(page=session, speaker=speakers[n % 6])

    add(4)
    url = reverse("wagtail_congress_exports:frab_json", args=[congress.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(50)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
    data = get_json(client, congress)
    assert len(events_of(data)) == 54
    assert len(data["schedule"]["conference"]["rooms"]) == 4
    get_xml(client, congress)
