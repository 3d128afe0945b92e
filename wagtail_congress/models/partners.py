"""Partners (organisers, sponsors, patrons) and the page that lists them in groups."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from ..api import stock_fields
from ..blocks import PartnerGroupsBlock
from .base import CongressBasePage


class Partner(TranslatableMixin, index.Indexed, models.Model):
    """An institution that organises, co-organises, supports or covers an event."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=64, blank=True, help_text=_("An abbreviation such as ZMP.")
    )
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul"]
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    api_fields = [
        APIField("name"),
        APIField("short_name"),
        APIField("logo", serializer=stock_fields.RenditionField()),
        APIField("website"),
        APIField("description"),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerListingPage(CongressBasePage):
    """A page listing partners in editor-defined groups (ZMP's "Partnerzy")."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    partners = StreamField(PartnerGroupsBlock(), verbose_name=_("partners"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("partners")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("partners", serializer=stock_fields.PartnerGroupsField("partners", source="*")),
    ]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("partner listing")
        verbose_name_plural = _("partner listings")
