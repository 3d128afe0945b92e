"""Every export of the demo (in Polish and English) and of a generated large congress, parsed back
with an independent parser and compared with what the API publishes: one VEVENT and one frab
event per published session, the same titles (English in the English exports), times in the
congress's zone, the speakers, and the news feeds' entries.

The API is the reference here (it is checked against its own schema in test_api_contract.py),
so both sides come from the same published content without re-deriving it from the models.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo
from collections.abc import Iterator
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from icalendar import Calendar
from lxml import etree, html
from wagtail.models import Site

from .test_api_performance import generate_congress, generate_news
from .test_api_schema import API
from .test_exports_frab import JSON_SCHEMA, XSD, events_of

LARGE_SESSIONS = 300


@pytest.fixture(scope="module", params=["demo", "large"])
def dataset(request, django_db_setup, django_db_blocker) -> Iterator[dict]:
    """The demo or the large congress, rolled back after this module's tests for it."""
    with django_db_blocker.unblock():
        Site.clear_site_root_paths_cache()
        caches["default"].clear()
        with transaction.atomic():
            if request.param == "demo":
                call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
                locales = ["pl", "en"]
            else:
                site_root = Site.objects.get(is_default_site=True).root_page
                generate_congress(site_root, LARGE_SESSIONS)
                generate_news(site_root, 3)
                locales = ["pl"]
            yield {"name": request.param, "locales": locales}
            transaction.set_rollback(True)
        caches["default"].clear()
        Site.clear_site_root_paths_cache()


def api(client: Client, route: str, locale: str, **query) -> dict:
    response = client.get(API + route, {"locale": locale, **query})
    assert response.status_code == 200, (route, response.content[:300])
    return response.json()


def programmes(client: Client, locale: str) -> list[dict]:
    """The programme of every congress the API lists in ``locale``."""
    congresses = api(client, "/congresses/", locale, limit=100)["items"]
    assert congresses, locale
    return [api(client, f"/congresses/{c['id']}/programme/", locale) for c in congresses]


def sessions_of(programme: dict) -> list[dict]:
    return [session for day in programme["days"] for session in day["sessions"]]


def fetch(client: Client, url: str | None, content_type: str) -> bytes:
    assert url, "the API lists no URL for this export"
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(content_type), (url, response["Content-Type"])
    return response.content


def moment(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value)


@pytest.fixture
def published(dataset, db, client) -> dict[str, list[dict]]:
    """The programmes, by locale, with at least one session in each."""
    found = {locale: programmes(client, locale) for locale in dataset["locales"]}
    for locale, items in found.items():
        assert any(sessions_of(p) for p in items), locale
    return found


def test_ical_has_one_event_per_published_session(dataset, published, client):
    for locale, items in published.items():
        for programme in items:
            zone = zoneinfo.ZoneInfo(programme["timezone"])
            body = fetch(client, programme["exports"]["ical"], "text/calendar")
            calendar = Calendar.from_ical(body)
            assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [programme["timezone"]]
            events = {str(event["URL"]): event for event in calendar.walk("VEVENT")}
            sessions = sessions_of(programme)
            assert len(calendar.walk("VEVENT")) == len(sessions) == len(events), locale
            assert len({str(event["UID"]) for event in events.values()}) == len(sessions)
            if dataset["name"] == "large" and len(sessions) > 1:
                assert len(sessions) == LARGE_SESSIONS
            for session in sessions:
                event = next(e for url, e in events.items() if url.endswith(session["url"]))
                assert str(event["SUMMARY"]) == session["title"]
                start = event.decoded("DTSTART")
                assert event["DTSTART"].params["TZID"] == programme["timezone"]
                assert start == moment(session["start"])
                assert start.utcoffset() == moment(session["start"]).astimezone(zone).utcoffset()
                assert event.decoded("DTEND") == moment(session["end"])
                description = str(event.get("DESCRIPTION", ""))
                for speaker in session["speakers"]:
                    assert speaker["name"] in description, (session["title"], speaker["name"])
                if session["speakers"]:
                    label = "Speakers:" if locale == "en" else "Prelegenci:"
                    assert label in description, (locale, description[:200])


