"""Endpoint classes for Wagtail's API v2 (DRF), for sites already on v2.

Register them on a ``WagtailAPIRouter`` (docs/api.md, "Wagtail API v2 and v3")::

    from wagtail.api.v2.router import WagtailAPIRouter
    from wagtail_congress.api import v2 as congress_v2

    api_router = WagtailAPIRouter("wagtailapi")
    api_router.register_endpoint("pages", congress_v2.CongressPagesAPIViewSet)
    congress_v2.register_snippet_endpoints(api_router)
    urlpatterns += [path("api/v2/", api_router.urls)]

:class:`CongressPagesAPIViewSet` is Wagtail's ``PagesAPIViewSet`` with the package's rules:
anonymous visibility (live, public, not an alias, nothing below an unpublished page) and
prefetching, so ``?type=wagtail_congress.SessionPage&fields=*`` runs the same number of
queries for 10 sessions or 300. The snippet endpoints list a speaker, partner, thematic area
or news category only when visible content uses it, filtered by ``?locale=``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Model, Prefetch, Q, QuerySet
from rest_framework.fields import CharField
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, LocaleFilter, OrderingFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet
from wagtail.search.backends import get_search_backend

from ..conf import congress_settings
from ..models import (
    CongressPage,
    CongressThematicArea,
    NewsArticlePage,
    NewsArticleTag,
    NewsCategory,
    Partner,
    PartnerListingPage,
    SessionPage,
    SessionPartner,
    SessionSpeaker,
    SessionThematicArea,
    SessionTrackPage,
    Speaker,
    ThematicArea,
    TrackPartner,
)
from .routes.lookup import split_language
from .stock_fields import PRELOADED, _list_items
from .visibility import Audience


def images_with_renditions() -> QuerySet:
    """Images with the API's rendition prefetched (none created: the first request does)."""
    return get_image_model().objects.prefetch_renditions(congress_settings.API_IMAGE_RENDITION)


def _partner_rows(model: type[Model]) -> Prefetch:
    partners = Partner.objects.prefetch_related(Prefetch("logo", images_with_renditions()))
    return Prefetch("partners", model.objects.prefetch_related(Prefetch("partner", partners)))


def _area_rows(model: type[Model]) -> Prefetch:
    return Prefetch("thematic_areas", model.objects.select_related("area"))


def with_api_prefetches(queryset: QuerySet) -> QuerySet:
    """``queryset`` with what the model's ``api_fields`` read, in a constant number of queries."""
    model = queryset.model
    if issubclass(model, Page):
        queryset = queryset.select_related("locale")
    if model is SessionPage:
        speakers = Speaker.objects.prefetch_related(Prefetch("photo", images_with_renditions()))
        return queryset.prefetch_related(
            Prefetch(
                "speakers",
                SessionSpeaker.objects.prefetch_related(Prefetch("speaker", speakers)),
            ),
            _partner_rows(SessionPartner),
            _area_rows(SessionThematicArea),
        )
    if model is SessionTrackPage:
        return queryset.prefetch_related(_partner_rows(TrackPartner))
    if model is CongressPage:
        return queryset.prefetch_related(
            Prefetch("image", images_with_renditions()), _area_rows(CongressThematicArea)
        )
    if model is NewsArticlePage:
        return queryset.select_related("category", "related_congress").prefetch_related(
            Prefetch("image", images_with_renditions()),
            Prefetch("related_sessions", queryset=_related_session_rows()),
            Prefetch("tagged_items", NewsArticleTag.objects.select_related("tag")),
        )
    if model is Speaker:
        return queryset.prefetch_related(Prefetch("photo", images_with_renditions()))
    if model is Partner:
        return queryset.prefetch_related(Prefetch("logo", images_with_renditions()))
    return queryset


def _related_session_rows() -> QuerySet:
    from ..models import NewsArticleRelatedSession

    return NewsArticleRelatedSession.objects.select_related("session", "page")


