"""The programme import acts as its user: Wagtail's page permissions and snippet permissions.

Reproduces the escape of issue 14: an editor with only "change" on one congress used the
import to create a track, sessions and a speaker, and to change a speaker's organisation.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Revision
from wagtail.users.models import UserProfile

from wagtail_congress.models import SessionPage, SessionTrackPage, Speaker

from .factories import SessionPageFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def existing(congress, track):
    """A live session with a speaker, as an editor would find them before importing."""
    speaker = SpeakerFactory(name="Anna Nowak", organisation="Stara organizacja")
    session = SessionPageFactory(parent=track, title="Sesja istniejąca", external_id="s-1")
    session.speakers.create(speaker=speaker, role="speaker", locale=session.locale)
    session.save_revision().publish()
    return session


def programme(track, *, organisation: str = "Nowa organizacja", new_speaker: bool = True) -> bytes:
    """Changes the existing session and its speaker's organisation; adds a track, 2 sessions."""
    newcomer = "Jan Nowy" if new_speaker else "Anna Nowak"
    return (
        "external_id,title,track,start,end,speakers,speaker_organisations\n"
        f"s-1,Sesja zmieniona,{track.title},2021-06-08 10:00,2021-06-08 11:30,"
        f"Anna Nowak,{organisation}\n"
        f"n-1,Nowa sesja,Nowa ścieżka,2021-06-07 12:00,2021-06-07 13:00,{newcomer},\n"
        f"n-2,Druga nowa,Nowa ścieżka,2021-06-07 14:00,2021-06-07 15:00,{newcomer},\n"
    ).encode()


def make_editor(django_user_model, username: str, page, page_perms, snippet_perms=()):
    """An admin user whose group has ``page_perms`` on ``page`` and ``snippet_perms``."""
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in snippet_perms:
        group.permissions.add(Permission.objects.get(codename=codename))
    for codename in page_perms:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    return user


def login(user) -> Client:
    """A client logged in through the admin's login form, as the editor would."""
    client = Client()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, "login failed"
    return client


def upload(client, congress, data: bytes, **fields):
    url = reverse("wagtail_congress_import", args=[congress.pk])
    return client.post(url, {"file": SimpleUploadedFile("programme.csv", data), **fields})


def confirm(client, congress, token: str):
    url = reverse("wagtail_congress_import", args=[congress.pk])
    return client.post(url, {"token": token}, follow=True)


def counts() -> dict:
    return {
        "pages": Page.objects.count(),
        "live": Page.objects.live().count(),
        "speakers": Speaker.objects.count(),
        "revisions": Revision.objects.count(),
        "organisations": sorted(Speaker.objects.values_list("organisation", flat=True)),
    }


def problems(response) -> list[tuple[int, str]]:
    return [(error.row, error.message) for error in response.context["errors"]]


def test_page_limited_editor_is_refused_row_by_row(django_user_model, congress, track, existing):
    editor = make_editor(django_user_model, "limited", congress, ["change_page"])
    client = login(editor)
    before = counts()

    response = upload(client, congress, programme(track), create_tracks="on", publish="on")
    assert response.status_code == 200
    assert "token" not in response.context  # nothing to confirm
    found = problems(response)
    messages = "\n".join(message for _row, message in found)
    assert [row for row, _message in found] == sorted(row for row, _message in found)
    assert (
        2,
        "You may not change the speaker “Anna Nowak” (organisation): no “change” permission "
        "on speakers.",
    ) in found
    assert (
        2,
        "You may not publish the session “Sesja zmieniona”: no “publish” permission on "
        "it; untick Publish to save drafts.",
    ) in found
    assert (
        3,
        f"You may not create the track “Nowa ścieżka”: no “add” permission on “{congress.title}”.",
    ) in found
    assert (
        3,
        "You may not create speakers (“Jan Nowy”): no “add” permission on speakers.",
    ) in found
    for row, title in ((3, "Nowa sesja"), (4, "Druga nowa")):
        assert (
            row,
            f"You may not create the session “{title}”: no “add” permission on “{congress.title}”.",
        ) in found
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "You may not create the track" in html
    assert "untick Publish" in messages
    assert counts() == before


def test_page_limited_editor_may_change_what_wagtail_lets_them(
    django_user_model, congress, track, existing
):
    """Without Publish and without new pages or speaker changes, the edit is a draft."""
    editor = make_editor(django_user_model, "limited", congress, ["change_page"])
    client = login(editor)
    data = (
        "external_id,title,track,start,end,speakers\n"
        f"s-1,Sesja zmieniona,{track.title},2021-06-08 10:00,2021-06-08 11:30,Anna Nowak\n"
    ).encode()
    response = upload(client, congress, data)
    assert "errors" not in response.context
    response = confirm(client, congress, response.context["token"])
    assert "Programme imported: 0 sessions created, 1 updated" in response.content.decode()
    existing.refresh_from_db()
    assert existing.title == "Sesja istniejąca"  # the live version is untouched
    assert existing.has_unpublished_changes
    assert existing.get_latest_revision().user == editor
    assert existing.get_latest_revision_as_object().title == "Sesja zmieniona"


