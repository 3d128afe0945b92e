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


# The problem is in the congress's language (Polish here).
LIST_MESSAGE = "identyfikatorów sesji rozdzielonych przecinkami"


def chosen_url(congress, ids: str | None = None, fmt: str = "ical") -> str:
    url = reverse(f"wagtail_congress_exports:chosen_{fmt}", args=[congress.pk])
    return url if ids is None else f"{url}?sessions={ids}"


def test_chosen_sessions_calendar(client, site_root, congress, track, locale_en):
    """Only visible sessions of the congress, in its locale; other ids are simply absent."""
    from .calendars import vobject_events

    first = SessionPageFactory(parent=track, title="Pierwsza", start=warsaw(2021, 6, 8, 9, 0))
    second = SessionPageFactory(parent=track, title="Druga", start=warsaw(2021, 6, 7, 9, 0))
    SessionPageFactory(parent=track, title="Niewybrana")
    draft = SessionPageFactory(parent=track, title="TAJNE draft", live=False)
    login = SessionPageFactory(parent=track, title="TAJNE login")
    PageViewRestriction.objects.create(page=login, restriction_type="login")
    hidden_track = SessionTrackPageFactory(parent=congress)
    under_draft = SessionPageFactory(parent=hidden_track, title="TAJNE under draft")
    hidden_track.unpublish()
    elsewhere = SessionPageFactory(
        parent=SessionTrackPageFactory(parent=CongressPageFactory(parent=site_root)),
        title="Inny kongres",
    )
    english_draft = first.copy_for_translation(locale_en, copy_parents=True)
    english_draft.title = "TAJNE english draft"
    english_draft.save_revision()
    ids = [first, second, draft, login, under_draft, elsewhere, english_draft]
    query = ",".join(str(page.pk) for page in ids) + f",{first.pk},999999"

    response = client.get(chosen_url(congress, query))
    assert response.status_code == 200
    assert b"TAJNE" not in response.content
    cal = Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in events(cal)] == ["Druga", "Pierwsza"]  # in time order
    assert [str(e.summary.value) for e in vobject_events(response.content)] == [
        "Druga",
        "Pierwsza",
    ]
    assert "Pierwsza" in client.get(chosen_url(congress, f"{first.pk}", "xcal")).text

    empty = client.get(chosen_url(congress))  # nothing chosen yet: an empty calendar
    assert empty.status_code == 200
    assert events(Calendar.from_ical(empty.content)) == []
    assert client.get(chosen_url(congress.get_parent(), query)).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("1,x", LIST_MESSAGE),
        ("1,,2", LIST_MESSAGE),
        ("-1", LIST_MESSAGE),
        ("1;2", LIST_MESSAGE),
        ("١", LIST_MESSAGE),  # a digit, but not an ASCII one
        ("9" * 30, LIST_MESSAGE),
        (",".join(str(n) for n in range(1, 5)), "najwyżej 3 sesji"),
    ],
)
def test_chosen_sessions_bad_input_is_a_400_problem(client, congress, query, message, settings):
    settings.WAGTAIL_CONGRESS_CHOSEN_SESSIONS_MAX = 3
    response = client.get(chosen_url(congress, query))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["parameter"] == "sessions"
    assert message in problem["detail"]


def test_chosen_sessions_limit_counts_distinct_ids(client, congress, session, settings):
    settings.WAGTAIL_CONGRESS_CHOSEN_SESSIONS_MAX = 1
    response = client.get(chosen_url(congress, f"{session.pk},{session.pk}, {session.pk}"))
    assert response.status_code == 200
    assert len(events(Calendar.from_ical(response.content))) == 1


def speaker_url(speaker, query: str = "", fmt: str = "ical") -> str:
    return reverse(f"wagtail_congress_exports:speaker_{fmt}", args=[speaker.pk]) + query


