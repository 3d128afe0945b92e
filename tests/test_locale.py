"""The Polish catalogues are complete, compiled and in step with the source."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

REPO = Path(__file__).resolve().parent.parent
CATALOGUES = [
    REPO / "wagtail_congress" / "locale" / "pl" / "LC_MESSAGES" / "django.po",
    REPO / "example_project" / "locale" / "pl" / "LC_MESSAGES" / "django.po",
]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-5])
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []

    with open(po_path.with_suffix(".mo"), "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = [
        entry.msgid
        for entry in po.translated_entries()
        if not entry.msgid_plural and compiled.gettext(entry.msgid) != entry.msgstr
    ]
    assert stale == [], "run `make messages` to recompile the .mo file"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parts[-5])
def test_catalogue_has_every_string_of_the_source(po_path, tmp_path):
    """Re-extract the strings (as `make messages` does) and compare them with the catalogue."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs GNU gettext (apt-get install gettext)")
        pytest.skip("GNU gettext is not installed")
    app_dir = po_path.parents[3]
    copy = tmp_path / app_dir.name
    shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "pl", "--no-location"]
        + ["--ignore=demo/content"],
        cwd=copy,
        check=True,
        capture_output=True,
        env=env,
    )
    extracted = {entry.msgid for entry in polib.pofile(str(copy / po_path.relative_to(app_dir)))}
    committed = {entry.msgid for entry in polib.pofile(str(po_path)) if not entry.obsolete}
    assert extracted - committed == set(), "run `make messages` and translate the new strings"


def test_the_admin_speaks_polish_to_a_polish_editor(client, django_user_model, session):
    editor = django_user_model.objects.create_superuser("redaktor", "r@example.com", "x")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "pl"
    profile.save()
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[session.pk])).content.decode()

    for label in ("Kiedy i gdzie", "Prelegenci", "Obszary tematyczne", "Sala lub scena"):
        assert label in html
