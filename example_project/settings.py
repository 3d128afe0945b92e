"""Settings of the example site: wagtail-congress installed the way docs/installation.md says.

SQLite by default; PostgreSQL (or any database) when ``DATABASE_URL`` is set.
Set ``WAGTAIL_API_V3=0`` to run without Wagtail's API v3 app.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

import wagtail_congress.locale_upstream

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "example-project-insecure-key-for-development-only"
)
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"
).split(",")

WAGTAIL_API_V3 = os.environ.get("WAGTAIL_API_V3", "1") == "1"

INSTALLED_APPS = [
    "example_project.home",
    "example_project.demo",
    "corsheaders",
    "wagtail_congress",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",  # the package's v2 endpoints at /api/v2/ (docs/api.md)
    *(["wagtail.api.v3"] if WAGTAIL_API_V3 else []),
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",  # the browsable API of v2
    "ninja",  # the API docs page (/api/congress/docs/) serves Swagger UI from static files
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before CommonMiddleware: the <congress-programme> component reads the API from other sites.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "example_project.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Polish first, English second.
LANGUAGE_CODE = "pl"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
# The package's supplementary Polish catalogue for Django, Wagtail and wagtail-localize
# strings upstream lacks; last, so the site's own catalogue wins (docs/translation.md).
LOCALE_PATHS = [BASE_DIR / "locale", wagtail_congress.locale_upstream.PATH]
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
# Without this, submitting a live Polish page for translation puts a Polish-text copy
# live under /en/ at once (wagtail-localize#553). See docs/settings.md.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Kongres Polityki Miejskiej (wagtail-congress demo)"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# wagtail-congress: every setting with its default is listed in docs/settings.md.
WAGTAIL_CONGRESS_DEFAULT_TIMEZONE = "Europe/Warsaw"

# The public, read-only API may be read by pages of any site (the embeddable
# <congress-programme> component, docs/programme.md); nothing else is cross-origin.
CORS_URLS_REGEX = r"^/api/congress/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