def test_confirm_checks_again(django_user_model, congress, track, existing):
    """Permissions taken away between the dry run and the confirmation: nothing is written."""
    editor = make_editor(
        django_user_model,
        "full",
        congress,
        ["add_page", "change_page", "publish_page"],
        ["add_speaker", "change_speaker"],
    )
    client = login(editor)
    response = upload(client, congress, programme(track), create_tracks="on", publish="on")
    assert "errors" not in response.context, response.context.get("errors")
    token = response.context["token"]
    GroupPagePermission.objects.filter(permission__codename="add_page").delete()
    before = counts()
    response = confirm(client, congress, token)
    assert response.status_code == 200
    found = problems(response)
    assert {row for row, _message in found} == {3, 4}
    assert all("no “add” permission" in message for _row, message in found)
    assert counts() == before
    # The upload was used up: confirming again does not retry it.
    response = confirm(client, congress, token)
    assert "The upload has expired" in response.content.decode()


def test_editor_without_publish_is_refused_publishing_and_may_save_drafts(
    django_user_model, congress, track, existing
):
    editor = make_editor(
        django_user_model,
        "drafter",
        congress,
        ["add_page", "change_page"],
        ["add_speaker", "change_speaker"],
    )
    client = login(editor)
    before = counts()
    response = upload(client, congress, programme(track), create_tracks="on", publish="on")
    found = problems(response)
    assert {row for row, _message in found} == {2, 3, 4}
    assert all("untick Publish to save drafts" in message for _row, message in found)
    assert counts() == before

    response = upload(client, congress, programme(track), create_tracks="on")
    assert "errors" not in response.context
    response = confirm(client, congress, response.context["token"])
    assert "Programme imported: 2 sessions created, 1 updated" in response.content.decode()
    new = SessionPage.objects.filter(external_id__in=["n-1", "n-2"])
    assert new.count() == 2
    assert not new.filter(live=True).exists()
    assert {page.owner for page in new} == {editor}
    assert not SessionTrackPage.objects.get(title="Nowa ścieżka").live
    assert Speaker.objects.get(name="Anna Nowak").organisation == "Nowa organizacja"
    assert Page.objects.live().count() == before["live"]  # nothing went live


def test_editor_without_snippet_permissions(django_user_model, congress, track, existing):
    editor = make_editor(
        django_user_model, "pages-only", congress, ["add_page", "change_page", "publish_page"]
    )
    client = login(editor)
    before = counts()
    response = upload(client, congress, programme(track), create_tracks="on", publish="on")
    found = problems(response)
    assert [row for row, _message in found] == [2, 3]
    assert "You may not change the speaker “Anna Nowak”" in found[0][1]
    assert "You may not create speakers (“Jan Nowy”)" in found[1][1]
    assert counts() == before

    # Naming an existing speaker as they are is not a snippet change: it is allowed.
    data = programme(track, organisation="Stara organizacja", new_speaker=False)
    response = upload(client, congress, data, create_tracks="on", publish="on")
    assert "errors" not in response.context, response.context.get("errors")
    response = confirm(client, congress, response.context["token"])
    assert "Programme imported: 2 sessions created, 1 updated" in response.content.decode()
    assert SessionPage.objects.live().count() == 3
    assert Speaker.objects.count() == before["speakers"]


def test_editor_who_may_change_but_not_add_speakers(django_user_model, congress, track, existing):
    editor = make_editor(
        django_user_model,
        "changer",
        congress,
        ["add_page", "change_page", "publish_page"],
        ["change_speaker"],
    )
    client = login(editor)
    response = upload(client, congress, programme(track), create_tracks="on", publish="on")
    assert problems(response) == [
        (3, "You may not create speakers (“Jan Nowy”): no “add” permission on speakers.")
    ]


def test_another_congress_is_out_of_reach(django_user_model, congress, track, site_root):
    """Permissions on one congress say nothing about another one's tracks."""
    from .factories import CongressPageFactory, SessionTrackPageFactory

    other = CongressPageFactory(parent=site_root)
    other_track = SessionTrackPageFactory(parent=other)
    editor = make_editor(django_user_model, "one-congress", congress, ["add_page", "change_page"])
    client = login(editor)
    response = upload(client, other, programme(other_track))
    assert response.status_code in (302, 403)  # Wagtail's refusal: not even the form
    assert not SessionPage.objects.exists()


def one_row(track, title: str = "Sesja zmieniona") -> bytes:
    return (
        "external_id,title,track,start,end\n"
        f"s-1,{title},{track.title},2021-06-08 10:00,2021-06-08 11:30\n"
    ).encode()


def test_locked_session_is_refused_even_to_a_superuser(
    wagtail_admin, django_user_model, congress, track, existing
):
    other = django_user_model.objects.create_user(username="other")
    existing.locked, existing.locked_by = True, other
    existing.save(update_fields=["locked", "locked_by"])
    response = upload(wagtail_admin, congress, one_row(track))
    assert problems(response) == [
        (2, "The session “Sesja zmieniona” is locked; it cannot be changed.")
    ]


