"""schema.org JSON-LD in the default templates, read back with an HTML parser and json."""

from __future__ import annotations

import json

import pytest
from lxml import html

from .factories import NewsArticlePageFactory, PartnerFactory, SpeakerFactory
from .test_exports_ical import english, publish

pytestmark = pytest.mark.django_db

NASTY = 'Miasta </script><script>alert(1)</script> & "cytat"; <!-- x'


def json_ld(client, page) -> dict:
    response = client.get(page.url)
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    (script,) = tree.xpath('//script[@type="application/ld+json"]')
    assert "</script" not in script.text and "<" not in script.text
    return json.loads(script.text)


def test_congress_event(client, congress):
    organiser, sponsor, patron = PartnerFactory(), PartnerFactory(), PartnerFactory()
    congress.partners = [
        ("group", {"heading": "Organizatorzy", "role": "organiser", "partners": [organiser]}),
        ("group", {"heading": "Partnerzy", "role": "strategic_partner", "partners": [sponsor]}),
        ("group", {"heading": "Patroni", "role": "media_patron", "partners": [patron]}),
    ]
    congress.attendance_mode = "hybrid"
    congress.stream_url = "https://stream.example.com/kpm"
    congress.registration_url = "https://example.com/rejestracja"
    publish(congress)

    data = json_ld(client, congress)
    assert data["@type"] == "Event"
    assert data["@id"] == f"urn:uuid:{congress.translation_key}"
    assert data["startDate"] == "2021-06-07T09:00:00+02:00"
    assert data["endDate"] == "2021-06-08T18:00:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert [loc["@type"] for loc in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][1]["url"] == "https://stream.example.com/kpm"
    assert [o["name"] for o in data["organizer"]] == [organiser.name]
    assert [o["name"] for o in data["sponsor"]] == [sponsor.name]
    assert patron.name not in json.dumps(data)
    assert data["offers"]["url"] == "https://example.com/rejestracja"
    assert data["inLanguage"] == ["pl", "en"]


def test_session_event_escapes_and_values(client, congress, track, session):
    speaker = SpeakerFactory(name="Anna Nowak", position="Prezydentka", organisation="Miasto")
    session.speakers.create(speaker=speaker, role="moderator")
    session.title = NASTY
    session.language = "en"
    session.stream_url = "https://stream.example.com/s"
    publish(session)

    data = json_ld(client, session)
    assert data["name"] == NASTY
    assert data["@id"] == f"urn:uuid:{session.translation_key}"
    assert data["startDate"] == "2021-06-08T10:00:00+02:00"
    assert data["inLanguage"] == "en"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == [{"@type": "VirtualLocation", "url": "https://stream.example.com/s"}]
    assert data["performer"][0]["name"] == "Anna Nowak"
    assert data["performer"][0]["affiliation"]["name"] == "Miasto"
    assert data["superEvent"]["@id"] == f"urn:uuid:{congress.translation_key}"


def test_english_session_shares_the_id(client, congress, track, session, locale_en):
    publish(session)
    session_en = english(session, locale_en, "Small towns")
    polish, data = json_ld(client, session), json_ld(client, session_en)
    assert data["name"] == "Small towns"
    assert data["@id"] == polish["@id"]
    assert "/en/" in data["url"]
    assert data["inLanguage"] == "pl"  # the spoken language, not the page's


def test_news_article(client, news_index):
    article = NewsArticlePageFactory(parent=news_index, title=NASTY)
    publish(article)
    data = json_ld(client, article)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == NASTY
    assert data["datePublished"] == "2021-05-28"
    assert data["inLanguage"] == "pl"


def test_export_links_on_pages(client, congress, track, session, news_index):
    for page, route in [(congress, "congress"), (track, "track"), (session, "session")]:
        tree = html.fromstring(client.get(page.url).content)
        (link,) = tree.xpath('//a[@type="text/calendar"]/@href')
        assert link.startswith(f"/exports/{route}/{page.pk}/")
        assert client.get(link).status_code == 200
    tree = html.fromstring(client.get(news_index.url).content)
    for link in tree.xpath('//a[@type="application/rss+xml" or @type="application/atom+xml"]'):
        assert client.get(link.get("href")).status_code == 200
