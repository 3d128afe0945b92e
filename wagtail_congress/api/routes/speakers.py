"""Speakers: of a congress (those in its visible sessions), and one speaker with their sessions."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Path, Router
from wagtail.models import Page

from ...models import CongressPage, SessionPage, SessionSpeaker, Speaker
from ...models.querysets import SessionQuerySet
from .. import schemas
from ..caching import conditional, version_of
from ..errors import not_found
from ..pagination import limit_param, offset_param, page_bounds
from ..params import MAX_ID, locale_param
from ..representation import Representation
from ..visibility import Audience, requested_language
from .congresses import PROBLEMS, congress_id_param

router = Router(tags=["speakers"])


def visible_ids(sessions: SessionQuerySet) -> list[int]:
    """The ids of ``sessions``, fetched once.

    Passed as a list rather than a subquery: with the visibility conditions inside an ``IN``
    subquery, PostgreSQL (without fresh statistics) re-ran it for every row and took minutes
    at 300 sessions.
    """
    return list(sessions.values_list("pk", flat=True))


def speakers_in(audience: Audience, session_ids: list[int]) -> list[Speaker]:
    """The speakers of the sessions ``session_ids``, each once, by name: the version in the
    audience's locale, or the version the sessions use while the speaker is not translated."""
    pairs = set(
        SessionSpeaker.objects.filter(page_id__in=session_ids).values_list(
            "speaker_id", "speaker__translation_key"
        )
    )
    if not pairs:
        return []
    candidates = (
        Speaker.objects.filter(
            Q(
                locale__language_code=audience.language_code,
                translation_key__in={key for _pk, key in pairs},
            )
            | Q(pk__in={pk for pk, _key in pairs})
        )
        .select_related("locale")
        .order_by("pk")
    )
    chosen: dict = {}
    for speaker in candidates:
        in_language = speaker.locale.language_code == audience.language_code
        current = chosen.get(speaker.translation_key)
        if current is None or (
            in_language and current.locale.language_code != audience.language_code
        ):
            chosen[speaker.translation_key] = speaker
    return sorted(chosen.values(), key=lambda speaker: (speaker.name, speaker.pk))


def sessions_of_speakers(
    session_ids: list[int], speakers: list[Speaker]
) -> dict[str, list[SessionSpeaker]]:
    """The rows of the sessions ``session_ids`` naming each speaker (by translation key), in
    time order."""
    rows = (
        SessionSpeaker.objects.filter(
            page_id__in=session_ids,
            speaker__translation_key__in=[speaker.translation_key for speaker in speakers],
        )
        .select_related("page", "speaker")
        .order_by("page__start", "page__path", "sort_order")
    )
    found: dict[str, list[SessionSpeaker]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for row in rows:
        key = str(row.speaker.translation_key)
        if (key, row.page_id) not in seen:
            seen.add((key, row.page_id))
            found[key].append(row)
    return found


@router.get(
    "/congresses/{congress_id}/speakers/",
    response={200: schemas.SpeakerListing, **PROBLEMS},
    summary="Speakers of a congress",
)
def congress_speakers(
    request: HttpRequest,
    response: HttpResponse,
    congress_id: int = congress_id_param(),
    locale: str | None = locale_param(),
    limit: int | None = limit_param(),
    offset: int = offset_param(),
):
    """The speakers of the congress's visible sessions by name, each with those sessions."""
    audience = Audience(requested_language(locale))
    congress = audience.get(CongressPage, congress_id, "congress_id")
    bounds = page_bounds(limit, offset)
    subtree = audience.pages(Page).descendant_of(congress, inclusive=True)
    if not_modified := conditional(request, version_of(request, audience, subtree), response):
        return not_modified
    sessions = audience.pages(SessionPage).descendant_of(congress)
    session_ids = visible_ids(sessions)
    speakers = speakers_in(audience, session_ids)
    count = len(speakers)
    page = speakers[bounds]
    rows = sessions_of_speakers(session_ids, page)
    representation = Representation(request, audience)
    representation.load_snippet_translations(Speaker, page)
    representation.load_renditions(speaker.photo_id for speaker in page)
    representation.prepare_rich_text(speaker.bio for speaker in page)
    tz = congress.tzinfo
    items = [
        representation.speaker(
            speaker,
            [
                representation.speaker_session(row.page, row.role, tz)
                for row in rows.get(str(speaker.translation_key), [])
            ],
        )
        for speaker in page
    ]
    return schemas.SpeakerListing(count=count, items=items)


@router.get(
    "/speakers/{speaker_id}/", response={200: schemas.SpeakerItem, **PROBLEMS}, summary="A speaker"
)
def speaker_detail(
    request: HttpRequest,
    response: HttpResponse,
    speaker_id: int = Path(..., ge=1, le=MAX_ID, description="The id of a speaker."),
    locale: str | None = locale_param(),
):
    """A speaker with their visible sessions in the locale, in all congresses.

    The id is the speaker's version in the locale, or, while the speaker has none, the version
    the locale's sessions use (as the speakers listing gives it).
    """
    audience = Audience(requested_language(locale))
    speaker = Speaker.objects.select_related("locale").filter(pk=speaker_id).first()
    if speaker is None:
        raise not_found("speaker_id")
    if speaker.locale.language_code != audience.language_code:
        in_locale = Speaker.objects.filter(
            translation_key=speaker.translation_key,
            locale__language_code=audience.language_code,
        )
        if in_locale.exists():
            raise not_found("speaker_id")
    sessions = audience.pages(SessionPage).with_speaker(speaker.translation_key)
    if not_modified := conditional(request, version_of(request, audience, sessions), response):
        return not_modified
    rows = sessions_of_speakers(visible_ids(sessions), [speaker]).get(
        str(speaker.translation_key), []
    )
    if not rows:
        raise not_found("speaker_id")  # a speaker of no session a visitor may see
    representation = Representation(request, audience)
    congresses = congresses_of([row.page for row in rows])
    links = representation.resolve_pages(congress.pk for congress in congresses.values())
    items = []
    for row in rows:
        congress = congresses.get(row.page.pk)
        tz = congress.tzinfo if congress else datetime.UTC
        link = links.get(congress.pk) if congress else None
        items.append(representation.speaker_session(row.page, row.role, tz, link))
    return representation.speaker(speaker, items)


def congresses_of(pages: list[Page]) -> dict[int, CongressPage]:
    """The congress of each page (its nearest congress ancestor), in one query."""
    prefixes = {
        page.path[:length]
        for page in pages
        for length in range(page.steplen, len(page.path), page.steplen)
    }
    congresses = sorted(
        CongressPage.objects.filter(path__in=prefixes), key=lambda c: c.depth, reverse=True
    )
    found = {}
    for page in pages:
        found[page.pk] = next(
            (congress for congress in congresses if page.path.startswith(congress.path)), None
        )
    return {pk: congress for pk, congress in found.items() if congress is not None}
