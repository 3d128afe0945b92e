"""Cell values for format, language and role: stable values, English or Polish labels."""

from __future__ import annotations

from django.utils import translation

from ..choices import SessionFormat, SpeakerRole, spoken_language_choices

ROLE_WORDS = {
    "moderatorka": "moderator",
    "moderacja": "moderator",
    "panelista": "panellist",
    "panelistka": "panellist",
    "panelist": "panellist",
    "prelegent": "speaker",
    "prelegentka": "speaker",
    "prowadzący": "host",
    "prowadząca": "host",
    "gospodarz": "host",
    "gospodyni": "host",
}


def lookup_table(choices: list[tuple[str, str]], extra: dict[str, str] | None = None) -> dict:
    """Every way to write a choice, casefolded: its value and its English and Polish labels."""
    table = {key.casefold(): value for key, value in (extra or {}).items()}
    for language in ("en", "pl"):
        with translation.override(language):
            table.update({str(label).casefold(): value for value, label in choices})
    table.update({value.casefold(): value for value, _label in choices})
    return table


def format_table() -> dict[str, str]:
    return lookup_table(SessionFormat.choices)


def role_table() -> dict[str, str]:
    return lookup_table(SpeakerRole.choices, ROLE_WORDS)


def language_table() -> dict[str, str]:
    return lookup_table(spoken_language_choices())
