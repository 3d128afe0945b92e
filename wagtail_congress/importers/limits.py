"""Resource limits of the programme import: file size, rows, columns, cells, XLSX and JSON shape.

Checked while a file is read, before anything is built from it, so a small hostile upload (an
XLSX whose sheet unpacks to 150 MB, a sheet declaring 16,384 columns, JSON nested 10,000 levels
deep) is refused in milliseconds with one message naming the limit, instead of taking a
worker's memory. The limits are settings (``WAGTAIL_CONGRESS_IMPORT_*``, ``conf.py``); the
figures they were measured with are in docs/reliability.md, "Import limits".
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator, Sequence

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..conf import congress_settings
from .rows import ImportError_, RowError

# Below this uncompressed size an XLSX is not checked for its compression ratio: tiny members
# (styles, an empty sheet) compress far beyond any ratio and hold nothing dangerous.
RATIO_FLOOR = 1024 * 1024
# The central directory of an XLSX's zip: an ordinary workbook has a few kilobytes (about 80
# bytes a part); a workbook with a thousand images stays under 100 KB.
MAX_ZIP_DIRECTORY = 256 * 1024
ZIP_END = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
# A JSON string (escapes included); possessive, so a hostile file cannot make it backtrack.
JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]++")
INNERMOST_PAIR = re.compile(r"\[\]|\{\}")


class LimitProblem(RowError):
    """The problem of a file beyond a limit: the only one reported (the rest is not read)."""

    @property
    def form_message(self) -> str:
        """The message for a form error, with its row if it has one."""
        if not self.row:
            return self.message
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportLimitError(ImportError_):
    """The file is beyond one of the import limits: one problem, for the file or at a row."""

    def __init__(self, message: str, row: int = 0, column: str = "") -> None:
        super().__init__([LimitProblem(row, column, message)])
        self.message = message


def limit_problem(errors: Sequence[RowError]) -> LimitProblem | None:
    """The limit a file went past, if that is its problem (a form error, not a table)."""
    return errors[0] if errors and isinstance(errors[0], LimitProblem) else None


def grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


def check_file_size(size: int) -> None:
    """Refuse a file larger than ``IMPORT_MAX_FILE_SIZE`` bytes."""
    limit = congress_settings.IMPORT_MAX_FILE_SIZE
    if size > limit:
        raise ImportLimitError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        )


def check_xlsx_archive(data: bytes) -> None:
    """Refuse a zip that unpacks too large or too well, from its directory, before unpacking.

    The sizes are the ones the archive declares; ``zipfile`` never returns more than the
    declared size of a member (a lying member fails its CRC), so the check holds for openpyxl.
    """
    import io

    directory = zip_directory_size(data)
    if directory is None:
        return  # not a zip: openpyxl says it is no workbook
    if directory > MAX_ZIP_DIRECTORY:
        raise ImportLimitError(
            _("The workbook has too many parts (its zip directory is larger than %(limit)s).")
            % {"limit": filesizeformat(MAX_ZIP_DIRECTORY)}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip: openpyxl says it is no workbook
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    limit = congress_settings.IMPORT_MAX_XLSX_UNCOMPRESSED_SIZE
    if unpacked > limit:
        raise ImportLimitError(
            _("The workbook unpacks to %(size)s, more than %(limit)s.")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)}
        )
    ratio_limit = congress_settings.IMPORT_MAX_XLSX_COMPRESSION_RATIO
    if unpacked > RATIO_FLOOR and unpacked > ratio_limit * max(packed, 1):
        raise ImportLimitError(
            _(
                "The workbook is compressed %(ratio)s times (at most %(limit)s): "
                "it is not an ordinary spreadsheet."
            )
            % {"ratio": grouped(unpacked // max(packed, 1)), "limit": grouped(ratio_limit)}
        )
    check_xml_tags(data, members)


def check_xml_tags(data: bytes, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a workbook whose parts hold too many XML tags (every ``<`` counts).

    openpyxl spends its time per element, not per byte: 24 MB of three-letter shared strings
    (well within the size and ratio limits, a 4 MB file) took 44 s. Unpacking and counting
    is fast (C code, a megabyte at a time, nothing kept).
    """
    import io
    import zlib

    limit = congress_settings.IMPORT_MAX_XLSX_XML_TAGS
    tags = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in members:
                with archive.open(member) as part:
                    while chunk := part.read(1024 * 1024):
                        tags += chunk.count(b"<")
                        if tags > limit:
                            raise ImportLimitError(
                                _("The workbook has more than %(limit)s XML tags.")
                                % {"limit": grouped(limit)}
                            )
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError):
        raise ImportError_(
            [RowError(0, "", _("The file is not an Excel workbook (.xlsx)."))]
        ) from None


