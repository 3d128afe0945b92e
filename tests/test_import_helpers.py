"""Helpers for the import tests (no tests here): sample files, an XLSX from the CSV, snapshots."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from wagtail.models import Revision

from wagtail_congress.importers import apply_plan, make_plan, read_file
from wagtail_congress.models import SessionPage, SessionTrackPage, Speaker

DATA = Path(__file__).parent / "data" / "import"


def csv_bytes() -> bytes:
    return (DATA / "programme.csv").read_bytes()


def xlsx_bytes(data: bytes | None = None) -> bytes:
    """The CSV as the first sheet of a workbook."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for cells in csv.reader(io.StringIO((data or csv_bytes()).decode("utf-8-sig"))):
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def frab_bytes() -> bytes:
    return (DATA / "programme.json").read_bytes()


def run_import(congress, data: bytes, file_format: str, **options):
    plan = make_plan(congress, read_file(data, file_format), **options)
    return apply_plan(plan)


def snapshot(congress, *, roles: bool = True) -> list[tuple]:
    """Every session of the congress as comparable values (latest revision, drafts included)."""
    result = []
    sessions = SessionPage.objects.descendant_of(congress).order_by("external_id")
    for page in sessions:
        page = page.get_latest_revision_as_object()
        track = SessionTrackPage.objects.ancestor_of(page).descendant_of(congress)
        speakers = [(row.speaker.name, row.role if roles else "") for row in page.speakers.all()]
        result.append(
            (
                page.external_id,
                page.title,
                " / ".join(t.title for t in track.order_by("depth")),
                page.start,
                page.end,
                page.room,
                page.format,
                page.language,
                page.description,
                speakers,
                page.live,
            )
        )
    return result


def revision_count() -> int:
    return Revision.objects.count()


def speaker_count() -> int:
    return Speaker.objects.count()
