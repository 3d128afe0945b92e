"""The import's resource limits against the hostile files of issue 14, each built here.

Every file gets a clear error, through the admin upload (a form error for a file past a
limit, the problems table otherwise) and through the command (exit status 1), writes nothing,
and is read in under 5 s with under 100 MB of memory growth, measured in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, PageLogEntry, Revision

from wagtail_congress.importers import ImportError_, read_file
from wagtail_congress.importers.limits import LimitProblem
from wagtail_congress.importers.rows import RowError
from wagtail_congress.models import Partner, Speaker
from wagtail_congress.templatetags.congress_import import import_problems

REPO = Path(__file__).resolve().parent.parent
HEADER = ["id", "title", "track", "start", "end"]
MAX_SECONDS = 5
MAX_GROWTH_MB = 100


# --- building the files ----------------------------------------------------------------------


def workbook(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite_zip(data: bytes, edit: Callable[[str, bytes], bytes | Callable | None]) -> bytes:
    """A copy of a zip whose members ``edit`` changes: new bytes, a writer, or None to drop."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = edit(info.filename, source.read(info.filename))
            if callable(content):
                with target.open(info.filename, "w", force_zip64=True) as member:
                    content(member)
            elif content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def xlsx_bomb(unpacked_mb: int) -> bytes:
    """A header row, then identical rows until the sheet unpacks to ``unpacked_mb`` MB."""
    row = b'<row><c t="inlineStr"><is><t>kpm-1</t></is></c></row>'
    block = row * 10_000

    def edit(name: str, content: bytes):
        if name != SHEET:
            return content
        head, tail = content.split(b"</sheetData>")

        def write(member) -> None:
            member.write(head)
            for _ in range(unpacked_mb * 1024 * 1024 // len(block)):
                member.write(block)
            member.write(b"</sheetData>" + tail)

        return write

    return rewrite_zip(workbook([HEADER]), edit)


def xlsx_declaring(dimension: str, rows: list[list[str]]) -> bytes:
    """A workbook whose sheet declares ``<dimension ref=...>``, whatever it holds."""

    def edit(name: str, content: bytes) -> bytes:
        if name != SHEET:
            return content
        return re.sub(
            rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), content
        )

    return rewrite_zip(workbook(rows), edit)


SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def xlsx_with_shared_strings(count: int) -> bytes:
    """A header sheet and ``count`` tiny shared strings: small, within the sizes, slow to parse."""
    strings = b"".join(b"<si><t>%06d</t></si>" % n for n in range(count))
    table = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'

    def edit(name: str, content: bytes):
        if name == "[Content_Types].xml":
            override = (
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS}"/>'
            )
            return content.replace(b"</Types>", override.encode() + b"</Types>")
        return content

    data = rewrite_zip(workbook([HEADER]), edit)
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", table + strings + b"</sst>")
    return buffer.getvalue()


def xlsx_without_sheets() -> bytes:
    def edit(name: str, content: bytes) -> bytes | None:
        if name == "xl/workbook.xml":
            return re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", content)
        return None if name == SHEET else content

    return rewrite_zip(workbook([HEADER]), edit)


