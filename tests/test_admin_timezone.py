"""Admin date-times are typed and shown in the congress's timezone, whatever the site's is."""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from wagtail_congress.forms import zone_label
from wagtail_congress.models import CongressPage, SessionPage, SessionTrackPage

from .conftest import page_add_url
from .factories import (
    WARSAW,
    CongressPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    congress_form_data,
    session_form_data,
    track_form_data,
)

UTC = datetime.UTC

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("utc_site")]


@pytest.fixture
def utc_site():
    with override_settings(TIME_ZONE="UTC"):
        yield


@pytest.fixture
def winter_track(site_root):
    congress = CongressPageFactory(
        parent=site_root,
        start=datetime.datetime(2022, 1, 20, 9, 0, tzinfo=WARSAW),
        end=datetime.datetime(2022, 1, 21, 18, 0, tzinfo=WARSAW),
    )
    return SessionTrackPageFactory(parent=congress)


@pytest.fixture
def summer_track(site_root):
    return SessionTrackPageFactory(parent=CongressPageFactory(parent=site_root))  # June 2021


def post_add(client, model, parent, data):
    return client.post(page_add_url(model, parent), {**data, "action-publish": "1"})


def edit_form_value(client, page, field: str) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    match = re.search(rf'<input[^>]*name="{field}"[^>]*value="([^"]*)"', response.text)
    assert match, f"no {field} input on the edit form"
    return match.group(1)


@pytest.mark.parametrize(
    ("track", "day", "utc_hour"),
    [("winter_track", "2022-01-20", 9), ("summer_track", "2021-06-08", 8)],
)
def test_session_typed_at_ten_is_ten_in_warsaw(wagtail_admin, request, track, day, utc_hour):
    track = request.getfixturevalue(track)
    data = session_form_data(start=f"{day} 10:00", end=f"{day} 11:30")

    response = post_add(wagtail_admin, SessionPage, track, data)

    assert response.status_code == 302, response.context["form"].errors
    session = SessionPage.objects.child_of(track).get()
    assert session.start.astimezone(UTC).hour == utc_hour
    assert session.start.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M") == f"{day} 10:00"
    assert edit_form_value(wagtail_admin, session, "start") == f"{day} 10:00"
    assert edit_form_value(wagtail_admin, session, "end") == f"{day} 11:30"


def test_session_edit_keeps_local_time(wagtail_admin, summer_track):
    session = SessionPageFactory(
        parent=summer_track,
        start=datetime.datetime(2021, 6, 8, 10, 0, tzinfo=WARSAW),
        end=datetime.datetime(2021, 6, 8, 11, 0, tzinfo=WARSAW),
    )
    data = session_form_data(
        title=session.title, slug=session.slug, start="2021-06-08 12:15", end="2021-06-08 13:00"
    )

    response = wagtail_admin.post(
        reverse("wagtailadmin_pages:edit", args=[session.pk]), {**data, "action-publish": "1"}
    )

    assert response.status_code == 302, response.context["form"].errors
    session.refresh_from_db()
    assert session.start == datetime.datetime(2021, 6, 8, 10, 15, tzinfo=UTC)


def test_the_form_names_the_zone(wagtail_admin, summer_track):
    response = wagtail_admin.get(page_add_url(SessionPage, summer_track))

    assert zone_label(WARSAW) == "Europe/Warsaw (CET/CEST)"
    assert response.context["form"].fields["start"].help_text.endswith("Europe/Warsaw (CET/CEST).")
    assert "Europe/Warsaw (CET/CEST)" in response.text


def test_congress_days_are_checked_in_the_congress_zone(wagtail_admin, summer_track):
    """23:30 on the last day is in (21:30 UTC); 00:30 the next day is out (22:30 UTC)."""
    late = session_form_data(start="2021-06-08 22:00", end="2021-06-08 23:30")
    too_late = session_form_data(
        slug="po-polnocy", start="2021-06-08 23:00", end="2021-06-09 00:30"
    )

    assert post_add(wagtail_admin, SessionPage, summer_track, late).status_code == 302
    response = post_add(wagtail_admin, SessionPage, summer_track, too_late)

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["end"]] == [
        "outside_congress"
    ]
    assert "start" not in response.context["form"].errors


def test_track_signup_in_congress_zone(wagtail_admin, site_root):
    congress = CongressPageFactory(parent=site_root, timezone="America/New_York")
    data = track_form_data(signup_opens_at="2021-05-20 12:00")

    response = post_add(wagtail_admin, SessionTrackPage, congress, data)

    assert response.status_code == 302, response.context["form"].errors
    track = SessionTrackPage.objects.child_of(congress).get()
    assert track.signup_opens_at == datetime.datetime(2021, 5, 20, 16, 0, tzinfo=UTC)


def test_congress_times_follow_the_timezone_on_the_form(wagtail_admin, site_root):
    data = congress_form_data(
        timezone="Europe/Lisbon",
        start="2021-06-07 09:00",
        end="2021-06-08 18:00",
        registration_opens_at="",
        registration_closes_at="",
    )

    response = post_add(wagtail_admin, CongressPage, site_root, data)

    assert response.status_code == 302, response.context["form"].errors
    congress = CongressPage.objects.child_of(site_root).get(slug="kpm-2021")
    assert congress.start == datetime.datetime(2021, 6, 7, 8, 0, tzinfo=UTC)  # WEST = UTC+1
    assert edit_form_value(wagtail_admin, congress, "start") == "2021-06-07 09:00"
