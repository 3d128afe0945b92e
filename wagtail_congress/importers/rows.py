"""The format-neutral row: what every reader produces, and the accepted column names."""

from __future__ import annotations

import dataclasses
import unicodedata

from django.utils.translation import gettext as _

# Canonical column name -> names accepted in a header (compared after normalise_header()).
COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": ("external_id", "id", "identyfikator"),
    "title": ("title", "tytuł"),
    "track": ("track", "ścieżka"),
    "start": ("start", "początek"),
    "end": ("end", "koniec"),
    "room": ("room", "sala"),
    "format": ("format",),
    "language": ("language", "język"),
    "description": ("description", "opis"),
    "speakers": ("speakers", "prelegenci"),
    "speaker_organisations": ("speaker_organisations", "organizacje_prelegentów"),
    "speaker_ids": ("speaker_ids", "identyfikatory_prelegentów"),
}
REQUIRED = ("external_id", "title", "track", "start", "end")
HEADER_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}


def normalise_header(text: str) -> str:
    """``" Tytuł "`` -> ``"tytuł"``; spaces and hyphens become underscores."""
    text = unicodedata.normalize("NFC", str(text or "")).strip().lower()
    return "_".join(text.replace("-", " ").split())


@dataclasses.dataclass(frozen=True)
class RowError:
    """A problem with the file: ``row`` is a line, sheet row or event number (0: the file)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.row}:{self.column}" if self.column else str(self.row)
        return f"{where}: {self.message}"


class ImportError_(Exception):  # noqa: N801 - not the builtin ImportError
    """The file cannot be imported; ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclasses.dataclass
class SpeakerCell:
    """One speaker named in a row, before lookup."""

    name: str
    role: str = ""
    organisation: str = ""
    external_id: str = ""
    bio: str = ""


@dataclasses.dataclass
class RawRow:
    """One session as read from a file: text values keyed by canonical column name.

    ``values`` holds only the columns the file has, so a missing optional column leaves the
    session's current value alone. ``speakers`` is set by readers that know people as records
    (frab); otherwise it is parsed from the speaker columns.
    """

    row: int
    values: dict[str, str]
    speakers: list[SpeakerCell] | None = None
    columns: dict[str, str] = dataclasses.field(default_factory=dict)  # name shown in errors

    def column(self, name: str) -> str:
        return self.columns.get(name, name)


def header_errors(headers: list[str]) -> tuple[dict[int, str], list[RowError]]:
    """Map header positions to canonical names; unknown, duplicate and missing ones are errors."""
    positions: dict[int, str] = {}
    errors: list[RowError] = []
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue
        name = HEADER_ALIASES.get(key)
        if name is None:
            errors.append(RowError(1, str(header), _("Unknown column.")))
        elif name in positions.values():
            errors.append(RowError(1, str(header), _("The column appears twice.")))
        else:
            positions[index] = name
    for name in REQUIRED:
        if name not in positions.values():
            errors.append(
                RowError(1, name, _("Required column missing (“%(name)s”).") % {"name": name})
            )
    return positions, errors