def test_moving_a_session_follows_wagtails_move_rules(django_user_model, congress, track, existing):
    """No "add" on the sibling track (nor "publish" for a live session): the move is refused."""
    from .factories import SessionTrackPageFactory

    sibling = SessionTrackPageFactory(parent=congress)
    editor = make_editor(django_user_model, "one-track", congress, ["change_page"])
    GroupPagePermission.objects.create(
        group=editor.groups.get(),
        page=track,
        permission=Permission.objects.get(codename="add_page"),
    )
    client = login(editor)
    response = upload(client, congress, one_row(sibling))
    assert problems(response) == [
        (
            2,
            f"You may not move the session “Sesja zmieniona” to the track “{sibling.title}”.",
        )
    ]
    response = upload(client, congress, one_row(track))  # staying put is allowed
    assert "errors" not in response.context


# The management command -------------------------------------------------------------------


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_programme", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def csv_file(tmp_path, track):
    path = tmp_path / "programme.csv"
    path.write_bytes(programme(track))
    return path


def test_command_as_page_limited_user_is_refused(
    django_user_model, congress, existing, csv_file, english
):
    make_editor(django_user_model, "limited", congress, ["change_page"])
    before = counts()
    err = io.StringIO()
    args = [str(congress.pk), str(csv_file), "--create-tracks", "--publish", "--user", "limited"]
    with pytest.raises(CommandError, match=r"\d+ problems; nothing was imported."):
        call_command("import_programme", *args, stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert "programme.csv:3:track: You may not create the track “Nowa ścieżka”" in "\n".join(lines)
    assert any(
        line.startswith("programme.csv:2:") and "speaker “Anna Nowak”" in line for line in lines
    )
    assert counts() == before

    # A dry run says the same, and exits non-zero too.
    with pytest.raises(CommandError, match="nothing would be imported"):
        call_command("import_programme", *args, "--dry-run", stdout=io.StringIO(), stderr=err)


def test_command_as_user_writes_with_their_name(
    django_user_model, congress, existing, csv_file, english
):
    editor = make_editor(
        django_user_model,
        "full",
        congress,
        ["add_page", "change_page", "publish_page"],
        ["add_speaker", "change_speaker"],
    )
    out, _err = run(
        str(congress.pk), str(csv_file), "--create-tracks", "--publish", "--user", "full"
    )
    assert "sessions: 2 created, 1 updated, 0 unchanged" in out
    assert {page.owner for page in SessionPage.objects.filter(external_id__startswith="n-")} == {
        editor
    }
    assert SessionPage.objects.live().count() == 3


def test_command_needs_a_user_or_as_superuser(congress, existing, csv_file, english):
    before = counts()
    with pytest.raises(CommandError, match="--user USERNAME .* or --as-superuser"):
        run(str(congress.pk), str(csv_file))
    with pytest.raises(CommandError, match="No user nobody."):
        run(str(congress.pk), str(csv_file), "--user", "nobody")
    with pytest.raises(CommandError):  # not both
        run(str(congress.pk), str(csv_file), "--user", "x", "--as-superuser")
    assert counts() == before
    out, _err = run(str(congress.pk), str(csv_file), "--create-tracks", "--as-superuser")
    assert "sessions: 2 created, 1 updated" in out
    # Last: run_from_argv closes the database connections when it exits.
    utility = ManagementUtility(["manage.py", "import_programme", str(congress.pk), str(csv_file)])
    with pytest.raises(SystemExit) as exited:
        utility.execute()
    assert exited.value.code == 1


def test_inactive_user_is_refused(django_user_model, congress, csv_file):
    django_user_model.objects.create_superuser(username="gone", password="x", is_active=False)
    with pytest.raises(CommandError, match="not active"):
        run(str(congress.pk), str(csv_file), "--user", "gone")


def test_permission_check_queries(congress, django_user_model, django_assert_max_num_queries):
    """One query for the user's page grants, then Wagtail's lock look-ups per changed page."""
    from wagtail_congress.importers import make_plan, read_file
    from wagtail_congress.importers.permissions import permission_errors

    from .test_import_helpers import csv_bytes, run_import

    run_import(congress, csv_bytes(), "csv", create_tracks=True, publish=True)
    editor = make_editor(
        django_user_model,
        "full",
        congress,
        ["add_page", "change_page", "publish_page"],
        ["add_speaker", "change_speaker"],
    )
    edited = csv_bytes().replace(b"2021-06-07 ", b"2021-06-08 ").replace(b"Ann", b"Hann")
    plan = make_plan(congress, read_file(edited, "csv"), publish=True)
    updates = plan.count("sessions", "update")
    assert updates >= 4 and plan.count("speakers", "create")
    with django_assert_max_num_queries(3 + 2 * updates):
        assert permission_errors(plan, editor) == []
