"""Schemathesis against the API's own OpenAPI document, on the demo plus hidden content.

Every operation gets generated requests, valid ones (aimed at real ids, hidden pages' ids and
made-up ones) and invalid ones. Each response must be declared in the document (status, content
type, headers, body), must not be a 5xx, must not contain anything hidden, and an error must be
problem+json that names the parameter at fault.

Schemathesis's ``positive_data_acceptance`` check is left out on purpose: a value of the right
type can still name nothing (a locale the site does not have, a day outside the congress, a
track id of another congress); the API answers those with a declared 400 naming the parameter,
which ``problem_names_the_parameter`` checks instead.
"""

from __future__ import annotations

import collections
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .fuzz_content import SECRET, demo_with_hidden_content, wsgi_app_in_test_transaction

OPENAPI = "/api/congress/openapi.json"
API = "/api/congress"
# Examples per operation and generation mode: 12 operations x 2 modes x 30 = 720 requests,
# under a minute on SQLite. FUZZ_EXAMPLES=500 makes a longer hunt.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))

pytestmark = pytest.mark.django_db

# Cases sent, by (operation, mode): printed with -s and checked at the end of each run.
CASES: collections.Counter = collections.Counter()


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    yield from demo_with_hidden_content(django_db_blocker)


@pytest.fixture(scope="module")
def schema(content):
    return schemathesis.openapi.from_wsgi(OPENAPI, wsgi_app_in_test_transaction())


def no_hidden_content(ctx, response, case) -> bool:
    """Nothing a visitor cannot see (every hidden title carries ``SECRET``) is in a response."""
    assert SECRET not in response.text, f"hidden content in the response to {case.formatted_path}"
    return True


def problem_names_the_parameter(ctx, response, case) -> bool:
    """A 400 or 422 is problem+json and, unless the request as a whole is wrong, names a
    parameter the operation has."""
    if response.status_code not in (400, 422):
        return True
    assert response.headers["content-type"][0] == "application/problem+json"
    problem = response.json()
    names = {parameter.name for parameter in case.operation.iter_parameters()}
    assert problem.get("parameter") in names, problem
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    no_hidden_content,
    problem_names_the_parameter,
]


def cases(operation, mode: GenerationMode, real_ids: dict[str, list[int]]):
    """Cases with made-up path ids, and as many whose path ids are real (visible or hidden)."""
    strategies = [operation.as_strategy(generation_mode=mode)]
    for parameter in operation.path_parameters:
        ids = real_ids.get(parameter.name)
        if ids:
            strategies.append(
                st.sampled_from(ids).flatmap(
                    lambda pk, name=parameter.name: operation.as_strategy(
                        generation_mode=mode, path_parameters={name: pk}
                    )
                )
            )
    return st.one_of(strategies)


def real_ids(client, content) -> dict[str, list[int]]:
    congress = content.congress_ids[0]
    speakers = client.get(f"{API}/congresses/{congress}/speakers/", {"limit": 20}).json()
    news = client.get(f"{API}/news/", {"congress": congress, "limit": 20}).json()
    return {
        "congress_id": content.congress_ids + content.hidden_ids,
        "session_id": content.session_ids + content.hidden_ids,
        "speaker_id": [item["id"] for item in speakers["items"]] + content.hidden_speaker_ids,
        "article_id": [item["id"] for item in news["items"]] + content.hidden_ids,
    }


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_documented(schema, content, client, mode):
    ids = real_ids(client, content)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases(operation, mode, ids))
        def answers_as_documented(case):
            CASES[case.operation.label, mode.value] += 1
            case.call_and_validate(checks=CHECKS)

        answers_as_documented()
    tried = {label: n for (label, m), n in CASES.items() if m == mode.value}
    print(f"\nschemathesis, {mode.value}: {sum(tried.values())} cases")
    for label, count in sorted(tried.items()):
        print(f"  {count:4d}  {label}")
    assert all(count >= EXAMPLES // 2 for count in tried.values()), tried


# Regressions for what schemathesis found first: the document said application/json for
# errors sent as application/problem+json, and allowed any limit while above the setting is a 400.


def test_errors_are_declared_as_problem_json(client):
    document = client.get(OPENAPI).json()
    for path, operations in document["paths"].items():
        for status, response in operations["get"]["responses"].items():
            if int(status) >= 400:
                assert list(response["content"]) == ["application/problem+json"], (path, status)
    error = client.get(f"{API}/congresses/", {"limit": 0})
    assert error["Content-Type"] == "application/problem+json"


def test_the_documented_limit_maximum_is_the_setting(client, settings):
    settings.WAGTAIL_CONGRESS_API_MAX_LIMIT = 7
    document = client.get(OPENAPI).json()
    parameters = document["paths"][f"{API}/congresses/"]["get"]["parameters"]
    (limit,) = [parameter for parameter in parameters if parameter["name"] == "limit"]
    assert limit["schema"]["anyOf"][0]["maximum"] == 7
    assert client.get(f"{API}/congresses/", {"limit": 7}).status_code == 200
    assert client.get(f"{API}/congresses/", {"limit": 8}).json()["parameter"] == "limit"
