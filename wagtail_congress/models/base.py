"""What every page type of the package shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.functional import cached_property
from wagtail.models import Page

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


class CongressBasePage(Page):
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
