"""Production settings of the example site: its settings hardened, read from the environment.

``python manage.py check --deploy --fail-level WARNING`` is clean with these settings
(``tests/reliability/test_deploy.py``). Required environment:

- ``DJANGO_SECRET_KEY``: at least 50 characters, 5 distinct (``python -c "import secrets;
  print(secrets.token_urlsafe(64))"``);
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names, e.g. ``congress.example.org``;
- ``DATABASE_URL``: e.g. ``postgres://user:password@host:5432/congress``.

Optional: ``DJANGO_CSRF_TRUSTED_ORIGINS`` (comma-separated ``https://`` origins),
``DJANGO_SECURE_HSTS_SECONDS`` (default one year), ``DJANGO_SECURE_HSTS_PRELOAD`` (default ``1``),
``DJANGO_SECURE_SSL_REDIRECT`` (``0`` when a proxy already redirects), ``DJANGO_STATIC_ROOT``,
``DJANGO_MEDIA_ROOT``, ``WAGTAILADMIN_BASE_URL``. The site is assumed to run behind a TLS
terminating proxy that sets ``X-Forwarded-Proto``; see docs/reliability.md.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .settings import *  # noqa: F403
from .settings import BASE_DIR


def required(name: str) -> str:
    """The environment variable ``name``, or a clear error at start-up when it is missing."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (see {__name__}).")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("DJANGO_ALLOWED_HOSTS").split(",")]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": dj_database_url.parse(
        required("DATABASE_URL"), conn_max_age=60, conn_health_checks=True
    )
}

# HTTPS everywhere, behind a proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = os.environ.get("DJANGO_SECURE_HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Wagtail's preview and wagtail-localize's editor mark their own views SAMEORIGIN.
X_FRAME_OPTIONS = "DENY"

# ``security.W008`` would be silenced wrongly if the proxy did not redirect: keep the check on
# and say so in the environment (``DJANGO_SECURE_SSL_REDIRECT=0``) only when it does.
if not SECURE_SSL_REDIRECT:
    SILENCED_SYSTEM_CHECKS = ["security.W008"]

STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    },
}
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# Errors go to the log (stderr), never to the visitor.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