def zip_directory_size(data: bytes) -> int | None:
    """The size of a zip's central directory, found as ``zipfile`` finds it (None: no zip).

    ``ZipFile()`` builds an object for every entry before anything can be checked: 10 MB of
    empty entries are 115,000 objects, 60 MB and seconds. A Zip64 directory counts as too
    large (an ordinary workbook is a few kilobytes of directory).
    """
    if len(data) >= 22 and data[-22:-18] == ZIP_END and data[-2:] == b"\0\0":
        end = len(data) - 22
    else:
        end = data.rfind(ZIP_END, max(0, len(data) - 22 - 65535))
        if end < 0 or len(data) - end < 22:
            return None
    if end >= 20 and data[end - 20 : end - 16] == ZIP64_LOCATOR:
        return MAX_ZIP_DIRECTORY + 1
    return struct.unpack("<L", data[end + 12 : end + 16])[0]


def used_width(cells: Sequence[str]) -> int:
    """The number of columns up to the last non-empty cell."""
    for index in range(len(cells) - 1, -1, -1):
        if str(cells[index]).strip():
            return index + 1
    return 0


class TableBudget:
    """Counts the rows and cells of a table as it is read; refuses it past a limit."""

    def __init__(self) -> None:
        self.max_rows = congress_settings.IMPORT_MAX_ROWS
        self.max_columns = congress_settings.IMPORT_MAX_COLUMNS
        self.max_cells = congress_settings.IMPORT_MAX_CELLS
        self.rows = 0
        self.cells = 0

    def check_columns(self, line: int, cells: Sequence[str]) -> None:
        if used_width(cells) > self.max_columns:
            raise ImportLimitError(
                _("This row has more than %(limit)s columns.")
                % {"limit": grouped(self.max_columns)},
                row=line,
            )

    def count(self, line: int, cells: Sequence[str], blank: bool) -> None:
        """Count a data line (``cells`` as read); a blank one is not a session."""
        self.check_columns(line, cells)
        self.cells += max(len(cells), 1)  # a blank line counts, or a file of them is endless
        if self.cells > self.max_cells:
            raise ImportLimitError(
                _("The file has more than %(limit)s cells; import it in parts.")
                % {"limit": grouped(self.max_cells)},
                row=line,
            )
        if not blank:
            self.rows += 1
            check_rows(self.rows, line)


def check_rows(count: int, row: int = 0) -> None:
    limit = congress_settings.IMPORT_MAX_ROWS
    if count > limit:
        raise ImportLimitError(
            _("The file has more than %(limit)s sessions; import it in parts.")
            % {"limit": grouped(limit)},
            row=row,
        )


class CsvLineGuard:
    """The lines of a CSV for ``csv.reader``, refusing a record with too many separators.

    ``csv.reader`` builds a whole record before it can be checked, and a 10 MB line of commas
    is ten million cells (130 MB). Separators inside quotes count too, so this is only a bound
    on memory (``IMPORT_MAX_CELLS``); the columns are checked on the record itself.
    """

    def __init__(self, lines: Iterator[str], delimiter: str) -> None:
        self.lines = lines
        self.delimiter = delimiter
        self.limit = congress_settings.IMPORT_MAX_CELLS
        self.separators = 0

    def __iter__(self) -> CsvLineGuard:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.separators += line.count(self.delimiter)
        if self.separators > self.limit:
            raise ImportLimitError(
                _("This row has more than %(limit)s separators.") % {"limit": grouped(self.limit)}
            )
        return line

    def new_record(self) -> None:
        self.separators = 0


def check_json(text: str) -> None:
    """Refuse JSON with too many values or nested too deeply, without parsing it.

    Python's parser has no depth limit (it fails with ``RecursionError`` near 1,000 levels)
    and builds every value before it can be counted (10 MB of ``{},`` are 3 million dicts).
    Strings are taken out first, then the values are bounded by the commas, colons and
    brackets left, and the depth is the number of rounds that empty every innermost ``[]`` or
    ``{}``. Up to its first error the parser reads strings exactly as the pattern does, so
    invalid JSON cannot hide a bracket from this check.
    """
    structure = JSON_STRING.sub('""', text)
    values = sum(structure.count(char) for char in ",:[{") + 1
    max_values = congress_settings.IMPORT_MAX_CELLS
    if values > max_values:
        raise ImportLimitError(
            _("The JSON has more than %(limit)s values; import it in parts.")
            % {"limit": grouped(max_values)}
        )
    brackets = NOT_A_BRACKET.sub("", structure)
    max_depth = congress_settings.IMPORT_MAX_JSON_DEPTH
    for _round in range(max_depth):
        brackets, removed = INNERMOST_PAIR.subn("", brackets)
        if not removed:
            return  # all matched (or unbalanced: the parser says where)
    if INNERMOST_PAIR.search(brackets):
        raise json_too_deep()


def json_too_deep() -> ImportLimitError:
    return ImportLimitError(
        _("The JSON is nested more than %(limit)s levels deep.")
        % {"limit": grouped(congress_settings.IMPORT_MAX_JSON_DEPTH)}
    )


def shown_problems(errors: Sequence[RowError]) -> tuple[list[RowError], int]:
    """The problems to list (``IMPORT_MAX_PROBLEMS_SHOWN``), and how many are left out."""
    limit = congress_settings.IMPORT_MAX_PROBLEMS_SHOWN
    return list(errors[:limit]), max(len(errors) - limit, 0)
