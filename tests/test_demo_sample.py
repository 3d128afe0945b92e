"""The sample congress of ``load_demo --sample-congress``: labelled, seeded, valid demo content.

Loading it (through the same loader as KPM 2021) is exercised by the browser tests
(``tests/browser/test_programme.py``); here, without a database, its content.
"""

from __future__ import annotations

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder

from example_project.demo.content import read_content
from example_project.demo.sample import sample_content


def as_json(content) -> str:
    return json.dumps(content.data, cls=DjangoJSONEncoder, sort_keys=True)


def test_same_seed_same_content_other_seed_other_content():
    demo = read_content()
    assert as_json(sample_content(demo)) == as_json(sample_content(demo))
    assert as_json(sample_content(demo, seed=1)) != as_json(sample_content(demo))


def test_three_days_several_rooms_dozens_of_sessions_in_both_languages():
    demo = read_content()
    data = sample_content(demo).data
    sessions = [s for s in data["sessions"] if s["format"] != "break"]
    breaks = [s for s in data["sessions"] if s["format"] == "break"]
    assert len(sessions) == 48 and len(breaks) == 9
    assert {s["start"].date() for s in sessions} == {
        datetime.date(2027, 5, 11), datetime.date(2027, 5, 12), datetime.date(2027, 5, 13)
    }  # fmt: skip
    assert len({s["room"] for s in sessions}) == 4
    assert {s["language"] for s in sessions} == {"pl", "en"}
    assert len(data["tracks"]) == 5 and any("parent" in t for t in data["tracks"])
    speakers = {row["speaker"] for s in sessions for row in s["speakers"]}
    assert len(speakers) >= 30
    assert all(s["title"]["pl"] != s["title"]["en"] for s in sessions)
    # No speaker in two sessions at once (the admin timetable would flag a clash).
    slots = [(s["start"], row["speaker"]) for s in sessions for row in s["speakers"]]
    assert len(slots) == len(set(slots))


def test_clearly_labelled_and_under_the_demo_home_page():
    demo = read_content()
    data = sample_content(demo).data
    assert "(dane przykładowe)" in data["congress"]["title"]["pl"]
    assert "(sample data)" in data["congress"]["title"]["en"]
    assert data["home"] == demo.data["home"]
    # Its own keys: nothing of KPM 2021 is rewritten by the sample.
    demo_keys = {
        item["key"] for kind in ("tracks", "sessions", "speakers") for item in demo.data[kind]
    }
    sample_keys = {
        item["key"] for kind in ("tracks", "sessions", "speakers") for item in data[kind]
    }
    assert not demo_keys & sample_keys
