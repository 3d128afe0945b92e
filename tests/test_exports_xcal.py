"""xCal (RFC 6321) twins of every calendar export: well-formed XML in the xCal namespace,
RFC 6321's value elements, and the same values as the iCalendar read by ``icalendar``."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar, Event
from lxml import etree

from wagtail_congress.exports.xcal import to_xcal

from .calendars import NS, assert_same_events, xcal_document, xcal_events
from .factories import CongressPageFactory, SessionPageFactory, SpeakerFactory, warsaw
from .test_exports_ical import NASTY, NASTY_DESCRIPTION, publish

pytestmark = pytest.mark.django_db


def fetch(client, name: str, pk: int, query: str = "") -> tuple[bytes, bytes]:
    """The iCalendar and the xCal of one calendar export."""
    ics = client.get(reverse(f"wagtail_congress_exports:{name}_ical", args=[pk]) + query)
    xcs = client.get(reverse(f"wagtail_congress_exports:{name}_xcal", args=[pk]) + query)
    assert ics.status_code == xcs.status_code == 200
    assert xcs["Content-Type"] == "application/calendar+xml; charset=utf-8"
    assert xcs["Content-Disposition"].endswith('.xcs"')
    return ics.content, xcs.content


@pytest.fixture
def programme(congress, track, session):
    speaker = SpeakerFactory(name="Anna Nowak", position="Prezydentka", organisation="Miasto")
    session.speakers.create(speaker=speaker, role="moderator")
    session.title = NASTY
    session.description = NASTY_DESCRIPTION
    session.stream_url = "https://example.com/live?a=1&b=2"
    publish(session)
    second = SessionPageFactory(
        parent=track, title="Druga\nlinia", start=warsaw(2021, 6, 7, 12), end=warsaw(2021, 6, 7, 13)
    )
    second.speakers.create(speaker=speaker, role="speaker")
    publish(second)
    return {"congress": congress, "track": track, "session": session, "speaker": speaker}


@pytest.mark.parametrize(
    ("name", "kind", "query"),
    [
        ("congress", "congress", ""),
        ("track", "track", ""),
        ("session", "session", ""),
        ("speaker", "speaker", ""),
        ("chosen", "congress", "?sessions={session}"),
    ],
)
def test_every_calendar_has_an_xcal_twin(client, programme, name, kind, query):
    pk = programme[kind].pk
    ics, xcs = fetch(client, name, pk, query.format(session=programme["session"].pk))
    assert assert_same_events(ics, xcs) >= 1


def test_xcal_elements_follow_rfc_6321(client, programme):
    _ics, xcs = fetch(client, "congress", programme["congress"].pk)
    root = xcal_document(xcs)
    calendar = root.find("x:vcalendar", NS)
    props = calendar.find("x:properties", NS)
    assert props.findtext("x:version/x:text", namespaces=NS) == "2.0"
    assert props.findtext("x:prodid/x:text", namespaces=NS).startswith("-//wagtail-congress")
    # An extension property without a VALUE parameter: "unknown", its iCalendar text.
    assert props.find("x:x-wr-calname/x:unknown", NS) is not None
    zone = calendar.find("x:components/x:vtimezone", NS)
    assert zone.findtext("x:properties/x:tzid/x:text", namespaces=NS) == "Europe/Warsaw"
    offsets = zone.xpath(".//x:tzoffsetto/x:utc-offset/text()", namespaces=NS)
    assert set(offsets) == {"+01:00", "+02:00"}
    starts = zone.xpath(".//x:standard/x:properties/x:dtstart/x:date-time/text()", namespaces=NS)
    assert starts and not any(start.endswith("Z") for start in starts)  # local times
    event = next(
        e
        for e in calendar.iterfind("x:components/x:vevent", NS)
        if e.findtext("x:properties/x:summary/x:text", namespaces=NS) == NASTY
    )
    dtstart = event.find("x:properties/x:dtstart", NS)
    assert dtstart.findtext("x:parameters/x:tzid/x:text", namespaces=NS) == "Europe/Warsaw"
    assert dtstart.findtext("x:date-time", namespaces=NS) == "2021-06-08T10:00:00"
    stamp = event.findtext("x:properties/x:dtstamp/x:date-time", namespaces=NS)
    assert stamp.endswith("Z")
    assert event.find("x:properties/x:sequence/x:integer", NS) is not None
    assert event.findtext("x:properties/x:url/x:uri", namespaces=NS).startswith("http")
    description = event.findtext("x:properties/x:description/x:text", namespaces=NS)
    assert 'cudzysłów "x" <b> & ok\n\nDruga' in description  # unescaped text, real lines
    assert "https://example.com/live?a=1&b=2" in description
    # No VALUE parameter (the element says the type) and nothing outside the namespace.
    assert not root.xpath("//x:value", namespaces=NS)
    assert {etree.QName(e).namespace for e in root.iter()} == {NS["x"]}


def test_converter_value_types():
    """The value types the exports do not use yet are written as RFC 6321 says too."""
    cal = Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", "x@example.com")
    event.add("dtstart", datetime.date(2021, 6, 7))
    event.add("duration", datetime.timedelta(hours=1, minutes=30))
    event.add("categories", ["a, b", "c;d"])
    event.add("geo", (52.2297, 21.0122))
    event.add("rrule", {"freq": "weekly", "byday": ["mo", "we"], "count": 3})
    event.add("dtend", datetime.datetime(2021, 6, 7, 12, tzinfo=zoneinfo.ZoneInfo("UTC")))
    event.add("attendee", "mailto:a@example.com", parameters={"CN": "Anna; Nowak"})
    cal.add_component(event)
    (props,) = xcal_events(to_xcal(cal))
    assert props["DTSTART"] == [datetime.date(2021, 6, 7)]
    assert props["CATEGORIES"] == [["a, b", "c;d"]]
    assert props["DTEND"] == [datetime.datetime(2021, 6, 7, 12, tzinfo=datetime.UTC)]
    root = etree.fromstring(to_xcal(cal))
    assert root.findtext(".//x:duration/x:duration", namespaces=NS) == "PT1H30M"
    assert root.findtext(".//x:geo/x:latitude", namespaces=NS) == "52.2297"
    recur = root.find(".//x:rrule/x:recur", NS)
    assert [etree.QName(e).localname for e in recur] == ["freq", "count", "byday", "byday"]
    assert [e.text for e in recur] == ["WEEKLY", "3", "MO", "WE"]
    attendee = root.find(".//x:attendee", NS)
    assert attendee.findtext("x:parameters/x:cn/x:text", namespaces=NS) == "Anna; Nowak"
    assert attendee.findtext("x:cal-address", namespaces=NS) == "mailto:a@example.com"


def test_hidden_congress_has_no_xcal(client, site_root):
    from wagtail.models import PageViewRestriction

    private = CongressPageFactory(parent=site_root)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    url = reverse("wagtail_congress_exports:congress_xcal", args=[private.pk])
    assert client.get(url).status_code == 404
