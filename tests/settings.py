"""Test settings: the example project's, made fast and isolated."""

import os
import tempfile

from example_project.settings import *  # noqa: F403
from example_project.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="wagtail-congress-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Several runs may share one PostgreSQL server (developers, CI jobs on one machine): give each
# run its own test database instead of letting one run drop the other's ``test_congress``.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "TEST_DATABASE_NAME", f"test_{DATABASES['default']['NAME']}_{os.getpid()}"
        )
    }

# The optional integrations, so their tests run (each stays inactive until configured:
# WAGTAILFRONTENDCACHE, WAGTAIL_HEADLESS_PREVIEW's CLIENT_URLS).
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache", "wagtail_headless_preview"]  # noqa: F405
