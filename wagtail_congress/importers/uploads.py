"""Uploaded programme files waiting for confirmation, kept through Django's storage API.

Between the dry run and the confirmation the file is kept in a storage (``default_storage``
or ``WAGTAIL_CONGRESS_IMPORT_STORAGE``) that every app server shares, under a random name in
one prefix. The confirm step only accepts names of the shape this module makes, so a signed
token can never name another file; a file older than
``WAGTAIL_CONGRESS_IMPORT_UPLOAD_MAX_AGE`` is expired, and ``congress_cleanup_imports``
deletes the ones nobody confirmed or cancelled.
"""

from __future__ import annotations

import datetime
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage, storages
from django.utils import timezone

from ..conf import congress_settings

PREFIX = "wagtail_congress_imports"
SUFFIX = ".upload"
# secrets.token_urlsafe(24): 32 characters of the URL-safe base64 alphabet, nothing else.
NAME_RE = re.compile(r"[A-Za-z0-9_-]{32}")


def upload_storage() -> Storage:
    """The storage uploads wait in: an alias of ``STORAGES``, or ``default_storage``."""
    alias = congress_settings.IMPORT_STORAGE
    return storages[alias] if alias else default_storage


def max_age() -> int:
    """Seconds an upload waits for its confirmation."""
    return int(congress_settings.IMPORT_UPLOAD_MAX_AGE)


def is_valid_name(name: object) -> bool:
    return isinstance(name, str) and NAME_RE.fullmatch(name) is not None


def path_for(name: str) -> str:
    if not is_valid_name(name):
        raise ValueError("Not an upload name.")
    return f"{PREFIX}/{name}{SUFFIX}"


def store(data: bytes) -> str:
    """Keep ``data`` under a new random name; returns the name (not the storage path)."""
    name = secrets.token_urlsafe(24)
    storage = upload_storage()
    saved = storage.save(path_for(name), ContentFile(data))
    if saved != path_for(name):  # a storage that renames would break the lookup: fail loudly
        storage.delete(saved)
        raise RuntimeError(f"The import storage stored {path_for(name)} as {saved}.")
    return name


def load(name: str) -> bytes | None:
    """The upload ``name``, or ``None`` if the name is not ours, missing or expired."""
    if not is_valid_name(name):
        return None
    storage, path = upload_storage(), path_for(name)
    if not storage.exists(path):
        return None
    if is_expired(storage, path):
        storage.delete(path)
        return None
    with storage.open(path, "rb") as file:
        return file.read()


def delete(name: str) -> None:
    if is_valid_name(name):
        upload_storage().delete(path_for(name))


def is_expired(storage: Storage, path: str, now: datetime.datetime | None = None) -> bool:
    try:
        stored = storage.get_modified_time(path)
    except NotImplementedError:  # the signed token's max_age still applies
        return False
    now = now or timezone.now()
    if timezone.is_naive(stored) and timezone.is_aware(now):
        stored = timezone.make_aware(stored)
    return (now - stored).total_seconds() > max_age()


def cleanup(*, dry_run: bool = False) -> tuple[list[str], int]:
    """Delete expired uploads; returns the paths (deleted, or that would be) and the kept."""
    storage = upload_storage()
    try:
        _dirs, files = storage.listdir(PREFIX)
    except FileNotFoundError:  # nothing was ever uploaded
        return [], 0
    expired, kept = [], 0
    now = timezone.now()
    for filename in sorted(files):
        path = f"{PREFIX}/{filename}"
        if is_expired(storage, path, now):
            expired.append(path)
            if not dry_run:
                storage.delete(path)
        else:
            kept += 1
    return expired, kept