def zip_of_empty_parts(count: int) -> bytes:
    """A zip of ``count`` empty entries, written by hand (``zipfile`` takes ~20 s for 110,000)."""
    local, central, offset = [], [], 0
    for number in range(count):
        name = b"%d" % number
        header = struct.pack(
            "<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, 0, len(name), 0
        )
        local.append(header + name)
        central.append(
            struct.pack(
                "<4s4B4HL2L5H2L",
                b"PK\x01\x02",
                20,
                3,
                20,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
        offset += len(header) + len(name)
    directory = b"".join(central)
    entries = min(count, 0xFFFF)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, len(directory), offset, 0)
    return b"".join(local) + directory + end


def frab_nested(depth: int, closing: str = "]") -> bytes:
    """A frab document whose ``days`` hold arrays ``depth`` levels deep."""
    inner = "[" * depth + closing * depth
    return f'{{"schedule": {{"conference": {{"days": {inner}}}}}}}'.encode()


def frab_many_objects(count: int) -> bytes:
    """A frab document of ``count`` empty objects: tiny text, 64 bytes each as Python dicts."""
    return b'{"schedule": {"conference": {"days": [' + b"{}," * count + b"{}]}}}"


def csv_rows(count: int) -> bytes:
    lines = [",".join(HEADER)] + [
        f"kpm-{n},Sesja {n},Ścieżka,2021-06-07 10:00,2021-06-07 11:00" for n in range(count)
    ]
    return "\n".join(lines).encode()


def csv_columns(count: int) -> bytes:
    header = HEADER + [f"extra{n}" for n in range(count - len(HEADER))]
    return (",".join(header) + "\n" + ",".join(["x"] * count)).encode()


def csv_wide_row(separators: int) -> bytes:
    return (",".join(HEADER) + "\n").encode() + b"," * separators


def oversize(data: bytes) -> bytes:
    """``data`` padded past the default 10 MB (the padding is never looked at)."""
    return data + b" " * (10 * 1024 * 1024 + 1 - len(data))


@dataclass(frozen=True)
class Hostile:
    name: str  # the file name (its extension sets the format)
    build: Callable[[], bytes]
    message: str  # what the error says
    limit: bool = True  # past a limit: a form error in the admin; else the problems table

    @property
    def format(self) -> str:
        return {"xlsx": "xlsx", "json": "frab"}.get(self.name.rsplit(".", 1)[1], "csv")


TOO_LARGE = "The file is larger than 10.0\xa0MB."
HOSTILE = [
    Hostile(
        "bomb.xlsx",
        lambda: xlsx_bomb(150),
        "The workbook unpacks to 149.6\xa0MB, more than 25.0\xa0MB.",
    ),
    Hostile("ratio.xlsx", lambda: xlsx_bomb(5), "The workbook is compressed"),
    Hostile(
        "dimension.xlsx",
        lambda: xlsx_declaring("A1:XFD1048576", [HEADER]),
        "The file has no sessions.",
        limit=False,
    ),
    Hostile("parts.xlsx", lambda: zip_of_empty_parts(110_000), "The workbook has too many parts"),
    Hostile(
        "strings.xlsx",
        lambda: xlsx_with_shared_strings(200_000),
        "The workbook has more than 600,000 XML tags.",
    ),
    Hostile("no-sheets.xlsx", xlsx_without_sheets, "The workbook has no sheets.", limit=False),
    Hostile("nested.json", lambda: frab_nested(10_000), "nested more than 32 levels deep"),
    Hostile(
        "nested-unbalanced.json",
        lambda: frab_nested(10_000, closing="}"),
        "nested more than 32 levels deep",
    ),
    Hostile("objects.json", lambda: frab_many_objects(3_000_000), "more than 250,000 values"),
    Hostile("rows.csv", lambda: csv_rows(5001), "more than 5,000 sessions"),
    Hostile("columns.csv", lambda: csv_columns(51), "more than 50 columns"),
    Hostile("wide-row.csv", lambda: csv_wide_row(10_000_000), "more than 250,000 separators"),
    Hostile("big.csv", lambda: oversize(csv_rows(3)), TOO_LARGE),
    Hostile("big.xlsx", lambda: oversize(workbook([HEADER])), TOO_LARGE),
    Hostile("big.json", lambda: oversize(frab_nested(1)), TOO_LARGE),
]
IDS = [hostile.name for hostile in HOSTILE]


@pytest.fixture(autouse=True)
def in_english():
    """The messages as asserted (the site's default language is Polish)."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for hostile in HOSTILE:
        paths[hostile.name] = folder / hostile.name
        paths[hostile.name].write_bytes(hostile.build())
    return paths


def test_the_files_are_what_the_issue_describes(hostile_files):
    bomb = hostile_files["bomb.xlsx"]
    assert bomb.stat().st_size < 1024 * 1024  # the issue's was 355 KB
    unpacked = sum(info.file_size for info in zipfile.ZipFile(bomb).infolist())
    assert unpacked > 147_000_000  # the issue's: 147 MB
    sheet = zipfile.ZipFile(hostile_files["dimension.xlsx"]).read(SHEET)
    assert b'<dimension ref="A1:XFD1048576"/>' in sheet
    assert hostile_files["dimension.xlsx"].stat().st_size < 10_000  # the issue's: 4.8 KB
    parts = hostile_files["parts.xlsx"]
    assert 9_000_000 < parts.stat().st_size < 10 * 1024 * 1024
    strings = zipfile.ZipFile(hostile_files["strings.xlsx"])
    assert strings.getinfo("xl/sharedStrings.xml").file_size < 5 * 1024 * 1024
    small = zipfile.ZipFile(io.BytesIO(zip_of_empty_parts(3)))  # the builder makes real zips
    assert [info.filename for info in small.infolist()] == ["0", "1", "2"]


# --- nothing written, a clear error ------------------------------------------------------------


def counts() -> tuple[int, ...]:
    return (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        Speaker.objects.count(),
        Partner.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_admin_upload_refuses_it_clearly(hostile, hostile_files, wagtail_admin, congress):
    before = counts()
    data = hostile_files[hostile.name].read_bytes()
    response = wagtail_admin.post(
        reverse("wagtail_congress_import", args=[congress.pk]),
        {"file": SimpleUploadedFile(hostile.name, data), "create_tracks": "on", "publish": "on"},
    )
    assert response.status_code == 200
    assert "token" not in response.context  # nothing to confirm
    if hostile.limit:
        [error] = response.context["form"].errors["file"]
        assert hostile.message in error
        assert "error-message" in response.content.decode()
    else:
        messages = [problem.message for problem in response.context["errors"]]
        assert any(hostile.message in message for message in messages), messages
        assert "Nothing was imported." in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE, ids=IDS)
def test_command_refuses_it_with_a_message(hostile, hostile_files, congress):
    before = counts()
    errors = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported|too large"):
        call_command(
            "import_programme",
            str(congress.pk),
            str(hostile_files[hostile.name]),
            "--create-tracks",
            "--publish",
            "--as-superuser",
            stdout=io.StringIO(),
            stderr=errors,
        )
    assert hostile.message in errors.getvalue()
    assert counts() == before


# --- memory and time ---------------------------------------------------------------------------

# Run in a subprocess: a child is forked for each file from a parent that has loaded Django,
# resets its peak RSS (``/proc/self/clear_refs``) and reads the file as the import does.
MEASURE = r"""
import gc, json, os, sys, time
import django
django.setup()
import openpyxl  # imported once, not in each measurement
from django.utils import translation
translation.activate("en")
from wagtail_congress.importers import ImportError_, read_file
gc.collect()
gc.freeze()  # a child's collection then leaves the parent's objects (and pages) alone

def status(key):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(key))

