"""Hypothesis: the programme import parsers given anything at all.

Arbitrary bytes, unicode, huge numbers, impossible times and frab documents of the wrong shape
must end in rows or in :class:`ImportError_` whose every problem has a row (0: the whole file)
and a message — never another exception — and a file that fails writes nothing at all.
"""

from __future__ import annotations

import collections
import csv
import datetime
import io
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageLogEntry, Revision

from wagtail_congress.importers import ImportError_, RowError, apply_plan, make_plan, read_file
from wagtail_congress.importers.readers import FORMATS
from wagtail_congress.models import SessionPage, Speaker

EXAMPLES = 150
# Outcomes by format ("imported", "refused"), printed with -s: the fuzz must reach both.
OUTCOMES: collections.Counter = collections.Counter()

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Whole imports write to the database: fewer of them, to keep CI under a few minutes.
FUZZ_IMPORTS = settings(FUZZ, max_examples=100)

HEADER = ["external_id", "title", "track", "start", "end", "room", "format", "language"]
HEADER += ["description", "speakers", "speaker_organisations", "speaker_ids"]

TIMES = st.one_of(
    st.sampled_from(
        [
            "2021-06-07 10:00",
            "2021-06-07T11:30:00+02:00",
            "07.06.2021 12:00",
            "2021-06-08 23:59",
            "2021-06-07 25:00",
            "2021-02-30 10:00",
            "9999-12-31 23:59",
            "0001-01-01 00:00",
            "2021-06-07T10:00:00+99:00",
            "2021-06-07 10:00 Europe/Warsaw",
            "jutro o 10",
            "",
            "1" * 40,
        ]
    ),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.text(max_size=20),
)
CELLS = st.one_of(
    st.text(max_size=30),
    st.text(max_size=300, alphabet=st.characters(codec="utf-8")),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "",
            "panel",
            "workshop",
            "pl",
            "en",
            "xx",
            "Anna (moderator); Jan",
            "Anna (boss)",
            "(); ;",
            "=1+1",
            "'; DROP TABLE wagtailcore_page; --",
            "{{ 7|add:7 }}",
            "<p>Opis</p>",
            "<script>alert(1)</script>",
            "a\x00b",
            "x" * 300,
            "Nowa / Podścieżka",
        ]
    ),
)


def db_state() -> tuple[int, ...]:
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Speaker.objects.count(),
        PageLogEntry.objects.count(),
    )


def assert_clear_errors(error: ImportError_) -> None:
    assert error.errors, "an import error lists its problems"
    for problem in error.errors:
        assert isinstance(problem, RowError)
        assert isinstance(problem.row, int) and problem.row >= 0
        assert isinstance(problem.column, str)
        assert str(problem.message).strip()


def import_all_or_nothing(congress, data: bytes, file_format: str, **options) -> str:
    """Read, plan and write ``data`` in a rolled-back savepoint; "imported" or "refused"."""
    with transaction.atomic():
        before = db_state()
        try:
            rows = read_file(data, file_format)
            apply_plan(make_plan(congress, rows, **options))
        except ImportError_ as error:
            assert_clear_errors(error)
            assert db_state() == before, "a refused file wrote something"
            outcome = "refused"
        else:
            outcome = "imported"
        transaction.set_rollback(True)
    OUTCOMES[file_format, outcome] += 1
    return outcome


@pytest.mark.parametrize("file_format", FORMATS)
@FUZZ
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_are_rows_or_clear_errors(file_format, data):
    try:
        rows = read_file(data, file_format)
    except ImportError_ as error:
        assert_clear_errors(error)
    else:
        assert isinstance(rows, list)


@FUZZ
@given(text=st.text(max_size=500))
def test_arbitrary_text_is_rows_or_clear_errors(text):
    for data in (text.encode(), ("\ufeff" + ",".join(HEADER) + "\n" + text).encode()):
        try:
            read_file(data, "csv")
        except ImportError_ as error:
            assert_clear_errors(error)


def usually(valid, junk):
    """``valid`` 19 times in 20, else ``junk``: files that import as well as files that don't."""
    # (st.one_of would pick each branch equally often, however often it is listed.)
    return st.integers(0, 19).flatmap(lambda n: junk if n == 0 else valid)