def attach_tracks(sessions: Iterable[Any]) -> None:
    """Set each session's ``track`` (its parent page) from one query, not one per session."""
    sessions = [page for page in sessions if isinstance(page, SessionPage)]
    parent_paths = {page.path[: -Page.steplen] for page in sessions}
    if not parent_paths:
        return
    tracks = {
        track.path: track
        for track in SessionTrackPage.objects.filter(path__in=parent_paths).select_related("locale")
    }
    for page in sessions:
        page.__dict__["track"] = tracks.get(page.path[: -Page.steplen])


def preload(pages: Sequence[Any]) -> dict[str, dict]:
    """What the ``api_fields`` of ``pages`` look up beyond their prefetches, in bulk: partners
    of partner groups and page references, in the locale of the page holding them.

    Passed to the fields in the serializer context (``stock_fields.PRELOADED``).
    """
    return {
        "partners": _group_partners(
            [page for page in pages if isinstance(page, (CongressPage, PartnerListingPage))]
        ),
        "pages": _page_references([page for page in pages if isinstance(page, NewsArticlePage)]),
    }


def _group_partners(pages: Sequence[Page]) -> dict[tuple[int, int], Partner]:
    wanted = {(page.locale_id, pk) for page in pages for pk in _stream_partner_ids([page])}
    if not wanted:
        return {}
    ids = {pk for _locale_id, pk in wanted}
    candidates = Partner.objects.filter(
        Q(pk__in=ids)
        | Q(
            translation_key__in=Partner.objects.filter(pk__in=ids).values("translation_key"),
            locale_id__in={locale_id for locale_id, _pk in wanted},
        )
    ).prefetch_related(Prefetch("logo", images_with_renditions()))
    by_pk = {partner.pk: partner for partner in candidates}
    by_key = {(partner.translation_key, partner.locale_id): partner for partner in by_pk.values()}
    return {
        (locale_id, pk): by_key.get((by_pk[pk].translation_key, locale_id), by_pk[pk])
        for locale_id, pk in wanted
        if pk in by_pk
    }


def _page_references(articles: Sequence[NewsArticlePage]) -> dict[tuple, Page]:
    """``(model, referenced page id, locale id)`` -> the page in that locale (or itself)."""
    references: dict[type[Page], set[tuple[Page, int]]] = {CongressPage: set(), SessionPage: set()}
    for article in articles:
        if article.related_congress_id:
            references[CongressPage].add((article.related_congress, article.locale_id))
        for row in article.related_sessions.all():
            references[SessionPage].add((row.session, article.locale_id))
    found: dict[tuple, Page] = {}
    for model, pairs in references.items():
        if not pairs:
            continue
        keys = {page.translation_key for page, _locale_id in pairs}
        locales = {locale_id for _page, locale_id in pairs}
        translations = {
            (page.translation_key, page.locale_id): page
            for page in model.objects.filter(
                translation_key__in=keys, locale_id__in=locales
            ).select_related("locale")
        }
        for page, locale_id in pairs:
            found[model, page.pk, locale_id] = translations.get(
                (page.translation_key, locale_id), page
            )
    return found


def check_find_id(request: Any) -> None:
    """``find/?id=`` must be a whole number: Wagtail's own ``find`` answers a 500 otherwise."""
    value = request.GET.get("id")
    if value is not None and not (value.isascii() and value.isdecimal()):
        raise BadRequestError("id must be a whole number")


class WholeNumberFindMixin:
    """``find/?id=abc`` is a 400 naming ``id``, not the 500 of Wagtail's own endpoints."""

    def find_object(self, queryset: QuerySet, request: Any) -> Model | None:
        check_find_id(request)
        return super().find_object(queryset, request)


class CongressImagesAPIViewSet(WholeNumberFindMixin, ImagesAPIViewSet):
    """Wagtail's images endpoint, with ``find/?id=`` checked."""


