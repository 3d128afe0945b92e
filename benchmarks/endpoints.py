"""The requests the benchmark makes, built from the ids of a generated congress."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    """One measured request; ``reference`` marks the two yardsticks (stock v2, the floor)."""

    name: str
    label: str
    path: str
    conditional: bool = False
    reference: bool = False
    # Loaded at no more connections than this (the stock v2 listing takes seconds a request:
    # more connections only queue behind the workers and time out).
    max_connections: int | None = None
    # At least this long a wrk point (a few requests of a slow reference still complete).
    min_seconds: int = 0
    # Measured with WAGTAIL_CONGRESS_API_RESPONSE_CACHE on (a second server).
    cached: bool = False


def endpoints(meta: dict, language: str = "pl") -> list[Endpoint]:
    """Every measured request against the congress described by ``meta`` (a ``Generated``)."""
    congress = meta["congress"][language]
    track = meta["track"][language]
    session = meta["session"][language]
    day = meta["days"][0]
    api = "/api/congress"
    programme = f"{api}/congresses/{congress}/programme/?locale={language}"
    # Page 50 of 20, or the last page of a smaller congress's news.
    last = max(0, min(980, meta.get("news_per_language", 2000) - 20))
    return [
        Endpoint("programme", "Programme (uncached)", programme),
        Endpoint("programme_304", "Programme, If-None-Match → 304", programme, conditional=True),
        Endpoint("programme_cached", "Programme, body cache hit", programme, cached=True),
        Endpoint(
            "sessions_day",
            "Sessions of a day (limit 100)",
            f"{api}/congresses/{congress}/sessions/?locale={language}&day={day}&limit=100",
        ),
        Endpoint(
            "sessions_track",
            "Sessions of a track (limit 100)",
            f"{api}/congresses/{congress}/sessions/?locale={language}&track={track}&limit=100",
        ),
        Endpoint("session", "Session detail", f"{api}/sessions/{session}/?locale={language}"),
        Endpoint("news_1", "News, page 1 (20)", f"{api}/news/?locale={language}&limit=20"),
        Endpoint(
            "news_50",
            "News, page 50 (20)",
            f"{api}/news/?locale={language}&limit=20&offset={last}",
        ),
        Endpoint("ical", "Congress iCalendar", f"/exports/congress/{congress}/programme.ics"),
        Endpoint("frab", "frab schedule.xml", f"/exports/congress/{congress}/schedule.xml"),
        Endpoint("html", "Session HTML page (default template)", meta["session_path"][language]),
        Endpoint(
            "v2_fields",
            "Reference: stock API v2, all sessions, fields=*",
            f"/bench/v2/pages/?type=wagtail_congress.SessionPage&fields=*&locale={language}"
            f"&descendant_of={congress}&limit=2000",
            reference=True,
            max_connections=4,
            min_seconds=30,
        ),
        Endpoint(
            "floor",
            "Reference: pre-built programme bytes (floor)",
            "/bench/floor/",
            reference=True,
        ),
    ]


def listing_endpoints(meta: dict, language: str = "pl") -> list[Endpoint]:
    """The listings whose query count must not grow with the congress (growth table)."""
    wanted = {"programme", "sessions_day", "sessions_track", "session", "news_1", "news_50"}
    wanted |= {"ical", "frab", "html"}
    return [e for e in endpoints(meta, language) if e.name in wanted]
