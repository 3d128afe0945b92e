"""schema.org JSON-LD: ``Event`` for congresses and sessions, ``NewsArticle`` for news,
``CollectionPage`` with an ``ItemList`` for the listings (news index, track).

Complete for Google's Event and Article rich results with the package's data: images from
the page, its congress or ``WAGTAIL_CONGRESS_DEFAULT_IMAGE``; the organiser as
``publisher``/``author`` (:mod:`.publisher`); registration as ``offers``; speakers as
``performer``; a ``VirtualLocation`` for online and hybrid events.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from ..api.visibility import Audience
from ..choices import AttendanceMode, PartnerRole
from ..models import CongressPage, NewsArticlePage, SessionPage, SessionSpeaker
from ..models.base import congress_for
from .common import plain_text
from .publisher import Publisher, page_image, publisher_for

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


def locations(
    congress: CongressPage, stream_url: str, room: str = "", page_url: str | None = None
) -> list[Data]:
    """A Place for on-site and hybrid events; a VirtualLocation for online and hybrid ones
    and wherever there is a stream (its URL: the stream, else the event's page)."""
    found = []
    online = congress.attendance_mode == AttendanceMode.ONLINE
    if not online and (where := place(congress, room)):
        found.append(where)
    virtual = stream_url or congress.attendance_mode != AttendanceMode.ONSITE
    if virtual and (url := stream_url or page_url):
        found.append({"@type": "VirtualLocation", "url": url})
    if not found and (where := place(congress, room)):
        found.append(where)  # an online event with no URL at all: better than nothing
    return found


def offer(
    url: str,
    opens: datetime.datetime | None,
    congress: CongressPage,
    closes: datetime.datetime | None = None,
) -> Data | None:
    """The registration as an ``Offer``: its link, when it opens, and whether it is open."""
    if not url:
        return None
    now = timezone.now()
    if opens and now < opens:
        availability = "PreOrder"
    elif closes and now >= closes:
        availability = "SoldOut"
    else:
        availability = "InStock"
    return _compact(
        {
            "@type": "Offer",
            "url": url,
            "availability": f"{SCHEMA}/{availability}",
            "availabilityStarts": _moment(opens, congress),
            "availabilityEnds": _moment(closes, congress),
            "validFrom": _moment(opens, congress),
        }
    )


def publisher_node(publisher: Publisher) -> Data:
    """The organiser as an ``Organization`` with its logo (Article ``publisher``/``author``)."""
    return _compact(
        {
            "@type": "Organization",
            "name": publisher.name,
            "url": publisher.url,
            "logo": {"@type": "ImageObject", "url": publisher.logo} if publisher.logo else None,
        }
    )


def person(speaker) -> Data:
    return _compact(
        {
            "@type": "Person",
            "name": speaker.name,
            "jobTitle": speaker.position,
            "affiliation": _compact({"@type": "Organization", "name": speaker.organisation})
            if speaker.organisation
            else None,
        }
    )


def congress_performers(congress: CongressPage) -> list[Data]:
    """The speakers of the congress's visible sessions, each once, in programme order."""
    audience = Audience(congress.locale.language_code)
    sessions = audience.pages(SessionPage).in_congress(congress)
    rows = (
        SessionSpeaker.objects.filter(page__in=sessions.values("pk"))
        .select_related("speaker")
        .order_by("page__start", "page__path", "sort_order")
    )
    found: dict = {}
    for row in rows:
        found.setdefault(row.speaker.translation_key, row.speaker)
    return [person(speaker) for speaker in found.values()]


def attendance_mode(congress: CongressPage, stream_url: str = "") -> str:
    mode = congress.attendance_mode
    if mode == AttendanceMode.ONSITE and stream_url:
        mode = AttendanceMode.HYBRID
    return ATTENDANCE.get(mode, ATTENDANCE[AttendanceMode.ONSITE])


def congress_event(congress: CongressPage, request: HttpRequest | None = None) -> Data:
    """The congress as an ``Event``, organisers and sponsors from its partner groups."""
    url = congress.get_full_url(request)
    data: Data = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": node_id(congress),
        "name": congress.title,
        "description": congress.lead,
        "url": url,
        "image": page_image(congress, None, request),
        "startDate": _moment(congress.start, congress),
        "endDate": _moment(congress.end, congress),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": attendance_mode(congress, congress.stream_url),
        "location": locations(congress, congress.stream_url, page_url=url),
        "inLanguage": list(congress.languages or []),
        "offers": offer(
            congress.registration_url,
            congress.registration_opens_at,
            congress,
            congress.registration_closes_at,
        ),
        "performer": congress_performers(congress),
    }
    for group in congress.partners:
        if group.block_type != "group":
            continue
        if prop := PARTNER_PROPERTIES.get(group.value.get("role")):
            people = [organisation(p) for p in group.value.get("partners") or [] if p]
            data.setdefault(prop, []).extend(people)
    if not data.get("organizer"):
        data["organizer"] = [publisher_node(publisher_for(congress, request))]
    return _compact(data)


