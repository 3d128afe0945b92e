"""The URLs of the exports, for templates, API responses and front-end cache purges.

Each is reversed against the namespace the site mounted (``wagtail_congress_exports``); an
export whose URLconf is not included has no URL (``None``), so links to it just disappear.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

NAMESPACE = "wagtail_congress_exports"


def mounted_path(viewname: str, *args: object, **kwargs: object) -> str | None:
    """The path of ``viewname``, or ``None`` where the site did not include its URLconf."""
    try:
        return reverse(viewname, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def export_path(name: str, *args: object) -> str | None:
    """The path of export ``name`` (``"congress_ical"``, ``"news_rss"`` ...), if mounted."""
    return mounted_path(f"{NAMESPACE}:{name}", *args)


def congress_export_paths(congress_id: int) -> dict[str, str | None]:
    """A congress's calendar and frab schedules: ``ical``, ``frab_xml``, ``frab_json``,
    ``frab_schedule2``."""
    return {
        "ical": export_path("congress_ical", congress_id),
        "frab_xml": export_path("frab_xml", congress_id),
        "frab_json": export_path("frab_json", congress_id),
        "frab_schedule2": export_path("frab_schedule2", congress_id),
    }


def track_export_paths(track_id: int) -> dict[str, str | None]:
    """A track's calendar (its sessions and those of the tracks nested in it)."""
    return {"ical": export_path("track_ical", track_id)}


def session_export_paths(session_id: int) -> dict[str, str | None]:
    """One session's calendar."""
    return {"ical": export_path("session_ical", session_id)}


def feed_paths(index_id: int, category_slug: str | None = None) -> dict[str, str | None]:
    """The RSS and Atom feeds of a news index, or of one category of it."""
    args = (index_id, category_slug) if category_slug else (index_id,)
    return {"rss": export_path("news_rss", *args), "atom": export_path("news_atom", *args)}
