"""iCalendar exports parsed back with icalendar's parser: values, zones, UIDs, escaping."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from wagtail_congress.models.sessions import SessionSpeaker

from .factories import (
    CongressPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    warsaw,
)

pytestmark = pytest.mark.django_db

NASTY = 'Miasta; "wspólne", <małe> & średnie\\ ' + "bardzo długi tytuł " * 10
NASTY_DESCRIPTION = '<p>Pierwsza linia; przecinek, cudzysłów "x" &lt;b&gt; &amp; ok</p><p>Druga</p>'


def congress_url(page) -> str:
    return reverse("wagtail_congress_exports:congress_ical", args=[page.pk])


def fetch(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(cal: Calendar) -> list:
    return list(cal.walk("VEVENT"))


def publish(page) -> None:
    page.save_revision().publish()


def english(page, locale_en, title: str):
    """A published English translation of ``page`` (its missing parents translated too)."""
    chain = [a.specific for a in page.get_ancestors().filter(depth__gt=2)] + [page]
    for source in chain:
        translated = source.get_translation_or_none(locale_en)
        if translated is None:
            translated = source.copy_for_translation(locale_en, copy_parents=True)
            publish(translated)
    translated.title = title
    publish(translated)
    translated.refresh_from_db()
    return translated


def test_congress_calendar_values(client, congress, track, session):
    speaker = SpeakerFactory(name="Anna Nowak", position="Prezydentka", organisation="Miasto")
    session.speakers.create(speaker=speaker, role="moderator")
    session.title = NASTY
    session.description = NASTY_DESCRIPTION
    publish(session)

    cal = fetch(client, congress_url(congress))

    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    (event,) = events(cal)
    assert event["SUMMARY"] == NASTY
    start = event.decoded("DTSTART")
    assert start == warsaw(2021, 6, 8, 10, 0)
    assert event["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert start.utcoffset() == datetime.timedelta(hours=2)
    assert event.decoded("DTEND") == warsaw(2021, 6, 8, 11, 30)
    description = str(event["DESCRIPTION"])
    assert description.startswith('Pierwsza linia; przecinek, cudzysłów "x" <b> & ok\n\nDruga')
    assert "Anna Nowak" in description and "Prezydentka, Miasto" in description
    assert "Prelegenci:" in description  # labels in the export's language
    assert event["UID"] == str(session.translation_key)
    assert str(event["URL"]).endswith(session.url)
    assert "TZID=Europe/Warsaw" in client.get(congress_url(congress)).content.decode()


def test_text_is_escaped_and_folded(client, congress, session):
    session.title = NASTY
    publish(session)
    raw = client.get(congress_url(congress)).content
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b'Miasta\\; "wsp' in raw and b"\\, <ma" in raw


def test_location_room_and_venue_or_stream(client, congress, session):
    congress.attendance_mode = "onsite"
    congress.venue = "Międzynarodowe Centrum Kongresowe"
    publish(congress)
    (event,) = events(fetch(client, congress_url(congress)))
    assert event["LOCATION"] == "Scena główna, Międzynarodowe Centrum Kongresowe, Katowice"

    congress.attendance_mode = "online"
    publish(congress)
    session.stream_url = "https://stream.example.com/a"
    publish(session)
    (event,) = events(fetch(client, congress_url(congress)))
    assert event["LOCATION"] == "https://stream.example.com/a"


def test_track_includes_nested_tracks_and_session_feed(client, congress, track, session):
    nested = SessionTrackPageFactory(parent=track)
    inner = SessionPageFactory(parent=nested, title="Wewnętrzna")
    other = SessionTrackPageFactory(parent=congress)
    SessionPageFactory(parent=other, title="Inna")

    cal = fetch(client, reverse("wagtail_congress_exports:track_ical", args=[track.pk]))
    assert {str(e["SUMMARY"]) for e in events(cal)} == {session.title, "Wewnętrzna"}
    cal = fetch(client, reverse("wagtail_congress_exports:session_ical", args=[inner.pk]))
    assert [str(e["SUMMARY"]) for e in events(cal)] == ["Wewnętrzna"]
    assert len(events(fetch(client, congress_url(congress)))) == 3


def test_sequence_and_last_modified_move_with_edits(client, congress, session):
    publish(session)
    (before,) = events(fetch(client, congress_url(congress)))
    session.title = "Nowy tytuł"
    publish(session)
    (after,) = events(fetch(client, congress_url(congress)))
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")  # seconds
    # A draft changes nothing in the export.
    session.title = "Szkic"
    session.save_revision()
    (draft,) = events(fetch(client, congress_url(congress)))
    assert draft["SUMMARY"] == "Nowy tytuł" and draft["SEQUENCE"] == after["SEQUENCE"]


def test_english_export_shares_uids(client, congress, track, session, locale_en):
    speaker = SpeakerFactory(name="Anna Nowak")
    session.speakers.create(speaker=speaker, role="speaker")
    publish(session)
    session_en = english(session, locale_en, "Small and medium towns")
    congress_en = session_en.get_ancestors().type(congress.__class__).get().specific

    (polish,) = events(fetch(client, congress_url(congress)))
    cal = fetch(client, congress_url(congress_en))
    (event,) = events(cal)
    assert event["SUMMARY"] == "Small and medium towns"
    assert event["UID"] == polish["UID"]
    assert "/en/" in str(event["URL"])
    assert "Speakers:" in str(event["DESCRIPTION"])
    assert "Anna Nowak" in str(event["DESCRIPTION"])


def test_hidden_sessions_never_appear(client, site_root, congress, track, locale_en):
    visible = SessionPageFactory(parent=track, title="Widoczna")
    second = SessionPageFactory(parent=track, title="Druga")
    SessionPageFactory(parent=track, title="TAJNE draft", live=False)
    login = SessionPageFactory(parent=track, title="TAJNE login")
    PageViewRestriction.objects.create(page=login, restriction_type="login")
    private_track = SessionTrackPageFactory(parent=congress)
    PageViewRestriction.objects.create(
        page=private_track, restriction_type="password", password="x"
    )
    SessionPageFactory(parent=private_track, title="TAJNE under password")
    draft_track = SessionTrackPageFactory(parent=congress)
    SessionPageFactory(parent=draft_track, title="TAJNE under draft")
    draft_track.unpublish()
    visible.create_alias(parent=track, update_slug="alias")
    unpublished = visible.copy_for_translation(locale_en, copy_parents=True)
    unpublished.title = "TAJNE english draft"
    unpublished.save_revision()
    alias = second.copy_for_translation(locale_en, alias=True)

    cal = fetch(client, congress_url(congress))
    assert sorted(str(e["SUMMARY"]) for e in events(cal)) == ["Druga", "Widoczna"]
    for page in (login, unpublished, alias):
        url = reverse("wagtail_congress_exports:session_ical", args=[page.pk])
        assert client.get(url).status_code == 404
    for page in (private_track, draft_track):
        url = reverse("wagtail_congress_exports:track_ical", args=[page.pk])
        assert client.get(url).status_code == 404
    private = CongressPageFactory(parent=site_root)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert client.get(congress_url(private)).status_code == 404
    assert client.get(congress_url(unpublished.get_parent().get_parent())).status_code == 404


def test_large_congress_in_constant_queries(client, congress, django_assert_num_queries):
    tracks = [SessionTrackPageFactory(parent=congress) for _ in range(4)]
    speakers = [SpeakerFactory() for _ in range(10)]

    def add_sessions(count: int) -> None:
        for n in range(count):
            session = SessionPageFactory(
                parent=tracks[n % 4],
                start=warsaw(2021, 6, 7 + n % 2, 9 + n % 8, 0),
                end=warsaw(2021, 6, 7 + n % 2, 9 + n % 8, 45),
            )
            SessionSpeaker.objects.create(page=session, speaker=speakers[n % 10])
            SessionSpeaker.objects.create(page=session, speaker=speakers[(n + 3) % 10])

    add_sessions(5)
    client.get(congress_url(congress))  # warm the site and content type caches
    with CaptureQueriesContext(connection) as small:
        client.get(congress_url(congress))
    add_sessions(60)
    with django_assert_num_queries(len(small.captured_queries)):
        cal = fetch(client, congress_url(congress))
    assert len(events(cal)) == 65
    tz = congress.tzinfo
    for event in events(cal):
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None and start.utcoffset() == datetime.timedelta(hours=2)
        assert start.astimezone(tz).hour >= 9
        assert "Prelegentka" in str(event["DESCRIPTION"])


@pytest.mark.parametrize("route", ["congress_ical", "frab_xml", "frab_json"])
def test_conditional_get_with_quoted_etag(client, congress, session, route):
    url = reverse(f"wagtail_congress_exports:{route}", args=[congress.pk])
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('W/"') and etag.endswith('"')
    assert "Last-Modified" in first and "max-age" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    session.title = "Zmieniony"
    publish(session)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    speaker = SpeakerFactory()
    speaker.name = "Inna"
    etag = changed["ETag"]
    from wagtail.log_actions import log

    log(speaker, "wagtail.edit")  # what the snippet editor records on save
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
