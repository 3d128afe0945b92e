"""Serializers of the models' ``api_fields``, for Wagtail's stock APIs (v2 and v3).

DRF fields, because both stock APIs read them: v2 directly, v3 through its "API v2 compat
shim", which types the field from the return annotation of ``to_representation``. The
annotations are ``typing_extensions.TypedDict`` (pydantic refuses ``typing.TypedDict`` on
Python 3.11) with names prefixed ``Stock`` so they never clash with the package's own
OpenAPI components. Wagtail 8 builds these schemas at start-up even without
``wagtail.api.v3`` installed, so a wrong annotation here breaks ``manage.py check``.

v3 calls a field with no serializer context (no request), so nothing here needs one; the
v2 endpoint classes of :mod:`wagtail_congress.api.v2` prefetch what the fields read.
Page references are resolved for the locale of the object that holds them and shown only
if an anonymous visitor may read them (live, public, not an alias, not below an
unpublished page).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q
from rest_framework.fields import Field
from typing_extensions import TypedDict
from wagtail.images.api.fields import ImageRenditionDict, ImageRenditionField
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from ..conf import congress_settings
from .visibility import Audience


class StockSpeaker(TypedDict):
    id: int
    name: str
    position: str
    organisation: str
    affiliation: str
    photo: ImageRenditionDict | None


class StockPartner(TypedDict):
    id: int
    name: str
    short_name: str
    website: str
    logo: ImageRenditionDict | None


class StockThematicArea(TypedDict):
    id: int
    name: str


class StockNewsCategory(TypedDict):
    id: int
    name: str
    slug: str


class StockPageRef(TypedDict):
    id: int
    title: str
    html_url: str | None
    locale: str


class StockTrack(TypedDict):
    id: int
    title: str
    html_url: str | None
    kind: str
    colour: str


class StockSession(TypedDict):
    id: int
    title: str
    html_url: str | None
    start: datetime.datetime
    end: datetime.datetime
    room: str


class StockPartnerGroup(TypedDict):
    heading: str
    role: str
    partners: list[StockPartner]


def rendition_data(image: Any, filter_spec: str | None = None) -> ImageRenditionDict | None:
    """The rendition of ``image`` the API shows (``WAGTAIL_CONGRESS_API_IMAGE_RENDITION``).

    Uses renditions prefetched with ``prefetch_renditions()``; ``None`` for no image or a
    missing source file.
    """
    if image is None:
        return None
    try:
        rendition = image.get_rendition(filter_spec or congress_settings.API_IMAGE_RENDITION)
    except SourceImageIOError:
        return None
    return ImageRenditionDict(
        url=rendition.url,
        full_url=rendition.full_url,
        width=rendition.width,
        height=rendition.height,
        alt=image.default_alt_text or "",
    )


class RenditionField(ImageRenditionField):
    """An image as a rendition; the filter spec defaults to the package's setting."""

    def __init__(self, filter_spec: str | None = None, **kwargs: Any) -> None:
        super().__init__(filter_spec, **kwargs)

    @property
    def filter_spec(self) -> str:
        return self._filter_spec or congress_settings.API_IMAGE_RENDITION

    @filter_spec.setter
    def filter_spec(self, value: str | None) -> None:
        self._filter_spec = value


class TagNamesField(Field):
    """Tag names in alphabetical order, read from prefetched ``tagged_items`` rows if any."""

    def to_representation(self, rows: Any) -> list[str]:
        return sorted(row.tag.name for row in rows.all())


class LanguagesField(Field):
    """A list of language codes (the model field is JSON, which v3 would type as an object)."""

    def to_representation(self, value: Iterable[str]) -> list[str]:
        return [str(code) for code in value]


def speaker_data(speaker: Any) -> StockSpeaker:
    return StockSpeaker(
        id=speaker.pk,
        name=speaker.name,
        position=speaker.position,
        organisation=speaker.organisation,
        affiliation=speaker.affiliation,
        photo=rendition_data(speaker.photo),
    )


def partner_data(partner: Any) -> StockPartner:
    return StockPartner(
        id=partner.pk,
        name=partner.name,
        short_name=partner.short_name,
        website=partner.website,
        logo=rendition_data(partner.logo),
    )


class SpeakerField(Field):
    """A speaker's name, position, organisation and photo (not a bare id)."""

    def to_representation(self, speaker: Any) -> StockSpeaker:
        return speaker_data(speaker)


class PartnerField(Field):
    """A partner's name, short name, website and logo."""

    def to_representation(self, partner: Any) -> StockPartner:
        return partner_data(partner)


class ThematicAreaField(Field):
    def to_representation(self, area: Any) -> StockThematicArea:
        return StockThematicArea(id=area.pk, name=area.name)


class NewsCategoryField(Field):
    def to_representation(self, category: Any) -> StockNewsCategory:
        return StockNewsCategory(id=category.pk, name=category.name, slug=category.slug)


def _audience(context: dict) -> Audience:
    """The hidden sections, read once per v2 response (v3 gives each field a new context)."""
    audience = context.get("wagtail_congress_audience")
    if audience is None:
        audience = context["wagtail_congress_audience"] = Audience("")
    return audience


def is_visible(page: Page | None, audience: Audience) -> bool:
    """Whether an anonymous visitor may read ``page``."""
    return (
        page is not None and page.live and page.alias_of_id is None and not audience.is_hidden(page)
    )


def _html_url(page: Page) -> str | None:
    """The page's full URL, like the stock ``meta.html_url`` (``None`` outside every site)."""
    return page.get_full_url()


