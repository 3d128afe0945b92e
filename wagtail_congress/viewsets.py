"""Admin viewsets for the package's snippets, grouped under one "Congress" menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import NewsCategory, Partner, Speaker, ThematicArea


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    list_display = ["name", "position", "organisation"]
    list_filter = {"organisation": ["icontains"], "position": ["icontains"]}
    search_fields = ["name", "organisation", "position"]
    ordering = ["name"]
    list_per_page = 50


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    list_display = ["name", "short_name", "website"]
    list_filter = {"name": ["icontains"]}
    search_fields = ["name", "short_name"]
    ordering = ["name"]
    list_per_page = 50


class ThematicAreaViewSet(SnippetViewSet):
    model = ThematicArea
    icon = "tag"
    menu_label = _("Thematic areas")
    list_display = ["name"]
    search_fields = ["name"]
    ordering = ["name"]


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
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