for path, file_format in json.loads(sys.argv[1]):
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:
        data = open(path, "rb").read()
        gc.collect()
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        baseline = status("VmRSS:")
        started = time.perf_counter()
        try:
            outcome = "%d rows" % len(read_file(data, file_format))
        except ImportError_ as error:
            outcome = error.errors[0].message
        seconds = time.perf_counter() - started
        growth = (status("VmHWM:") - baseline) / 1024
        os.write(writing, json.dumps([os.path.basename(path), seconds, growth, outcome]).encode())
        os._exit(0)
    os.close(writing)
    os.waitpid(pid, 0)
    print(os.read(reading, 65536).decode())
"""


@pytest.mark.skipif(
    not os.access("/proc/self/clear_refs", os.W_OK), reason="needs Linux's /proc/self/clear_refs"
)
def test_each_file_is_refused_quickly_in_bounded_memory(hostile_files, capsys):
    files = [[str(hostile_files[hostile.name]), hostile.format] for hostile in HOSTILE]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(files)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    measured = {
        name: (s, mb, outcome)
        for name, s, mb, outcome in map(json.loads, result.stdout.split("\n")[:-1])
    }
    with capsys.disabled():
        print("\nimport limits: file, seconds, RSS growth (MB), outcome")
        for name, (seconds, growth, outcome) in measured.items():
            print(f"  {name}: {seconds:.2f} s, {growth:.1f} MB, {outcome}")
    for hostile in HOSTILE:
        seconds, growth, outcome = measured[hostile.name]
        if hostile.limit:
            assert hostile.message in outcome
        assert seconds < MAX_SECONDS, (hostile.name, seconds)
        assert growth < MAX_GROWTH_MB, (hostile.name, growth)


# --- what the limits leave alone ---------------------------------------------------------------


def test_a_declared_dimension_is_ignored_and_the_sessions_read():
    rows = [HEADER, ["kpm-1", "Otwarcie", "Ścieżka", "2021-06-07 10:00", "2021-06-07 11:00"]]
    data = xlsx_declaring("A1:XFD6000", rows)
    [row] = read_file(data, "xlsx")
    assert row.values["title"] == "Otwarcie"
    assert row.row == 2


@override_settings(WAGTAIL_CONGRESS_IMPORT_MAX_ROWS=3, WAGTAIL_CONGRESS_IMPORT_MAX_COLUMNS=5)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_limits_follow_the_settings(file_format):
    def read(data: bytes):
        if file_format == "xlsx":
            rows = list(__import__("csv").reader(io.StringIO(data.decode())))
            data = workbook(rows)
        return read_file(data, file_format)

    assert len(read(csv_rows(3))) == 3
    with pytest.raises(ImportError_) as refused:
        read(csv_rows(4))
    assert refused.value.errors == [
        LimitProblem(5, "", "The file has more than 3 sessions; import it in parts.")
    ]
    with pytest.raises(ImportError_, match="more than 5 columns"):
        read(csv_columns(6))


def test_blank_lines_count_towards_the_cells():
    with (
        override_settings(WAGTAIL_CONGRESS_IMPORT_MAX_CELLS=1000),
        pytest.raises(ImportError_, match="more than 1,000 cells"),
    ):
        read_file(csv_rows(1) + b"\n" * 2000, "csv")


def test_an_ordinary_frab_schedule_is_well_within_the_json_limits():
    data = (REPO / "tests" / "data" / "import" / "programme.json").read_bytes()
    assert read_file(data, "frab")
    with (
        override_settings(WAGTAIL_CONGRESS_IMPORT_MAX_JSON_DEPTH=5),
        pytest.raises(ImportError_, match="nested more than 5 levels deep"),
    ):
        read_file(data, "frab")


def test_brackets_inside_strings_are_not_structure():
    text = json.dumps({"schedule": {"conference": {"days": [], "title": "[[[[[[{{{{" * 1000}}})
    assert read_file(text.encode(), "frab") == []


# --- the problems shown ------------------------------------------------------------------------


def test_the_problems_shown_are_capped_with_the_total_counted():
    errors = [RowError(2, "start", "Unreadable time.")] * 700_000
    listed = import_problems(errors)
    assert len(listed.problems) == 200
    assert (listed.shown, listed.total, listed.left_out) == ("200", "700,000", 699_800)


@pytest.mark.django_db
@override_settings(WAGTAIL_CONGRESS_IMPORT_MAX_PROBLEMS_SHOWN=5)
def test_admin_and_command_show_the_first_problems_and_the_total(wagtail_admin, congress, tmp_path):
    data = csv_rows(12)  # no track "Ścieżka", and creating tracks is off: 12 problems
    response = wagtail_admin.post(
        reverse("wagtail_congress_import", args=[congress.pk]),
        {"file": SimpleUploadedFile("many.csv", data)},
    )
    html = response.content.decode()
    assert len(response.context["errors"]) == 12
    assert "12 problems. Nothing was imported." in html
    assert "Showing the first 5 of 12 problems." in html
    assert html.count("No track") == 5

    path = tmp_path / "many.csv"
    path.write_bytes(data)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="12 problems"):
        call_command(
            "import_programme", str(congress.pk), str(path), "--as-superuser", stderr=errors
        )
    lines = errors.getvalue().splitlines()
    assert len(lines) == 6
    assert lines[-1] == "... and 7 more problems (12 in all)."
