"""Room double-bookings and speaker clashes (wagtail_congress.clashes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail_congress.choices import SpeakerRole
from wagtail_congress.clashes import (
    clashes_for_session,
    find_clashes,
    planned_session,
    planned_sessions,
)
from wagtail_congress.models import SessionPage

from .conftest import page_add_url
from .factories import (
    WARSAW,
    CongressPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    inline_formset,
    session_form_data,
    warsaw,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def add_session(track, title, start, end, room="", speakers=(), **kwargs):
    session = SessionPageFactory(
        parent=track,
        title=title,
        start=warsaw(2021, 6, 8, *start),
        end=warsaw(2021, 6, 8, *end),
        room=room,
        **kwargs,
    )
    for speaker in speakers:
        session.speakers.create(speaker=speaker, role=SpeakerRole.SPEAKER)
    if speakers:
        session.save()  # child rows are written with the page
    return session


def described(clashes) -> set[tuple[str, str, str]]:
    return {(clash.session.title, clash.other.title, clash.describe(WARSAW)) for clash in clashes}


def test_room_double_booking_is_found_for_both_sessions(track):
    add_session(track, "Panel A", (10, 0), (11, 30), room="Scena główna")
    add_session(track, "Panel B", (11, 0), (12, 0), room=" scena  GŁÓWNA")

    clashes = find_clashes(planned_sessions(track.get_parent().specific))

    assert described(clashes) == {
        (
            "Panel A",
            "Panel B",
            "Room “ scena  GŁÓWNA” taken by “Panel B” (2021-06-08 11:00–12:00).",
        ),
        (
            "Panel B",
            "Panel A",
            "Room “Scena główna” taken by “Panel A” (2021-06-08 10:00–11:30).",
        ),
    }


def test_touching_sessions_other_rooms_and_no_room_are_fine(track):
    add_session(track, "Panel A", (10, 0), (11, 0), room="Sala A")
    add_session(track, "Panel B", (11, 0), (12, 0), room="Sala A")  # starts as A ends
    add_session(track, "Panel C", (10, 30), (11, 30), room="Sala B")
    add_session(track, "Przerwa", (10, 30), (11, 30))
    add_session(track, "Spacer", (10, 30), (11, 30))

    assert find_clashes(planned_sessions(track.get_parent().specific)) == []


def test_speaker_in_two_overlapping_sessions(track):
    anna, jan = SpeakerFactory(name="Anna Nowak"), SpeakerFactory(name="Jan Kowalski")
    add_session(track, "Panel A", (10, 0), (11, 30), room="Sala A", speakers=[anna, jan])
    add_session(track, "Panel B", (11, 0), (12, 0), room="Sala B", speakers=[anna])
    add_session(track, "Panel C", (11, 30), (12, 30), room="Sala C", speakers=[jan])

    clashes = find_clashes(planned_sessions(track.get_parent().specific))

    assert described(clashes) == {
        (
            "Panel A",
            "Panel B",
            "Speaker Anna Nowak is also in “Panel B” (2021-06-08 11:00–12:00).",
        ),
        (
            "Panel B",
            "Panel A",
            "Speaker Anna Nowak is also in “Panel A” (2021-06-08 10:00–11:30).",
        ),
    }


def test_drafts_count_and_a_live_session_is_taken_as_its_latest_draft(track):
    congress = track.get_parent().specific
    add_session(track, "Szkic", (10, 0), (11, 0), room="Sala A", live=False)
    moved = add_session(track, "Przeniesiona", (14, 0), (15, 0), room="Sala A")
    moved.start, moved.end, moved.title = warsaw(2021, 6, 8, 10, 30), warsaw(2021, 6, 8, 11), "Nowa"
    moved.save_revision()  # a draft: the database row keeps 14:00

    sessions = {session.title: session for session in planned_sessions(congress)}

    assert sessions["Szkic"].is_draft
    assert sessions["Nowa"].has_draft_changes and not sessions["Nowa"].is_draft
    assert sessions["Nowa"].start == warsaw(2021, 6, 8, 10, 30)
    assert described(find_clashes(list(sessions.values()))) == {
        ("Szkic", "Nowa", "Room “Sala A” taken by “Nowa” (2021-06-08 10:30–11:00)."),
        ("Nowa", "Szkic", "Room “Sala A” taken by “Szkic” (2021-06-08 10:00–11:00)."),
    }


def test_only_sessions_of_the_same_congress_are_compared(site_root, track):
    other_track = SessionTrackPageFactory(parent=CongressPageFactory(parent=site_root))
    anna = SpeakerFactory(name="Anna Nowak")
    session = add_session(track, "Panel A", (10, 0), (11, 0), room="Sala A", speakers=[anna])
    add_session(other_track, "Panel B", (10, 0), (11, 0), room="Sala A", speakers=[anna])

    assert clashes_for_session(session) == []


def test_clashes_for_a_session_as_edited_in_memory(track):
    anna = SpeakerFactory(name="Anna Nowak")
    add_session(track, "Panel A", (10, 0), (11, 0), room="Sala A", speakers=[anna])
    session = add_session(track, "Panel B", (12, 0), (13, 0), room="Sala B")
    assert clashes_for_session(session) == []

    session.start = warsaw(2021, 6, 8, 10, 45)
    session.room = "Sala A"
    session.speakers.create(speaker=anna)

    assert planned_session(session).speaker_ids == (anna.pk,)
    assert [clash.describe(WARSAW) for clash in clashes_for_session(session)] == [
        "Room “Sala A” taken by “Panel A” (2021-06-08 10:00–11:00).",
        "Speaker Anna Nowak is also in “Panel A” (2021-06-08 10:00–11:00).",
    ]


def test_query_count_does_not_grow_with_sessions(site_root):
    def queries_for(session_count: int) -> int:
        congress = CongressPageFactory(parent=site_root)
        track = SessionTrackPageFactory(parent=SessionTrackPageFactory(parent=congress))
        speaker = SpeakerFactory()
        for n in range(session_count):
            session = add_session(track, f"S{n}", (9 + n % 3, 0), (10 + n % 3, 30), room="Sala")
            session.speakers.create(speaker=speaker)
            session.save()
            if n % 2:
                session.save_revision()  # live with a draft
        with CaptureQueriesContext(connection) as queries:
            sessions = planned_sessions(congress)
            assert find_clashes(sessions)
            assert all(session.track and session.speakers for session in sessions)
        return len(queries)

    assert queries_for(3) == queries_for(24) == 5


# Through the admin: warnings that never block saving or publishing.


def edit_form_data(client, page) -> dict:
    from wagtail.test.utils.form_data import querydict_from_html

    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data["materials-count"] = "0"
    return data


def warnings_in(response) -> list[str]:
    """The warnings' texts, without the buttons Wagtail renders after them."""
    messages = response.context["messages"]
    return [str(m).partition("\n")[0] for m in messages if m.level_tag == "warning"]


