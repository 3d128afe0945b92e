"""Session tracks and sessions, with their speakers, partners and thematic areas."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
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
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..api import stock_fields
from ..blocks import MaterialBlock
from ..choices import SessionFormat, SpeakerRole, TrackKind, spoken_language_choices
from ..conf import congress_settings
from ..fields import RecordingSelect
from ..forms import CongressTimesPageForm
from ..panels import AddLabelInlinePanel
from ..validators import time_range_errors, validate_hex_colour
from .base import CongressBasePage, foreign_alias_q, page_tabs
from .congress import CongressPage, ThematicArea
from .partners import Partner
from .querysets import SessionManager, SessionTrackManager
from .speakers import Speaker

DESCRIPTION_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def default_session_language() -> str:
    languages = congress_settings.DEFAULT_CONGRESS_LANGUAGES
    return languages[0] if languages else settings.LANGUAGE_CODE.split("-")[0]


class SessionTrackPage(CongressBasePage):
    """A block of the programme: a thematic block, a stage, a format or a side event.

    Tracks nest, so "Wydarzenia towarzyszące" can hold URBACT and NewUrbPact.
    """

    kind = models.CharField(
        _("kind"), max_length=32, choices=TrackKind.choices, default=TrackKind.MAIN_BLOCK
    )
    description = RichTextField(_("description"), blank=True, features=DESCRIPTION_FEATURES)
    signup_opens_at = models.DateTimeField(
        _("sign-up opens"),
        null=True,
        blank=True,
        help_text=_("When sign-up for this track's sessions opens, if it has a sign-up."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_("Colour of the track in the programme, for example #1d4e89."),
    )

    objects = SessionTrackManager()
    base_form_class = CongressTimesPageForm

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel(
            [
                FieldPanel("signup_opens_at"),
                FieldPanel("colour"),
            ]
        ),
        AddLabelInlinePanel(
            "partners",
            heading=_("Co-organising partners"),
            label=_("Partner"),
            add_button_label=_("Add partner"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    api_fields = [
        APIField("kind"),
        APIField("description"),
        APIField("signup_opens_at"),
        APIField("colour"),
        APIField("partners"),
    ]

    parent_page_types = ["wagtail_congress.CongressPage", "wagtail_congress.SessionTrackPage"]
    subpage_types = ["wagtail_congress.SessionTrackPage", "wagtail_congress.SessionPage"]

    override_translatable_fields = [SynchronizedField("colour")]

    class Meta:
        verbose_name = _("session track")
        verbose_name_plural = _("session tracks")

    def subtracks(self):
        return SessionTrackPage.objects.child_of(self).live().public().exclude(foreign_alias_q())

    def sessions(self):
        """Visible sessions of this track and its sub-tracks, in programme order."""
        return (
            SessionPage.objects.in_track(self)
            .live()
            .public()
            .in_live_sections()  # not those of a sub-track taken offline
            .exclude(foreign_alias_q())
            .for_programme()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subtracks"] = self.subtracks()
        context["sessions"] = self.sessions()
        return context


class PartnerLink(TranslatableMixin, Orderable):
    """A partner in an ordered inline list: a track's co-organisers, a session's organisers."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("partner")]
    api_fields = [APIField("partner", serializer=stock_fields.PartnerField())]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        abstract = True


class TrackPartner(PartnerLink):
    page = ParentalKey(SessionTrackPage, on_delete=models.CASCADE, related_name="partners")

    class Meta(PartnerLink.Meta):
        verbose_name = _("co-organising partner")
        verbose_name_plural = _("co-organising partners")


class SessionPageForm(CongressTimesPageForm):
    """Checks what needs the session's congress, which a new page only has through its parent."""

    def clean(self):
        cleaned_data = super().clean()
        congress = self.congress
        if congress is None:
            return cleaned_data
        for field in ("start", "end"):
            moment = cleaned_data.get(field)
            if moment and not congress.is_within_dates(moment):
                self.add_error(field, outside_congress_error(congress))
        formset = self.formsets.get("thematic_areas")
        if formset is None or not formset.is_valid():
            return cleaned_data
        # Compared by translation key, so a translated session checks against its own locale.
        allowed = {area.translation_key for area in congress.thematic_area_list}
        for form in formset.forms:
            area = form.cleaned_data.get("area")
            if area and not form.cleaned_data.get("DELETE") and area.translation_key not in allowed:
                form.add_error(
                    "area",
                    _("“%(area)s” is not one of the thematic areas of %(congress)s.")
                    % {"area": area, "congress": congress.title},
                )
        return cleaned_data


def outside_congress_error(congress: CongressPage) -> ValidationError:
    days = congress.days
    return ValidationError(
        _("The session must take place during the congress (%(first)s – %(last)s)."),
        code="outside_congress",
        params={"first": days[0].isoformat(), "last": days[-1].isoformat()},
    )


