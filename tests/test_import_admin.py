"""The admin import through the test client: upload, dry-run report, confirm."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail_congress.models import SessionPage

from .test_import_helpers import csv_bytes, revision_count, xlsx_bytes

pytestmark = pytest.mark.django_db


def import_url(congress) -> str:
    return reverse("wagtail_congress_import", args=[congress.pk])


def upload(client, congress, data: bytes, name: str = "programme.csv", **fields):
    file = SimpleUploadedFile(name, data)
    return client.post(import_url(congress), {"file": file, **fields})


def test_form_and_button_on_the_congress(wagtail_admin, congress):
    response = wagtail_admin.get(import_url(congress))
    assert response.status_code == 200
    assert "Programme file" in response.content.decode()
    header = wagtail_admin.get(reverse("wagtailadmin_pages:edit", args=[congress.pk]))
    assert f'href="{import_url(congress)}"' in header.content.decode()


def test_dry_run_then_confirm(wagtail_admin, congress):
    response = upload(wagtail_admin, congress, csv_bytes(), create_tracks="on", publish="on")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dry run of programme.csv" in html
    assert "Wydarzenia towarzyszące / URBACT" in html
    assert html.count("will be created") == 6
    assert not SessionPage.objects.exists()  # nothing written yet

    token = response.context["token"]
    response = wagtail_admin.post(import_url(congress), {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_explore", args=[congress.pk])
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Programme imported: 6 sessions created, 0 updated, 0 unchanged.")
    assert SessionPage.objects.live().count() == 6
    assert {page.owner.username for page in SessionPage.objects.all()} == {"editor"}

    # The kept file is gone: confirming twice imports nothing more.
    response = wagtail_admin.post(import_url(congress), {"token": token}, follow=True)
    assert "The upload has expired" in response.content.decode()

    revisions = revision_count()
    response = upload(wagtail_admin, congress, xlsx_bytes(), "programme.xlsx", publish="on")
    assert response.content.decode().count("unchanged") >= 6
    assert response.context["report"].changes == 0
    wagtail_admin.post(import_url(congress), {"token": response.context["token"]})
    assert revision_count() == revisions


def test_problems_listed_with_row_and_column(wagtail_admin, congress):
    data = csv_bytes().replace(
        b"2021-06-07 10:00,2021-06-07 11:30", b"2021-06-07 10:00,2021-06-07 09:30"
    )
    response = upload(wagtail_admin, congress, data)
    assert response.status_code == 200
    errors = [(e.row, e.column) for e in response.context["errors"]]
    assert (3, "koniec") in errors  # end before start
    assert (2, "ścieżka") in errors  # tracks are not created unless asked
    html = response.content.decode()
    assert "problems. Nothing was imported." in html
    assert "token" not in response.context
    assert not SessionPage.objects.exists()


def test_tampered_or_foreign_token_is_refused(wagtail_admin, congress, site_root):
    from .factories import CongressPageFactory

    response = upload(wagtail_admin, congress, csv_bytes(), create_tracks="on")
    token = response.context["token"]
    other = CongressPageFactory(parent=site_root)
    for url, value in ((import_url(congress), token + "x"), (import_url(other), token)):
        response = wagtail_admin.post(url, {"token": value}, follow=True)
        assert "The upload has expired" in response.content.decode()
    assert not SessionPage.objects.exists()


def test_editor_without_permission_is_refused(client, congress, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="reader", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(import_url(congress), follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    response = upload(client, congress, csv_bytes())
    assert not SessionPage.objects.exists()