def session_event(
    session: SessionPage, congress: CongressPage, request: HttpRequest | None = None
) -> Data:
    """One session as an ``Event``: speakers as performers, spoken language, stream."""
    url = session.get_full_url(request)
    organisers = [organisation(row.partner) for row in _rows(session, "partners", "partner")]
    data: Data = {
        "@context": SCHEMA,
        "@type": "Event",
        "@id": node_id(session),
        "name": session.title,
        "description": plain_text(session.description),
        "url": url,
        "image": page_image(session, congress, request),
        "startDate": _moment(session.start, congress),
        "endDate": _moment(session.end, congress),
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "eventAttendanceMode": attendance_mode(congress, session.stream_url),
        "location": locations(
            congress, session.stream_url or congress.stream_url, session.room, url
        ),
        "inLanguage": session.language,
        "performer": [person(row.speaker) for row in _rows(session, "speakers", "speaker")],
        "organizer": organisers or [publisher_node(publisher_for(congress, request))],
        "offers": offer(session.registration_url, session.registration_opens_at, congress)
        or offer(
            congress.registration_url,
            congress.registration_opens_at,
            congress,
            congress.registration_closes_at,
        ),
        # By @id only: an English session's congress may still be a Polish alias stand-in.
        "superEvent": {"@type": "Event", "@id": node_id(congress)},
    }
    return _compact(data)


def news_article(article: NewsArticlePage, request: HttpRequest | None = None) -> Data:
    """A news article as a ``NewsArticle``, its congress's organiser as author and publisher."""
    url = article.get_full_url(request)
    congress = congress_for(article)
    publisher = publisher_node(publisher_for(congress, request))
    data: Data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "@id": node_id(article),
        "headline": article.title,
        "description": article.lead,
        "url": url,
        "mainEntityOfPage": url,
        "image": page_image(article, congress, request),
        "datePublished": article.publication_date.isoformat(),
        "dateModified": article.last_published_at.isoformat()
        if article.last_published_at
        else None,
        "author": publisher,
        "publisher": publisher,
        "inLanguage": article.locale.language_code,
        "articleSection": article.category.name if article.category else None,
    }
    return _compact(data)


def collection_page(page, items, request: HttpRequest | None = None) -> Data:
    """A listing (news index, track) as a ``CollectionPage`` whose ``mainEntity`` is an
    ``ItemList`` of the pages it shows, in order (Google's summary-page carousel)."""
    elements = []
    for position, item in enumerate(items, start=1):
        elements.append(
            _compact(
                {
                    "@type": "ListItem",
                    "position": position,
                    "url": item.get_full_url(request),
                    "name": item.title,
                }
            )
        )
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "CollectionPage",
            "@id": node_id(page),
            "name": page.title,
            "url": page.get_full_url(request),
            "inLanguage": page.locale.language_code,
            "mainEntity": {
                "@type": "ItemList",
                "numberOfItems": len(elements),
                "itemListElement": elements,
            },
        }
    )


def json_ld_script(data: Data) -> SafeString:
    """``data`` in a ``<script type="application/ld+json">``, safe inside HTML.

    ``<``, ``>`` and ``&`` become JSON escapes, as in Django's ``json_script``, so no text
    (``</script>``, ``<!--``) can end the element early.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    # Bandit B308/B703: safe, every <, > and & of the JSON is escaped above (json_script's way).
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308  # nosec B308 B703
