"""Bad files write nothing and report every problem with its row and column."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from wagtail_congress.importers import ImportError_, make_plan, read_file
from wagtail_congress.models import SessionPage, Speaker

from .test_import_helpers import csv_bytes, revision_count, run_import, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = "external_id,title,track,start,end,format,language,speakers\n"


def errors_of(congress, data: bytes, file_format: str = "csv", **options) -> list[str]:
    with pytest.raises(ImportError_) as caught:
        run_import(congress, data, file_format, **options)
    return [str(error) for error in caught.value.errors]


def test_several_bad_rows_write_nothing_and_are_all_reported(congress, track, english):
    t = track.title
    data = (
        HEADER
        + f"ok,Dobra sesja,{t},2021-06-07 10:00,2021-06-07 11:00,panel,pl,Anna Nowak\n"
        + f"s2,Zły czas,{t},jutro o 10,2021-06-07 11:00,,,\n"
        + f"s3,Koniec przed początkiem,{t},2021-06-07 12:00,2021-06-07 11:00,,,\n"
        + f"s4,Poza kongresem,{t},2021-06-10 10:00,2021-06-10 11:00,,,\n"
        + "s5,Nieznana ścieżka,Nie ma takiej,2021-06-07 10:00,2021-06-07 11:00,,,\n"
        + f"s6,Zły format,{t},2021-06-07 10:00,2021-06-07 11:00,karaoke,xx,Jan (boss)\n"
        + f"ok,Powtórzony identyfikator,{t},2021-06-07 10:00,2021-06-07 11:00,,,\n"
        + f",,{t},2021-06-07 10:00,2021-06-07 11:00,,,\n"
    ).encode()
    pages, revisions = Page.objects.count(), revision_count()
    errors = errors_of(congress, data)
    assert errors == [
        "3:start: “jutro o 10” is not a time; write YYYY-MM-DD HH:MM.",
        "4:end: The end must be later than the start.",
        "5:start: Outside the congress (2021-06-07 – 2021-06-08).",
        "5:end: Outside the congress (2021-06-07 – 2021-06-08).",
        "6:track: No track “Nie ma takiej” in this congress (creating tracks is off).",
        "7:format: Unknown value “karaoke”.",
        "7:language: Unknown value “xx”.",
        "7:speakers: Unknown role “boss”.",
        "8:external_id: The same ID is on row 2.",
        "9:external_id: This cell must not be empty.",
        "9:title: This cell must not be empty.",
    ]
    assert (Page.objects.count(), revision_count()) == (pages, revisions)
    assert not Speaker.objects.exists()


def test_errors_use_the_files_own_column_names(congress, english):
    data = "identyfikator,tytuł,ścieżka,początek,koniec\nx,Sesja,Brak,2021-06-07 10:00,zła\n"
    assert errors_of(congress, data.encode()) == [
        "2:koniec: “zła” is not a time; write YYYY-MM-DD HH:MM.",
        "2:ścieżka: No track “Brak” in this congress (creating tracks is off).",
    ]


def test_wrong_encoding_is_an_error_with_its_line(congress, english):
    data = csv_bytes().decode().encode("cp1250")
    assert errors_of(congress, data) == ["1: The file is not UTF-8 text; save it as “CSV UTF-8”."]
    assert not SessionPage.objects.exists()


def test_bom_and_semicolons_are_fine(congress, track):
    data = (
        "\ufeffexternal_id;title;track;start;end\n"
        f"a;Sesja;{track.title};2021-06-07T10:00:00+02:00;07.06.2021 11:00\n"
    ).encode()
    run_import(congress, data, "csv")
    assert SessionPage.objects.get(external_id="a").title == "Sesja"


def test_unknown_and_missing_columns(congress, english):
    data = b"external_id,title,tytul_roboczy,start\n"
    assert errors_of(congress, data) == [
        "1:tytul_roboczy: Unknown column.",
        "1:track: Required column missing (“track”).",
        "1:end: Required column missing (“end”).",
    ]


def test_malformed_files(congress, english):
    assert errors_of(congress, b"not a workbook", "xlsx") == [
        "0: The file is not an Excel workbook (.xlsx)."
    ]
    assert errors_of(congress, b'{"schedule": ', "frab")[0].startswith("1: Not valid JSON")
    assert errors_of(congress, b'{"version": 1}', "frab") == [
        "0: Not a frab schedule: schedule.conference.days is missing."
    ]
    assert errors_of(congress, b"", "csv") == ["1: The file is empty."]


def test_xlsx_errors_give_the_sheet_row(congress, english):
    # The CSV's second session spans two lines; in the sheet it is one row.
    data = csv_bytes().decode().replace("2021-06-07 12:00", "2021-13-07 12:00").encode()
    errors = errors_of(congress, xlsx_bytes(data), "xlsx", create_tracks=True)
    assert errors == ["4:początek: “2021-13-07 12:00” is not a time; write YYYY-MM-DD HH:MM."]


def test_plan_lists_problems_without_raising(congress, english):
    rows = read_file(b"external_id,title,track,start,end\na,A,X,2021-06-07 10:00,\n", "csv")
    plan = make_plan(congress, rows)
    assert [str(error) for error in plan.errors] == [
        "2:end: This cell must not be empty.",
        "2:track: No track “X” in this congress (creating tracks is off).",
    ]
