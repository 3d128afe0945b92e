"""c3voc's own library (c3voc-schedule-tools, ``voc``) reads our ``schedule.json`` in both
languages and writes a ``schedule.xml`` that c3voc's XSD accepts: the demo and a generated
congress of 400 sessions, with every identifier the same in Polish and English.

The library pins old lxml and icalendar, so ``scripts/test`` installs it with ``--no-deps``
(its import-time dependencies are in the ``testing`` extra). Where it is missing the tests
are skipped, except in CI (``CI=true``), where a missing client must fail.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Replace
from lxml import etree
from wagtail.models import Site

from benchmarks.generate import generate
from benchmarks.sizes import Sizes
from wagtail_congress.models import CongressPage, SessionPage

from .test_exports_frab import XSD, events_of, get_json, get_schedule2

if os.environ.get("CI") == "true":
    import voc
else:
    voc = pytest.importorskip("voc")

pytestmark = pytest.mark.django_db

# The benchmark's congress (400 sessions in 12 rooms over 3 days, in Polish and English), with
# fewer of what the schedule does not show.
LARGE = Sizes(
    days=3,
    rooms=12,
    tracks=8,
    sessions=400,
    speakers=60,
    partners=3,
    news=0,
    thematic_areas=2,
    news_categories=1,
)


def large_sizes() -> Sizes:
    """400 sessions on SQLite (13.5 s of CPU for the test); 100 on PostgreSQL, where writing
    800 pages one INSERT at a time would take the test past 20 s (14.6 s of test CPU plus the
    server's). The export's SQL is the same at either size (constant queries)."""
    if connection.vendor == "sqlite":
        return LARGE
    return dataclasses.replace(LARGE, sessions=100)


def c3voc_xml(data: dict) -> etree._Element:
    """The schedule.xml c3voc's library writes from our schedule.json, checked by the XSD."""
    schedule = voc.Schedule(json=copy.deepcopy(data))
    document = etree.fromstring(schedule.xml(method="bytes"))
    XSD.assertValid(document)
    return document


def congresses(language: str) -> list[CongressPage]:
    found = list(CongressPage.objects.live().filter(locale__language_code=language).order_by("pk"))
    assert found
    return found


def schedules(client, language: str) -> dict[str, dict]:
    """Every congress's schedule.json in ``language``, by the congress's translation key."""
    return {str(c.translation_key): get_json(client, c) for c in congresses(language)}


def identifiers(data: dict) -> dict:
    """What must not change with the language: ids, GUIDs, slugs, rooms, the acronym."""
    conference = data["schedule"]["conference"]
    return {
        "acronym": conference["acronym"],
        "rooms": sorted(room["guid"] for room in conference["rooms"]),
        "tracks": sorted(track["slug"] for track in conference["tracks"]),
        "events": sorted(
            (event["guid"], event["id"], event["slug"], room_guid(data, event["room"]))
            + tuple(person["guid"] for person in event["persons"])
            for event in events_of(data)
        ),
    }


def room_guid(data: dict, name: str) -> str:
    rooms = data["schedule"]["conference"]["rooms"]
    return next(room["guid"] for room in rooms if room["name"] == name)


def assert_round_trip(data: dict) -> None:
    """The library's XML is valid and holds every event, with our GUIDs, titles and speakers."""
    document = c3voc_xml(data)
    ours = {event["guid"]: event for event in events_of(data)}
    theirs = document.findall("day/room/event")
    assert len(theirs) == len(ours) > 0
    for event in theirs:
        source = ours[event.get("guid")]
        assert event.get("id") == str(source["id"])
        assert event.findtext("title") == source["title"]
        assert [p.text for p in event.findall("persons/person")] == [
            p["public_name"] for p in source["persons"]
        ]
        assert event.findtext("recording/optout") in {"true", "false"}
        assert event.find("end") is None


def schedule2_identifiers(data: dict) -> list:
    schedule = data["schedule"]
    return [
        schedule["conference"]["acronym"],
        sorted(room["guid"] for room in schedule["conference"]["rooms"]),
        sorted(
            (event["guid"], event["slug"], event["room"]["guid"], event["track"]["slug"])
            for event in schedule["events"]
        ),
        sorted(person["guid"] for person in schedule["persons"]),
    ]


def test_demo_round_trips_in_both_languages_and_on_any_host(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    polish, english = schedules(client, "pl"), schedules(client, "en")
    assert polish.keys() == english.keys()
    for key, data in polish.items():
        assert_round_trip(data)
        assert_round_trip(english[key])
        assert identifiers(english[key]) == identifiers(data)
        assert json.dumps(english[key]) != json.dumps(data)  # English titles, all the same
    flat = {
        language: [schedule2_identifiers(get_schedule2(client, c)) for c in congresses(language)]
        for language in ("pl", "en")
    }
    assert flat["pl"] == flat["en"]

    # Another hostname changes the URLs, and no identifier.
    Site.objects.filter(is_default_site=True).update(hostname="kongres.example.org")
    Site.clear_site_root_paths_cache()
    moved = schedules(client, "pl")
    for key, data in moved.items():
        assert "kongres.example.org" in data["schedule"]["conference"]["url"]
        assert identifiers(data) == identifiers(polish[key])


def test_an_event_end_is_what_the_library_cannot_write(client, congress, session):
    """pretalx writes no ``end``; with one the library's XML fails the XSD (issue 19)."""
    data = get_json(client, congress)
    c3voc_xml(data)
    (event,) = events_of(data)
    event["end"] = session.end.isoformat()
    with pytest.raises(etree.DocumentInvalid, match="end"):
        c3voc_xml(data)


def test_generated_congress_of_400_sessions_round_trips(client, site_root):
    """The issue's size (on SQLite, see :func:`large_sizes`), its room names translated."""
    sizes = large_sizes()
    generated = generate(sizes, seed=19)
    # Translate the room names, which the generator leaves Polish: GUIDs must not move.
    SessionPage.objects.filter(locale__language_code="en").update(
        room=Replace(F("room"), Value("Sala"), Value("Room"))
    )
    data = {}
    for language in ("pl", "en"):
        congress = CongressPage.objects.get(pk=generated.congress[language])
        data[language] = get_json(client, congress)
        assert len(events_of(data[language])) == sizes.sessions
        assert_round_trip(data[language])
    rooms = [room["name"] for room in data["en"]["schedule"]["conference"]["rooms"]]
    assert len(rooms) == sizes.rooms and all(name.startswith("Room") for name in rooms)
    assert identifiers(data["en"]) == identifiers(data["pl"])
    flat = {
        language: schedule2_identifiers(
            get_schedule2(client, CongressPage.objects.get(pk=generated.congress[language]))
        )
        for language in ("pl", "en")
    }
    assert flat["pl"] == flat["en"] and len(flat["pl"][2]) == sizes.sessions
