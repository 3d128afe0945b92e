"""Awkward text (line breaks, semicolons, commas, quotes, backslashes, ``<``, ``&``, very long
lines) in titles, descriptions, rooms and names comes out escaped, folded or encoded so that each
format's own parser gives back exactly what the editor typed: iCalendar, frab XML and JSON,
schema.org JSON-LD, RSS, Atom and the API's JSON."""

from __future__ import annotations

import json

import feedparser
import pytest
from django.urls import reverse
from icalendar import Calendar
from lxml import etree, html

from .factories import (
    NewsArticlePageFactory,
    NewsCategoryFactory,
    SessionPageFactory,
    SpeakerFactory,
)
from .test_api_schema import API, assert_matches
from .test_exports_frab import events_of, get_json, get_xml

pytestmark = pytest.mark.django_db

TITLE = 'Miasta; "wspólne", <małe> & średnie \\ ścieżki: ' + "bardzo długi tytuł " * 10
TITLE = TITLE.strip()
ROOM = 'Sala "A"; piętro 1, <skrzydło> & hol'
SPEAKER = 'Anna "Ania" Nowak; Kowalska, <dr> & co'
# Rich text: paragraphs, a <br/>, escaped markup and a very long line.
DESCRIPTION = (
    '<p>Pierwsza linia; przecinek, cudzysłów "x" &lt;b&gt; &amp; ok</p>'
    "<p>Druga<br/>trzecia</p>"
    "<p>" + "długa linia bez łamania " * 20 + "</p>"
)
DESCRIPTION_TEXT_LINES = [
    'Pierwsza linia; przecinek, cudzysłów "x" <b> & ok',
    "Druga",
    "trzecia",
]
LONG_LINE = ("długa linia bez łamania " * 20).strip()


@pytest.fixture
def awkward(congress, track):
    """A published session and a news article whose every text field is awkward."""
    session = SessionPageFactory(parent=track, title=TITLE, room=ROOM, description=DESCRIPTION)
    session.speakers.create(speaker=SpeakerFactory(name=SPEAKER), role="speaker")
    session.save_revision().publish()
    return session


def test_ical_escapes_and_folds(client, congress, awkward):
    url = reverse("wagtail_congress_exports:session_ical", args=[awkward.pk])
    raw = client.get(url).content
    # RFC 5545 3.1: CRLF line ends, content lines folded at 75 octets.
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    unfolded = raw.replace(b"\r\n ", b"")
    assert b'SUMMARY:Miasta\\; "wsp\xc3\xb3lne"\\, <ma' in unfolded
    assert b'LOCATION:Sala "A"\\; pi' in unfolded
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["LOCATION"]).startswith(ROOM + ", ")
    description = str(event["DESCRIPTION"])
    lines = description.split("\n")
    for line in DESCRIPTION_TEXT_LINES:
        assert line in lines, description
    assert LONG_LINE in lines
    assert SPEAKER in description
    # No literal line break survives in a property value: every one is the escape \n.
    description_line = [ln for ln in unfolded.split(b"\r\n") if ln.startswith(b"DESCRIPTION")]
    assert b"\\n" in description_line[0]


def test_frab_xml_and_json_keep_the_text(client, congress, awkward):
    document = get_xml(client, congress)  # well formed and valid against the XSD
    (event,) = document.findall("day/room/event")
    assert event.findtext("title") == TITLE
    assert event.getparent().get("name") == ROOM
    assert event.findtext("room") == ROOM
    assert [p.text for p in event.findall("persons/person")] == [SPEAKER]
    # The first paragraph is the abstract, the rest (line breaks kept) the description.
    assert event.findtext("abstract") == DESCRIPTION_TEXT_LINES[0]
    assert event.findtext("description") == "\n".join(DESCRIPTION_TEXT_LINES[1:]) + (
        "\n\n" + LONG_LINE
    )
    raw = etree.tostring(document, encoding="unicode")
    assert "&lt;małe&gt; &amp; średnie" in raw

    (event,) = events_of(get_json(client, congress))
    assert event["title"] == TITLE
    assert event["room"] == ROOM
    assert [p["name"] for p in event["persons"]] == [SPEAKER]
    assert event["abstract"] == DESCRIPTION_TEXT_LINES[0]
    assert event["description"].split("\n\n") == ["Druga\ntrzecia", LONG_LINE]


