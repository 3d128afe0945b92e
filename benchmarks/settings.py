"""The example project as it would run in production, plus the references of the benchmark.

``DEBUG`` off, Wagtail's stock API v2 installed (the peer a site would otherwise use) with a
limit high enough to list every session of a large congress in one response, and the search
index not updated on save (the generator writes thousands of pages; reads do not use it).
The database comes from ``DATABASE_URL`` like the example project's.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")

from example_project.settings import *  # noqa: E402,F403
from example_project.settings import INSTALLED_APPS  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "benchmarks.urls"
INSTALLED_APPS = [
    *INSTALLED_APPS,
    *(app for app in ("wagtail.api.v2", "rest_framework") if app not in INSTALLED_APPS),
]

# Stock API v2: list up to 2,000 sessions in one response (the default maximum is 20).
WAGTAILAPI_LIMIT_MAX = 2000
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}
# Served by gunicorn without whitenoise; the admin's static files are not measured.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# BENCHMARK_RESPONSE_CACHE=1: rendered API bodies kept under their version stamp (the
# "cache hit" rows); otherwise the package's default, no body cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "congress_api": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "congress-api",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}
if os.environ.get("BENCHMARK_RESPONSE_CACHE") == "1":
    WAGTAIL_CONGRESS_API_RESPONSE_CACHE = "congress_api"

# The password hasher only matters for the admin login of the in-process measurements.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