@pytest.mark.parametrize("action", ["action-publish", None])
def test_saving_a_clashing_session_warns_and_saves(wagtail_admin, track, action):
    anna = SpeakerFactory(name="Anna Nowak")
    other = add_session(track, "Panel A", (10, 0), (11, 0), room="Sala A", speakers=[anna])
    session = add_session(track, "Panel B", (12, 0), (13, 0), room="Sala B")
    data = edit_form_data(wagtail_admin, session)
    data.update(
        {
            "start": "2021-06-08 10:30",
            "end": "2021-06-08 11:30",
            "room": "Sala A",
            "speakers-TOTAL_FORMS": "1",
            "speakers-0-speaker": str(anna.pk),
            "speakers-0-role": SpeakerRole.PANELLIST,
            "speakers-0-ORDER": "1",
            "speakers-0-id": "",
            "speakers-0-DELETE": "",
        }
    )
    if action:
        data[action] = "1"

    response = wagtail_admin.post(reverse("wagtailadmin_pages:edit", args=[session.pk]), data)

    assert response.status_code == 302, response.context["form"].errors
    response = wagtail_admin.get(response.url)
    assert warnings_in(response) == [
        "Room “Sala A” taken by “Panel A” (2021-06-08 10:00–11:00).",
        "Speaker Anna Nowak is also in “Panel A” (2021-06-08 10:00–11:00).",
    ]
    edit_other = reverse("wagtailadmin_pages:edit", args=[other.pk])
    assert response.content.decode().count(f'href="{edit_other}"') >= 2  # "Edit “Panel A”"
    session = SessionPage.objects.get(pk=session.pk)
    latest = session.get_latest_revision_as_object()
    assert latest.room == "Sala A"
    assert latest.start == warsaw(2021, 6, 8, 10, 30)
    assert session.live
    if action:
        assert session.room == "Sala A" and not session.has_unpublished_changes


def test_creating_a_clashing_session_warns_and_creates(wagtail_admin, track):
    anna = SpeakerFactory(name="Anna Nowak")
    add_session(track, "Panel A", (10, 0), (11, 0), room="Scena główna", speakers=[anna])
    data = session_form_data(
        title="Panel C",
        slug="panel-c",
        start="2021-06-08 10:59",
        end="2021-06-08 12:00",
        speakers=inline_formset([{"speaker": anna.pk, "role": SpeakerRole.HOST}]),
    )

    response = wagtail_admin.post(page_add_url(SessionPage, track), data, follow=True)

    assert response.redirect_chain[0][1] == 302
    assert SessionPage.objects.filter(slug="panel-c", live=False).exists()
    assert warnings_in(response) == [
        "Room “Scena główna” taken by “Panel A” (2021-06-08 10:00–11:00).",
        "Speaker Anna Nowak is also in “Panel A” (2021-06-08 10:00–11:00).",
    ]


def test_no_warning_without_clash_and_dates_error_still_blocks(wagtail_admin, track):
    add_session(track, "Panel A", (10, 0), (11, 0), room="Sala A")
    session = add_session(track, "Panel B", (12, 0), (13, 0), room="Sala B")
    data = edit_form_data(wagtail_admin, session)
    data.update({"start": "2021-06-08 11:00", "room": "Sala A", "action-publish": "1"})
    response = wagtail_admin.post(reverse("wagtailadmin_pages:edit", args=[session.pk]), data)
    assert response.status_code == 302
    assert warnings_in(wagtail_admin.get(response.url)) == []

    data.update({"start": "2021-06-10 11:00", "end": "2021-06-10 12:00"})
    response = wagtail_admin.post(reverse("wagtailadmin_pages:edit", args=[session.pk]), data)
    assert response.status_code == 200  # outside the congress: SessionPageForm's error
    assert "The session must take place during the congress (2021-06-07 – 2021-06-08)." in (
        response.content.decode()
    )