def test_speaker_calendar_spans_congresses_and_zones(client, site_root, congress, track):
    from .calendars import vobject_events

    speaker = SpeakerFactory(name="Anna Nowak")
    here = SessionPageFactory(parent=track, title="W Katowicach")
    SessionSpeaker.objects.create(page=here, speaker=speaker, role="speaker")
    abroad = CongressPageFactory(
        parent=site_root,
        timezone="America/New_York",
        start=datetime.datetime(2022, 5, 1, 13, tzinfo=datetime.UTC),
        end=datetime.datetime(2022, 5, 2, 22, tzinfo=datetime.UTC),
    )
    there = SessionPageFactory(
        parent=SessionTrackPageFactory(parent=abroad),
        title="W Nowym Jorku",
        start=datetime.datetime(2022, 5, 1, 14, tzinfo=datetime.UTC),
        end=datetime.datetime(2022, 5, 1, 15, tzinfo=datetime.UTC),
    )
    SessionSpeaker.objects.create(page=there, speaker=speaker, role="moderator")
    hidden = SessionPageFactory(parent=track, title="TAJNA", live=False)
    SessionSpeaker.objects.create(page=hidden, speaker=speaker, role="speaker")
    SessionPageFactory(parent=track, title="Bez niej")

    response = client.get(speaker_url(speaker))
    assert response.status_code == 200
    assert b"TAJNA" not in response.content
    cal = Calendar.from_ical(response.content)
    assert cal["X-WR-CALNAME"] == "Anna Nowak"
    assert {tz["TZID"] for tz in cal.walk("VTIMEZONE")} == {"Europe/Warsaw", "America/New_York"}
    by_title = {str(e["SUMMARY"]): e for e in events(cal)}
    assert by_title.keys() == {"W Katowicach", "W Nowym Jorku"}
    assert by_title["W Nowym Jorku"]["DTSTART"].params["TZID"] == "America/New_York"
    assert by_title["W Nowym Jorku"].decoded("DTSTART").hour == 10
    assert {e.summary.value for e in vobject_events(response.content)} == by_title.keys()

    nobody = SpeakerFactory()
    only_hidden = SpeakerFactory()
    SessionSpeaker.objects.create(page=hidden, speaker=only_hidden, role="speaker")
    for person in (nobody, only_hidden):
        assert client.get(speaker_url(person)).status_code == 404
    assert client.get(speaker_url(speaker, "?locale=xx")).status_code == 400
    assert client.get("/exports/speaker/999999/sessions.ics").status_code == 404


def test_speaker_calendar_in_english(client, congress, track, session, locale_en):
    """An untranslated speaker's id serves the English calendar (``?locale=en``); once the
    speaker is translated, the English version's id does."""
    speaker = SpeakerFactory(name="Anna Nowak")
    SessionSpeaker.objects.create(page=session, speaker=speaker, role="speaker")
    publish(session)
    english(session, locale_en, "Small and medium towns")

    response = client.get(speaker_url(speaker, "?locale=en"))
    assert response.status_code == 200
    assert [str(e["SUMMARY"]) for e in events(Calendar.from_ical(response.content))] == [
        "Small and medium towns"
    ]
    polish = events(Calendar.from_ical(client.get(speaker_url(speaker)).content))
    assert [str(e["SUMMARY"]) for e in polish] == [session.title]

    translated = speaker.copy_for_translation(locale_en)
    translated.save()
    assert client.get(speaker_url(speaker, "?locale=en")).status_code == 404
    response = client.get(speaker_url(translated))
    assert response.status_code == 200
    assert b"Small and medium towns" in response.content


def test_english_calendar_has_the_polish_sequence(client, congress, track, session, locale_en):
    """SEQUENCE and LAST-MODIFIED come from the source version, whatever the translation's
    own history (issue 19: 1 in Polish, 2 in English before)."""
    publish(session)
    session_en = english(session, locale_en, "Small and medium towns")
    for _ in range(2):
        publish(session_en)
    congress_en = session_en.get_ancestors().type(congress.__class__).get().specific
    (polish,) = events(fetch(client, congress_url(congress)))
    (event,) = events(fetch(client, congress_url(congress_en)))
    assert event["UID"] == polish["UID"]
    assert event["SEQUENCE"] == polish["SEQUENCE"]
    assert event.decoded("LAST-MODIFIED") == polish.decoded("LAST-MODIFIED")
    publish(session)  # the source changes: both move
    (polish_after,) = events(fetch(client, congress_url(congress)))
    (english_after,) = events(fetch(client, congress_url(congress_en)))
    assert int(polish_after["SEQUENCE"]) > int(polish["SEQUENCE"])
    assert english_after["SEQUENCE"] == polish_after["SEQUENCE"]
    assert english_after.decoded("LAST-MODIFIED") == polish_after.decoded("LAST-MODIFIED")
