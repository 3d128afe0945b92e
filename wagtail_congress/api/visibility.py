"""What an anonymous visitor may see: live, public, non-alias pages of one locale.

Every route starts from an :class:`Audience`, so no queryset of the API forgets a condition
(Wagtail's own APIs have leaked drafts and private pages: GHSA-3vrh-m9w7-v94f).
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db.models import Model, Q
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from .errors import bad_parameter, not_found

PageModel = TypeVar("PageModel", bound=Page)


def content_languages() -> list[str]:
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    return [code for code, _name in languages]


def requested_language(locale: str | None) -> str:
    """The content language asked for, or the request's language (``LocaleMiddleware``)."""
    languages = content_languages()
    if locale is None:
        active = translation.get_language() or settings.LANGUAGE_CODE
        for code in (active, active.split("-")[0]):
            if code in languages:
                return code
        return languages[0]
    if locale not in languages:
        raise bad_parameter(
            "locale",
            _("Unknown locale. Use one of: %s.") % ", ".join(languages),
        )
    return locale


class Audience:
    """An anonymous visitor reading one locale.

    Hidden sections (pages with a view restriction, and unpublished pages that have children)
    are read once per request, in one query: ``PageQuerySet.public()`` would run a query each
    time it is called, and Wagtail serves the children of an unpublished page, which a
    visitor's API must not.
    """

    def __init__(self, language_code: str) -> None:
        self.language_code = language_code

    @cached_property
    def hidden_paths(self) -> list[str]:
        restricted = Q(pk__in=PageViewRestriction.objects.values("page_id"))
        unpublished_parent = Q(live=False, numchild__gt=0, depth__gt=1)
        paths = Page.objects.filter(restricted | unpublished_parent).values_list("path", flat=True)
        return sorted(set(paths))

    @cached_property
    def hidden_q(self) -> Q:
        q = Q()
        for path in self.hidden_paths:
            q |= Q(path__startswith=path)
        return q

    def is_hidden(self, page: Page) -> bool:
        """Whether ``page`` is in a private or unpublished section (not whether it is live)."""
        return any(page.path.startswith(path) for path in self.hidden_paths)

    def public(self, queryset: PageQuerySet) -> PageQuerySet:
        """``queryset`` reduced to live, public, non-alias pages (of any locale)."""
        queryset = queryset.live().filter(alias_of__isnull=True)
        return queryset.exclude(self.hidden_q) if self.hidden_paths else queryset

    def pages(self, model: type[PageModel]) -> PageQuerySet:
        """Visible pages of ``model`` in the requested locale."""
        return self.public(model.objects.all()).filter(locale__language_code=self.language_code)

    def get(self, model: type[PageModel], pk: int, parameter: str = "id") -> PageModel:
        """One visible page by id, or a 404 naming ``parameter``."""
        page = self.pages(model).filter(pk=pk).first()
        if page is None:
            raise not_found(parameter)
        return page

    def snippets(self, model: type[Model]):
        return model.objects.filter(locale__language_code=self.language_code)
