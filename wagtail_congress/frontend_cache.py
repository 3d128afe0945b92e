"""Purge the API and export URLs of congress content from a front-end cache on publish.

Wagtail's ``wagtail.contrib.frontend_cache`` purges a page's own URL when it is published or
unpublished. The package's API responses and exports are made of many pages (a programme of
a congress's sessions, a feed of a news index's articles), so publishing, unpublishing,
moving or deleting one page, or saving or deleting a snippet it shows, changes URLs Wagtail
does not know about. This module finds them and purges them through the backends the site
configured in ``WAGTAILFRONTENDCACHE``, once per transaction, after it commits.

Only active when ``wagtail.contrib.frontend_cache`` is installed and ``WAGTAILFRONTENDCACHE``
(or ``WAGTAILFRONTENDCACHE_LOCATION``) is set; otherwise every receiver returns at once.
Documented in docs/api.md ("Caching") and docs/settings.md.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q
from django.db.models.signals import post_save, pre_delete
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .conf import congress_settings
from .exports.links import (
    congress_export_paths,
    feed_paths,
    mounted_path,
    session_export_paths,
    speaker_export_paths,
    track_export_paths,
)

API_NAMESPACE = "wagtail_congress_api"

# The API routes about one congress (each takes ``congress_id``).
CONGRESS_ROUTES = (
    "congress_detail",
    "programme",
    "congress_sessions",
    "congress_tracks",
    "congress_speakers",
    "congress_partners",
)

_state = threading.local()


def is_enabled() -> bool:
    """Whether the site purges a front-end cache (installed and configured)."""
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return False
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
        or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


def api_path(name: str, **kwargs: Any) -> str | None:
    """The path of an API route, or ``None`` where the site did not mount the API."""
    return mounted_path(f"{API_NAMESPACE}:{name}", **kwargs)


def _classes() -> dict[str, type[Page]]:
    from .models import (
        CongressPage,
        NewsArticlePage,
        NewsIndexPage,
        PartnerListingPage,
        SessionPage,
        SessionTrackPage,
    )

    return {
        "congress": CongressPage,
        "track": SessionTrackPage,
        "session": SessionPage,
        "index": NewsIndexPage,
        "article": NewsArticlePage,
        "partners": PartnerListingPage,
    }


def _kind(page: Page) -> str | None:
    """What a page is to the purge (``"congress"``, ``"session"`` ...), from its content type."""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    for kind, cls in _classes().items():
        if model is not None and issubclass(model, cls):
            return kind
    return None


def _ancestor_paths(path: str, steplen: int) -> list[str]:
    return [path[:end] for end in range(steplen, len(path), steplen)]


# What the purge reads of a page (its URL needs ``url_path`` and its locale).
PAGE_FIELDS = ("pk", "path", "depth", "url_path", "content_type", "translation_key", "locale")


class PurgeBatch:
    """The URLs one transaction makes stale, purged together once it commits.

    Pages published, unpublished or moved are remembered by id and looked at after the
    commit (in bulk: a constant number of queries however many pages a programme import
    publishes); a page being deleted is looked at before its row goes.
    """

    def __init__(self) -> None:
        self.page_ids: set[int] = set()
        self.context_ids: set[int] = set()  # old parents of moved pages
        self.translation_keys: set[Any] = set()
        self.paths: set[tuple[str, str]] = set()  # (root URL, path)
        self.speakers: set[tuple[str, int]] = set()  # (language code, id): on every root URL
        self.category_slugs: dict[int, set[str]] = defaultdict(set)  # locale id -> slugs
        self._pages: dict[str, Page | None] = {}  # path -> page (ancestor lookups)
        self._language_codes: dict[int, str] = {}  # locale id -> language code

    # --- what happened ---------------------------------------------------------------

    def page_changed(self, page: Page) -> None:
        self.page_ids.add(page.pk)

    def page_moved(self, page: Page, parent_before: Page | None) -> None:
        self.page_ids.add(page.pk)
        if parent_before is not None:
            self.context_ids.add(parent_before.pk)

    def page_deleted(self, page: Page) -> None:
        """A page about to be deleted: its URLs and its ancestors' now, its translations later."""
        self.translation_keys.add(page.translation_key)
        self._collect([page], self._ancestors([page]))

    # --- turning pages into URLs -------------------------------------------------------

    def resolve(self) -> None:
        """Look at the pages remembered, their translations, subtrees and ancestors."""
        if not (self.page_ids or self.context_ids or self.translation_keys):
            return
        changed = list(Page.objects.filter(pk__in=self.page_ids).only("translation_key"))
        keys = {page.translation_key for page in changed} | self.translation_keys
        versions = list(Page.objects.filter(translation_key__in=keys).only("path"))
        subtree = Q()
        for version in versions:
            subtree |= Q(path__startswith=version.path)
        pages = (
            list(Page.objects.filter(subtree).select_related("locale").only(*PAGE_FIELDS))
            if versions
            else []
        )
        context = list(
            Page.objects.filter(pk__in=self.context_ids).select_related("locale").only(*PAGE_FIELDS)
        )
        self._collect(pages, self._ancestors(pages + context) + context)
        self.page_ids.clear()
        self.context_ids.clear()
        self.translation_keys.clear()

    def _ancestors(self, pages: list[Page]) -> list[Page]:
        """The ancestors of ``pages`` (one query for those not looked up yet)."""
        wanted = {path for page in pages for path in _ancestor_paths(page.path, page.steplen)}
        missing = wanted - self._pages.keys()
        if missing:
            found = Page.objects.filter(path__in=missing).select_related("locale")
            for page in found.only(*PAGE_FIELDS):
                self._pages[page.path] = page
            for path in missing:
                self._pages.setdefault(path, None)
        return [page for path in sorted(wanted) if (page := self._pages.get(path))]

    def _collect(self, pages: list[Page], ancestors: list[Page]) -> None:
        """Add the URLs showing ``pages`` (changed) and their ``ancestors`` (containing them)."""
        sessions: dict[int, str] = {}
        indexes: dict[int, Page] = {}
        for page, changed in [(page, True) for page in pages] + [(a, False) for a in ancestors]:
            kind = _kind(page)
            if kind is None:
                continue
            root = _root_url(page)
            code = self._language_code(page)
            if kind == "congress":
                self._congress(root, page, code, changed)
            elif kind == "track":
                self._exports(root, track_export_paths(page.pk))
            elif kind == "session" and changed:
                sessions[page.pk] = root
                self._api(root, code, "session_detail", session_id=page.pk)
                self._exports(root, session_export_paths(page.pk))
            elif kind == "index":
                indexes[page.pk] = page
                self._api(root, code, "news_listing")
                self._exports(root, feed_paths(page.pk))
            elif kind == "article" and changed:
                self._api(root, code, "news_listing")
                self._api(root, code, "news_detail", article_id=page.pk)
        self._speakers(sessions)
        self._news(indexes)

    def _language_code(self, page: Page) -> str:
        if Page.locale.is_cached(page):
            return page.locale.language_code
        if page.locale_id not in self._language_codes:
            self._language_codes[page.locale_id] = (
                Locale.objects.filter(pk=page.locale_id)
                .values_list("language_code", flat=True)
                .first()
                or ""
            )
        return self._language_codes[page.locale_id]

    def _congress(self, root: str, congress: Page, code: str, changed: bool) -> None:
        for name in CONGRESS_ROUTES:
            self._api(root, code, name, congress_id=congress.pk)
        if changed:  # its title, dates ... are in the listing and the lookup too
            self._api(root, code, "list_congresses")
            if (path := api_path("find_congress")) and (parts := congress.get_url_parts()):
                self.paths.add((root, f"{path}?{urlencode({'path': parts[2]})}"))
        self._exports(root, congress_export_paths(congress.pk))
        self._chosen_calendars(root, congress.pk)

    def _speakers(self, sessions: dict[int, str]) -> None:
        """The speakers of ``sessions`` (session id -> root URL) list them: one query."""
        from .models import SessionSpeaker

        if not sessions:
            return
        rows = SessionSpeaker.objects.filter(page_id__in=sessions).values_list(
            "page_id", "speaker_id", "speaker__locale__language_code"
        )
        for page_id, speaker_id, code in rows:
            self._api(sessions[page_id], code, "speaker_detail", speaker_id=speaker_id)
            self._speaker_calendars(sessions[page_id], speaker_id)

    def _news(self, indexes: dict[int, Page]) -> None:
        """Each news index's articles ("other news" lists its siblings), category feeds."""
        from .models import NewsArticlePage

        if not indexes:
            return
        q = Q()
        for index in indexes.values():
            q |= Q(path__startswith=index.path, depth=index.depth + 1)
        articles = NewsArticlePage.objects.filter(q).values_list("pk", "path", "category__slug")
        by_path = {index.path: index for index in indexes.values()}
        for pk, path, slug in articles:
            index = by_path[path[: -Page.steplen]]
            root, code = _root_url(index), self._language_code(index)
            self._api(root, code, "news_detail", article_id=pk)
            if slug:
                self._exports(root, feed_paths(index.pk, slug))
        for index in indexes.values():  # categories renamed or deleted: their old feeds
            for slug in self.category_slugs.get(index.locale_id, ()):
                self._exports(_root_url(index), feed_paths(index.pk, slug))

    def _api(self, root: str, language_code: str, name: str, **kwargs: Any) -> None:
        """An API route: its bare path, with the locale, and the wildcard a CDN may take."""
        path = api_path(name, **kwargs)
        if path is None:
            return
        self.paths.add((root, path))
        self.paths.add((root, f"{path}?{urlencode({'locale': language_code})}"))
        if wildcard := congress_settings.FRONTEND_CACHE_WILDCARD:
            self.paths.add((root, path + wildcard))

    def _exports(self, root: str, paths: dict[str, str | None]) -> None:
        self.paths.update((root, path) for path in paths.values() if path)

    def _speaker_calendars(self, root: str, speaker_id: int) -> None:
        """A speaker's calendars: in the speaker's locale, and with ``?locale=`` for each
        language (an untranslated speaker shown in another locale's sessions)."""
        self._exports(root, speaker_export_paths(speaker_id))
        for code in _content_languages():
            self._exports(root, speaker_export_paths(speaker_id, code))

    def _chosen_calendars(self, root: str, congress_id: int) -> None:
        """Calendars of chosen sessions differ by query string: purged by the wildcard a
        CDN takes (``FRONTEND_CACHE_WILDCARD``), if any; bare, they are an empty calendar."""
        paths = congress_export_paths(congress_id)
        wildcard = congress_settings.FRONTEND_CACHE_WILDCARD
        for name in ("chosen_ical", "chosen_xcal"):
            if path := paths[name]:
                self.paths.add((root, path))
                if wildcard:
                    self.paths.add((root, path + wildcard))

    # --- purging -------------------------------------------------------------------------

    def urls(self) -> list[str]:
        """Absolute URLs: on ``FRONTEND_CACHE_BASE_URLS``, else on each page's site."""
        paths = set(self.paths)
        if self.speakers:  # snippets have no site: on the sites of the pages showing them
            roots = {root for root, _path in paths} or {_default_root_url()}
            for code, pk in self.speakers:
                for root in roots:
                    self._api(root, code, "speaker_detail", speaker_id=pk)
                    self._speaker_calendars(root, pk)
            paths = set(self.paths)
        bases = congress_settings.FRONTEND_CACHE_BASE_URLS
        if isinstance(bases, str):
            bases = [bases]
        found = set()
        for root, path in paths:
            for base in bases or [root]:
                found.add(base.rstrip("/") + path)
        return sorted(found)

    def purge(self) -> None:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        self.resolve()
        purge_urls_from_cache(self.urls())

    def flush(self) -> None:
        """The ``on_commit`` callback: purge, and let the next change start a new batch."""
        if getattr(_state, "batch", None) is self:
            _state.batch = None
        self.purge()


