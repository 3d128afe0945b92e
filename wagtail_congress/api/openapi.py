"""The OpenAPI document as the API really answers: problem+json errors, the configured maximum.

django-ninja declares every response with its renderer's media type (``application/json``) and
documents a parameter's bounds only from its type; two things the API does differently are
corrected in the generated document rather than in each route.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from ..conf import congress_settings
from .errors import PROBLEM_JSON
from .methods import wrap_patterns
from .visibility import content_languages

JSON = "application/json"


class CongressNinjaAPI(NinjaAPI):
    """A ``NinjaAPI`` whose OpenAPI document declares errors as ``application/problem+json``,
    ``limit`` with the current ``WAGTAIL_CONGRESS_API_MAX_LIMIT`` as its maximum and ``locale``
    as one of the site's content languages, and whose views answer ``HEAD``, ``OPTIONS`` and
    unknown paths as :mod:`.methods` says."""

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        return wrap_patterns(super()._get_urls())

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                declare_problem_media_type(operation.get("responses", {}))
                declare_limit_maximum(operation.get("parameters", []))
                declare_locale_choices(operation.get("parameters", []))
        return schema


def declare_problem_media_type(responses: dict[str, Any]) -> None:
    """Error responses (4xx, 5xx) are sent as ``application/problem+json``."""
    for status, response in responses.items():
        content = response.get("content") or {}
        if int(status) >= 400 and JSON in content:
            content[PROBLEM_JSON] = content.pop(JSON)


def declare_limit_maximum(parameters: list[dict[str, Any]]) -> None:
    """``limit`` above the setting is a 400, so the document says the setting, not the type."""
    for parameter in parameters:
        if parameter.get("in") == "query" and parameter.get("name") == "limit":
            schema = parameter.get("schema", {})
            for bound in (schema, *schema.get("anyOf", ())):
                if "maximum" in bound:
                    bound["maximum"] = congress_settings.API_MAX_LIMIT


def declare_locale_choices(parameters: list[dict[str, Any]]) -> None:
    """``locale`` takes only the site's content languages (another is a 400)."""
    for parameter in parameters:
        if parameter.get("in") == "query" and parameter.get("name") == "locale":
            schema = parameter.get("schema", {})
            for choice in (schema, *schema.get("anyOf", ())):
                if choice.get("type") == "string":
                    choice.pop("maxLength", None)
                    choice["enum"] = content_languages()
