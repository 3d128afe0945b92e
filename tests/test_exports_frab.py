"""frab schedule.xml and schedule.json, validated against c3voc's XSD and JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from wagtail_congress.exports.frab import lead_and_body
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
    # The first paragraph is the abstract, the rest the description: shown once in apps.
    assert session["abstract"] == "Linia 1"
    assert session["description"] == "Linia 2 & <3"
    assert "end" not in session  # c3voc's XML writer turns it into an element its XSD refuses
    assert session["persons"] == [
        {
            "name": "Anna Nowak",
            "public_name": "Anna Nowak",
            "guid": str(session_speaker_key(programme)),
            "biography": "Bio; z przecinkami, & x",
        }
    ]
    assert session["links"] == [
        {"url": "https://stream.example.com/1", "title": "Transmisja na żywo", "type": "media"}
    ]
    assert session["attachments"] == []
    assert (session["recording_license"], session["do_not_record"]) == ("", False)
    assert "feedback_url" not in session
    # Dates where frab has dates; the days carry the times.
    assert (conference["start"], conference["end"]) == ("2021-06-07", "2021-06-08")


def session_speaker_key(programme):
    return programme["session"].speakers.get().speaker.translation_key


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
    assert event.find("persons/person").get("guid") == str(session_speaker_key(programme))
    assert event.findtext("abstract") == "Linia 1"
    assert event.findtext("description") == "Linia 2 & <3"
    assert event.findtext("recording/license") == ""
    assert event.findtext("recording/optout") == "false"
    assert event.find("end") is None
    assert document.findtext("conference/start") == "2021-06-07"
    assert document.findtext("conference/time_zone_name") == "Europe/Warsaw"
    assert document.findtext("conference/base_url") == "http://localhost/"


def test_english_schedule_shares_every_identifier(client, congress, track, session, locale_en):
    """Translated titles, slugs, room names and venue change no id, GUID, slug or acronym."""
    publish(session)
    no_room = SessionPageFactory(parent=track, room="", start=warsaw(2021, 6, 7, 12, 0))
    session_en = english(session, locale_en, "Small towns")
    session_en.room = "Main stage"
    session_en.slug = "small-towns"
    publish(session_en)
    no_room_en = english(no_room, locale_en, "Without a room")
    congress_en = session_en.get_ancestors().type(type(congress)).get().specific
    congress_en.venue = "Recording studio"
    congress_en.slug = "urban-policy-congress"
    publish(congress_en)

    polish, data = get_json(client, congress), get_json(client, congress_en)
    assert [event["title"] for event in events_of(data)] == ["Without a room", "Small towns"]
    assert "/en/" in events_of(data)[0]["url"]
    identifiers = ("guid", "id", "slug")
    assert [[e[key] for key in identifiers] for e in events_of(data)] == [
        [e[key] for key in identifiers] for e in events_of(polish)
    ]
    assert events_of(data)[1]["id"] == session.pk != session_en.pk
    rooms = data["schedule"]["conference"]["rooms"]
    assert [room["name"] for room in rooms] == ["Recording studio", "Main stage"]
    assert [room["guid"] for room in rooms] == [
        room["guid"] for room in polish["schedule"]["conference"]["rooms"]
    ]
    conference, polish_conference = data["schedule"]["conference"], polish["schedule"]["conference"]
    assert conference["acronym"] == polish_conference["acronym"]
    assert [t["slug"] for t in conference["tracks"]] == [
        t["slug"] for t in polish_conference["tracks"]
    ]
    assert no_room_en.pk != no_room.pk

    document = get_xml(client, congress_en)
    assert document.findtext(".//event/title") == "Without a room"
    assert document.find("day/room[@name='Main stage']").get("guid") == rooms[1]["guid"]


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


def test_materials_recording_and_feedback(client, congress, track, session, settings):
    """Materials become links and attachments (never a document of a restricted collection);
    recording terms come from the session, else its congress; feedback_url from the setting."""
    secret = Collection.get_first_root_node().add_child(name="Tajne")
    CollectionViewRestriction.objects.create(collection=secret, restriction_type="login")
    slides = wagtail_factories.DocumentFactory(title="Slajdy z sesji")
    hidden = wagtail_factories.DocumentFactory(title="TAJNE", collection=secret)
    session.materials = [
        {"type": "document", "value": {"title": "", "document": slides.pk}},
        {"type": "document", "value": {"title": "TAJNE", "document": hidden.pk}},
        {"type": "link", "value": {"title": "Raport", "url": "https://example.org/raport"}},
    ]
    session.recording_url = "https://media.example.org/1"
    session.do_not_record = True
    publish(session)
    congress.recording_license = "CC BY 4.0"
    publish(congress)
    other = SessionPageFactory(parent=track, title="Druga", start=warsaw(2021, 6, 7, 12, 0))
    other.recording_license = "CC0"
    publish(other)
    settings.WAGTAIL_CONGRESS_FRAB_FEEDBACK_URL = "https://feedback.example.org/{acronym}/{guid}"

    data = get_json(client, congress)
    first, second = sorted(events_of(data), key=lambda e: e["title"] != session.title)
    assert first["links"] == [
        {"url": "https://media.example.org/1", "title": "Nagranie", "type": "media"},
        {"url": "https://example.org/raport", "title": "Raport", "type": "related"},
    ]
    assert first["attachments"] == [
        {"url": f"http://localhost{slides.url}", "title": "Slajdy z sesji", "type": "related"}
    ]
    assert (first["recording_license"], first["do_not_record"]) == ("CC BY 4.0", True)
    assert (second["recording_license"], second["do_not_record"]) == ("CC0", False)
    acronym = data["schedule"]["conference"]["acronym"]
    assert first["feedback_url"] == f"https://feedback.example.org/{acronym}/{first['guid']}"

    document = get_xml(client, congress)
    assert b"TAJNE" not in etree.tostring(document)
    event = document.find(f".//event[@guid='{first['guid']}']")
    assert event.find("attachments/attachment").get("href") == f"http://localhost{slides.url}"
    assert [link.get("href") for link in event.findall("links/link")] == [
        "https://media.example.org/1",
        "https://example.org/raport",
    ]
    assert event.findtext("recording/license") == "CC BY 4.0"
    assert event.findtext("recording/optout") == "true"
    assert event.findtext("feedback_url") == first["feedback_url"]


JSON_SCHEMA2 = json.loads((SCHEMAS / "schema2.json").read_text())


def get_schedule2(client, congress) -> dict:
    response = client.get(reverse("wagtail_congress_exports:frab_schedule2", args=[congress.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    jsonschema.Draft6Validator(
        JSON_SCHEMA2, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
    ).validate(data)
    return data


def test_schedule2_has_the_classic_schedule_flat(client, congress, track, programme):
    """The same events and identifiers as schedule.json, as top-level events and persons."""
    SessionSpeaker.objects.filter(page=programme["session"]).update(role="moderator")
    SessionPageFactory(parent=track, title="Przerwa", format="break", room="Sala A")
    data = get_schedule2(client, congress)
    classic = {event["guid"]: event for event in events_of(get_json(client, congress))}
    schedule = data["schedule"]
    conference = schedule["conference"]
    assert conference["start"] == "2021-06-07T09:00:00+02:00"
    assert conference["languages"] == ["pl", "en"]
    assert [day["start"] for day in conference["days"]] == [
        "2021-06-07T00:00:00+02:00",
        "2021-06-08T00:00:00+02:00",
    ]
    assert len(schedule["events"]) == len(classic) == 3
    opening, session, pause = schedule["events"]
    assert (opening["title"], opening["start"], opening["end"]) == (
        "Otwarcie",
        "2021-06-07T09:00:00+02:00",
        "2021-06-07T10:15:00+02:00",
    )
    assert opening["type"] == "DISCUSSION" and opening["language"] == "en"
    (nested,) = [t for t in conference["tracks"] if t["name"] == "Zagnieżdżona"]
    assert opening["track"] == {"slug": nested["slug"]}
    source = classic[session["guid"]]
    for key in ("slug", "title", "abstract", "description", "url"):
        assert session[key] == source[key], key
    assert session["room"] == {
        "name": "Scena główna",
        "guid": next(
            room["guid"] for room in conference["rooms"] if room["name"] == "Scena główna"
        ),
    }
    assert session["participants"] == [
        {"guid": source["persons"][0]["guid"], "name": "Anna Nowak", "role": "MODERATOR"}
    ]
    assert session["links"] == [
        {"url": "https://stream.example.com/1", "title": "Transmisja na żywo", "type": "MEDIA"}
    ]
    assert schedule["persons"] == [
        {
            "guid": source["persons"][0]["guid"],
            "name": "Anna Nowak",
            "biography": "Bio; z przecinkami, & x",
        }
    ]
    assert pause["type"] == "BREAK" and set(pause) == {
        "type",
        "guid",
        "title",
        "start",
        "end",
        "room",
    }


def test_schedule2_hides_what_the_other_exports_hide(client, congress, track, session):
    SessionPageFactory(parent=track, title="TAJNE draft", live=False)
    login = SessionPageFactory(parent=track, title="TAJNE login")
    PageViewRestriction.objects.create(page=login, restriction_type="login")
    data = get_schedule2(client, congress)
    assert [event["title"] for event in data["schedule"]["events"]] == [session.title]
    url = reverse("wagtail_congress_exports:frab_schedule2", args=[congress.pk])
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    PageViewRestriction.objects.create(page=congress, restriction_type="login")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "rich_text, lead, body",
    [
        ("", "", ""),
        ("Bez akapitu", "Bez akapitu", ""),
        ("<p>Jeden</p>", "Jeden", ""),
        ("<p></p><p> </p><p>Pierwszy</p><p>Drugi</p>", "Pierwszy", "Drugi"),
        ("<ul><li>a</li><li>b</li></ul><p>Dalej</p>", "a\nb", "Dalej"),
        ("<h2>Tytuł</h2><p>A</p><p>B</p>", "Tytuł", "A\n\nB"),
    ],
)
def test_lead_and_body(rich_text, lead, body):
    assert lead_and_body(rich_text) == (lead, body)