def test_json_ld_in_the_page_keeps_the_text_and_hides_markup(client, congress, awkward):
    response = client.get(awkward.url)
    (script,) = html.fromstring(response.content).xpath('//script[@type="application/ld+json"]')
    assert "<" not in script.text and "&" not in script.text.replace("\\u0026", "")
    data = json.loads(script.text)
    assert data["name"] == TITLE
    assert data["performer"][0]["name"] == SPEAKER
    assert DESCRIPTION_TEXT_LINES[0] in data.get("description", DESCRIPTION_TEXT_LINES[0])


def test_api_json_keeps_the_text(client, congress, awkward):
    data = assert_matches(client.get(f"{API}/sessions/{awkward.pk}/"), "SessionDetail")
    assert data["title"] == TITLE
    assert data["room"] == ROOM
    assert data["speakers"][0]["name"] == SPEAKER
    assert "&lt;b&gt; &amp; ok" in data["description"]  # HTML, as documented
    assert data["json_ld"]["name"] == TITLE


@pytest.mark.parametrize("name", ["news_rss", "news_atom"])
def test_feeds_keep_the_text(client, news_index, name):
    lead = 'Zapowiedź; z przecinkami, "cudzysłowem", <tagiem> & ampersandem\n' + "długo " * 60
    article = NewsArticlePageFactory(parent=news_index, title=TITLE, lead=lead)
    article.save_revision().publish()
    raw = client.get(reverse(f"wagtail_congress_exports:{name}", args=[news_index.pk])).content
    # An XML parser that knows nothing of feeds reads the title back exactly.
    tree = etree.fromstring(raw)
    titles = [t.text for t in tree.iter("title", "{http://www.w3.org/2005/Atom}title")]
    assert TITLE in titles
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.bozo_exception
    (entry,) = parsed.entries
    assert entry.title == TITLE
    summary = entry.get("summary", "")
    assert "Zapowiedź; z przecinkami" in summary and "ampersandem" in summary


@pytest.mark.parametrize("name", ["news_rss", "news_atom"])
def test_feeds_leave_out_characters_xml_cannot_hold(client, news_index, name):
    """A control character pasted into a title or lead is dropped, not a 500 (regression)."""
    category = NewsCategoryFactory(name="Kat\x0begoria", slug="kategoria")
    article = NewsArticlePageFactory(
        parent=news_index, title="Tytuł\x0bz\x1fznakami", lead="Lead\x0c ok", category=category
    )
    article.save_revision().publish()
    for args in ([news_index.pk], [news_index.pk, "kategoria"]):
        response = client.get(reverse(f"wagtail_congress_exports:{name}", args=args))
        assert response.status_code == 200
        etree.fromstring(response.content)  # well-formed XML 1.0
        (entry,) = feedparser.parse(response.content).entries
        assert entry.title == "Tytułzznakami"
        assert "Lead ok" in entry.get("summary", "")
        assert entry.tags[0].term == "Kategoria"


def test_frab_xml_leaves_out_characters_xml_cannot_hold(client, congress, track):
    SessionPageFactory(parent=track, title="Sesja\x0bz\x1fznakami", room="Sala\x0c A")
    event = get_xml(client, congress).find("day/room/event")
    assert event.findtext("title") == "Sesjazznakami"
    assert event.findtext("room") == "Sala A"


def test_ical_leaves_out_control_characters(client, congress, track):
    """RFC 5545 TEXT allows no control character but tab; line breaks stay (escaped)."""
    session = SessionPageFactory(
        parent=track, title="Sesja\x0bz\x1fznakami\tz tabem", room="Sala\x0c A"
    )
    url = reverse("wagtail_congress_exports:session_ical", args=[session.pk])
    raw = client.get(url).content
    assert not any(byte < 0x20 and byte not in b"\t\r\n" for byte in raw)
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Sesjazznakami\tz tabem"
    assert str(event["LOCATION"]).startswith("Sala A, ")
