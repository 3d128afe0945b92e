"""A 500-session CSV imports; time and queries are printed (run with ``-s``), not asserted."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection

from wagtail_congress.models import SessionPage

from .test_import_helpers import revision_count, run_import

pytestmark = pytest.mark.django_db
SESSIONS = 500


def big_csv() -> bytes:
    """500 sessions in 5 tracks and 10 rooms over two days, 200 speakers."""
    lines = ["external_id,title,track,start,end,room,format,language,description,speakers"]
    first = datetime.datetime(2021, 6, 7, 8, 0)
    for n in range(SESSIONS):
        start = first + datetime.timedelta(days=n % 2, minutes=30 * (n // 20 % 24))
        end = start + datetime.timedelta(minutes=25)
        lines.append(
            f"s{n:04d},Sesja {n},Ścieżka {n % 5} / Blok {n % 3},{start:%Y-%m-%d %H:%M},"
            f"{end:%Y-%m-%d %H:%M},Sala {n % 10},panel,pl,Opis sesji {n}.,"
            f"Osoba {n % 200} (moderator); Osoba {(n + 1) % 200} (panellist)"
        )
    return "\n".join(lines).encode()


def measured(congress, data: bytes, **options):
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        began = time.perf_counter()
        report = run_import(congress, data, "csv", **options)
        seconds = time.perf_counter() - began
    return report, seconds, count


def test_500_sessions(congress, capsys):
    data = big_csv()
    report, seconds, queries = measured(congress, data, create_tracks=True, publish=True)
    assert report.counts["sessions"]["create"] == SESSIONS
    assert SessionPage.objects.live().count() == SESSIONS
    revisions = revision_count()
    again, again_seconds, again_queries = measured(congress, data, create_tracks=True, publish=True)
    assert again.counts["sessions"]["unchanged"] == SESSIONS
    assert revision_count() == revisions
    with capsys.disabled():
        print(
            f"\n500-session CSV: import {seconds:.1f} s, {queries} queries; "
            f"re-import {again_seconds:.1f} s, {again_queries} queries"
        )
