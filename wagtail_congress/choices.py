"""Choice lists shared by the models, the admin and (later) the API and exports.

Values are stable identifiers (used in URLs, the API and imports); labels are translated.
"""

from __future__ import annotations

import zoneinfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from .conf import congress_settings


class AttendanceMode(models.TextChoices):
    """How people take part; maps onto schema.org's EventAttendanceModeEnumeration."""

    ONSITE = "onsite", _("On-site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (on-site and online)")


class TrackKind(models.TextChoices):
    MAIN_BLOCK = "main_block", _("Main programme block")
    STAGE = "stage", _("Stage")
    SESSION_FORMAT = "session_format", _("Session format")
    SIDE_EVENT = "side_event", _("Side event")


class SessionFormat(models.TextChoices):
    PANEL = "panel", _("Panel discussion")
    LECTURE = "lecture", _("Lecture")
    PRESENTATION = "presentation", _("Presentation")
    WORKSHOP = "workshop", _("Workshop")
    KALEIDOSCOPE = "kaleidoscope", _("Kaleidoscope of short talks")
    NETWORKING = "networking", _("Networking session")
    DEBATE = "debate", _("Debate")
    CEREMONY = "ceremony", _("Ceremony")
    BREAK = "break", _("Break")
    OTHER = "other", _("Other")


class SpeakerRole(models.TextChoices):
    MODERATOR = "moderator", _("Moderator")
    PANELLIST = "panellist", _("Panellist")
    SPEAKER = "speaker", _("Speaker")
    HOST = "host", _("Host")


class PartnerRole(models.TextChoices):
    """What a group of partners is to the event; maps onto schema.org organizer/sponsor."""

    ORGANISER = "organiser", _("Organiser")
    STRATEGIC_PARTNER = "strategic_partner", _("Strategic partner")
    PARTNER = "partner", _("Partner")
    MEDIA_PATRON = "media_patron", _("Media patron")
    OTHER = "other", _("Other")


def spoken_language_choices() -> list[tuple[str, str]]:
    """Languages a session can be held in (``WAGTAIL_CONGRESS_SPOKEN_LANGUAGES``).

    A callable, so that migrations do not change when a site changes the list.
    """
    return [(code, _(name)) for code, name in congress_settings.SPOKEN_LANGUAGES]


def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA timezone name known to this system (a callable, for the same reason)."""
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]
