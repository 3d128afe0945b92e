"""Readers: CSV, XLSX and frab/c3voc ``schedule.json`` into :class:`~.rows.RawRow` lists."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator

from django.utils.translation import gettext as _

from ..conf import congress_settings
from .limits import (
    CsvLineGuard,
    ImportLimitError,
    TableBudget,
    check_file_size,
    check_json,
    check_rows,
    check_xlsx_archive,
    json_too_deep,
    used_width,
)
from .rows import ImportError_, RawRow, RowError, SpeakerCell, header_errors

FORMATS = ("csv", "xlsx", "frab")
LINE_END = re.compile(r"\r\n|\r|\n")
SNIFF_CHARS = 64 * 1024  # a header is far shorter; csv.Sniffer is slow on long lines


def read_csv(data: bytes) -> list[RawRow]:
    """UTF-8 CSV (a BOM is fine), comma or semicolon separated, header on the first line."""
    check_file_size(len(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportError_(
            [RowError(line, "", _("The file is not UTF-8 text; save it as “CSV UTF-8”."))]
        ) from None
    try:  # from the header line's start: the sniffer is slow on long lines
        dialect = csv.Sniffer().sniff(text[:SNIFF_CHARS].split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return rows_from_table(csv_lines(text, dialect))


def csv_lines(text: str, dialect) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on, none built past the separators limit."""
    guard = CsvLineGuard(physical_lines(text), dialect.delimiter)
    reader = csv.reader(guard, dialect)
    previous = 0
    while True:
        guard.new_record()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except ImportLimitError as error:
            raise ImportLimitError(error.message, row=previous + 1) from None
        except csv.Error as error:
            raise ImportError_([RowError(reader.line_num, "", str(error))]) from None
        yield previous + 1, cells  # a record's row is the line it starts on
        previous = reader.line_num


def physical_lines(text: str) -> Iterator[str]:
    r"""The lines of ``text`` with their ends (``\r\n``, ``\r`` or ``\n``), one at a time.

    ``io.StringIO`` would first copy the text at four bytes a character.
    """
    start, end = 0, len(text)
    while start < end:
        found = LINE_END.search(text, start)
        stop = found.end() if found else end
        yield text[start:stop]
        start = stop


def read_xlsx(data: bytes) -> list[RawRow]:
    """The first sheet of an Excel workbook, header on the first row.

    Only the columns the header names are read, and the sheet's declared dimension is
    ignored: openpyxl pads every row to it (``A1:XFD6000`` is 16,384 cells a row).
    """
    from openpyxl import load_workbook

    check_file_size(len(data))
    check_xlsx_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, ValueError... for a bad file
        raise ImportError_(
            [RowError(0, "", _("The file is not an Excel workbook (.xlsx)."))]
        ) from None
    try:
        if not workbook.worksheets:
            raise ImportError_([RowError(0, "", _("The workbook has no sheets."))])
        return rows_from_table(sheet_lines(workbook.worksheets[0]))
    finally:
        workbook.close()


def sheet_lines(sheet) -> Iterator[tuple[int, list[str]]]:
    """The header row, then the data rows cut to the header's last named column."""
    sheet.reset_dimensions()
    max_columns = congress_settings.IMPORT_MAX_COLUMNS
    first = sheet.iter_rows(max_row=1, max_col=max_columns + 1, values_only=True)
    header = [cell_text(value) for value in next(first, ())]
    yield 1, header
    width = min(used_width(header), max_columns)
    if not width:
        return
    values = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    for number, row in enumerate(values, start=2):
        yield number, [cell_text(value) for value in row]


def cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold (dates as ``YYYY-MM-DD HH:MM``)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows_from_table(table: Iterable[tuple[int, list[str]]]) -> list[RawRow]:
    """A header line and data lines into rows; blank lines are skipped.

    ``table`` is read lazily, and refused as soon as it passes a limit (``TableBudget``).
    """
    lines = iter(table)
    first = next(lines, None)
    if first is None:
        raise ImportError_([RowError(1, "", _("The file is empty."))])
    header_line, headers = first
    budget = TableBudget()
    budget.check_columns(header_line, headers)
    positions, errors = header_errors(headers)
    if errors:
        raise ImportError_(errors)
    columns = {name: str(headers[index]).strip() for index, name in positions.items()}
    rows = []
    for line, cells in lines:
        blank = not any(str(cell).strip() for cell in cells)
        budget.count(line, cells, blank)
        if blank:
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
    check_file_size(len(data))
    try:
        text = data.decode("utf-8-sig")
        check_json(text)
        conference = json.loads(text)["schedule"]["conference"]
        days = conference["days"]
        events = [event for day in days for room in day["rooms"].values() for event in room]
    except UnicodeDecodeError:
        raise ImportError_([RowError(0, "", _("The file is not UTF-8 text."))]) from None
    except RecursionError:  # unbalanced brackets that check_json left to the parser
        raise json_too_deep() from None
    except json.JSONDecodeError as error:
        raise ImportError_(
            [RowError(error.lineno, "", _("Not valid JSON: %s") % error.msg)]
        ) from None
    except (KeyError, TypeError, AttributeError):
        raise ImportError_(
            [RowError(0, "", _("Not a frab schedule: schedule.conference.days is missing."))]
        ) from None
    check_rows(len(events))
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


def frab_description(event: dict) -> str:
    """``abstract`` and ``description`` as paragraphs of one text.

    frab, pretalx and the package's own export split a session's text between the two (the
    package: the first paragraph and the rest); reading only one would lose the other.
    """
    parts = [str(event.get(key) or "").strip() for key in ("abstract", "description")]
    abstract, description = parts
    if abstract and description.startswith(abstract):
        return description
    return "\n\n".join(part for part in parts if part)


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
        "description": frab_description(event),
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