GOOD_STARTS = st.sampled_from(["2021-06-07 09:00", "07.06.2021 12:00", "2021-06-08T10:00:00+02:00"])
GOOD_ENDS = st.sampled_from(["2021-06-08 18:00", "08.06.2021 17:30"])
# Values of the optional columns that import.
SOUND = {
    "room": ["", "Sala A", "Łódź – scena"],
    "format": ["", "panel", "Warsztat"],
    "language": ["", "pl", "en"],
    "description": ["", "Opis", "<p>Opis</p>", "Akapit\n\nDrugi <b>"],
    "speakers": ["", "Anna Nowak (moderator); Jan Kowalski", "Zoë"],
    "speaker_organisations": [""],
    "speaker_ids": [""],
}


def table(track_title: str):
    """Rows of a programme table: mostly sound cells, some of every other kind."""
    row = st.fixed_dictionaries(
        {
            "external_id": usually(st.uuids().map(str), st.one_of(st.just("s1"), CELLS)),
            "title": usually(st.just("Sesja"), CELLS),
            "track": usually(st.just(track_title), st.one_of(st.just("Nowa / Podścieżka"), CELLS)),
            "start": usually(GOOD_STARTS, TIMES),
            "end": usually(GOOD_ENDS, TIMES),
        },
        optional={name: usually(st.sampled_from(SOUND[name]), CELLS) for name in SOUND},
    )
    return st.lists(row, min_size=1, max_size=4)


def csv_of(rows: list[dict], delimiter: str) -> bytes:
    names = list(dict.fromkeys(["external_id", "title", "track", "start", "end"]))
    names += sorted({name for row in rows for name in row} - set(names))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])
    return buffer.getvalue().encode()


@pytest.mark.django_db
@FUZZ_IMPORTS
@given(data=st.data())
def test_csv_programmes_import_fully_or_not_at_all(congress, track, data):
    rows = data.draw(table(track.title), label="rows")
    delimiter = data.draw(st.sampled_from([",", ";", "\t"]), label="delimiter")
    options = data.draw(
        st.fixed_dictionaries({"create_tracks": st.booleans(), "publish": st.booleans()})
    )
    import_all_or_nothing(congress, csv_of(rows, delimiter), "csv", **options)


XLSX_CELLS = st.one_of(
    CELLS,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(
        min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(9999, 12, 31)
    ),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.times(),
    st.booleans(),
    st.none(),
)


