"""Which congress an admin view works on, and whether the editor may."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import CongressPage


def editable_congress(request: HttpRequest, congress_id: int) -> CongressPage:
    """The congress ``congress_id`` if the user may edit it; 404 or 403 otherwise."""
    congress = get_object_or_404(CongressPage, pk=congress_id)
    if not congress.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return congress


class CongressToolView(WagtailAdminTemplateMixin):
    """An admin view about one congress the user may edit, with its title and breadcrumbs.

    Subclasses set ``page_title``; the congress is ``self.congress`` from ``setup()`` on, so
    ``dispatch`` can check more permissions.
    """

    def setup(self, request: HttpRequest, *args, **kwargs) -> None:
        super().setup(request, *args, **kwargs)
        self.congress = editable_congress(request, kwargs["congress_id"])

    def get_page_subtitle(self) -> str:
        return self.congress.get_admin_display_title()

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_explore", args=[self.congress.pk]),
                "label": self.congress.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]
