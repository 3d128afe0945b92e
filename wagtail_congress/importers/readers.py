"""Readers: CSV, XLSX and frab/c3voc ``schedule.json`` into :class:`~.rows.RawRow` lists."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable

from django.utils.translation import gettext as _

from .rows import ImportError_, RawRow, RowError, SpeakerCell, header_errors

FORMATS = ("csv", "xlsx", "frab")


def read_csv(data: bytes) -> list[RawRow]:
    """UTF-8 CSV (a BOM is fine), comma or semicolon separated, header on the first line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportError_(
            [RowError(line, "", _("The file is not UTF-8 text; save it as “CSV UTF-8”."))]
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    lines, previous = [], 0
    try:
        for cells in reader:  # a record's row is the line it starts on
            lines.append((previous + 1, cells))
            previous = reader.line_num
    except csv.Error as error:
        raise ImportError_([RowError(reader.line_num, "", str(error))]) from None
    return rows_from_table(lines)


def read_xlsx(data: bytes) -> list[RawRow]:
    """The first sheet of an Excel workbook, header on the first row."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, ValueError... for a bad file
        raise ImportError_(
            [RowError(0, "", _("The file is not an Excel workbook (.xlsx)."))]
        ) from None
    sheet = workbook.worksheets[0]
    table = [
        (number, [cell_text(value) for value in values])
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    workbook.close()
    return rows_from_table(table)


def cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold (dates as ``YYYY-MM-DD HH:MM``)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_from_table(table: list[tuple[int, list[str]]]) -> list[RawRow]:
    """A header line and data lines into rows; blank lines are skipped."""
    if not table:
        raise ImportError_([RowError(1, "", _("The file is empty."))])
    header_line, headers = table[0]
    positions, errors = header_errors(headers)
    if errors:
        raise ImportError_(errors)
    columns = {name: str(headers[index]).strip() for index, name in positions.items()}
    rows = []
    for line, cells in table[1:]:
        if not any(str(cell).strip() for cell in cells):
            continue
        values = {
            name: (cells[index] if index < len(cells) else "").strip()
            for index, name in positions.items()
        }
        rows.append(RawRow(line, values, columns=columns))
    return rows


# frab session types and how this package calls them; anything else must be a format value.
FRAB_TYPES = {
    "talk": "lecture",
    "lightning talk": "kaleidoscope",
    "discussion": "debate",
    "podium": "panel",
    "meeting": "networking",
}


def read_frab(data: bytes) -> list[RawRow]:
    """The classic frab/pretalx ``schedule.json``: each event becomes a row, its guid the id."""
    try:
        conference = json.loads(data.decode("utf-8-sig"))["schedule"]["conference"]
        days = conference["days"]
        events = [event for day in days for room in day["rooms"].values() for event in room]
    except UnicodeDecodeError:
        raise ImportError_([RowError(0, "", _("The file is not UTF-8 text."))]) from None
    except json.JSONDecodeError as error:
        raise ImportError_(
            [RowError(error.lineno, "", _("Not valid JSON: %s") % error.msg)]
        ) from None
    except (KeyError, TypeError, AttributeError):
        raise ImportError_(
            [RowError(0, "", _("Not a frab schedule: schedule.conference.days is missing."))]
        ) from None
    rows, errors = [], []
    for number, event in enumerate(events, start=1):
        if not is_frab_event(event):
            errors.append(
                RowError(number, "", _("Not a frab event: an object whose persons are objects."))
            )
        else:
            rows.append(frab_row(number, event))
    if errors:
        raise ImportError_(errors)
    return rows


def is_frab_event(event) -> bool:
    """An event is a JSON object; its ``persons``, if any, a list of objects."""
    if not isinstance(event, dict):
        return False
    persons = event.get("persons") or []
    return isinstance(persons, list) and all(isinstance(person, dict) for person in persons)


def frab_row(number: int, event: dict) -> RawRow:
    values = {
        "external_id": str(event.get("guid") or event.get("id") or ""),
        "title": str(event.get("title") or ""),
        "track": str(event.get("track") or ""),
        "start": str(event.get("date") or ""),
        "end": frab_end(event),
        "room": str(event.get("room") or ""),
        "format": FRAB_TYPES.get(
            str(event.get("type") or "").lower(), str(event.get("type") or "")
        ),
        "language": str(event.get("language") or ""),
        "description": str(event.get("abstract") or event.get("description") or ""),
    }
    speakers = [
        SpeakerCell(
            name=str(person.get("public_name") or person.get("name") or ""),
            external_id=str(person.get("code") or person.get("guid") or person.get("id") or ""),
            bio=str(person.get("biography") or ""),
        )
        for person in event.get("persons") or []
    ]
    columns = {"start": "date", "end": "duration", "format": "type", "external_id": "guid"}
    return RawRow(number, values, speakers=speakers, columns=columns)


def frab_end(event: dict) -> str:
    """``date`` plus ``duration`` (``HH:MM``), as ISO text; empty if either is unreadable."""
    try:
        start = datetime.datetime.fromisoformat(str(event["date"]))
        hours, minutes = (int(part) for part in str(event["duration"]).split(":")[:2])
        return (start + datetime.timedelta(hours=hours, minutes=minutes)).isoformat()
    except (KeyError, ValueError, OverflowError):  # OverflowError: beyond year 9999
        return ""


READERS: dict[str, Callable[[bytes], list[RawRow]]] = {
    "csv": read_csv,
    "xlsx": read_xlsx,
    "frab": read_frab,
}


def guess_format(filename: str) -> str:
    """``csv``, ``xlsx`` or ``frab`` from a file name's extension."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return {"json": "frab", "xlsx": "xlsx"}.get(extension, "csv")


def read_file(data: bytes, file_format: str) -> list[RawRow]:
    """Rows of ``data`` in ``file_format``; :class:`ImportError_` if the file is unreadable."""
    return READERS[file_format](data)
