"""Uploads wait in a storage under random names: validation, expiry, cancel and cleanup."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse

from wagtail_congress.importers import uploads
from wagtail_congress.models import SessionPage
from wagtail_congress.views.imports import SALT

from .test_import_admin import upload
from .test_import_helpers import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage_dir(settings, tmp_path) -> Path:
    """Uploads in their own storage (the ``imports`` alias), in a fresh folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "storage")},
        },
    }
    settings.WAGTAIL_CONGRESS_IMPORT_STORAGE = "imports"
    return tmp_path / "storage" / uploads.PREFIX


def import_url(congress) -> str:
    return reverse("wagtail_congress_import", args=[congress.pk])


def stored_files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def age(path: Path, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_upload_kept_under_a_random_name_then_deleted(wagtail_admin, congress, storage_dir):
    response = upload(wagtail_admin, congress, csv_bytes(), create_tracks="on")
    [path] = stored_files(storage_dir)
    name = signing.loads(response.context["token"], salt=SALT)["file"]
    assert uploads.NAME_RE.fullmatch(name)
    assert path.name == f"{name}.upload"
    assert path.read_bytes() == csv_bytes()
    wagtail_admin.post(import_url(congress), {"token": response.context["token"]})
    assert SessionPage.objects.count() == 6
    assert stored_files(storage_dir) == []


def test_cancel_deletes_the_upload(wagtail_admin, congress, storage_dir):
    response = upload(wagtail_admin, congress, csv_bytes(), create_tracks="on")
    token = response.context["token"]
    assert 'name="cancel"' in response.content.decode()
    response = wagtail_admin.post(
        import_url(congress), {"token": token, "cancel": "1"}, follow=True
    )
    assert "Import cancelled; the uploaded file was deleted." in response.content.decode()
    assert stored_files(storage_dir) == []
    response = wagtail_admin.post(import_url(congress), {"token": token}, follow=True)
    assert "The upload has expired" in response.content.decode()
    assert not SessionPage.objects.exists()


def test_default_storage_when_not_configured(wagtail_admin, congress, settings):
    from django.core.files.storage import default_storage

    assert getattr(settings, "WAGTAIL_CONGRESS_IMPORT_STORAGE", None) is None
    response = upload(wagtail_admin, congress, csv_bytes(), create_tracks="on")
    name = signing.loads(response.context["token"], salt=SALT)["file"]
    assert default_storage.exists(f"{uploads.PREFIX}/{name}.upload")
    wagtail_admin.post(import_url(congress), {"token": response.context["token"], "cancel": "1"})
    assert not default_storage.exists(f"{uploads.PREFIX}/{name}.upload")


@pytest.mark.parametrize(
    "forged",
    [
        "../../secret.txt",
        "../secret.txt",
        "{absolute}",
        "..%2F..%2Fsecret.txt",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",  # 32 characters, one of them a slash
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        ["not", "a", "name"],
        None,
    ],
    ids=["up-two", "up-one", "absolute", "encoded", "slash", "newline", "list", "none"],
)
def test_forged_token_naming_another_file_is_refused(
    wagtail_admin, congress, superuser, storage_dir, tmp_path, forged
):
    """A token signed with the SECRET_KEY still cannot name a file outside the uploads."""
    secret = tmp_path / "secret.txt"
    secret.write_text("external_id,title\nSECRET-CONTENT,do not show\n")
    (tmp_path / "storage" / uploads.PREFIX).mkdir(parents=True)
    if forged == "{absolute}":
        forged = str(secret)
    token = signing.dumps(
        {
            "file": forged,
            "name": "programme.csv",
            "congress": congress.pk,
            "user": superuser.pk,
            "format": "csv",
            "publish": False,
            "create_tracks": True,
        },
        salt=SALT,
    )
    for action in ({"token": token}, {"token": token, "cancel": "1"}):
        response = wagtail_admin.post(import_url(congress), action, follow=True)
        html = response.content.decode()
        assert "This import token is not valid; please upload the file again." in html
        assert "SECRET-CONTENT" not in html
        assert "secret.txt" not in html
    assert secret.exists()
    assert not SessionPage.objects.exists()


def test_token_of_another_user_is_refused(wagtail_admin, congress, storage_dir, django_user_model):
    from django.test import Client

    response = upload(wagtail_admin, congress, csv_bytes(), create_tracks="on")
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser(username="other", password="x")
    UserProfile.objects.create(user=user, preferred_language="en")
    other = Client()
    other.force_login(user)
    token = response.context["token"]
    for action in ({"token": token}, {"token": token, "cancel": "1"}):
        page = other.post(import_url(congress), action, follow=True)
        assert "The upload has expired" in page.content.decode()
    assert len(stored_files(storage_dir)) == 1  # still the editor's to confirm or cancel
    assert not SessionPage.objects.exists()


def test_token_for_a_missing_file_is_expired(wagtail_admin, congress, superuser, storage_dir):
    token = signing.dumps(
        {"file": "A" * 32, "congress": congress.pk, "user": superuser.pk, "format": "csv"},
        salt=SALT,
    )
    response = wagtail_admin.post(import_url(congress), {"token": token}, follow=True)
    assert "The upload has expired" in response.content.decode()


def test_old_file_is_expired_and_deleted(wagtail_admin, congress, storage_dir):
    response = upload(wagtail_admin, congress, csv_bytes(), create_tracks="on")
    [path] = stored_files(storage_dir)
    age(path, 3601)  # the token is fresh, the file is not
    response = wagtail_admin.post(
        import_url(congress), {"token": response.context["token"]}, follow=True
    )
    assert "The upload has expired" in response.content.decode()
    assert stored_files(storage_dir) == []
    assert not SessionPage.objects.exists()


def test_old_token_is_expired(wagtail_admin, congress, storage_dir, settings):
    response = upload(wagtail_admin, congress, csv_bytes(), create_tracks="on")
    settings.WAGTAIL_CONGRESS_IMPORT_UPLOAD_MAX_AGE = 0
    time.sleep(1.1)  # signed timestamps are in whole seconds
    response = wagtail_admin.post(
        import_url(congress), {"token": response.context["token"]}, follow=True
    )
    assert "The upload has expired" in response.content.decode()
    assert not SessionPage.objects.exists()


def test_cleanup_command_deletes_expired_uploads(storage_dir, settings):
    settings.WAGTAIL_CONGRESS_IMPORT_UPLOAD_MAX_AGE = 600
    fresh, old = uploads.store(b"fresh"), uploads.store(b"old")
    age(storage_dir / f"{old}.upload", 601)

    out = io.StringIO()
    call_command("congress_cleanup_imports", "--dry-run", stdout=out)
    assert "1 expired uploads would be deleted, 1 waiting for confirmation kept." in out.getvalue()
    assert len(stored_files(storage_dir)) == 2

    out = io.StringIO()
    call_command("congress_cleanup_imports", stdout=out)
    assert f"{uploads.PREFIX}/{old}.upload" in out.getvalue()
    assert "1 expired uploads deleted, 1 waiting for confirmation kept." in out.getvalue()
    assert stored_files(storage_dir) == [storage_dir / f"{fresh}.upload"]


def test_cleanup_command_with_no_uploads_yet(storage_dir):
    out = io.StringIO()
    call_command("congress_cleanup_imports", stdout=out)
    assert "0 expired uploads deleted, 0 waiting for confirmation kept." in out.getvalue()


# Two app servers sharing a database and a storage ------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SERVER_SETTINGS = """
from tests.settings import *  # noqa: F403

DATABASES = {{"default": {database!r}}}
STORAGES = {{
    **STORAGES,  # noqa: F405
    "imports": {{
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {{"location": {storage!r}}},
    }},
}}
WAGTAIL_CONGRESS_IMPORT_STORAGE = "imports"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SECRET_KEY = {secret_key!r}
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
"""


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shared_database(tmp_path: Path) -> dict:
    """The test database as the servers reach it: PostgreSQL's, or SQLite's copied to a file."""
    from django.db import connection

    keys = ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
    database = {key: connection.settings_dict[key] for key in keys}
    if connection.vendor == "sqlite":  # an in-memory test database: hand the servers a copy
        import sqlite3

        database["NAME"] = str(tmp_path / "shared.sqlite3")
        connection.ensure_connection()
        with sqlite3.connect(database["NAME"]) as target:
            connection.connection.backup(target)
    return database


def start_servers(tmp_path: Path, database: dict, count: int = 2) -> list:
    import subprocess
    import sys

    from django.conf import settings

    (tmp_path / "two_servers_settings.py").write_text(
        SERVER_SETTINGS.format(
            database=database,
            storage=str(tmp_path / "shared-storage"),
            secret_key=settings.SECRET_KEY,
        )
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "two_servers_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }
    servers = []
    for _ in range(count):
        port = free_port()
        command = [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}"]
        command += ["--noreload", "--skip-checks"]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        servers.append((f"http://127.0.0.1:{port}", process))
    return servers


def wait_until_up(base: str, process, timeout: float = 30) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{base} did not start:\n{process.stderr.read()}")
        try:
            requests.get(f"{base}/admin/login/", timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    pytest.fail(f"{base} did not answer within {timeout} s")


def logged_in(base: str, username: str, password: str):
    """A browser-like session logged in through the admin's login form."""
    import requests

    browser = requests.Session()
    browser.get(f"{base}/admin/login/", timeout=10).raise_for_status()
    response = browser.post(
        f"{base}/admin/login/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    return browser


def count_sessions(database: dict) -> int:
    if database["ENGINE"].endswith("sqlite3"):
        import sqlite3

        with sqlite3.connect(database["NAME"]) as db:
            return db.execute("SELECT COUNT(*) FROM wagtail_congress_sessionpage").fetchone()[0]
    return SessionPage.objects.count()


@pytest.mark.django_db(transaction=True)
def test_upload_on_one_server_confirm_on_another(tmp_path, site_root, django_user_model):
    """Two app servers (own processes, ports) share the database and the uploads' storage."""
    import re

    from .factories import CongressPageFactory

    congress = CongressPageFactory(parent=site_root)
    django_user_model.objects.create_superuser(username="editor", password="pw", email="")
    database = shared_database(tmp_path)
    servers = start_servers(tmp_path, database)
    try:
        for base, process in servers:
            wait_until_up(base, process)
        (one, _), (two, _) = servers
        path = reverse("wagtail_congress_import", args=[congress.pk])
        first, second = logged_in(one, "editor", "pw"), logged_in(two, "editor", "pw")

        first.get(one + path, timeout=10).raise_for_status()
        response = first.post(
            one + path,
            {
                "csrfmiddlewaretoken": first.cookies["csrftoken"],
                "create_tracks": "on",
                "publish": "on",
            },
            files={"file": ("programme.csv", csv_bytes())},
            timeout=30,
        )
        assert response.status_code == 200
        [token] = re.findall(r'name="token" value="([^"]+)"', response.text)
        assert len(list((tmp_path / "shared-storage" / uploads.PREFIX).iterdir())) == 1
        assert count_sessions(database) == 0

        response = second.post(
            two + path,
            {"csrfmiddlewaretoken": second.cookies["csrftoken"], "token": token},
            allow_redirects=False,
            timeout=60,
        )
        assert response.status_code == 302, response.text[:2000]
        assert response.headers["Location"].endswith(f"/pages/{congress.pk}/")
        assert count_sessions(database) == 6
        assert list((tmp_path / "shared-storage" / uploads.PREFIX).iterdir()) == []
    finally:
        for _base, process in servers:
            process.terminate()
            process.wait(timeout=10)
