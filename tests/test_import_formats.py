"""Import the sample programme as CSV, XLSX and frab JSON: the same pages, idempotently."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from wagtail.models import PageLogEntry

from wagtail_congress.importers.plan import CREATE, UNCHANGED, UPDATE
from wagtail_congress.models import SessionPage, SessionTrackPage, Speaker

from .test_import_helpers import (
    csv_bytes,
    frab_bytes,
    revision_count,
    run_import,
    snapshot,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def test_csv_creates_tracks_sessions_and_speakers(congress, english):
    report = run_import(congress, csv_bytes(), "csv", create_tracks=True)
    assert report.counts["sessions"][CREATE] == 6
    assert report.counts["tracks"][CREATE] == 4  # URBACT inside "Wydarzenia towarzyszące"
    assert report.counts["speakers"][CREATE] == 4
    panel = SessionPage.objects.get(external_id="kpm-02")
    assert panel.start == datetime.datetime(2021, 6, 7, 10, 0, tzinfo=WARSAW)
    assert panel.description == "<p>Jak pandemia zmieniła miasta.</p><p>Druga część opisu.</p>"
    assert [(row.speaker.name, row.role) for row in panel.speakers.all()] == [
        ("Jan Kowalski", "moderator"),
        ("Maria Wiśniewska", "panellist"),
        ("Ewa Zielińska", "panellist"),
    ]
    assert Speaker.objects.get(name="Maria Wiśniewska").organisation == "Urząd Miasta Gdańsk"
    urbact = SessionPage.objects.get(external_id="kpm-05").get_parent()
    assert urbact.title == "URBACT"
    assert urbact.get_parent().title == "Wydarzenia towarzyszące"
    assert not panel.live and panel.has_unpublished_changes  # drafts by default
    assert panel.revisions.count() == 1
    assert PageLogEntry.objects.filter(page=panel, action="wagtail.create").exists()


def test_publish_option_publishes_with_revisions(congress):
    run_import(congress, csv_bytes(), "csv", create_tracks=True, publish=True)
    pages = SessionPage.objects.descendant_of(congress)
    assert pages.count() == 6
    assert all(page.live and not page.has_unpublished_changes for page in pages)
    assert SessionTrackPage.objects.descendant_of(congress).live().count() == 4
    assert PageLogEntry.objects.filter(action="wagtail.publish").count() == 10


@pytest.mark.parametrize("file_format", ["xlsx", "frab"])
def test_every_format_gives_the_same_pages(site_root, file_format):
    from .factories import CongressPageFactory

    from_csv = CongressPageFactory(parent=site_root, slug="from-csv")
    other = CongressPageFactory(parent=site_root, slug="from-other")
    run_import(from_csv, csv_bytes(), "csv", create_tracks=True)
    data = xlsx_bytes() if file_format == "xlsx" else frab_bytes()
    run_import(other, data, file_format, create_tracks=True)
    # frab knows no roles: everyone is a speaker there.
    roles = file_format == "xlsx"
    assert snapshot(other, roles=roles) == snapshot(from_csv, roles=roles)


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "frab"])
@pytest.mark.parametrize("publish", [False, True])
def test_reimport_changes_nothing(congress, file_format, publish):
    data = {"csv": csv_bytes, "xlsx": xlsx_bytes, "frab": frab_bytes}[file_format]()
    run_import(congress, data, file_format, create_tracks=True, publish=publish)
    revisions, logs, before = revision_count(), PageLogEntry.objects.count(), snapshot(congress)
    report = run_import(congress, data, file_format, create_tracks=True, publish=publish)
    assert report.counts["sessions"][UNCHANGED] == 6
    assert report.changes == 0
    assert revision_count() == revisions
    assert PageLogEntry.objects.count() == logs
    assert snapshot(congress) == before


def test_edited_file_updates_the_matching_sessions(congress):
    run_import(congress, csv_bytes(), "csv", create_tracks=True, publish=True)
    ids = set(SessionPage.objects.values_list("pk", flat=True))
    edited = (
        csv_bytes()
        .decode()
        .replace("Zielona infrastruktura", "Zielona i niebieska infrastruktura")
        .replace(
            "2021-06-08 09:00,2021-06-08 11:00,Sala B", "2021-06-08 09:30,2021-06-08 11:00,Sala C"
        )
        .replace("Ewa Zielińska (speaker)", "Ewa Zielińska (speaker); Piotr Nowy (moderator)")
        .replace("Uniwersytet Łódzki\nkpm-04", "Uniwersytet Łódzki; Politechnika\nkpm-04")
        .replace(
            "kpm-05,URBACT: networks in practice,Wydarzenia towarzyszące / URBACT",
            "kpm-05,URBACT: networks in practice,Miasto w kryzysie",
        )
        .encode()
    )
    report = run_import(congress, edited, "csv", create_tracks=True, publish=True)
    assert report.counts["sessions"] == {CREATE: 0, UPDATE: 3, UNCHANGED: 3}
    assert report.counts["speakers"][CREATE] == 1
    assert set(SessionPage.objects.values_list("pk", flat=True)) == ids  # never duplicates
    green = SessionPage.objects.get(external_id="kpm-03")
    assert green.title == "Zielona i niebieska infrastruktura"
    assert [row.speaker.name for row in green.speakers.all()] == ["Ewa Zielińska", "Piotr Nowy"]
    workshop = SessionPage.objects.get(external_id="kpm-04")
    assert (workshop.room, workshop.start.astimezone(WARSAW).hour) == ("Sala C", 9)
    assert workshop.revisions.count() == 2
    moved = SessionPage.objects.get(external_id="kpm-05")
    assert moved.get_parent().title == "Miasto w kryzysie"
    assert moved.live and not moved.has_unpublished_changes


def test_existing_tracks_found_by_title_or_slug(congress, track):
    """A track written as its slug is the existing track; no track is created."""
    data = (
        "external_id,title,track,start,end\n"
        f"a,Sesja A,{track.slug},2021-06-07 10:00,2021-06-07 11:00\n"
        f"b,Sesja B,{track.title.upper()},2021-06-07 10:00,2021-06-07 11:00\n"
    ).encode()
    report = run_import(congress, data, "csv")
    assert report.counts["tracks"][CREATE] == 0
    assert SessionPage.objects.child_of(track).count() == 2


def test_speakers_matched_by_id_then_name(congress, track):
    from .factories import SpeakerFactory

    by_id = SpeakerFactory(name="Old Name", external_id="p-1")
    by_name = SpeakerFactory(name="Anna Nowak")
    data = (
        "external_id,title,track,start,end,speakers,speaker_ids\n"
        f"a,Sesja A,{track.title},2021-06-07 10:00,2021-06-07 11:00,"
        "New Name (moderator); Anna Nowak (gospodarz),p-1;\n"
    ).encode()
    report = run_import(congress, data, "csv")
    assert report.counts["speakers"] == {CREATE: 0, UPDATE: 1, UNCHANGED: 1}
    by_id.refresh_from_db()
    assert by_id.name == "New Name"  # renamed in the source system
    page = SessionPage.objects.get(external_id="a")
    assert [(row.speaker_id, row.role) for row in page.speakers.all()] == [
        (by_id.pk, "moderator"),
        (by_name.pk, "host"),
    ]


def test_a_real_pretalx_export(site_root):
    """pretalx's demo conference: 36 talks and workshops, times with offsets, speaker codes."""
    from .factories import CongressPageFactory
    from .test_import_helpers import DATA

    democon = CongressPageFactory(
        parent=site_root,
        start=datetime.datetime(2020, 12, 14, 4, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2020, 12, 16, 23, 0, tzinfo=datetime.UTC),
        timezone="UTC",
    )
    data = (DATA / "pretalx-democon.json").read_bytes()
    report = run_import(democon, data, "frab", create_tracks=True)
    assert report.counts["sessions"][CREATE] == 36
    assert report.counts["tracks"][CREATE] == 2
    talk = SessionPage.objects.get(external_id="8079583e-8321-506c-95af-fd2903a5f075")
    assert (talk.title, talk.room, talk.format, talk.language) == (
        "Focused 5thgeneration hardware",
        "Gray Room",
        "lecture",
        "en",
    )
    assert talk.start == datetime.datetime(2020, 12, 14, 8, 0, tzinfo=datetime.UTC)
    assert [row.speaker.external_id for row in talk.speakers.all()] == ["NQTF8Y"]
    assert run_import(democon, data, "frab", create_tracks=True).changes == 0


def test_frab_abstract_and_description_are_both_kept(congress, session):
    """The package's own schedule.json splits the text (lead, body); an import reads it whole."""
    from django.urls import reverse

    from wagtail_congress.importers.readers import frab_description

    assert frab_description({"abstract": "Lead.", "description": "Body."}) == "Lead.\n\nBody."
    assert frab_description({"abstract": "Lead.", "description": "Lead. Body."}) == "Lead. Body."
    assert frab_description({"description": "Body."}) == "Body."
    session.description = "<p>Pierwszy akapit.</p><p>Drugi akapit.</p>"
    session.save_revision().publish()
    url = reverse("wagtail_congress_exports:frab_json", args=[congress.pk])
    from django.test import Client

    data = Client().get(url).content
    run_import(congress, data, "frab", create_tracks=True)
    imported = SessionPage.objects.exclude(pk=session.pk).get(title=session.title)
    assert "Pierwszy akapit." in imported.description
    assert "Drugi akapit." in imported.description
