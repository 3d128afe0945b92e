"""Admin viewsets for the package's snippets, grouped under one "Congress" menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import NewsCategory, Partner, Speaker, ThematicArea


class CongressSnippetViewSet(SnippetViewSet):
    """Admin search matches any part of the listed ``search_fields`` through the ORM.

    With a search backend, Wagtail passes ``search_fields`` on to ``autocomplete()``, which the
    database backend cannot restrict to columns that are not autocomplete fields (SQLite fails
    with "no such column: name"), and autocomplete would not match organisations or short names.
    A few hundred speakers or partners need no search index.
    """

    search_backend_name = None

    #: The listing's add button, phrased per model: Polish needs the accusative ("Dodaj
    #: prelegenta"), which Wagtail's "Add %(model_name)s" with the nominative cannot give.
    add_item_label = None

    def get_index_view_kwargs(self, **kwargs):
        if self.add_item_label:
            kwargs.setdefault("add_item_label", self.add_item_label)
        return super().get_index_view_kwargs(**kwargs)


class SpeakerViewSet(CongressSnippetViewSet):
    model = Speaker
    add_item_label = _("Add speaker")
    icon = "user"
    menu_label = _("Speakers")
    list_display = ["name", "position", "organisation"]
    list_filter = {"organisation": ["icontains"], "position": ["icontains"]}
    search_fields = ["name", "organisation", "position"]
    ordering = ["name"]
    list_per_page = 50


class PartnerViewSet(CongressSnippetViewSet):
    model = Partner
    add_item_label = _("Add partner")
    icon = "group"
    menu_label = _("Partners")
    list_display = ["name", "short_name", "website"]
    list_filter = {"name": ["icontains"]}
    search_fields = ["name", "short_name"]
    ordering = ["name"]
    list_per_page = 50


class ThematicAreaViewSet(CongressSnippetViewSet):
    model = ThematicArea
    add_item_label = _("Add thematic area")
    icon = "tag"
    menu_label = _("Thematic areas")
    list_display = ["name"]
    search_fields = ["name"]
    ordering = ["name"]


class NewsCategoryViewSet(CongressSnippetViewSet):
    model = NewsCategory
    add_item_label = _("Add news category")
    icon = "folder-open-inverse"
    menu_label = _("News categories")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class CongressViewSetGroup(SnippetViewSetGroup):
    items = (SpeakerViewSet, PartnerViewSet, ThematicAreaViewSet, NewsCategoryViewSet)
    menu_icon = "calendar"
    menu_label = _("Congress")
    menu_name = "congress"
