"""Copying a congress to its next edition, as a function and through the admin."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from wagtail_congress.choices import SpeakerRole
from wagtail_congress.editions import copy_to_next_edition
from wagtail_congress.models import CongressPage, SessionPage, SessionTrackPage

from .factories import (
    NewsIndexPageFactory,
    PartnerFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    ThematicAreaFactory,
    warsaw,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


@pytest.fixture
def edition_2021(congress):
    """KPM 2021 in June (summer time): nested tracks, sessions with speakers, news."""
    congress.registration_opens_at = warsaw(2021, 5, 1, 9, 0)
    congress.registration_closes_at = warsaw(2021, 6, 6, 23, 59)
    congress.thematic_areas.create(area=ThematicAreaFactory(name="Transport"))
    congress.save_revision().publish()
    main = SessionTrackPageFactory(parent=congress, title="Blok główny", colour="#1d4e89")
    side = SessionTrackPageFactory(parent=congress, title="Wydarzenia towarzyszące")
    urbact = SessionTrackPageFactory(
        parent=side, title="URBACT", signup_opens_at=warsaw(2021, 5, 20, 12, 0)
    )
    urbact.partners.create(partner=PartnerFactory(name="URBACT"))
    urbact.save()
    panel = SessionPageFactory(
        parent=main,
        title="Panel otwarcia",
        start=warsaw(2021, 6, 7, 10, 0),
        end=warsaw(2021, 6, 7, 11, 30),
        registration_opens_at=warsaw(2021, 5, 20, 12, 0),
    )
    panel.speakers.create(speaker=SpeakerFactory(name="Anna Nowak"), role=SpeakerRole.MODERATOR)
    panel.save()
    SessionPageFactory(
        parent=urbact,
        title="Warsztat URBACT",
        start=warsaw(2021, 6, 8, 16, 0),
        end=warsaw(2021, 6, 8, 18, 0),
        live=False,
    )
    NewsIndexPageFactory(parent=congress)
    return congress


def local(moment: datetime.datetime) -> tuple:
    return moment.astimezone(zoneinfo.ZoneInfo("Europe/Warsaw")).timetuple()[:5]


def test_copy_moves_every_time_on_the_wall_clock_across_dst(edition_2021, superuser):
    # From June (UTC+2) to March (UTC+1): 280 days later, 10:00 stays 10:00.
    new = copy_to_next_edition(
        edition_2021,
        title="Kongres Polityki Miejskiej 2022",
        slug="kpm-2022",
        start=warsaw(2022, 3, 14, 9, 0),
        user=superuser,
    )

    new = CongressPage.objects.get(pk=new.pk)
    assert (new.title, new.slug, new.draft_title) == (
        "Kongres Polityki Miejskiej 2022",
        "kpm-2022",
        "Kongres Polityki Miejskiej 2022",
    )
    assert new.get_parent().pk == edition_2021.get_parent().pk
    assert new.start == datetime.datetime(2022, 3, 14, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert local(new.end) == (2022, 3, 15, 18, 0)
    assert local(new.registration_opens_at) == (2022, 2, 5, 9, 0)
    assert local(new.registration_closes_at) == (2022, 3, 13, 23, 59)
    assert [row.area.name for row in new.thematic_areas.all()] == ["Transport"]

    tracks = SessionTrackPage.objects.descendant_of(new).order_by("path")
    assert [track.title for track in tracks] == [
        "Blok główny",
        "Wydarzenia towarzyszące",
        "URBACT",
    ]
    urbact = tracks.get(title="URBACT")
    assert urbact.get_parent().title == "Wydarzenia towarzyszące"
    assert local(urbact.signup_opens_at) == (2022, 2, 24, 12, 0)
    assert [row.partner.name for row in urbact.partners.all()] == ["URBACT"]

    sessions = {s.title: s for s in SessionPage.objects.descendant_of(new)}
    assert set(sessions) == {"Panel otwarcia", "Warsztat URBACT"}
    panel = sessions["Panel otwarcia"]
    assert panel.start == datetime.datetime(2022, 3, 14, 9, 0, tzinfo=UTC)  # 10:00 CET
    assert local(panel.end) == (2022, 3, 14, 11, 30)
    assert local(panel.registration_opens_at) == (2022, 2, 24, 12, 0)
    assert [(row.speaker.name, row.role) for row in panel.speakers.all()] == [
        ("Anna Nowak", "moderator")
    ]
    assert local(sessions["Warsztat URBACT"].start) == (2022, 3, 15, 16, 0)
    assert panel.congress.pk == new.pk

    # The editor opens the latest revision: it has the moved times too.
    assert panel.get_latest_revision_as_object().start == panel.start
    assert new.get_latest_revision_as_object().start == new.start


def test_copies_are_new_drafts_and_the_original_is_untouched(edition_2021, superuser):
    before = {
        page.pk: (page.title, page.slug, page.live, page.translation_key)
        for page in Page.objects.descendant_of(edition_2021, inclusive=True)
    }
    old_panel = SessionPage.objects.get(title="Panel otwarcia")

    new = copy_to_next_edition(
        edition_2021, title="KPM 2022", slug="kpm-2022", start=warsaw(2022, 6, 6, 9, 0)
    )

    copies = Page.objects.descendant_of(new, inclusive=True)
    assert copies.count() == 6  # congress, 3 tracks, 2 sessions; no news index
    assert not copies.filter(live=True).exists()
    assert all(page.has_unpublished_changes for page in copies)
    assert not copies.filter(translation_key__in=[key for *_, key in before.values()]).exists()
    new_panel = SessionPage.objects.descendant_of(new).get(title="Panel otwarcia")
    assert new_panel.speakers.get().translation_key != old_panel.speakers.get().translation_key
    assert {
        page.pk: (page.title, page.slug, page.live, page.translation_key)
        for page in Page.objects.descendant_of(edition_2021, inclusive=True)
    } == before
    old_panel.refresh_from_db()
    assert old_panel.start == warsaw(2021, 6, 7, 10, 0)


@pytest.mark.parametrize(
    ("title", "slug", "start", "field"),
    [
        ("KPM 2022", "taken", warsaw(2022, 6, 6, 9, 0), "slug"),
        ("KPM 2022", "kpm-2022", None, "start"),
        ("", "kpm-2022", warsaw(2022, 6, 6, 9, 0), "title"),
    ],
)
def test_bad_input_raises_and_writes_nothing(edition_2021, site_root, title, slug, start, field):
    edition_2021.slug = "taken"
    edition_2021.save()
    pages_before = Page.objects.count()

    with pytest.raises(ValidationError) as raised:
        copy_to_next_edition(edition_2021, title=title, slug=slug, start=start)

    assert set(raised.value.message_dict) == {field}
    assert Page.objects.count() == pages_before


def test_an_invalid_page_on_the_way_rolls_everything_back(edition_2021):
    # A session that today's rules reject (it ends before it starts) stops the copy half-way.
    SessionPage.objects.filter(title="Warsztat URBACT").update(end=warsaw(2021, 6, 8, 15, 0))
    pages_before = Page.objects.count()

    with translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            copy_to_next_edition(
                edition_2021, title="KPM 2022", slug="kpm-2022", start=warsaw(2022, 6, 6, 9, 0)
            )
        assert raised.value.messages[0].startswith("“Warsztat URBACT” cannot be copied: ")
    assert Page.objects.count() == pages_before


def test_admin_shows_why_nothing_was_copied(wagtail_admin, edition_2021):
    SessionPage.objects.filter(title="Warsztat URBACT").update(end=warsaw(2021, 6, 8, 15, 0))
    pages_before = Page.objects.count()
    data = {"title": "KPM 2022", "slug": "kpm-2022", "start": "2022-06-06 09:00", "confirm": "1"}

    response = wagtail_admin.post(next_edition_url(edition_2021), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was copied. “Warsztat URBACT” cannot be copied: " in html
    assert Page.objects.count() == pages_before


# Through the admin.


def next_edition_url(congress) -> str:
    return reverse("wagtail_congress_next_edition", args=[congress.pk])


def test_admin_form_confirmation_and_copy(wagtail_admin, edition_2021):
    response = wagtail_admin.get(next_edition_url(edition_2021))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["start"] == datetime.datetime(2022, 6, 7, 9, 0)
    html = response.content.decode()
    assert "Copies “" in html and "3 tracks and 2 sessions" in html
    assert "In the congress&#x27;s timezone (Europe/Warsaw)" in html

    data = {"title": "KPM 2022", "slug": "kpm-2022", "start": "2022-03-14 09:00"}
    response = wagtail_admin.post(next_edition_url(edition_2021), data)
    assert response.status_code == 200  # the confirmation: nothing copied yet
    html = response.content.decode()
    assert "Please confirm" in html and "Every time moves by 280 days." in html
    assert not CongressPage.objects.filter(slug="kpm-2022").exists()

    response = wagtail_admin.post(next_edition_url(edition_2021), {**data, "confirm": "1"})

    new = CongressPage.objects.get(slug="kpm-2022")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[new.pk])
    assert not new.live
    assert new.start == warsaw(2022, 3, 14, 9, 0)  # read in the congress's timezone
    assert SessionPage.objects.descendant_of(new).count() == 2
    messages = [str(m) for m in wagtail_admin.get(response.url).context["messages"]]
    assert any(
        "“KPM 2022” created as a draft, with its tracks and sessions." in m for m in messages
    )


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (
            {"title": "KPM 2022", "slug": "kpm-2021", "start": "2022-06-06 09:00"},
            "slug",
            "The slug “kpm-2021” is already in use next to this congress.",
        ),
        (
            {"title": "KPM 2022", "slug": "kpm-2022", "start": ""},
            "start",
            "This field is required.",
        ),
        ({"title": "KPM 2022", "slug": "kpm 2022!", "start": "2022-06-06 09:00"}, "slug", None),
    ],
)
def test_admin_bad_input_is_a_form_error(wagtail_admin, edition_2021, data, field, error):
    edition_2021.slug = "kpm-2021"
    edition_2021.save()
    pages_before = Page.objects.count()

    response = wagtail_admin.post(next_edition_url(edition_2021), {**data, "confirm": "1"})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    if error:
        assert error in response.content.decode()
    assert Page.objects.count() == pages_before
