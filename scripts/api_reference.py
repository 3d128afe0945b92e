#!/usr/bin/env python
"""Render docs/api-reference.md from the package API's OpenAPI document.

    python scripts/api_reference.py          # rewrite docs/api-reference.md
    python scripts/api_reference.py --check  # exit 1 if the file is not current

Uses the example project's settings unless ``DJANGO_SETTINGS_MODULE`` says otherwise; the
document is fetched as a client would, from ``/api/congress/openapi.json``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "api-reference.md"
DOCUMENT_URL = "/api/congress/openapi.json"


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document as the example project serves it (in English)."""
    from django.test import Client
    from django.utils import translation

    with translation.override("en"):
        response = Client(HTTP_ACCEPT_LANGUAGE="en").get(DOCUMENT_URL)
    if response.status_code != 200:
        raise RuntimeError(f"{DOCUMENT_URL} answered {response.status_code}")
    return response.json()


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict[str, Any]) -> str:
    """A short, Markdown type of a JSON schema: ``integer``, ``[Rendition](#rendition)``..."""
    if "$ref" in schema:
        name = ref_name(schema["$ref"])
        return f"[{name}](#{name.lower()})"
    if "const" in schema:
        return f"`{schema['const']!r}`".replace("'", '"')
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            return " or ".join(type_of(option) for option in schema[combinator])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema:
        values = schema["additionalProperties"]
        return f"map of {type_of(values) if isinstance(values, dict) else 'any'}"
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind is None:
        return "any"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return kind


def constraints(schema: dict[str, Any]) -> str:
    words = []
    for key, label in (
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
        ("minLength", "length ≥"),
        ("maxLength", "length ≤"),
    ):
        for bound in (schema, *schema.get("anyOf", ())):
            if key in bound:
                words.append(f"{label} {bound[key]}")
    return ", ".join(words)


def cell(text: Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render_parameters(parameters: list[dict[str, Any]]) -> list[str]:
    if not parameters:
        return []
    lines = [
        "| Parameter | In | Type | Required | Default | Description |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for parameter in parameters:
        schema = parameter.get("schema", {})
        kind = type_of(schema)
        if limits := constraints(schema):
            kind += f" ({limits})"
        default = schema.get("default")
        description = parameter.get("description") or schema.get("description") or ""
        lines.append(
            "| `{}` | {} | {} | {} | {} | {} |".format(
                parameter["name"],
                parameter["in"],
                cell(kind),
                "yes" if parameter.get("required") else "no",
                f"`{default}`" if default is not None else "",
                cell(description),
            )
        )
    return [*lines, ""]


def render_responses(responses: dict[str, Any]) -> list[str]:
    lines = ["| Status | Media type | Body |", "| --- | --- | --- |"]
    for status, response in sorted(responses.items()):
        content = response.get("content") or {"": {}}
        for media_type, body in content.items():
            schema = body.get("schema")
            lines.append(
                f"| {status} | {media_type or '—'} | "
                f"{cell(type_of(schema)) if schema else cell(response.get('description', ''))} |"
            )
    return [*lines, ""]


def render_operation(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    lines = [f"### `{method.upper()} {path}`", ""]
    if summary := operation.get("summary"):
        lines += [f"**{summary}**", ""]
    if description := operation.get("description"):
        lines += [description.strip(), ""]
    lines += render_parameters(operation.get("parameters", []))
    lines += render_responses(operation.get("responses", {}))
    return lines


def render_schema(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if description := schema.get("description"):
        lines += [" ".join(description.split()), ""]
    properties = schema.get("properties")
    if not properties:
        lines += [f"Type: {type_of(schema)}", ""]
        return lines
    required = set(schema.get("required", ()))
    lines += ["| Field | Type | Required | Description |", "| --- | --- | --- | --- |"]
    for field, field_schema in properties.items():
        kind = type_of(field_schema)
        if "default" in field_schema and field_schema["default"] is not None:
            kind += f" (default `{field_schema['default']}`)"
        lines.append(
            f"| `{field}` | {cell(kind)} | {'yes' if field in required else 'no'} | "
            f"{cell(field_schema.get('description', ''))} |"
        )
    return [*lines, ""]


def render(document: dict[str, Any]) -> str:
    """The Markdown reference of ``document``."""
    info = document["info"]
    lines = [
        "# API reference",
        "",
        "<!-- Generated by scripts/api_reference.py from the OpenAPI document: do not edit. -->",
        "",
        f"{info['title']} {info['version']}, OpenAPI {document['openapi']}. "
        "The interactive version is at `/api/congress/docs/`; the guide is [API](api.md).",
        "",
        info.get("description", "").strip(),
        "",
        "## Endpoints",
        "",
    ]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            lines += render_operation(path, method, operation)
    lines += ["## Schemas", ""]
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        lines += render_schema(name, schema)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is not current")
    arguments = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")
    import django

    django.setup()
    text = render(openapi_document())
    if arguments.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run scripts/api_reference.py")
            return 1
        return 0
    OUTPUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
