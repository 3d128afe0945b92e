"""schema.org JSON-LD: ``Event`` for congresses and sessions, ``NewsArticle`` for news."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from ..choices import AttendanceMode, PartnerRole
from ..models import CongressPage, NewsArticlePage, SessionPage
from .common import plain_text

SCHEMA = "https://schema.org"
ATTENDANCE = {
    AttendanceMode.ONSITE: f"{SCHEMA}/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: f"{SCHEMA}/OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: f"{SCHEMA}/MixedEventAttendanceMode",
}
# Partner group roles as schema.org properties; media patrons have no schema.org property.
PARTNER_PROPERTIES = {
    PartnerRole.ORGANISER: "organizer",
    PartnerRole.STRATEGIC_PARTNER: "sponsor",
    PartnerRole.PARTNER: "sponsor",
}
# Characters that could end the <script> element or start HTML, as JSON escapes.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

Data = dict[str, Any]


def node_id(page) -> str:
    """A node identifier shared by every language version of ``page``."""
    return f"urn:uuid:{page.translation_key}"


def _compact(data: Data) -> Data:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _moment(value: datetime.datetime | None, congress: CongressPage) -> str | None:
    return value.astimezone(congress.tzinfo).isoformat() if value else None


def _rows(page, relation: str, related: str):
    """A page's inline rows with what they point at: prefetched ones, or in one query."""
    rows = getattr(page, relation).all()
    if relation in getattr(page, "_prefetched_objects_cache", {}):
        return rows
    return rows.select_related(related)


def organisation(partner) -> Data:
    return _compact(
        {
            "@type": "Organization",
            "name": partner.name,
            "alternateName": partner.short_name,
            "url": partner.website,
        }
    )


def place(congress: CongressPage, room: str = "") -> Data | None:
    if not (room or congress.venue or congress.address or congress.city):
        return None
    address = _compact(
        {
            "@type": "PostalAddress",
            "streetAddress": congress.address,
            "addressLocality": congress.city,
        }
    )
    name = ", ".join(part for part in (room, congress.venue) if part)
    return _compact({"@type": "Place", "name": name, "address": address})


def locations(congress: CongressPage, stream_url: str, room: str = "") -> list[Data]:
    """A Place for on-site and hybrid events, a VirtualLocation where there is a stream."""
    found = []
    if congress.attendance_mode != AttendanceMode.ONLINE and (where := place(congress, room)):
        found.append(where)
    if stream_url:
        found.append({"@type": "VirtualLocation", "url": stream_url})
    elif congress.attendance_mode == AttendanceMode.ONLINE and (where := place(congress, room)):
        found.append(where)
    return found


def offer(url: str, opens: datetime.datetime | None, congress: CongressPage) -> Data | None:
    if not url:
        return None
    return _compact(
        {
            "@type": "Offer",
            "url": url,
            "availabilityStarts": _moment(opens, congress),
            "validFrom": _moment(opens, congress),
        }
    )


def attendance_mode(congress: CongressPage, stream_url: str = "") -> str:
    mode = congress.attendance_mode
    if mode == AttendanceMode.ONSITE and stream_url:
        mode = AttendanceMode.HYBRID
    return ATTENDANCE.get(mode, ATTENDANCE[AttendanceMode.ONSITE])


def congress_event(congress: CongressPage, request: HttpRequest | None = None) -> Data:
    """The congress as an ``Event``, organisers and sponsors from its partner groups."""
    data: Data = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": node_id(congress),
        "name": congress.title,
        "description": congress.lead,
        "url": congress.get_full_url(request),
        "startDate": _moment(congress.start, congress),
        "endDate": _moment(congress.end, congress),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": attendance_mode(congress, congress.stream_url),
        "location": locations(congress, congress.stream_url),
        "inLanguage": list(congress.languages or []),
        "offers": offer(congress.registration_url, congress.registration_opens_at, congress),
    }
    for group in congress.partners:
        if group.block_type != "group":
            continue
        if prop := PARTNER_PROPERTIES.get(group.value.get("role")):
            people = [organisation(p) for p in group.value.get("partners") or [] if p]
            data.setdefault(prop, []).extend(people)
    return _compact(data)


def session_event(
    session: SessionPage, congress: CongressPage, request: HttpRequest | None = None
) -> Data:
    """One session as an ``Event``: speakers as performers, spoken language, stream."""
    performers = [
        _compact(
            {
                "@type": "Person",
                "name": row.speaker.name,
                "jobTitle": row.speaker.position,
                "affiliation": _compact({"@type": "Organization", "name": row.speaker.organisation})
                if row.speaker.organisation
                else None,
            }
        )
        for row in _rows(session, "speakers", "speaker")
    ]
    data: Data = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": node_id(session),
        "name": session.title,
        "description": plain_text(session.description),
        "url": session.get_full_url(request),
        "startDate": _moment(session.start, congress),
        "endDate": _moment(session.end, congress),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": attendance_mode(congress, session.stream_url),
        "location": locations(congress, session.stream_url or congress.stream_url, session.room),
        "inLanguage": session.language,
        "performer": performers,
        "organizer": [organisation(row.partner) for row in _rows(session, "partners", "partner")],
        "offers": offer(session.registration_url, session.registration_opens_at, congress),
        # By @id only: an English session's congress may still be a Polish alias stand-in.
        "superEvent": {"@type": "Event", "@id": node_id(congress)},
    }
    return _compact(data)


def news_article(article: NewsArticlePage, request: HttpRequest | None = None) -> Data:
    """A news article as a ``NewsArticle``."""
    url = article.get_full_url(request)
    data: Data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "@id": node_id(article),
        "headline": article.title,
        "description": article.lead,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.publication_date.isoformat(),
        "dateModified": article.last_published_at.isoformat()
        if article.last_published_at
        else None,
        "inLanguage": article.locale.language_code,
        "articleSection": article.category.name if article.category else None,
    }
    return _compact(data)


def json_ld_script(data: Data) -> SafeString:
    """``data`` in a ``<script type="application/ld+json">``, safe inside HTML.

    ``<``, ``>`` and ``&`` become JSON escapes, as in Django's ``json_script``, so no text
    (``</script>``, ``<!--``) can end the element early.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    # Bandit B308/B703: safe, every <, > and & of the JSON is escaped above (json_script's way).
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308  # nosec B308 B703