def test_frab_xml_and_json_have_one_event_per_published_session(dataset, published, client):
    for locale, items in published.items():
        for programme in items:
            sessions = {session["title"]: session for session in sessions_of(programme)}
            document = etree.fromstring(
                fetch(client, programme["exports"]["frab_xml"], "application/xml")
            )
            XSD.assertValid(document)
            data = json.loads(fetch(client, programme["exports"]["frab_json"], "application/json"))
            jsonschema.Draft6Validator(
                JSON_SCHEMA, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER
            ).validate(data)
            json_events = events_of(data)
            xml_events = document.findall("day/room/event")
            assert len(json_events) == len(xml_events) == len(sessions_of(programme)), locale
            assert sorted(e.findtext("title") for e in xml_events) == sorted(sessions)
            assert sorted(e["title"] for e in json_events) == sorted(sessions)
            assert len({e["guid"] for e in json_events}) == len(json_events)
            conference = data["schedule"]["conference"]
            assert conference["time_zone_name"] == programme["timezone"]
            for event in json_events:
                session = sessions[event["title"]]
                assert moment(event["date"]) == moment(session["start"])
                assert moment(event["date"]).utcoffset() == moment(session["start"]).utcoffset()
                names = [person["name"] for person in event["persons"]]
                assert names == [s["name"] for s in session["speakers"]], event["title"]
            for event in xml_events:
                names = [person.text for person in event.findall("persons/person")]
                assert names == [s["name"] for s in sessions[event.findtext("title")]["speakers"]]


def test_english_exports_are_in_english(dataset, published, client):
    if dataset["name"] != "demo":
        pytest.skip("the demo holds the English translation")
    polish = {s["title"] for p in published["pl"] for s in sessions_of(p)}
    english = {s["title"] for p in published["en"] for s in sessions_of(p)}
    assert english and not english & polish, "the demo's English titles should differ"
    for programme in published["en"]:
        calendar = Calendar.from_ical(fetch(client, programme["exports"]["ical"], "text/calendar"))
        assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} <= english
        assert all("/en/" in str(e["URL"]) for e in calendar.walk("VEVENT"))
        data = json.loads(fetch(client, programme["exports"]["frab_json"], "application/json"))
        assert {e["title"] for e in events_of(data)} <= english
        assert (
            data["schedule"]["conference"]["url"]
            .rstrip("/")
            .endswith(urlsplit(programme["congress"]["url"]).path.rstrip("/"))
        )


def test_feeds_list_the_published_news_of_their_locale(dataset, db, client):
    for locale in dataset["locales"]:
        listing = api(client, "/news/", locale, limit=100)
        titles = {item["title"] for item in listing["items"]}
        assert listing["feeds"], locale
        for feed in listing["feeds"]:
            for kind, content_type in (
                ("rss", "application/rss+xml"),
                ("atom", "application/atom"),
            ):
                parsed = feedparser.parse(fetch(client, feed[kind], content_type))
                assert not parsed.bozo, parsed.bozo_exception
                entries = {entry.title for entry in parsed.entries}
                assert entries and entries <= titles, (locale, kind, entries - titles)
                if kind == "rss":
                    assert parsed.feed.language.startswith(locale)


def test_json_ld_of_session_pages_matches_the_api(dataset, published, client):
    if dataset["name"] != "demo":
        pytest.skip("the demo's pages are enough")
    for locale, items in published.items():
        for programme in items:
            for session in sessions_of(programme):
                page = client.get(urlsplit(session["url"]).path)
                assert page.status_code == 200, session["url"]
                scripts = html.fromstring(page.content).xpath(
                    '//script[@type="application/ld+json"]/text()'
                )
                data = json.loads(scripts[0])
                assert data["name"] == session["title"]
                assert moment(data["startDate"]) == moment(session["start"])
                performers = [p["name"] for p in data.get("performer", [])]
                assert performers == [s["name"] for s in session["speakers"]], locale
