"""Deployment hygiene: ``check --deploy`` of the production settings, bandit, the audit helper.

pip-audit itself needs a vulnerability service (PyPI's JSON API or OSV) that CI may not reach;
``scripts/test`` runs it through ``scripts/audit_dependencies.py``, whose verdicts are tested
here on saved reports, so "not checked" can never pass for "clean".
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "example_project.settings_production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "congress.example.org,www.congress.example.org",
    # Never connected to: ``check --deploy`` without ``--database`` runs no database checks.
    "DATABASE_URL": "postgres://congress:congress@127.0.0.1:5432/congress_deploy_check",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_check_deploy_is_clean_with_the_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_read_the_environment():
    script = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.DATABASES['default']['NAME'])"
    )
    result = manage("shell", "-c", script, env={**PRODUCTION_ENV, "DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "False",  # DJANGO_DEBUG=1 is ignored in production
        "['congress.example.org',",
        "'www.congress.example.org']",
        "True",
        "True",
        "True",
        "31536000",
        "True",
        "congress_deploy_check",
    ]


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_refuse_to_start_without_required_variables(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_insecure_overrides_are_reported_by_check_deploy():
    """The check is not vacuous: turning the redirect off without saying so is caught."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "DJANGO_SECURE_HSTS_SECONDS": "0"},
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr


BANDIT = shutil.which("bandit", path=Path(sys.executable).parent)


@pytest.mark.skipif(BANDIT is None, reason="bandit is not installed (the testing extra)")
def test_bandit_finds_nothing_unexplained():
    result = subprocess.run(
        [BANDIT, "-q", "-f", "json", "-r", "wagtail_congress"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
    ]
    assert findings == [], "explain each inline (# nosec BXXX) and in docs/reliability.md"
    # Each explained finding is still counted by bandit: the list in the docs stays complete.
    skipped = report["metrics"]["_totals"]["skipped_tests"]
    assert skipped == 5, "update 'Deployment hygiene' in docs/reliability.md"


def audit_verdict(tmp_path: Path, report: dict) -> subprocess.CompletedProcess:
    path = tmp_path / "pip-audit.json"
    path.write_text(json.dumps(report))
    return subprocess.run(
        [sys.executable, "scripts/audit_dependencies.py", "--report", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_audit_helper_passes_a_complete_clean_report(tmp_path):
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
    result = audit_verdict(tmp_path, report)
    assert result.returncode == 0
    assert "1 of 1 installed packages checked" in result.stdout


def test_audit_helper_fails_on_a_vulnerability(tmp_path):
    vulnerability = {"id": "PYSEC-0000-1", "fix_versions": ["5.2.20"], "description": "x"}
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.19", "vulns": [vulnerability]},
            {"name": "wagtail", "skip_reason": "Dependency not found on PyPI"},
        ]
    }
    result = audit_verdict(tmp_path, report)
    assert result.returncode == 1
    assert "django 5.2.19: PYSEC-0000-1 (fixed in: 5.2.20)" in result.stdout


def test_audit_helper_warns_when_packages_were_not_checked(tmp_path):
    """What pip-audit reports here: every package skipped, "No known vulnerabilities found"."""
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be"},
            {"name": "wagtail", "skip_reason": "Dependency not found on PyPI and could not be"},
        ]
    }
    result = audit_verdict(tmp_path, report)
    assert result.returncode == 3
    assert "0 of 2 installed packages checked" in result.stdout
    assert "NOT CHECKED: 2 packages" in result.stdout
