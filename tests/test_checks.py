"""Start-up checks and migrations: what breaks every site using the package if wrong.

Lint (ruff check, ruff format --check) runs as its own step of scripts/test.
"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_project.settings", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("api_v3", ["1", "0"], ids=["with-api-v3", "without-api-v3"])
def test_manage_check_passes(api_v3):
    # Wagtail 8 builds API v3 schemas from api_fields at start-up even without wagtail.api.v3.
    result = manage("check", "--fail-level", "WARNING", WAGTAIL_API_V3=api_v3)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_api_v3_is_really_left_out():
    code = "from django.conf import settings; print('wagtail.api.v3' in settings.INSTALLED_APPS)"
    result = manage("shell", "-c", code, WAGTAIL_API_V3="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Missing migrations:\n{out.getvalue()}")
