"""Admin forms of the package's pages: date-times in the congress's timezone, usable lists.

Django's form fields read and show date-times in the *current* timezone (the site's
``TIME_ZONE`` in the admin), but a congress's times belong to the congress's own zone: an
editor in Warsaw typing the programme of a congress in Lisbon, or a site whose ``TIME_ZONE`` is
UTC, must still type "10:00" for a session that starts at 10:00 local time. The forms below swap
the page's own date-time fields for :class:`ZonedDateTimeField`, which converts in the
congress's zone and says which zone that is in its help text.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .choices import ordered_language_choices

if TYPE_CHECKING:
    from .models import CongressPage

# Wagtail's scheduled publishing (the "Set schedule" dialog) keeps the site's timezone.
SITE_TIME_FIELDS = frozenset({"go_live_at", "expire_at"})


def zone_label(zone: zoneinfo.ZoneInfo, year: int | None = None) -> str:
    """ "Europe/Warsaw (CET/CEST)": the zone's name with its winter and summer abbreviations."""
    year = year or timezone.now().year
    names = []
    for month in (1, 7):
        name = datetime.datetime(year, month, 1, 12, tzinfo=zone).tzname()
        if name and name not in names:
            names.append(name)
    return f"{zone.key} ({'/'.join(names)})" if names else zone.key


def parse_zone(name: Any) -> zoneinfo.ZoneInfo | None:
    """The zone called ``name``, or ``None`` for an empty or unknown name."""
    if not name or not isinstance(name, str):
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class ZonedDateTimeField(forms.DateTimeField):
    """A date-time field that reads and shows its value in ``zone``, not the current timezone."""

    def __init__(self, *, zone: zoneinfo.ZoneInfo, **kwargs: Any) -> None:
        self.zone = zone
        super().__init__(**kwargs)

    @classmethod
    def replacing(cls, field: forms.DateTimeField, zone: zoneinfo.ZoneInfo) -> ZonedDateTimeField:
        """A copy of ``field`` in ``zone``, with the zone named in its help text."""
        zone_help = _("Time in %(zone)s.") % {"zone": zone_label(zone)}
        return cls(
            zone=zone,
            required=field.required,
            widget=field.widget,
            label=field.label,
            initial=field.initial,
            help_text=f"{field.help_text} {zone_help}" if field.help_text else zone_help,
            error_messages=field.error_messages,
            validators=field.validators,
            localize=field.localize,
            disabled=field.disabled,
            input_formats=field.input_formats,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return value.astimezone(self.zone)
        return value

    def to_python(self, value: Any) -> datetime.datetime | None:
        with timezone.override(self.zone):
            return super().to_python(value)


class CongressTimesPageForm(WagtailAdminPageForm):
    """Page form whose own date-time fields are in the timezone of the page's congress.

    A new page knows its congress through its parent (``parent_page``); a page outside any
    congress keeps the site's timezone.
    """

    #: Fields choosing spoken languages: the congress's languages and common ones come first.
    spoken_language_fields = ("language", "languages")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.spoken_language_fields:
            if name in self.fields:
                self.fields[name].choices = ordered_language_choices(self.congress_languages())
        zone = self.congress_zone()
        if zone is None:
            return
        for name, field in list(self.fields.items()):
            if isinstance(field, forms.DateTimeField) and name not in SITE_TIME_FIELDS:
                self.fields[name] = ZonedDateTimeField.replacing(field, zone)

    @cached_property
    def congress(self) -> CongressPage | None:
        """The congress this page belongs to (or, for a new page, will belong to)."""
        from .models.base import congress_for

        return congress_for(self.instance if self.instance.path else self.parent_page)

    def congress_zone(self) -> zoneinfo.ZoneInfo | None:
        """The timezone of the page's congress (``None`` outside a congress)."""
        return self.congress.tzinfo if self.congress else None

    def congress_languages(self) -> list[str]:
        return list(self.congress.languages) if self.congress else []


class CongressPageForm(CongressTimesPageForm):
    """The congress's own times are in the timezone chosen on the same form.

    When the editor changes the timezone, the submitted times are read in the new one.
    """

    def congress_zone(self) -> zoneinfo.ZoneInfo | None:
        submitted = parse_zone(self.data.get("timezone")) if self.is_bound else None
        return submitted or parse_zone(self.instance.timezone) or timezone.get_current_timezone()

    def congress_languages(self) -> list[str]:
        return list(self.instance.languages or [])
