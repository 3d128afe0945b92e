"""The admin timetable of a congress, through the admin with the test client."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission

from wagtail_congress.choices import SpeakerRole

from .factories import (
    CongressPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    warsaw,
)

pytestmark = pytest.mark.django_db


def timetable_url(congress) -> str:
    return reverse("wagtail_congress_timetable", args=[congress.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_session(track, title, day, start, end, room="", speakers=(), **kwargs):
    session = SessionPageFactory(
        parent=track,
        title=title,
        start=warsaw(2021, 6, day, *start),
        end=warsaw(2021, 6, day, *end),
        room=room,
        **kwargs,
    )
    for speaker in speakers:
        session.speakers.create(speaker=speaker, role=SpeakerRole.SPEAKER)
    if speakers:
        session.save()
    return session


@pytest.fixture
def programme(congress):
    """Two tracks over two days: a double-booked room, a speaker clash, a draft, no room."""
    main = SessionTrackPageFactory(parent=congress, title="Blok główny", colour="#1d4e89")
    side = SessionTrackPageFactory(parent=congress, title="Wydarzenia", colour="#AA3300")
    anna = SpeakerFactory(name="Anna Nowak")
    return {
        "opening": add_session(main, "Otwarcie", 7, (9, 0), (10, 0), room="Scena główna"),
        "panel": add_session(
            main, "Panel miejski", 8, (10, 0), (11, 30), room="Scena główna", speakers=[anna]
        ),
        "clash": add_session(
            side, "Warsztat", 8, (11, 0), (12, 0), room="Scena główna", live=False
        ),
        "talk": add_session(side, "Wykład", 8, (11, 0), (11, 45), room="Sala B", speakers=[anna]),
        "walk": add_session(side, "Spacer", 8, (12, 0), (13, 0)),
    }


def test_timetable_shows_days_rooms_sessions_tracks_and_clashes(wagtail_admin, programme):
    congress = programme["opening"].congress
    response = wagtail_admin.get(timetable_url(congress))

    assert response.status_code == 200
    html = response.content.decode()
    days = [day.date for day in response.context["days"]]
    assert [str(day) for day in days] == ["2021-06-07", "2021-06-08"]
    assert "Monday, 7 June 2021" in html and "Tuesday, 8 June 2021" in html
    second = response.context["days"][1]
    assert [(room.name, room.lanes) for room in second.rooms] == [
        ("Scena główna", 2),  # two lanes: double-booked at 11:00
        ("Sala B", 1),
        ("", 1),
    ]
    assert re.search(r'room--none"\s+style="[^"]*">\s*No room\s*<', html)
    placed = {placed.session.title: placed for placed in second.sessions}
    # 10:00 is the first row after the header; 5-minute rows.
    assert (placed["Panel miejski"].row_start, placed["Panel miejski"].row_end) == (2, 20)
    assert (placed["Warsztat"].row_start, placed["Warsztat"].row_end) == (14, 26)
    assert placed["Warsztat"].column == placed["Panel miejski"].column + 1
    assert "grid-row: 2 / 20; grid-column: 2;" in html

    for session in programme.values():
        assert f'<a href="{edit_url(session)}">{session.title}</a>' in html
    assert "--track-colour: #1d4e89;" in html and "--track-colour: #AA3300;" in html
    assert "Blok główny" in html and "Wydarzenia" in html  # track names, not only colours
    assert "Draft" in html
    assert "Room “Scena główna” taken by “Warsztat” (2021-06-08 11:00–12:00)." in html
    assert "Room “Scena główna” taken by “Panel miejski” (2021-06-08 10:00–11:30)." in html
    assert "Speaker Anna Nowak is also in “Wykład” (2021-06-08 11:00–11:45)." in html
    assert "Speaker Anna Nowak is also in “Panel miejski” (2021-06-08 10:00–11:30)." in html
    assert "2 clashes" in html
    assert "Spacer" in html and "Otwarcie" in html


def test_timetable_without_clashes_says_so(wagtail_admin, congress):
    track = SessionTrackPageFactory(parent=congress)
    add_session(track, "Panel A", 8, (10, 0), (11, 0), room="Sala A")
    add_session(track, "Panel B", 8, (11, 0), (12, 0), room="Sala A")

    html = wagtail_admin.get(timetable_url(congress)).content.decode()

    assert "No room double-bookings and no speaker clashes." in html
    assert "No sessions on this day." in html  # 7 June


def test_timetable_query_count_does_not_grow_with_sessions(wagtail_admin, site_root):
    def queries_for(session_count: int) -> int:
        congress = CongressPageFactory(parent=site_root)
        tracks = [SessionTrackPageFactory(parent=congress) for _ in range(2)]
        speakers = [SpeakerFactory() for _ in range(3)]
        for n in range(session_count):
            session = add_session(
                tracks[n % 2],
                f"Sesja {n}",
                7 + n % 2,
                (9 + n % 6, 0),
                (10 + n % 6, 15),
                room=f"Sala {n % 3}" if n % 4 else "",
                speakers=[speakers[n % 3]],
                live=bool(n % 5),
            )
            if n % 3 == 0 and session.live:
                session.save_revision()
        wagtail_admin.get(timetable_url(congress))  # warm caches (content types, site)
        with CaptureQueriesContext(connection) as queries:
            response = wagtail_admin.get(timetable_url(congress))
        assert response.status_code == 200
        assert len(response.context["days"][0].sessions) == (session_count + 1) // 2
        return len(queries)

    assert queries_for(4) == queries_for(40)


def test_congress_listing_and_header_link_to_the_timetable(wagtail_admin, site_root, congress):
    listing = wagtail_admin.get(reverse("wagtailadmin_explore", args=[site_root.pk]))
    assert f'href="{timetable_url(congress)}"' in listing.content.decode()

    header = wagtail_admin.get(edit_url(congress))
    html = header.content.decode()
    assert f'href="{timetable_url(congress)}"' in html
    assert f'href="{reverse("wagtail_congress_next_edition", args=[congress.pk])}"' in html

    track = SessionTrackPageFactory(parent=congress)
    track_header = wagtail_admin.get(edit_url(track)).content.decode()
    assert "/timetable/" not in track_header


@pytest.fixture
def editor_of(site_root):
    """A user with admin access who may edit only the pages under ``page``."""

    def make(page=None) -> Client:
        user = get_user_model().objects.create_user(username=f"ed{page and page.pk}", password="x")
        group = Group.objects.create(name=f"Editors of {page and page.pk}")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        if page is not None:
            for codename in ("add_page", "change_page"):
                GroupPagePermission.objects.create(
                    group=group, page=page, permission=Permission.objects.get(codename=codename)
                )
        user.groups.add(group)
        client = Client()
        client.force_login(user)
        return client

    return make


def test_editor_without_edit_permission_is_refused(editor_of, site_root, congress):
    other = CongressPageFactory(parent=site_root)
    client = editor_of(other)

    for url in (
        timetable_url(congress),
        reverse("wagtail_congress_next_edition", args=[congress.pk]),
    ):
        # Wagtail's admin turns PermissionDenied into "Sorry, you do not have permission…".
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
        assert "Timetable" not in response.content.decode()
    listing = client.get(reverse("wagtailadmin_explore", args=[site_root.pk])).content.decode()
    assert f'href="{timetable_url(congress)}"' not in listing
    assert client.get(timetable_url(other)).status_code == 200


def test_anonymous_is_sent_to_the_login(client, congress):
    response = client.get(timetable_url(congress))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