class CongressDocumentsAPIViewSet(WholeNumberFindMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint, with ``find/?id=`` checked."""


class CongressPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint with the package's visibility rules and prefetching.

    Use it in place of ``PagesAPIViewSet``: it serves every page type, the package's with
    their nested ``api_fields`` loaded in bulk.
    """

    @classmethod
    def get_available_fields(cls, model: type[Model], db_fields_only: bool = False) -> list[str]:
        fields = super().get_available_fields(model, db_fields_only)
        if db_fields_only:
            # ``?format=`` is DRF's renderer parameter (``?format=json``), not a filter on
            # ``SessionPage.format``: without this, ``?format=json`` would list no session.
            fields = [name for name in fields if name != "format"]
        return fields

    def get_base_queryset(self) -> PageQuerySet:
        """Pages an anonymous visitor may read: also no aliases (a locale-synchronisation alias
        holds untranslated content under another language's URL) and nothing below an
        unpublished page (Wagtail serves those, the package's API does not)."""
        if not hasattr(self, "_base_queryset"):
            base = super().get_base_queryset()
            visible = self.audience.public(base)
            if "search" in self.request.GET:
                # The search backend filters on indexed fields only (``id`` is one; the alias
                # and ancestor conditions are not): search among the visible pages' ids.
                visible = base.filter(id__in=list(visible.values_list("id", flat=True)))
            self._base_queryset = visible
        return self._base_queryset._chain()

    @property
    def audience(self) -> Audience:
        """Hidden sections, read once per request and shared with the nested fields."""
        if not hasattr(self, "_audience"):
            self._audience = Audience("")
        return self._audience

    def get_queryset(self) -> QuerySet:
        return with_api_prefetches(super().get_queryset())

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["wagtail_congress_audience"] = self.audience
        context[PRELOADED] = getattr(self, "_preloaded", {})
        return context

    def paginate_queryset(self, queryset: QuerySet) -> list[Any]:
        pages = list(super().paginate_queryset(queryset))
        attach_tracks(pages)
        self._preloaded = preload(pages)
        return pages

    def find_object(self, queryset: QuerySet, request: Any) -> Page | None:
        """``?html_path=`` in any locale: the language prefix (``/en/…``) picks the tree.

        Wagtail's own ``find`` routes from the default site's root page only, so an English
        path is never found (wagtail#6679).
        """
        if "html_path" not in request.GET:
            check_find_id(request)
            return super().find_object(queryset, request)
        site = Site.find_for_request(request)
        language, rest = split_language(request.GET["html_path"])
        for root in Site.get_site_root_paths():
            if site and root.site_id == site.pk and root.language_code == language:
                return queryset.filter(url_path=root.root_path + rest).first()
        return None

    def get_object(self) -> Page:
        """The specific page, fetched again with the prefetches (``.specific`` drops them)."""
        if not hasattr(self, "_specific_object"):
            page = BaseAPIViewSet.get_object(self)
            model = page.specific_class or type(page)
            specific = with_api_prefetches(model.objects.filter(pk=page.pk)).get()
            attach_tracks([specific])
            self._preloaded = preload([specific])
            self._specific_object = specific
        return self._specific_object


def visible_pages(model: type[Page]) -> PageQuerySet:
    return Audience("").public(model.objects.all())


class SnippetAPIViewSet(WholeNumberFindMixin, BaseAPIViewSet):
    """A read-only v2 endpoint for one of the package's translatable snippets.

    ``?locale=pl`` filters by language; ``meta.locale`` gives each item's. Only snippets that
    visible content uses are listed (see :meth:`visible_ids`).
    """

    filter_backends = [FieldsFilter, OrderingFilter, LocaleFilter]
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    meta_fields = BaseAPIViewSet.meta_fields + [
        APIField("locale", serializer=CharField(source="locale.language_code")),
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["locale"]
    nested_default_fields = BaseAPIViewSet.nested_default_fields + ["locale"]

    @classmethod
    def visible_ids(cls) -> QuerySet | set[int]:
        """Ids (or a subquery of ids) of the snippets visible content uses."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        queryset = self.model.objects.filter(pk__in=self.visible_ids()).select_related("locale")
        if "search" in self.request.GET:
            queryset = queryset.filter(pk__in=self.search_ids())
        return with_api_prefetches(queryset).order_by("id")

    def search_ids(self) -> list[int]:
        """Ids of the snippets the site's search backend finds for ``?search=``.

        Searched over all the model's snippets and then intersected with the visible ones:
        the backend filters on indexed fields only, and the visibility rule is not one.
        """
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        results = get_search_backend().search(
            self.request.GET["search"],
            self.model.objects.all(),
            operator=self.request.GET.get("search_operator"),
        )
        return [snippet.pk for snippet in results]


def _ids_on_visible_pages(rows: type[Model], page_model: type[Page], field: str) -> set[int]:
    """``field`` (a snippet id) of the inline ``rows`` that hang on visible ``page_model``s."""
    queryset = rows.objects.filter(page__in=visible_pages(page_model))
    return set(queryset.values_list(field, flat=True))


def _stream_partner_ids(pages: Sequence[Page]) -> set[int]:
    return {
        pk
        for page in pages
        for block in page.partners.raw_data
        if block.get("type") == "group" and isinstance(block.get("value"), dict)
        for pk in _list_items(block["value"].get("partners"))
    }


class SpeakersAPIViewSet(SnippetAPIViewSet):
    """Speakers of visible sessions."""

    name = "speakers"
    model = Speaker

    @classmethod
    def visible_ids(cls) -> QuerySet:
        rows = SessionSpeaker.objects.filter(page__in=visible_pages(SessionPage))
        return rows.values("speaker_id")


class PartnersAPIViewSet(SnippetAPIViewSet):
    """Partners of visible sessions, tracks, congresses and partner listings."""

    name = "partners"
    model = Partner

    @classmethod
    def visible_ids(cls) -> set[int]:
        ids = _ids_on_visible_pages(SessionPartner, SessionPage, "partner_id")
        ids |= _ids_on_visible_pages(TrackPartner, SessionTrackPage, "partner_id")
        for model in (CongressPage, PartnerListingPage):
            ids.update(_stream_partner_ids(visible_pages(model).only("pk", "partners")))
        return ids


class ThematicAreasAPIViewSet(SnippetAPIViewSet):
    """Thematic areas of visible congresses and sessions."""

    name = "thematic_areas"
    model = ThematicArea

    @classmethod
    def visible_ids(cls) -> set[int]:
        return _ids_on_visible_pages(
            CongressThematicArea, CongressPage, "area_id"
        ) | _ids_on_visible_pages(SessionThematicArea, SessionPage, "area_id")


class NewsCategoriesAPIViewSet(SnippetAPIViewSet):
    """Categories of visible news articles."""

    name = "news_categories"
    model = NewsCategory

    @classmethod
    def visible_ids(cls) -> QuerySet:
        return visible_pages(NewsArticlePage).filter(category__isnull=False).values("category_id")


SNIPPET_ENDPOINTS: list[type[SnippetAPIViewSet]] = [
    SpeakersAPIViewSet,
    PartnersAPIViewSet,
    ThematicAreasAPIViewSet,
    NewsCategoriesAPIViewSet,
]


def register_snippet_endpoints(router: WagtailAPIRouter, prefix: str = "congress_") -> None:
    """Register the snippet endpoints as ``<prefix><name>`` (``congress_speakers`` ...)."""
    for endpoint in SNIPPET_ENDPOINTS:
        router.register_endpoint(f"{prefix}{endpoint.name}", endpoint)


def build_router(namespace: str = "wagtailapi") -> WagtailAPIRouter:
    """A v2 router with the package's pages endpoint (as ``pages``), Wagtail's images and
    documents endpoints, and the snippet endpoints."""
    router = WagtailAPIRouter(namespace)
    router.register_endpoint("pages", CongressPagesAPIViewSet)
    router.register_endpoint("images", CongressImagesAPIViewSet)
    router.register_endpoint("documents", CongressDocumentsAPIViewSet)
    register_snippet_endpoints(router)
    return router