def _root_url(page: Page) -> str:
    """The root URL of the site ``page`` is on (else the default site's)."""
    parts = page.get_url_parts()
    if parts and parts[1]:
        return parts[1]
    return _default_root_url()


def _content_languages() -> list[str]:
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    return [code for code, _name in languages]


def _default_root_url() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else getattr(settings, "WAGTAILADMIN_BASE_URL", "")


def record(change: Callable[[PurgeBatch], None]) -> None:
    """Note ``change`` in this transaction's batch, purged once it commits.

    Outside a transaction the purge happens at once. A batch whose transaction was rolled
    back (its callback discarded) is dropped, so it never swallows later changes.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        batch = PurgeBatch()
        change(batch)
        batch.purge()
        return
    batch = getattr(_state, "batch", None)
    pending = batch is not None and any(
        callback == batch.flush for _sids, callback, _robust in connection.run_on_commit
    )
    if not pending:
        batch = _state.batch = PurgeBatch()
        transaction.on_commit(batch.flush, robust=True)
    change(batch)


def purge_pages(pages: Iterable[Page]) -> None:
    """Purge what shows ``pages`` after the transaction (for code that bypasses signals)."""
    if not is_enabled():
        return
    pages = list(pages)
    record(lambda batch: [batch.page_changed(page) for page in pages])


# --- receivers -----------------------------------------------------------------------------


def _is_congress_page(instance: Any) -> bool:
    from .models import CongressBasePage

    return isinstance(instance, CongressBasePage)


def _is_congress_page_class(model: Any) -> bool:
    from .models import CongressBasePage

    return isinstance(model, type) and issubclass(model, CongressBasePage)


def on_page_published(sender: type, instance: Page, **kwargs: Any) -> None:
    """Published or unpublished (``page_published``, ``page_unpublished``)."""
    if _is_congress_page(instance) and is_enabled():
        record(lambda batch: batch.page_changed(instance))


def on_page_moved(sender: type, instance: Page, parent_page_before=None, **kwargs: Any) -> None:
    # Wagtail sends the moved page as a plain ``Page``: its class is the sender.
    if _is_congress_page_class(sender) and is_enabled():
        record(lambda batch: batch.page_moved(instance, parent_page_before))


def on_page_deleted(sender: type, instance: Model, **kwargs: Any) -> None:
    """``pre_delete``: the page and its ancestors are still in the database."""
    if _is_congress_page(instance) and is_enabled():
        record(lambda batch: batch.page_deleted(instance))


def on_snippet_changed(sender: type, instance: Model, raw: bool = False, **kwargs: Any) -> None:
    """A speaker, partner, thematic area or news category was saved or is being deleted."""
    if raw or not is_enabled():
        return
    from .models import NewsCategory, Speaker

    pages = pages_showing(instance)
    if not pages:
        return  # shown nowhere a visitor can see (a speaker of no session)
    speakers = set()
    if isinstance(instance, Speaker):
        versions = type(instance).objects.filter(translation_key=instance.translation_key)
        speakers = set(versions.values_list("locale__language_code", "pk"))

    def change(batch: PurgeBatch) -> None:
        for page in pages:
            batch.page_changed(page)
        batch.speakers |= speakers
        if isinstance(instance, NewsCategory) and instance.slug:
            batch.category_slugs[instance.locale_id].add(instance.slug)

    record(change)


def pages_showing(snippet: Model) -> list[Page]:
    """The pages whose API responses and exports show ``snippet`` (any language version)."""
    from .models import (
        CongressPage,
        CongressThematicArea,
        NewsArticlePage,
        NewsCategory,
        Partner,
        SessionPartner,
        SessionSpeaker,
        SessionThematicArea,
        Speaker,
        ThematicArea,
        TrackPartner,
    )

    key = snippet.translation_key
    ids: set[int] = set()
    if isinstance(snippet, Speaker):
        ids |= set(
            SessionSpeaker.objects.filter(speaker__translation_key=key).values_list(
                "page_id", flat=True
            )
        )
    elif isinstance(snippet, Partner):
        for model in (SessionPartner, TrackPartner):
            ids |= set(
                model.objects.filter(partner__translation_key=key).values_list("page_id", flat=True)
            )
        # Partner groups are a StreamField: every congress of the partner's languages.
        locales = type(snippet).objects.filter(translation_key=key).values("locale_id")
        ids |= set(CongressPage.objects.filter(locale_id__in=locales).values_list("pk", flat=True))
    elif isinstance(snippet, ThematicArea):
        for model in (SessionThematicArea, CongressThematicArea):
            ids |= set(
                model.objects.filter(area__translation_key=key).values_list("page_id", flat=True)
            )
    elif isinstance(snippet, NewsCategory):
        ids |= set(
            NewsArticlePage.objects.filter(category__translation_key=key).values_list(
                "pk", flat=True
            )
        )
    return list(Page.objects.filter(pk__in=ids).only("pk"))


def register() -> None:
    """Connect the purge receivers where ``wagtail.contrib.frontend_cache`` is installed.

    Each returns at once while ``WAGTAILFRONTENDCACHE`` is not set (read at call time).
    """
    from .models import CongressBasePage, NewsCategory, Partner, Speaker, ThematicArea

    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return
    page_published.connect(on_page_published, dispatch_uid="wagtail_congress.purge_published")
    page_unpublished.connect(on_page_published, dispatch_uid="wagtail_congress.purge_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="wagtail_congress.purge_moved")
    # One receiver per page model: a receiver for every sender would make Django fetch the
    # rows of every bulk deletion in the project just to send it the signal.
    for model in apps.get_models():
        if issubclass(model, CongressBasePage):
            pre_delete.connect(
                on_page_deleted,
                sender=model,
                dispatch_uid=f"wagtail_congress.purge_{model._meta.model_name}_deleted",
            )
    for model in (Speaker, Partner, ThematicArea, NewsCategory):
        uid = f"wagtail_congress.purge_{model._meta.model_name}"
        post_save.connect(on_snippet_changed, sender=model, dispatch_uid=f"{uid}_saved")
        pre_delete.connect(on_snippet_changed, sender=model, dispatch_uid=f"{uid}_deleted")