def clean_cell(value):
    """Text without the control characters a workbook cannot hold (openpyxl refuses them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


@pytest.mark.django_db
@FUZZ_IMPORTS
@given(data=st.data())
def test_xlsx_programmes_with_typed_cells_import_fully_or_not_at_all(congress, track, data):
    from openpyxl import Workbook

    rows = data.draw(table(track.title), label="rows")
    names = ["external_id", "title", "track", "start", "end"]
    names += sorted({name for row in rows for name in row} - set(names))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(names)
    for row in rows:
        # Times as real spreadsheet dates; now and then a cell of another type.
        row["start"] = datetime.datetime(2021, 6, 7, 10)
        row["end"] = datetime.datetime(2021, 6, 7, 11, 30)
        cells = [data.draw(usually(st.just(row.get(name, "")), XLSX_CELLS)) for name in names]
        sheet.append([clean_cell(cell) for cell in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_all_or_nothing(congress, buffer.getvalue(), "xlsx", create_tracks=True)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def frab_event(track_title: str):
    """An event as pretalx writes it, now and then with a value of any JSON type or shape."""
    person = st.fixed_dictionaries(
        {"public_name": usually(st.sampled_from(["Anna Nowak", "Zoë"]), CELLS | JSON_VALUES)},
        optional={
            "code": usually(st.uuids().map(str), CELLS | JSON_VALUES),
            "biography": usually(st.just("Bio"), CELLS | JSON_VALUES),
        },
    )
    return st.fixed_dictionaries(
        {
            "guid": usually(st.uuids().map(str), CELLS | JSON_VALUES),
            "title": usually(st.just("Sesja"), CELLS | JSON_VALUES),
            "track": usually(st.just(track_title), CELLS | JSON_VALUES),
            "date": usually(st.just("2021-06-07T10:00:00+02:00"), TIMES | JSON_VALUES),
            "duration": usually(
                st.sampled_from(["00:30", "01:00"]),
                st.sampled_from(["99999999999:00", "-5:00", "1:2:3", ":", "00:00"])
                | st.integers().map(lambda n: f"{n}:00")
                | JSON_VALUES,
            ),
        },
        optional={
            "id": st.integers() | JSON_VALUES,
            "room": usually(st.just("Sala A"), CELLS | JSON_VALUES),
            "type": usually(st.sampled_from(["talk", "Podium"]), JSON_VALUES),
            "language": usually(st.sampled_from(["pl", "en"]), JSON_VALUES),
            "abstract": usually(st.just("Opis"), CELLS | JSON_VALUES),
            "persons": usually(st.lists(usually(person, JSON_VALUES), max_size=3), JSON_VALUES),
        },
    )


def mostly(valid, junk=JSON_VALUES):
    """``valid`` 19 times in 20, else any JSON: deep enough to reach the events."""
    return usually(valid, junk)


def frab_document(track_title: str):
    event = mostly(frab_event(track_title))
    rooms = st.dictionaries(
        st.text(max_size=10),
        mostly(st.lists(event, min_size=1, max_size=3)),
        min_size=1,
        max_size=2,
    )
    days = st.lists(mostly(st.fixed_dictionaries({"rooms": mostly(rooms)})), min_size=1, max_size=2)
    conference = st.fixed_dictionaries({"days": mostly(days)})
    schedule = st.fixed_dictionaries({"conference": mostly(conference)})
    return mostly(st.fixed_dictionaries({"schedule": mostly(schedule)}))


@pytest.mark.django_db
@FUZZ_IMPORTS
@given(data=st.data())
def test_frab_documents_of_any_shape_import_fully_or_not_at_all(congress, track, data):
    document = data.draw(frab_document(track.title), label="document")
    encoded = json.dumps(document).encode()
    import_all_or_nothing(congress, encoded, "frab", create_tracks=data.draw(st.booleans()))


def test_report_outcomes():
    """Not a check of the parsers: how many generated files were imported or refused."""
    print(f"\nimport fuzz outcomes: {dict(OUTCOMES)}")


# Regressions for what the fuzz found first.


@pytest.mark.django_db
def test_a_line_break_inside_a_speaker_name_is_a_space(congress, track):
    data = (
        "external_id,title,track,start,end,speakers\n"
        f'a,Sesja,{track.title},2021-06-07 10:00,2021-06-07 11:00,"Anna\nNowak (moderator)"\n'
    ).encode()
    apply_plan(make_plan(congress, read_file(data, "csv")))
    (row,) = SessionPage.objects.get(external_id="a").speakers.all()
    assert (row.speaker.name, row.role) == ("Anna Nowak", "moderator")


@pytest.mark.parametrize(
    "event",
    [1, "talk", None, [], {"title": "Sesja", "persons": "Anna"}, {"persons": [1]}],
)
def test_a_frab_event_that_is_not_an_object_is_an_error_with_its_number(event):
    document = {"schedule": {"conference": {"days": [{"rooms": {"A": [{}, event]}}]}}}
    with pytest.raises(ImportError_) as caught:
        read_file(json.dumps(document).encode(), "frab")
    assert [(error.row, error.column) for error in caught.value.errors] == [(2, "")]


@pytest.mark.parametrize("duration", ["99999999999:00", "99999999:00"])
def test_a_frab_duration_beyond_the_calendar_is_no_end(duration):
    event = {"guid": "a", "title": "Sesja", "date": "2021-06-07T10:00:00+02:00"}
    document = {
        "schedule": {"conference": {"days": [{"rooms": {"A": [{**event, "duration": duration}]}}]}}
    }
    (row,) = read_file(json.dumps(document).encode(), "frab")
    assert row.values["end"] == ""


@pytest.mark.django_db
def test_a_new_track_whose_title_makes_no_slug_is_an_error_on_its_row(congress, track, english):
    data = (
        "external_id,title,ścieżka,start,end\n"
        f"a,Sesja,{track.title},2021-06-07 10:00,2021-06-07 11:00\n"
        "b,Sesja,:,2021-06-07 10:00,2021-06-07 11:00\n"
    ).encode()
    before = db_state()
    with pytest.raises(ImportError_) as caught:
        apply_plan(make_plan(congress, read_file(data, "csv"), create_tracks=True))
    assert [str(error) for error in caught.value.errors] == [
        "3:ścieżka: A new track's title needs a letter or digit: “:”."
    ]
    assert db_state() == before


@pytest.mark.django_db
def test_nul_characters_are_an_error_on_their_cell(congress, track):
    data = (
        "external_id,title,track,start,end,speakers\n"
        f"a,Ses\x00ja,{track.title},2021-06-07 10:00,2021-06-07 11:00,Anna\x00\n"
    ).encode()
    plan = make_plan(congress, read_file(data, "csv"))
    assert [(error.row, error.column) for error in plan.errors] == [
        (2, "title"),
        (2, "speakers"),
    ]
