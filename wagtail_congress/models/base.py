"""What every page type of the package shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.models import Page

from ..preview import HeadlessPreviewMixin
from ..translation import translation_slug

if TYPE_CHECKING:
    from .congress import CongressPage


def congress_for(page: Page | None) -> CongressPage | None:
    """The congress ``page`` belongs to: itself, or its nearest congress ancestor.

    Works for a page that is not saved yet if it is given its future parent.
    """
    from .congress import CongressPage

    if page is None:
        return None
    page = page.specific_deferred if type(page) is Page else page
    if isinstance(page, CongressPage):
        return page
    if not page.path:
        return None
    return CongressPage.objects.ancestor_of(page).order_by("-depth").first()


def page_tabs(*tabs: tuple[list, str]) -> TabbedInterface:
    """An edit handler with the given ``(panels, heading)`` tabs, then Promote and Settings."""
    return TabbedInterface(
        [ObjectList(panels, heading=heading) for panels, heading in tabs]
        + [
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings"), classname="settings"),
        ]
    )


class LanguageVersion(NamedTuple):
    """One language version of a page, for a language switcher or ``hreflang`` alternates."""

    language_code: str
    name: str
    name_local: str
    title: str
    url: str
    full_url: str
    is_current: bool
    page: Page


def _content_language_order() -> dict[str, int]:
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    return {code: position for position, (code, _name) in enumerate(languages)}


def _language_names(language_code: str) -> tuple[str, str]:
    try:
        info = get_language_info(language_code)
    except KeyError:
        return language_code, language_code
    return capfirst(info["name_translated"]), capfirst(info["name_local"])


def language_versions(page: Page, request: HttpRequest | None = None) -> list[LanguageVersion]:
    """Every live, public, non-alias language version of ``page``, ``page`` included.

    Ordered as ``WAGTAIL_CONTENT_LANGUAGES``; drafts, unpublished, private and
    locale-synchronisation alias pages are left out, so a switcher or ``hreflang`` never
    points at something a visitor cannot read in that language. Works for any page type.
    """
    pages = (
        page.get_translations(inclusive=True)
        .live()
        .public()
        .filter(alias_of__isnull=True)
        .select_related("locale")
    )
    order = _content_language_order()
    versions = []
    for version in pages:
        url = version.get_url(request)
        if not url:
            continue  # not routable on any site
        code = version.locale.language_code
        name, name_local = _language_names(code)
        versions.append(
            LanguageVersion(
                language_code=code,
                name=name,
                name_local=name_local,
                title=version.title,
                url=url,
                full_url=version.get_full_url(request) or url,
                is_current=version.pk == page.pk,
                page=version,
            )
        )
    versions.sort(key=lambda version: order.get(version.language_code, len(order)))
    return versions


def foreign_alias_q() -> Q:
    """Pages that are aliases of a page in another locale (stand-ins for a missing translation).

    Listings exclude them: their content is the source's, in the source's language.
    """
    return Q(alias_of__isnull=False) & ~Q(alias_of__locale_id=F("locale_id"))


class TranslatedPageMixin:
    """How a page behaves next to its translations; use it on a site's own pages too.

    ``class HomePage(TranslatedPageMixin, Page)`` gets ASCII slugs for translations, alias
    stand-ins redirecting to their source, ``language_versions()`` and sitemap alternates.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, giving a translation an ASCII slug where wagtail-localize made a lossy one.

        wagtail-localize slugifies the Polish slug of a new translation (``łódź`` -> ``odz``);
        a slug derived that way is transliterated (``lodz``), a translator's own slug is kept.
        Only checked on saves that validate and write the slug, before ``url_path`` is set.
        """
        update_fields = kwargs.get("update_fields")
        clean = kwargs.get("clean", args[0] if args else True)
        writes_slug = update_fields is None or "slug" in update_fields
        if clean and writes_slug and (slug := translation_slug(self)):
            self.slug = slug
        return super().save(*args, **kwargs)

    @property
    def is_foreign_locale_alias(self) -> bool:
        """Whether this page is an alias of a page in another locale.

        wagtail-localize's locale synchronisation ("Sync from") and Wagtail's
        ``copy_for_translation(alias=True)`` create these: an English-tree page whose content is
        the Polish source's, waiting for a translation.
        """
        if not self.alias_of_id:
            return False
        source_locale_id = (
            Page.objects.filter(pk=self.alias_of_id).values_list("locale_id", flat=True).first()
        )
        return source_locale_id is not None and source_locale_id != self.locale_id

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Route to a descendant only through a live page.

        Wagtail routes through unpublished pages and serves their live children, so taking a
        congress or a track offline would leave its sessions on the web at their old URLs
        (the API, sitemap and exports hide such sections too: ``Audience.hidden_paths``).
        """
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Serve the page; an alias of another locale's page redirects (302) to that page.

        An alias made by locale synchronisation holds untranslated Polish content under
        ``/en/``. Rendering it would present Polish text as English (with ``lang="en"`` and an
        English URL search engines would index). A temporary redirect sends visitors to the real
        content in its own language and URL, and keeps search engines from indexing the alias,
        while the alias's URL stays reserved for the translation that will replace it.
        """
        if self.is_foreign_locale_alias:
            source = Page.objects.live().public().filter(pk=self.alias_of_id).first()
            url = source.get_url(request) if source else None
            if not url:
                raise Http404
            return redirect(url)
        return super().serve(request, *args, **kwargs)

    def language_versions(self, request: HttpRequest | None = None) -> list[LanguageVersion]:
        """The language versions a visitor can read (see :func:`language_versions`)."""
        return language_versions(self, request)

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        """The sitemap entry, with ``hreflang`` alternates for every language version.

        Alias pages of another locale are left out (they redirect, see :meth:`serve`).
        """
        if self.is_foreign_locale_alias:
            return []
        urls = super().get_sitemap_urls(request)
        versions = self.language_versions(request)
        if len(versions) < 2:
            return urls
        alternates = [
            {
                "lang_code": version.language_code,
                "location": version.full_url,
            }
            for version in versions
        ]
        for url in urls:
            url["alternates"] = alternates
        return urls


class CongressBasePage(HeadlessPreviewMixin, TranslatedPageMixin, Page):
    """Abstract base for the package's page types."""

    class Meta:
        abstract = True

    @cached_property
    def congress(self) -> CongressPage | None:
        """The congress this page belongs to (``None`` for pages outside any congress)."""
        return congress_for(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["congress"] = self.congress
        return context
