"""``manage.py import_programme``: report, dry run, exit code and row:column messages."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail_congress.models import SessionPage

from .test_import_helpers import DATA, revision_count

pytestmark = pytest.mark.django_db
CSV = str(DATA / "programme.csv")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_programme", *args, "--as-superuser", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_reports_and_writes_nothing(congress):
    out, _err = run(str(congress.pk), CSV, "--create-tracks", "--dry-run")
    assert "sessions: 6 created, 0 updated, 0 unchanged" in out
    assert "tracks: 4 created" in out
    assert "Dry run: nothing written." in out
    assert not SessionPage.objects.exists()


def test_import_by_path_then_again_is_unchanged(congress):
    out, _err = run(congress.url_path, CSV, "--create-tracks", "--publish")
    assert "6/6 sessions" in out
    assert "sessions: 6 created" in out
    assert SessionPage.objects.live().count() == 6
    revisions = revision_count()
    out, _err = run(str(congress.pk), str(DATA / "programme.json"), "--publish")
    assert "sessions: 0 created, 0 updated, 6 unchanged" not in out  # frab has no roles
    out, _err = run(str(congress.pk), str(DATA / "programme.json"), "--publish")
    assert "sessions: 0 created, 0 updated, 6 unchanged" in out
    assert revision_count() > revisions


def test_bad_input_exits_non_zero_with_line_numbers(congress, track, tmp_path, english):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "external_id,title,track,start,end\n"
        f"a,A,{track.title},2021-06-07 10:00,2021-06-07 09:00\n"
        "b,B,Nope,2021-06-07 10:00,2021-06-07 11:00\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problems; nothing was imported."):
        call_command("import_programme", str(congress.pk), str(bad), "--as-superuser", stderr=err)
    assert err.getvalue().splitlines() == [
        "bad.csv:2:end: The end must be later than the start.",
        "bad.csv:3:track: No track “Nope” in this congress (creating tracks is off).",
    ]
    assert not SessionPage.objects.exists()


def test_exit_code_from_the_command_line(congress, tmp_path):
    from django.core.management import ManagementUtility

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"title\n")
    utility = ManagementUtility(
        ["manage.py", "import_programme", str(congress.pk), str(bad), "--as-superuser"]
    )
    with pytest.raises(SystemExit) as exited:
        utility.execute()
    assert exited.value.code == 1


def test_unknown_congress(db):
    with pytest.raises(CommandError, match="No congress 999999."):
        run("999999", CSV)
