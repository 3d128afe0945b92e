"""Hypothesis: nasty values in every query parameter of every API route, and in export URLs.

Routes and their parameters are read from the OpenAPI document, so a new route or parameter is
fuzzed without touching this file. Whatever the value — huge or negative numbers, unicode, NUL
bytes, SQL and template metacharacters, unknown locales, impossible dates — the answer is a 200
(or 404 for an id that names nothing) or a problem+json 400/422 naming that parameter; never a
5xx, never hidden content.
"""

from __future__ import annotations

import collections
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .fuzz_content import SECRET, demo_with_hidden_content

API = "/api/congress"
EXAMPLES = 300  # per test; about 15 s each on SQLite

pytestmark = pytest.mark.django_db

TRIED: collections.Counter = collections.Counter()
# Values for required query parameters the test is not fuzzing.
REQUIRED_VALUES = {"path": "/"}

NASTY_TEXT = [
    "",
    " ",
    "' OR '1'='1",
    '"; DROP TABLE wagtailcore_page; --',
    "1; SELECT pg_sleep(10)--",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "{{ request.META }}",
    "${7*7}",
    "%00",
    "\x00",
    "pl\x00",
    "xx",
    "en-GB",
    "EN",
    "zh-hans",
    "pl_PL",
    "Łódź",
    "🙂" * 30,
    "\u202e\u0301",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "1e309",
    "NaN",
    "-0",
    "0x10",
    "9" * 400,
    "2021-02-30",
    "2021-06-07",
    "99999-01-01",
    "0000-00-00",
    "true",
    "null",
    "[]",
]
NASTY = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from([0, -1, 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1]).map(str),
    st.text(max_size=40),
    st.dates().map(lambda day: day.isoformat()),
)


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    yield from demo_with_hidden_content(django_db_blocker)


@pytest.fixture(scope="module")
def routes(content, django_db_blocker):
    """(path template, query parameter names, required ones) of every GET operation."""
    from django.test import Client

    with django_db_blocker.unblock():
        document = Client().get(f"{API}/openapi.json").json()
    result = []
    for path, operations in document["paths"].items():
        parameters = operations["get"].get("parameters", [])
        query = [p["name"] for p in parameters if p["in"] == "query"]
        required = [p["name"] for p in parameters if p["in"] == "query" and p.get("required")]
        result.append((path, query, required))
    assert len(result) >= 12
    return result


def fill_path(template: str, content, pick) -> str:
    """``{congress_id}`` and the like replaced with a real id (visible or hidden) or junk."""
    ids = {
        "congress_id": content.congress_ids + content.hidden_ids,
        "session_id": content.session_ids + content.hidden_ids,
        "speaker_id": content.hidden_speaker_ids + [1, 2, 3],
        "article_id": content.hidden_ids + content.news_ids,
    }

    def replace(match: re.Match) -> str:
        return str(pick(st.sampled_from(ids.get(match[1]) or [1])))

    return re.sub(r"\{(\w+)\}", replace, template)


def with_required(query: dict[str, str], required: list[str]) -> dict[str, str]:
    """``query`` plus a plain value for each required parameter it lacks."""
    return {**{name: REQUIRED_VALUES.get(name, "1") for name in required}, **query}


def assert_sane(response, parameter: str | None) -> None:
    assert response.status_code < 500, response.content[:500]
    assert SECRET.encode() not in response.content
    if response.status_code in (400, 422):
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        if parameter is not None:
            assert problem.get("parameter") == parameter, problem
    else:
        assert response.status_code in (200, 304, 404), response.status_code


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_one_nasty_query_parameter_is_a_200_or_a_problem_naming_it(client, content, routes, data):
    template, names, required = data.draw(
        st.sampled_from([route for route in routes if route[1]]), label="route"
    )
    name = data.draw(st.sampled_from(names), label="parameter")
    value = data.draw(NASTY, label="value")
    path = fill_path(template, content, data.draw)
    TRIED["one parameter"] += 1
    assert_sane(client.get(path, with_required({name: value}, required)), name)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_many_nasty_parameters_and_headers_are_never_a_5xx(client, content, routes, data):
    template, names, required = data.draw(st.sampled_from(routes), label="route")
    chosen = data.draw(st.lists(st.sampled_from(names or ["unknown"]), unique=True), label="names")
    query = {name: data.draw(NASTY, label=name) for name in chosen}
    # Conditional-request and language headers take odd values too.
    headers = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "HTTP_IF_NONE_MATCH": st.sampled_from(['W/"x"', "*", '"', "\x7f", "W/"]),
                "HTTP_IF_MODIFIED_SINCE": st.sampled_from(["yesterday", "Sun, 06 Nov 1994"]),
                "HTTP_ACCEPT_LANGUAGE": st.sampled_from(["en", "xx", "*;q=nan", "pl,en;q=0.5"]),
            },
        ),
        label="headers",
    )
    path = fill_path(template, content, data.draw)
    TRIED["several parameters"] += 1
    assert_sane(client.get(path, with_required(query, required), **headers), None)


EXPORTS = [
    "/exports/congress/{id}/programme.ics",
    "/exports/congress/{id}/schedule.xml",
    "/exports/congress/{id}/schedule.json",
    "/exports/track/{id}/programme.ics",
    "/exports/session/{id}/session.ics",
    "/exports/news/{id}/rss.xml",
    "/exports/news/{id}/atom.xml",
    "/exports/news/{id}/{category}/rss.xml",
    "/exports/news/{id}/{category}/atom.xml",
]


@settings(
    max_examples=EXAMPLES // 2,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_export_urls_with_odd_ids_and_parameters(client, content, data):
    template = data.draw(st.sampled_from(EXPORTS), label="export")
    pk = data.draw(
        st.one_of(
            st.sampled_from(
                content.congress_ids + content.track_ids + content.session_ids + content.news_ids
            ),
            st.sampled_from(content.hidden_ids),
            st.integers(min_value=0, max_value=10**30),
        ),
        label="id",
    )
    category = data.draw(st.from_regex(r"\A[-a-zA-Z0-9_]{1,60}\Z"), label="category")
    query = data.draw(st.dictionaries(st.sampled_from(["locale", "lang", "q", "x"]), NASTY))
    path = template.format(id=pk, category=category)
    TRIED["export"] += 1
    response = client.get(path, query)
    assert response.status_code in (200, 304, 404), (path, response.status_code)
    assert SECRET.encode() not in response.content


def test_report_cases_tried():
    """Not a check: prints how many cases the tests above sent (``pytest -s``)."""
    print(f"\nquery parameter fuzz: {dict(TRIED)}")