class SessionPage(CongressBasePage):
    """One session of the programme: when, where, in what format and language, with whom."""

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    room = models.CharField(
        _("room or stage"), max_length=255, blank=True, help_text=_("For example: Scena główna.")
    )
    format = models.CharField(
        _("format"), max_length=32, choices=SessionFormat.choices, default=SessionFormat.PANEL
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        choices=spoken_language_choices,
        default=default_session_language,
        help_text=_("The language the session is held in."),
    )
    description = RichTextField(_("description"), blank=True, features=DESCRIPTION_FEATURES)
    registration_required = models.BooleanField(_("registration required"), default=False)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Number of places, if limited."),
    )
    stream_url = models.URLField(_("stream link"), blank=True)
    recording_url = models.URLField(_("recording link"), blank=True)
    recording_license = models.CharField(
        _("recording licence"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty for the congress's licence."),
    )
    do_not_record = models.BooleanField(
        _("recording"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Whether the session may be recorded; by default as the congress says."),
    )
    materials = StreamField(MaterialBlock(), verbose_name=_("materials"), blank=True)
    external_id = models.CharField(
        _("external ID"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("Identifier in a call-for-papers system or spreadsheet, used by imports."),
    )

    objects = SessionManager()
    base_form_class = SessionPageForm

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("room"),
                FieldRowPanel([FieldPanel("format"), FieldPanel("language")]),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("description"),
        AddLabelInlinePanel(
            "speakers",
            heading=_("Speakers"),
            label=_("Speaker"),
            add_button_label=_("Add speaker"),
        ),
    ]
    details_panels = [
        AddLabelInlinePanel(
            "partners",
            heading=_("Organising partners"),
            label=_("Partner"),
            add_button_label=_("Add partner"),
        ),
        AddLabelInlinePanel(
            "thematic_areas",
            heading=_("Thematic areas"),
            label=_("Thematic area"),
            add_button_label=_("Add thematic area"),
            help_text=_("Choose from the thematic areas of the congress."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_required"),
                FieldPanel("registration_url"),
                FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("capacity")]),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("stream_url"),
                FieldPanel("recording_url"),
                FieldRowPanel(
                    [
                        FieldPanel("do_not_record", widget=RecordingSelect),
                        FieldPanel("recording_license"),
                    ]
                ),
            ],
            heading=_("Stream and recording"),
        ),
        FieldPanel("materials"),
        FieldPanel("external_id"),
    ]
    edit_handler = page_tabs((content_panels, _("Content")), (details_panels, _("Details")))

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("room"),
        index.FilterField("start"),
        index.FilterField("format"),
        index.FilterField("language"),
    ]

    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("room"),
        APIField("format"),
        APIField("language"),
        APIField("description"),
        APIField("track", serializer=stock_fields.TrackField()),
        APIField("speakers"),
        APIField("partners"),
        APIField("thematic_areas"),
        APIField("registration_required"),
        APIField("registration_url"),
        APIField("registration_opens_at"),
        APIField("capacity"),
        APIField("stream_url"),
        APIField("recording_url"),
        APIField("materials"),
    ]

    parent_page_types = ["wagtail_congress.SessionTrackPage"]
    subpage_types: list[str] = []

    override_translatable_fields = [
        SynchronizedField("room"),
        SynchronizedField("external_id", overridable=False),
        SynchronizedField("recording_license", overridable=False),
    ]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def clean(self) -> None:
        super().clean()
        errors = time_range_errors(self.start, self.end)
        if self.registration_opens_at and self.start and self.registration_opens_at >= self.start:
            errors["registration_opens_at"] = ValidationError(
                _("Registration must open before the session starts."), code="registration_late"
            )
        if self.path and self.congress:
            for field in ("start", "end"):
                moment = getattr(self, field)
                if moment and not self.congress.is_within_dates(moment):
                    errors.setdefault(field, outside_congress_error(self.congress))
        if errors:
            raise ValidationError(errors)

    def recording_terms(self, congress: CongressPage) -> tuple[str, bool]:
        """The recording licence and whether not to record: the session's own, else its
        congress's (``congress`` is passed in so a programme of many sessions asks once)."""
        licence = self.recording_license or congress.recording_license
        if self.do_not_record is None:
            return licence, congress.do_not_record
        return licence, self.do_not_record

    @cached_property
    def track(self) -> SessionTrackPage | None:
        """The track the session is in (its parent page)."""
        parent = self.get_parent()
        return parent.specific if parent else None


class SessionSpeaker(TranslatableMixin, Orderable):
    """A speaker of a session, in order, with their role in it."""

    page = ParentalKey(SessionPage, on_delete=models.CASCADE, related_name="speakers")
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="sessions"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )

    panels = [FieldPanel("speaker"), FieldPanel("role")]
    api_fields = [
        APIField("speaker", serializer=stock_fields.SpeakerField()),
        APIField("role"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("session speaker")
        verbose_name_plural = _("session speakers")

    def __str__(self) -> str:
        return f"{self.speaker} ({self.get_role_display()})"


class SessionPartner(PartnerLink):
    page = ParentalKey(SessionPage, on_delete=models.CASCADE, related_name="partners")

    class Meta(PartnerLink.Meta):
        verbose_name = _("organising partner")
        verbose_name_plural = _("organising partners")


class SessionThematicArea(TranslatableMixin, Orderable):
    page = ParentalKey(SessionPage, on_delete=models.CASCADE, related_name="thematic_areas")
    area = models.ForeignKey(
        ThematicArea, verbose_name=_("thematic area"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("area")]
    api_fields = [APIField("area", serializer=stock_fields.ThematicAreaField())]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
