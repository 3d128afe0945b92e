"""Speakers: people who appear in sessions, reusable across sessions and editions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..api import stock_fields
from ..blocks import ProfileLinkBlock


class Speaker(TranslatableMixin, index.Indexed, models.Model):
    """A person who speaks at, moderates or hosts sessions (a translatable snippet)."""

    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(
        _("position"), max_length=255, blank=True, help_text=_("For example: Mayor, Director.")
    )
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    bio = RichTextField(_("biography"), blank=True, features=["bold", "italic", "link"])
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    links = StreamField([("link", ProfileLinkBlock())], verbose_name=_("links"), blank=True)
    external_id = models.CharField(
        _("external ID"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("Identifier in a call-for-papers system or spreadsheet, used by imports."),
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("position"), FieldPanel("organisation")], heading=_("Affiliation")
        ),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("links"),
        FieldPanel("external_id"),
    ]

    api_fields = [
        APIField("name"),
        APIField("position"),
        APIField("organisation"),
        APIField("bio"),
        APIField("photo", serializer=stock_fields.RenditionField()),
        APIField("links"),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.SearchField("position"),
        index.FilterField("locale"),
    ]

    # wagtail-localize derives the rest: texts translated, photo synchronised.
    override_translatable_fields = [
        SynchronizedField("name", overridable=True),
        SynchronizedField("external_id", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation(self) -> str:
        """The "position, organisation" line printed under a name in a programme."""
        return ", ".join(part for part in (self.position, self.organisation) if part)
