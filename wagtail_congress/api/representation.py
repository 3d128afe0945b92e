"""Turning pages and snippets into the API's schemas, in bulk, in a constant number of queries.

A :class:`Representation` serves one request: it knows the audience (locale and hidden
sections) and loads what many objects share (translations, renditions) once for all of them.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.http import HttpRequest
from django.utils.functional import cached_property
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from ..choices import SessionFormat, SpeakerRole, TrackKind, spoken_language_choices
from ..conf import congress_settings
from ..models import CongressPage, SessionPage, SessionTrackPage
from . import schemas
from .visibility import Audience, content_languages


class Representation:
    """Builds the schemas of one response."""

    def __init__(self, request: HttpRequest, audience: Audience) -> None:
        self.request = request
        self.audience = audience
        self._translations: dict[str, dict[str, schemas.TranslationLink]] = {}
        self._renditions: dict[int, schemas.Rendition | None] = {}

    # --- shared lookups, each one query for all objects ---------------------------------

    def load_translations(self, pages: Iterable[Page]) -> None:
        """Read the visible language versions of ``pages`` in one query."""
        keys = {page.translation_key for page in pages} - self._translations.keys()
        if not keys:
            return
        versions = self.audience.public(Page.objects.filter(translation_key__in=keys))
        found: dict[str, dict[str, schemas.TranslationLink]] = defaultdict(dict)
        order = {code: n for n, code in enumerate(content_languages())}
        versions = versions.select_related("locale").only(
            "pk", "url_path", "translation_key", "locale__language_code"
        )
        for page in versions:
            found[page.translation_key][page.locale.language_code] = schemas.TranslationLink(
                id=page.pk, url=self.url(page)
            )
        for key in keys:
            links = found.get(key, {})
            self._translations[key] = dict(
                sorted(links.items(), key=lambda item: order.get(item[0], len(order)))
            )

    def translations(self, page: Page) -> dict[str, schemas.TranslationLink]:
        if page.translation_key not in self._translations:
            self.load_translations([page])
        return self._translations[page.translation_key]

    def load_renditions(self, image_ids: Iterable[int | None]) -> None:
        """Fetch (or create, the first time) the renditions of the images, in bulk."""
        ids = {pk for pk in image_ids if pk} - self._renditions.keys()
        if not ids:
            return
        spec = congress_settings.API_IMAGE_RENDITION
        image_model = get_image_model()
        # One query when the renditions exist; the first request for an image creates them.
        existing = image_model.get_rendition_model().objects.filter(
            image_id__in=ids, filter_spec=spec
        )
        renditions = {
            rendition.image_id: rendition for rendition in existing.select_related("image")
        }
        missing = ids - renditions.keys()
        if missing:
            for image in image_model.objects.filter(pk__in=missing):
                renditions[image.pk] = image.get_rendition(spec)
        for image_id, rendition in renditions.items():
            self._renditions[image_id] = schemas.Rendition(
                url=self.request.build_absolute_uri(rendition.url),
                width=rendition.width,
                height=rendition.height,
                alt=rendition.image.default_alt_text or "",
            )

    def rendition(self, image_id: int | None) -> schemas.Rendition | None:
        if not image_id:
            return None
        if image_id not in self._renditions:
            self.load_renditions([image_id])
        return self._renditions.get(image_id)

    def url(self, page: Page) -> str | None:
        return page.get_url(self.request)

    # --- pages ---------------------------------------------------------------------------

    def page_link(self, page: Page, language_code: str | None = None) -> schemas.PageLink:
        return schemas.PageLink(
            id=page.pk,
            title=page.title,
            url=self.url(page),
            locale=language_code or self.audience.language_code,
        )

    def congress(self, congress: CongressPage) -> schemas.CongressItem:
        return schemas.CongressItem(
            id=congress.pk,
            title=congress.title,
            url=self.url(congress),
            locale=self.audience.language_code,
            edition=congress.edition,
            lead=congress.lead,
            start=congress.local_start,
            end=congress.local_end,
            timezone=congress.timezone,
            days=congress.days,
            attendance_mode=congress.attendance_mode,
            venue=congress.venue,
            address=congress.address,
            city=congress.city,
            languages=list(congress.languages or []),
            stream_url=congress.stream_url,
            registration_url=congress.registration_url,
            registration_opens_at=congress.registration_opens_at,
            registration_closes_at=congress.registration_closes_at,
            image=self.rendition(congress.image_id),
            translations=self.translations(congress),
        )

    def congress_detail(self, congress: CongressPage) -> schemas.CongressDetail:
        areas = [row.area for row in congress.thematic_areas.select_related("area")]
        return schemas.CongressDetail(
            **self.congress(congress).model_dump(exclude={"image", "translations"}),
            image=self.rendition(congress.image_id),
            translations=self.translations(congress),
            thematic_areas=[self.thematic_area(area) for area in areas],
        )

    def track_ref(self, track: SessionTrackPage | None) -> schemas.TrackRef | None:
        if track is None:
            return None
        return schemas.TrackRef(
            id=track.pk, title=track.title, url=self.url(track), colour=track.colour
        )

    def track_tree(self, tracks: Sequence[SessionTrackPage]) -> list[schemas.TrackNode]:
        """Nest ``tracks`` (all visible tracks of a congress, in tree order) by their paths."""
        self.load_translations(tracks)
        nodes: dict[str, schemas.TrackNode] = {}
        roots: list[schemas.TrackNode] = []
        for track in sorted(tracks, key=lambda track: track.path):
            node = schemas.TrackNode(
                id=track.pk,
                title=track.title,
                url=self.url(track),
                kind=track.kind,
                kind_label=str(TrackKind(track.kind).label) if track.kind in TrackKind else "",
                colour=track.colour,
                description=expand_db_html(track.description),
                signup_opens_at=track.signup_opens_at,
                translations=self.translations(track),
                children=[],
            )
            nodes[track.path] = node
            parent = nodes.get(track.path[: -track.steplen])
            (parent.children if parent else roots).append(node)
        return roots

    # --- sessions ------------------------------------------------------------------------

    def prepare_sessions(self, sessions: Sequence[SessionPage]) -> None:
        """Load the translations and renditions every session of a listing shows."""
        self.load_translations(sessions)
        image_ids = []
        for session in sessions:
            image_ids += [row.speaker.photo_id for row in session.speakers.all()]
            image_ids += [row.partner.logo_id for row in session.partners.all()]
        self.load_renditions(image_ids)

    def session(
        self,
        session: SessionPage,
        track: SessionTrackPage | None,
        tz: zoneinfo.ZoneInfo,
    ) -> schemas.SessionItem:
        return schemas.SessionItem(**self._session_fields(session, track, tz))

    def session_detail(
        self,
        session: SessionPage,
        track: SessionTrackPage | None,
        congress: CongressPage,
    ) -> schemas.SessionDetail:
        return schemas.SessionDetail(
            **self._session_fields(session, track, congress.tzinfo),
            description=expand_db_html(session.description),
            congress=self.page_link(congress, congress.locale.language_code),
        )

    def _session_fields(
        self, session: SessionPage, track: SessionTrackPage | None, tz: zoneinfo.ZoneInfo
    ) -> dict:
        return {
            "id": session.pk,
            "title": session.title,
            "url": self.url(session),
            "locale": self.audience.language_code,
            "start": session.start.astimezone(tz),
            "end": session.end.astimezone(tz),
            "track": self.track_ref(track),
            "room": session.room,
            "format": session.format,
            "format_label": _label(SessionFormat, session.format),
            "language": session.language,
            "language_label": str(self.spoken_languages.get(session.language, session.language)),
            "speakers": [
                schemas.SessionSpeakerItem(
                    id=row.speaker.pk,
                    translation_key=str(row.speaker.translation_key),
                    name=row.speaker.name,
                    role=row.role,
                    role_label=_label(SpeakerRole, row.role),
                    position=row.speaker.position,
                    organisation=row.speaker.organisation,
                    photo=self.rendition(row.speaker.photo_id),
                )
                for row in session.speakers.all()
            ],
            "partners": [self.partner(row.partner) for row in session.partners.all()],
            "thematic_areas": [
                self.thematic_area(row.area) for row in session.thematic_areas.all()
            ],
            "registration": schemas.Registration(
                required=session.registration_required,
                url=session.registration_url,
                opens_at=session.registration_opens_at.astimezone(tz)
                if session.registration_opens_at
                else None,
                capacity=session.capacity,
            ),
            "stream_url": session.stream_url,
            "recording_url": session.recording_url,
            "translations": self.translations(session),
        }

    @cached_property
    def spoken_languages(self) -> dict[str, str]:
        return dict(spoken_language_choices())

    # --- snippets ------------------------------------------------------------------------

    def partner(self, partner) -> schemas.PartnerItem:
        return schemas.PartnerItem(
            id=partner.pk,
            translation_key=str(partner.translation_key),
            name=partner.name,
            short_name=partner.short_name,
            website=partner.website,
            logo=self.rendition(partner.logo_id),
        )

    def thematic_area(self, area) -> schemas.ThematicAreaItem:
        return schemas.ThematicAreaItem(
            id=area.pk, translation_key=str(area.translation_key), name=area.name
        )


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value
