"""The congress page and its thematic areas."""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..api import stock_fields
from ..blocks import BodyBlock, PartnerGroupsBlock
from ..choices import AttendanceMode, timezone_choices
from ..conf import congress_settings
from ..fields import LanguageListField
from ..forms import CongressPageForm
from ..panels import AddLabelInlinePanel
from ..validators import time_range_errors, validate_timezone_name
from .base import CongressBasePage, foreign_alias_q, page_tabs


def default_timezone() -> str:
    return congress_settings.DEFAULT_TIMEZONE


def default_congress_languages() -> list[str]:
    return list(congress_settings.DEFAULT_CONGRESS_LANGUAGES)


class ThematicArea(TranslatableMixin, index.Indexed, models.Model):
    """A theme a congress is organised around, such as "Transport i mobilność miejska".

    A snippet, so the same areas serve several editions; each congress orders its own list.
    """

    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]
    api_fields = [APIField("name"), APIField("description")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CongressThematicArea(TranslatableMixin, Orderable):
    """One entry of a congress's ordered list of thematic areas."""

    page = ParentalKey("CongressPage", on_delete=models.CASCADE, related_name="thematic_areas")
    area = models.ForeignKey(
        ThematicArea, verbose_name=_("thematic area"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("area")]
    api_fields = [APIField("area", serializer=stock_fields.ThematicAreaField())]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")

    def __str__(self) -> str:
        return str(self.area)


class CongressPage(RoutablePageMixin, CongressBasePage):
    """A congress edition: dates, place, registration, body, thematic areas and partners.

    Routes for visitors: ``programme/``, ``speakers/`` and ``speakers/<id>/``
    (see ``views/programme.py``).
    """

    edition = models.CharField(
        _("edition"), max_length=64, blank=True, help_text=_("For example 2021, or VI.")
    )
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("One or two sentences shown in listings.")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    timezone = models.CharField(
        _("timezone"),
        max_length=64,
        choices=timezone_choices,
        default=default_timezone,
        validators=[validate_timezone_name],
        help_text=_("Days of the programme and times in exports follow this timezone."),
    )
    attendance_mode = models.CharField(
        _("attendance mode"),
        max_length=16,
        choices=AttendanceMode.choices,
        default=AttendanceMode.ONSITE,
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=255, blank=True)
    stream_url = models.URLField(_("stream link"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    languages = LanguageListField(
        _("languages"),
        default=default_congress_languages,
        help_text=_("The languages the congress is held in."),
    )
    recording_license = models.CharField(
        _("recording licence"),
        max_length=255,
        blank=True,
        help_text=_(
            "Licence of the session recordings, for example CC BY 4.0 (in the frab schedule "
            "that recording teams read). A session can set its own."
        ),
    )
    do_not_record = models.BooleanField(
        _("sessions are not recorded"),
        default=False,
        help_text=_("Unless a session says otherwise."),
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    partners = StreamField(
        PartnerGroupsBlock(),
        verbose_name=_("partners"),
        blank=True,
        help_text=_("Groups of partners under your own headings, in the order shown on the site."),
    )

    base_form_class = CongressPageForm

    content_panels = Page.content_panels + [
        FieldPanel("edition"),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    event_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("timezone"),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("address"), FieldPanel("city")]),
                FieldPanel("stream_url"),
                FieldPanel("languages"),
            ],
            heading=_("Place and format"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_url"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("recording_license"), FieldPanel("do_not_record")],
            heading=_("Recordings"),
        ),
    ]
    programme_panels = [
        AddLabelInlinePanel(
            "thematic_areas",
            heading=_("Thematic areas"),
            label=_("Thematic area"),
            add_button_label=_("Add thematic area"),
            help_text=_("Sessions of this congress choose their areas from this list."),
        ),
        FieldPanel("partners"),
    ]
    edit_handler = page_tabs(
        (content_panels, _("Content")),
        (event_panels, _("Event")),
        (programme_panels, _("Areas and partners")),
    )

    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]

    subpage_types = [
        "wagtail_congress.SessionTrackPage",
        "wagtail_congress.NewsIndexPage",
        "wagtail_congress.PartnerListingPage",
    ]

    api_fields = [
        APIField("edition"),
        APIField("lead"),
        APIField("start"),
        APIField("end"),
        APIField("timezone"),
        APIField("attendance_mode"),
        APIField("venue"),
        APIField("address"),
        APIField("city"),
        APIField("stream_url"),
        APIField("registration_url"),
        APIField("registration_opens_at"),
        APIField("registration_closes_at"),
        APIField("languages", serializer=stock_fields.LanguagesField()),
        APIField("image", serializer=stock_fields.RenditionField()),
        APIField("body"),
        APIField("thematic_areas"),
        APIField("partners", serializer=stock_fields.PartnerGroupsField("partners", source="*")),
    ]

    # wagtail-localize derives the rest; place names and the edition stay translatable.
    override_translatable_fields = [
        SynchronizedField("languages"),
        SynchronizedField("recording_license", overridable=False),
    ]

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")

    def clean(self) -> None:
        super().clean()
        errors = time_range_errors(self.start, self.end)
        errors.update(
            time_range_errors(
                self.registration_opens_at,
                self.registration_closes_at,
                end_field="registration_closes_at",
                message=_("Registration must close later than it opens."),
            )
        )
        if errors:
            raise ValidationError(errors)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_start(self) -> datetime.datetime:
        return self.start.astimezone(self.tzinfo)

    @property
    def local_end(self) -> datetime.datetime:
        return self.end.astimezone(self.tzinfo)

    @property
    def days(self) -> list[datetime.date]:
        """Every calendar day of the congress in its own timezone."""
        first, last = self.local_start.date(), self.local_end.date()
        return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]

    def is_within_dates(self, moment: datetime.datetime) -> bool:
        """Whether ``moment`` falls on one of the congress's days (in its timezone)."""
        return self.days[0] <= moment.astimezone(self.tzinfo).date() <= self.days[-1]

    @cached_property
    def thematic_area_list(self) -> list[ThematicArea]:
        return [row.area for row in self.thematic_areas.select_related("area")]

    def tracks(self):
        """The congress's top-level tracks that visitors may see, in menu order."""
        from .sessions import SessionTrackPage

        return SessionTrackPage.objects.child_of(self).live().public().exclude(foreign_alias_q())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tracks"] = self.tracks()
        return context

    # Visitors' routes ----------------------------------------------------------------------
    # RoutablePageMixin only for the sub-URLs: the congress page itself, its previews and its
    # child pages keep the package's own serving (alias redirects, headless preview).

    def route(self, request, path_components):
        if not path_components:
            return CongressBasePage.route(self, request, path_components)
        return super().route(request, path_components)

    def serve_preview(self, request, mode_name):
        return CongressBasePage.serve_preview(self, request, mode_name)

    @path("programme/", name="programme")
    def programme_route(self, request):
        from ..views.programme import programme_view

        return programme_view(request, self)

    @path("speakers/", name="speakers")
    def speakers_route(self, request):
        from ..views.programme import speaker_list_view

        return speaker_list_view(request, self)

    @path("speakers/<int:speaker_id>/", name="speaker")
    def speaker_route(self, request, speaker_id: int):
        from ..views.programme import speaker_detail_view

        return speaker_detail_view(request, self, speaker_id)

    def get_sitemap_urls(self, request=None):
        from ..views.programme import sitemap_urls

        urls = super().get_sitemap_urls(request)
        return [*urls, *sitemap_urls(self, request)] if urls else urls
