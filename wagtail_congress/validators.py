"""Validation shared by the models, the admin forms and the importers."""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$",
    _("Enter a colour as # followed by six hexadecimal digits, for example #1d4e89."),
    code="invalid_colour",
)


def validate_timezone_name(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a known timezone, such as Europe/Warsaw."),
            code="invalid_timezone",
            params={"value": value},
        ) from error


def time_range_errors(
    start: datetime.datetime | None,
    end: datetime.datetime | None,
    *,
    end_field: str = "end",
    message=None,
) -> dict[str, ValidationError]:
    """An error for ``end_field`` if the end is not after the start (none if either is unset)."""
    if start is None or end is None or end > start:
        return {}
    return {
        end_field: ValidationError(
            message or _("The end must be later than the start."), code="end_before_start"
        )
    }
