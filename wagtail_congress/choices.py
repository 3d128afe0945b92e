"""Choice lists shared by the models, the admin and (later) the API and exports.

Values are stable identifiers (used in URLs, the API and imports); labels are translated.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Iterable

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


#: Spoken languages listed first in the admin's choosers, after the congress's own.
COMMON_SPOKEN_LANGUAGES = ("pl", "en", "de", "uk", "fr")

# The Polish alphabet (with q, v, x), so "łotewski" sorts after "litewski", not after "z".
POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"


def alphabetical_key(text: str) -> tuple[int, ...]:
    """Sort key for names in Polish alphabetical order (also right for plain ASCII names)."""
    return tuple(
        POLISH_ALPHABET.index(char) if char in POLISH_ALPHABET else 100 + ord(char)
        for char in text.casefold()
    )


def ordered_language_choices(first: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The spoken languages for a chooser, in the active language's names.

    ``first`` (a congress's languages), then :data:`COMMON_SPOKEN_LANGUAGES`, then the rest
    alphabetically; each code once. Two languages with the same name (a translation slip
    upstream) get their codes added, so an editor can tell them apart.
    """
    names = {code: str(name) for code, name in spoken_language_choices()}
    leading = [code for code in dict.fromkeys([*first, *COMMON_SPOKEN_LANGUAGES]) if code in names]
    rest = sorted(
        (code for code in names if code not in leading),
        key=lambda code: alphabetical_key(names[code]),
    )
    counts = Counter(names.values())
    return [
        (code, f"{names[code]} ({code})" if counts[names[code]] > 1 else names[code])
        for code in [*leading, *rest]
    ]
