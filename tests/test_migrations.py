import os
import subprocess
import sys
from pathlib import Path

import pytest

from wagtail_congress.models import CongressPage, NewsArticlePage, Partner, Speaker

REPO = Path(__file__).resolve().parent.parent


def run_manage(*args: str, settings: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("settings", ["tests.settings", "tests.settings_custom_image"])
def test_the_package_needs_no_new_migration(settings):
    """Also with a custom image model: the migration follows WAGTAILIMAGES_IMAGE_MODEL."""
    result = run_manage(
        "makemigrations", "wagtail_congress", "--check", "--dry-run", settings=settings
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_image_fields_point_at_the_configured_image_model(settings):
    from wagtail.images import get_image_model

    image_model = get_image_model()
    for model, field in [
        (CongressPage, "image"),
        (NewsArticlePage, "image"),
        (Partner, "logo"),
        (Speaker, "photo"),
    ]:
        assert model._meta.get_field(field).related_model is image_model
