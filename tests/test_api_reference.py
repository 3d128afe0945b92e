"""docs/api-reference.md is current, and every curl line of docs/frontend-guide.md works."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .curl_examples import curl_commands, run_curl_commands

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "frontend-guide.md"


def api_reference_script():
    spec = importlib.util.spec_from_file_location(
        "api_reference", ROOT / "scripts/api_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_reference_is_generated_from_the_current_openapi_document():
    """Regenerated from the example project's settings (optional extras included), as
    ``scripts/api_reference.py`` does, and compared with the committed file."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_project.settings"}
    env.pop("DATABASE_URL", None)  # the OpenAPI document reads no database
    result = subprocess.run(
        [sys.executable, "scripts/api_reference.py", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_api_reference_lists_every_route_and_schema():
    script = api_reference_script()
    document = script.openapi_document()
    committed = script.OUTPUT.read_text()
    for path, operations in document["paths"].items():
        for method in operations:
            assert f"### `{method.upper()} {path}`" in committed
    for name in document["components"]["schemas"]:
        assert f"### {name}\n" in committed


def test_reference_renders_types_enums_and_defaults():
    script = api_reference_script()
    assert script.type_of({"enum": ["panel", "lecture"]}) == "one of `panel`, `lecture`"
    assert script.type_of({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == "integer or null"
    assert script.type_of({"type": "array", "items": {"$ref": "#/c/Rendition"}}) == (
        "list of [Rendition](#rendition)"
    )
    lines = script.render_parameters(
        [{"name": "offset", "in": "query", "schema": {"type": "integer", "default": 0}}]
    )
    assert "| `offset` | query | integer | no | `0` |  |" in lines


def _sessions(response) -> list[dict]:
    return [session for day in response.json()["days"] for session in day["sessions"]]


# What the guide's ``NAME=$(curl ... | jq ...)`` lines extract, in Python.
VARIABLES: dict[str, Callable] = {
    "CONGRESS": lambda response: response.json()["id"],
    "SESSION": lambda response: _sessions(response)[0]["id"],
    "ARTICLE": lambda response: response.json()["items"][0]["id"],
    "ETAG": lambda response: response["ETag"],
}


def test_the_guide_has_curl_examples():
    commands = curl_commands(GUIDE)
    assert len(commands) >= 15
    assert {variable for variable, _url, _headers in commands if variable} == set(VARIABLES)


@pytest.mark.django_db
def test_every_curl_line_of_the_guide_answers_on_the_demo(demo):
    run_curl_commands(curl_commands(GUIDE), VARIABLES)
