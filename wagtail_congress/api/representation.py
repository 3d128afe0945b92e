"""Turning pages and snippets into the API's schemas, in bulk, in a constant number of queries.

A :class:`Representation` serves one request: it knows the audience (locale and hidden
sections) and loads what many objects share (translations, renditions) once for all of them.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import extract_references_from_rich_text, features
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

from ..absolute_urls import absolute_url
from ..choices import PartnerRole, SessionFormat, SpeakerRole, TrackKind, spoken_language_choices
from ..conf import congress_settings
from ..exports import jsonld
from ..exports.links import (
    congress_export_paths,
    feed_paths,
    session_export_paths,
    track_export_paths,
)
from ..models import CongressPage, NewsArticlePage, SessionPage, SessionTrackPage, Speaker
from . import schemas
from .visibility import Audience, content_languages


class Representation:
    """Builds the schemas of one response."""

    def __init__(self, request: HttpRequest, audience: Audience) -> None:
        self.request = request
        self.audience = audience
        self._translations: dict[str, dict[str, schemas.TranslationLink]] = {}
        self._renditions: dict[int, schemas.Rendition | None] = {}
        self._snippet_translations: dict[str, dict[str, schemas.TranslationLink]] = {}
        self._page_links: dict[int, schemas.PageLink | None] = {}
        self._rich_texts: dict[str, str] = {}
        self._labels: dict[tuple[type, str], str] = {}

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
                url=absolute_url(rendition.url, self.request),
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

    # --- exports -------------------------------------------------------------------------

    def _absolute(self, paths: dict[str, str | None]) -> dict[str, str | None] | None:
        """``paths`` as absolute URLs on the Site's root URL; ``None`` if none is mounted."""
        if not any(paths.values()):
            return None
        return {
            name: absolute_url(path, self.request) if path else None for name, path in paths.items()
        }

    def congress_exports(self, congress_id: int) -> schemas.CongressExports | None:
        urls = self._absolute(congress_export_paths(congress_id))
        return schemas.CongressExports(**urls) if urls else None

    def track_exports(self, track_id: int) -> schemas.CalendarExport | None:
        urls = self._absolute(track_export_paths(track_id))
        return schemas.CalendarExport(**urls) if urls else None

    def session_exports(self, session_id: int) -> schemas.CalendarExport | None:
        urls = self._absolute(session_export_paths(session_id))
        return schemas.CalendarExport(**urls) if urls else None

    def news_feeds(
        self, indexes: Iterable[Page], category_slug: str | None = None
    ) -> list[schemas.NewsFeed]:
        """The feeds of news ``indexes`` (of one category when ``category_slug`` is given)."""
        feeds = []
        for index in indexes:
            urls = self._absolute(feed_paths(index.pk, category_slug))
            if urls:
                feeds.append(
                    schemas.NewsFeed(index=self.page_link(index), category=category_slug, **urls)
                )
        return feeds

    def prepare_rich_text(self, htmls: Iterable[str]) -> None:
        """Expand the rich texts of a response together: one lookup of the pages they link to."""
        todo = list(dict.fromkeys(html for html in htmls if html and html not in self._rich_texts))
        if not todo:
            return
        # The rewriter only touches <a> and <embed> tags, so a comment splits the parts again.
        with translation.override(self.audience.language_code):
            expanded = self._rewriter(RICH_TEXT_SEPARATOR.join(todo))
        parts = expanded.split(RICH_TEXT_SEPARATOR)
        if len(parts) != len(todo):  # a separator inside a text: expand them one by one
            with translation.override(self.audience.language_code):
                parts = [self._rewriter(html) for html in todo]
        self._rich_texts.update(zip(todo, parts, strict=True))

    def rich_text(self, html: str) -> str:
        """Rich text as HTML, its internal page links pointing at the requested locale.

        Expanded by Wagtail's rewriter with the requested language active, so every handler
        renders for that locale; page links follow the page-reference rule (see
        :meth:`resolve_pages`), a link to a page nobody may read losing its ``href``.
        """
        if not html:
            return ""
        if html not in self._rich_texts:
            self.prepare_rich_text([html])
        return self._rich_texts[html]

    @cached_property
    def _rewriter(self) -> MultiRuleRewriter:
        """Wagtail's rich-text rewriter (as ``expand_db_html`` builds it), with page links
        resolved in bulk for the requested locale."""
        link_rules = features.get_link_types()
        embed_rules = features.get_embed_types()
        link_bulk_rules = {
            kind: rule.expand_db_attributes_many for kind, rule in link_rules.items()
        }
        link_bulk_rules["page"] = self._page_link_tags
        return MultiRuleRewriter(
            [
                LinkRewriter(bulk_rules=link_bulk_rules),
                EmbedRewriter(
                    bulk_rules={
                        kind: rule.expand_db_attributes_many for kind, rule in embed_rules.items()
                    }
                ),
            ]
        )

    def _page_link_tags(self, attrs_list: list[dict]) -> list[str]:
        ids = [_int_or_none(attrs.get("id")) for attrs in attrs_list]
        links = self.resolve_pages(ids)
        return [
            f'<a href="{escape(link.url)}">' if (link := links.get(pk)) and link.url else "<a>"
            for pk in ids
        ]

    def load_snippet_translations(self, model: type[Model], snippets: Iterable[Model]) -> None:
        """Read every language version of ``snippets`` (of ``model``) in one query."""
        keys = {str(snippet.translation_key) for snippet in snippets}
        keys -= self._snippet_translations.keys()
        if not keys:
            return
        order = {code: n for n, code in enumerate(content_languages())}
        found: dict[str, dict[str, schemas.TranslationLink]] = defaultdict(dict)
        versions = model.objects.filter(translation_key__in=keys).values_list(
            "translation_key", "pk", "locale__language_code"
        )
        for key, pk, language_code in versions:
            found[str(key)][language_code] = schemas.TranslationLink(id=pk, url=None)
        for key in keys:
            links = found.get(key, {})
            self._snippet_translations[key] = dict(
                sorted(links.items(), key=lambda item: order.get(item[0], len(order)))
            )

    def snippet_translations(self, snippet: Model) -> dict[str, schemas.TranslationLink]:
        key = str(snippet.translation_key)
        if key not in self._snippet_translations:
            self.load_snippet_translations(type(snippet), [snippet])
        return self._snippet_translations[key]

    def resolve_pages(self, page_ids: Iterable[int | None]) -> dict[int, schemas.PageLink]:
        """Page references (choosers, foreign keys) by the page-reference rule, in two queries.

        wagtail-localize does not remap references to pages. A reference becomes its live,
        public, non-alias translation in the requested locale; else the page referred to (or,
        for an alias, its source) if a visitor may read it, its ``locale`` saying its language;
        else it is left out.
        """
        wanted = {pk for pk in page_ids if pk}
        ids = wanted - self._page_links.keys()
        if not ids:
            return {pk: link for pk in wanted if (link := self._page_links.get(pk))}
        referenced = {
            page.pk: page
            for page in Page.objects.filter(pk__in=ids).only("pk", "translation_key", "alias_of")
        }
        keys = {page.translation_key for page in referenced.values()}
        visible = self.audience.public(Page.objects.filter(translation_key__in=keys))
        visible = visible.select_related("locale").only(
            "pk", "title", "url_path", "translation_key", "locale__language_code"
        )
        by_pk: dict[int, Page] = {}
        in_locale: dict[Any, Page] = {}
        for page in visible:
            by_pk[page.pk] = page
            if page.locale.language_code == self.audience.language_code:
                in_locale[page.translation_key] = page
        for pk in ids:
            page = referenced.get(pk)
            target = page and (
                in_locale.get(page.translation_key)
                or by_pk.get(page.pk)
                or by_pk.get(page.alias_of_id)
            )
            self._page_links[pk] = (
                self.page_link(target, target.locale.language_code) if target else None
            )
        return {pk: link for pk in wanted if (link := self._page_links.get(pk))}

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
            exports=self.congress_exports(congress.pk),
        )

    def congress_detail(self, congress: CongressPage) -> schemas.CongressDetail:
        areas = [row.area for row in congress.thematic_areas.select_related("area")]
        return schemas.CongressDetail(
            **self.congress(congress).model_dump(exclude={"image", "translations", "exports"}),
            image=self.rendition(congress.image_id),
            translations=self.translations(congress),
            exports=self.congress_exports(congress.pk),
            thematic_areas=[self.thematic_area(area) for area in areas],
            json_ld=jsonld.congress_event(congress, self.request),
        )

    def track_ref(self, track: SessionTrackPage | None) -> schemas.TrackRef | None:
        """A session's track; a source track standing in for an untranslated alias carries
        ``reference_locale`` (set by :func:`alias_sources`), the language it is in."""
        if track is None:
            return None
        return schemas.TrackRef(
            id=track.pk,
            title=track.title,
            url=self.url(track),
            locale=getattr(track, "reference_locale", None) or self.audience.language_code,
            colour=track.colour,
            exports=self.track_exports(track.pk),
        )

    def track_tree(self, tracks: Sequence[SessionTrackPage]) -> list[schemas.TrackNode]:
        """Nest ``tracks`` (all visible tracks of a congress, in tree order) by their paths."""
        self.load_translations(tracks)
        self.prepare_rich_text(track.description for track in tracks)
        nodes: dict[str, schemas.TrackNode] = {}
        roots: list[schemas.TrackNode] = []
        for track in sorted(tracks, key=lambda track: track.path):
            node = schemas.TrackNode(
                id=track.pk,
                title=track.title,
                url=self.url(track),
                kind=track.kind,
                kind_label=self.label(TrackKind, track.kind) if track.kind in TrackKind else "",
                colour=track.colour,
                description=self.rich_text(track.description),
                signup_opens_at=track.signup_opens_at,
                translations=self.translations(track),
                exports=self.track_exports(track.pk),
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
            description=self.rich_text(session.description),
            congress=self.page_link(congress, congress.locale.language_code),
            json_ld=jsonld.session_event(session, congress, self.request),
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
            "format_label": self.label(SessionFormat, session.format),
            "language": session.language,
            "language_label": str(self.spoken_languages.get(session.language, session.language)),
            "speakers": [
                schemas.SessionSpeakerItem(
                    id=row.speaker.pk,
                    translation_key=str(row.speaker.translation_key),
                    name=row.speaker.name,
                    role=row.role,
                    role_label=self.label(SpeakerRole, row.role),
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
            "exports": self.session_exports(session.pk),
        }

    @cached_property
    def spoken_languages(self) -> dict[str, str]:
        with translation.override(self.audience.language_code or translation.get_language()):
            return {code: str(name) for code, name in spoken_language_choices()}

    def label(self, choices, value: str) -> str:
        """The label of a choice in the response's locale (not the request's language);
        each label is translated once per response, not once per session."""
        key = (choices, value)
        if key not in self._labels:
            with translation.override(self.audience.language_code or translation.get_language()):
                self._labels[key] = _label(choices, value)
        return self._labels[key]

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

    def partner_detail(self, partner) -> schemas.PartnerDetail:
        return schemas.PartnerDetail(
            **self.partner(partner).model_dump(exclude={"logo"}),
            logo=self.rendition(partner.logo_id),
            locale=partner.locale.language_code,
            description=self.rich_text(partner.description),
            translations=self.snippet_translations(partner),
        )

    def speaker(
        self, speaker: Speaker, sessions: list[schemas.SpeakerSession]
    ) -> schemas.SpeakerItem:
        return schemas.SpeakerItem(
            id=speaker.pk,
            translation_key=str(speaker.translation_key),
            locale=speaker.locale.language_code,
            name=speaker.name,
            position=speaker.position,
            organisation=speaker.organisation,
            bio=self.rich_text(speaker.bio),
            photo=self.rendition(speaker.photo_id),
            links=[
                schemas.ProfileLink(label=value.get("label", ""), url=value.get("url", ""))
                for value in _raw_values(speaker.links, "link")
            ],
            translations=self.snippet_translations(speaker),
            sessions=sessions,
        )

    def speaker_session(
        self,
        session: SessionPage,
        role: str,
        tz: zoneinfo.ZoneInfo,
        congress: schemas.PageLink | None = None,
    ) -> schemas.SpeakerSession:
        return schemas.SpeakerSession(
            id=session.pk,
            title=session.title,
            url=self.url(session),
            start=session.start.astimezone(tz),
            role=role,
            role_label=self.label(SpeakerRole, role),
            congress=congress,
        )

    def partner_role_label(self, role: str) -> str:
        return self.label(PartnerRole, role)

    # --- news ----------------------------------------------------------------------------

    def prepare_news(self, articles: Sequence[NewsArticlePage]) -> None:
        self.load_translations(articles)
        self.load_renditions(article.image_id for article in articles)

    def news_item(self, article: NewsArticlePage, tags: list[str]) -> schemas.NewsItem:
        category = article.category
        return schemas.NewsItem(
            id=article.pk,
            title=article.title,
            url=self.url(article),
            locale=self.audience.language_code,
            publication_date=article.publication_date,
            lead=article.lead,
            category=schemas.NewsCategoryItem(
                id=category.pk,
                translation_key=str(category.translation_key),
                name=category.name,
                slug=category.slug,
            )
            if category is not None
            else None,
            tags=tags,
            image=self.rendition(article.image_id),
            translations=self.translations(article),
        )

    def body(self, stream) -> list[Any]:
        """A ``BodyBlock`` stream as typed blocks, read from its raw data in bulk."""
        blocks = [
            block
            for block in _raw_blocks(stream)
            if isinstance(block.get("value"), dict) or block.get("type") in ("paragraph", "embed")
        ]
        self.load_renditions(
            block["value"].get("image") for block in blocks if block.get("type") == "image"
        )
        pages = self.resolve_pages(
            block["value"].get("page") for block in blocks if block.get("type") == "link"
        )
        self.prepare_rich_text(
            block["value"]
            for block in blocks
            if block.get("type") == "paragraph" and isinstance(block["value"], str)
        )
        items: list[Any] = []
        for block in blocks:
            kind, value, block_id = block.get("type"), block.get("value"), str(block.get("id", ""))
            if kind == "heading":
                items.append(
                    schemas.HeadingBlockItem(
                        type="heading",
                        id=block_id,
                        text=value.get("text", ""),
                        level=value.get("level") or "h2",
                    )
                )
            elif kind == "paragraph":
                items.append(
                    schemas.ParagraphBlockItem(
                        type="paragraph", id=block_id, html=self.rich_text(value or "")
                    )
                )
            elif kind == "image":
                image = self.rendition(value.get("image"))
                items.append(
                    schemas.ImageBlockItem(
                        type="image",
                        id=block_id,
                        image=image,
                        caption=value.get("caption") or "",
                        alt=value.get("alt_text") or (image.alt if image else ""),
                    )
                )
            elif kind == "quote":
                items.append(
                    schemas.QuoteBlockItem(
                        type="quote",
                        id=block_id,
                        quote=value.get("quote", ""),
                        attribution=value.get("attribution") or "",
                    )
                )
            elif kind == "link":
                page = pages.get(value.get("page"))
                if page is None and not value.get("url"):
                    continue  # a page nobody may read any more
                items.append(
                    schemas.LinkBlockItem(
                        type="link",
                        id=block_id,
                        label=value.get("label") or (page.title if page else ""),
                        url=value.get("url") or (page.url if page else None),
                        page=page,
                    )
                )
            elif kind == "embed" and value:
                url = value if isinstance(value, str) else value.get("url", "")
                items.append(schemas.EmbedBlockItem(type="embed", id=block_id, url=url))
        return items


RICH_TEXT_SEPARATOR = "<!--wagtail-congress:rich-text-->"


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def body_page_ids(stream) -> list[int]:
    """The ids of the pages a ``BodyBlock`` stream links to (link blocks and rich text)."""
    ids: list[int | None] = []
    for block in _raw_blocks(stream):
        value = block.get("value")
        if block.get("type") == "link" and isinstance(value, dict):
            ids.append(_int_or_none(value.get("page")))
        elif block.get("type") == "paragraph" and isinstance(value, str):
            ids += [
                _int_or_none(pk)
                for model, pk, *_rest in extract_references_from_rich_text(value)
                if issubclass(model, Page)
            ]
    return [pk for pk in ids if pk]


def _raw_blocks(stream) -> list[dict[str, Any]]:
    """The raw blocks of a StreamField value (no query: choosers are not resolved)."""
    if not stream:
        return []
    raw = getattr(stream, "raw_data", stream)
    return [block for block in raw if isinstance(block, dict)]


def _raw_values(stream, block_type: str) -> list[dict[str, Any]]:
    return [
        block["value"]
        for block in _raw_blocks(stream)
        if block.get("type") == block_type and isinstance(block.get("value"), dict)
    ]


def raw_list_items(values) -> list[Any]:
    """The values of a ``ListBlock``'s raw data (``[{type: item, value}]``, or a plain list)."""
    items = []
    for value in values or []:
        if isinstance(value, dict) and value.get("type") == "item":
            items.append(value.get("value"))
        else:
            items.append(value)
    return items


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value