class TrackField(Field):
    """A session's track (its parent page), if a visitor may read it."""

    def to_representation(self, track: Any) -> StockTrack | None:
        if not is_visible(track, _audience(self.context)):
            return None
        return StockTrack(
            id=track.pk,
            title=track.title,
            html_url=_html_url(track),
            kind=getattr(track, "kind", ""),
            colour=getattr(track, "colour", ""),
        )


def localized_pages(model: type[Page], pages: list[Page], locale_id: int) -> list[Page]:
    """``pages`` in locale ``locale_id`` (one query): wagtail-localize does not remap page
    references, so an English article still points at Polish pages."""
    if not pages:
        return []
    keys = [page.translation_key for page in pages]
    found = {
        page.translation_key: page
        for page in model.objects.filter(translation_key__in=keys, locale_id=locale_id)
    }
    return [found.get(page.translation_key, page) for page in pages]


PRELOADED = "wagtail_congress_preloaded"


def localized_page(model: type[Page], page: Page, locale_id: int, context: dict) -> Page:
    """``page`` in locale ``locale_id``: from what a v2 endpoint preloaded, else one query."""
    preloaded = context.get(PRELOADED, {}).get("pages", {})
    key = (model, page.pk, locale_id)
    if key in preloaded:
        return preloaded[key]
    return localized_pages(model, [page], locale_id)[0]


class LocalizedPageField(Field):
    """A page reference (a foreign key to a page) in the locale of the object holding it.

    Use with ``source="*"``: ``APIField("related_congress",
    serializer=LocalizedPageField("related_congress", source="*"))``.
    """

    def __init__(self, attribute: str, **kwargs: Any) -> None:
        self.attribute = attribute
        super().__init__(**kwargs)

    def to_representation(self, instance: Any) -> StockPageRef | None:
        page = getattr(instance, self.attribute)
        if page is None:
            return None
        page = localized_page(type(page), page, instance.locale_id, self.context)
        if not is_visible(page, _audience(self.context)):
            return None
        return StockPageRef(
            id=page.pk,
            title=page.title,
            html_url=_html_url(page),
            locale=page.locale.language_code,
        )


class VisibleSessionField(Field):
    """A session of an inline row, in the row's locale, if a visitor may read it.

    Use with ``source="*"`` on a row with ``page`` and ``session`` foreign keys.
    """

    def to_representation(self, row: Any) -> StockSession | None:
        from ..models import SessionPage

        session = localized_pages(SessionPage, [row.session], row.locale_id)[0]
        if not is_visible(session, _audience(self.context)):
            return None
        return session_data(session)


def session_data(session: Any) -> StockSession:
    return StockSession(
        id=session.pk,
        title=session.title,
        html_url=_html_url(session),
        start=session.start,
        end=session.end,
        room=session.room,
    )


class RelatedSessionsField(Field):
    """An article's related sessions in its locale, only those a visitor may read."""

    def to_representation(self, rows: Any) -> list[StockSession]:
        from ..models import SessionPage

        rows = list(rows.all())
        if not rows:
            return []
        locale_id = rows[0].page.locale_id
        preloaded = self.context.get(PRELOADED, {}).get("pages", {})
        if all((SessionPage, row.session_id, locale_id) in preloaded for row in rows):
            sessions = [preloaded[SessionPage, row.session_id, locale_id] for row in rows]
        else:
            sessions = localized_pages(SessionPage, [row.session for row in rows], locale_id)
        audience = _audience(self.context)
        return [session_data(session) for session in sessions if is_visible(session, audience)]


def localized_snippets(model: type[Model], ids: set[int], locale_id: int) -> dict[int, Model]:
    """For each snippet id, its version in ``locale_id``, else the snippet itself."""
    snippets = list(
        model.objects.filter(
            Q(pk__in=ids)
            | Q(
                translation_key__in=model.objects.filter(pk__in=ids).values("translation_key"),
                locale_id=locale_id,
            )
        ).select_related(*_image_fields(model))
    )
    in_locale = {s.translation_key: s for s in snippets if s.locale_id == locale_id}
    return {s.pk: in_locale.get(s.translation_key, s) for s in snippets if s.pk in ids}


def _image_fields(model: type[Model]) -> list[str]:
    return [name for name in ("logo", "photo") if hasattr(model, name)]


class PartnerGroupsField(Field):
    """Partner groups of a ``PartnerGroupsBlock`` stream: heading, role, partners in order.

    Use with ``source="*"`` and the stream field's name, so partners come in the page's
    locale.
    """

    def __init__(self, attribute: str = "partners", **kwargs: Any) -> None:
        self.attribute = attribute
        super().__init__(**kwargs)

    def to_representation(self, page: Any) -> list[StockPartnerGroup]:
        from ..models import Partner

        groups = [
            block["value"]
            for block in getattr(page, self.attribute).raw_data
            if block.get("type") == "group" and isinstance(block.get("value"), dict)
        ]
        ids = {pk for group in groups for pk in _list_items(group.get("partners"))}
        preloaded = self.context.get(PRELOADED, {}).get("partners", {})
        if all((page.locale_id, pk) in preloaded for pk in ids):
            partners = {pk: preloaded[page.locale_id, pk] for pk in ids}
        else:
            partners = localized_snippets(Partner, ids, page.locale_id)
        return [
            StockPartnerGroup(
                heading=group.get("heading") or "",
                role=group.get("role") or "",
                partners=[
                    partner_data(partners[pk])
                    for pk in _list_items(group.get("partners"))
                    if pk in partners
                ],
            )
            for group in groups
        ]


def _list_items(values: Any) -> list[int]:
    """The integer values of a ListBlock's raw data (old plain lists or ``{"value": ...}``)."""
    items = []
    for item in values or []:
        value = item.get("value") if isinstance(item, dict) else item
        if isinstance(value, int):
            items.append(value)
    return items
