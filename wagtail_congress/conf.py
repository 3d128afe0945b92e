"""The package's settings, each read from ``WAGTAIL_CONGRESS_<NAME>`` with a default.

Read them through ``congress_settings.NAME`` at call time (never at import time), so
``override_settings`` in tests and per-site settings take effect. Documented in
``docs/settings.md``.
"""

from __future__ import annotations

from typing import Any

from django.conf import global_settings, settings

DEFAULTS: dict[str, Any] = {
    # The timezone a new congress starts with; each congress can choose its own.
    "DEFAULT_TIMEZONE": "Europe/Warsaw",
    # Languages a session or a congress can be held in (the spoken language, which is
    # independent of the locale its page is published in). Defaults to Django's full list.
    "SPOKEN_LANGUAGES": global_settings.LANGUAGES,
    # Spoken languages preselected on a new congress.
    "DEFAULT_CONGRESS_LANGUAGES": ["pl"],
    # News articles per page on a news index.
    "NEWS_PER_PAGE": 12,
    # How many articles "other news" lists under an article.
    "OTHER_NEWS_COUNT": 6,
    # Cache-Control header of the package's API responses (see docs/api.md).
    "API_CACHE_CONTROL": "public, max-age=60",
    # Alias of a Django cache that keeps rendered API bodies under their version stamp
    # (docs/performance.md). None: every response without a current ETag is rendered.
    "API_RESPONSE_CACHE": None,
    # Seconds a rendered API body is kept (a changed stamp makes it unused at once).
    "API_RESPONSE_CACHE_TIMEOUT": 600,
    # The largest ``limit`` a client may ask the API's paginated listings for.
    "API_MAX_LIMIT": 100,
    # The ``limit`` of the API's paginated listings when a client gives none.
    "API_DEFAULT_LIMIT": 20,
    # Wagtail image filter spec for speaker photos, partner logos and page images in the API.
    "API_IMAGE_RENDITION": "max-800x800",
    # Where the API and the exports are served, for front-end cache purges: a base URL such
    # as "https://www.example.com" or a list of them. None: the root URL of each page's site.
    "FRONTEND_CACHE_BASE_URLS": None,
    # Appended to each API path purged as well, for CDNs that purge by prefix ("*" on
    # CloudFront invalidates every query string of the path). "" purges exact URLs only.
    "FRONTEND_CACHE_WILDCARD": "",
    # How long a headless preview token stays valid, in seconds. (Bandit B105 reads "TOKEN"
    # in the key as a hard-coded password; it is a duration.)
    "PREVIEW_TOKEN_MAX_AGE": 3600,  # nosec B105
    # The domain after "@" in iCal UIDs and feed item ids ("<translation key>@<domain>").
    # "" (the default): the bare translation key, a UUID, the same whatever the Site's hostname.
    "UID_DOMAIN": "",
    # Programme import limits (docs/import.md, "Limits"): a file beyond one is refused with a
    # message before it is parsed further, so a small hostile upload cannot take the memory
    # or the time of a worker (docs/reliability.md, "Import limits").
    # The largest file accepted, in bytes (CSV, XLSX and frab JSON alike).
    "IMPORT_MAX_FILE_SIZE": 10 * 1024 * 1024,
    # Sessions (non-blank data rows, or frab events) in one file.
    "IMPORT_MAX_ROWS": 5000,
    # Columns of the header row; only the columns the header names are read.
    "IMPORT_MAX_COLUMNS": 50,
    # Cells read in all (rows x columns read); for frab JSON, values of every kind.
    "IMPORT_MAX_CELLS": 250_000,
    # The uncompressed size of all the members of an XLSX (a zip), in bytes.
    "IMPORT_MAX_XLSX_UNCOMPRESSED_SIZE": 25 * 1024 * 1024,
    # Uncompressed / compressed size of an XLSX past its first MiB.
    "IMPORT_MAX_XLSX_COMPRESSION_RATIO": 100,
    # XML tags (every "<") in all the parts of an XLSX: openpyxl's time goes by elements.
    "IMPORT_MAX_XLSX_XML_TAGS": 600_000,
    # Nesting of arrays and objects in a frab JSON (a pretalx schedule needs about 8).
    "IMPORT_MAX_JSON_DEPTH": 32,
    # Problems listed in the admin and by the command; the total is always counted.
    "IMPORT_MAX_PROBLEMS_SHOWN": 200,
    # Where uploaded programme files wait between the dry run and the import: an alias of
    # ``STORAGES`` that every app server shares. None: ``default_storage``.
    "IMPORT_STORAGE": None,
    # Seconds an uploaded programme file waits for its confirmation (the signed token's
    # max_age and the stored file's age); ``congress_cleanup_imports`` deletes older ones.
    "IMPORT_UPLOAD_MAX_AGE": 3600,
    # The ``feedback_url`` of each frab event, a URL with {guid}, {id}, {slug} and {acronym}
    # placeholders, such as "https://feedback.example.com/{acronym}/{guid}/" (docs/exports.md).
    # None: the frab schedule has no feedback links.
    "FRAB_FEEDBACK_URL": None,
}


class CongressSettings:
    """Attribute access to the package's settings with their defaults."""

    prefix = "WAGTAIL_CONGRESS_"

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown wagtail-congress setting: {name}")
        return getattr(settings, self.prefix + name, DEFAULTS[name])


congress_settings = CongressSettings()
