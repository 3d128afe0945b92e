"""RFC 9457 ``application/problem+json`` errors that name the parameter at fault."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM_JSON = "application/problem+json"
# Seconds a client should wait after a 503 (the database unreachable, e.g. restarting).
RETRY_AFTER = 5

logger = logging.getLogger(__name__)


class Problem(Schema):
    """What went wrong, for a client developer; ``parameter`` names the one to fix."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    parameter: str | None = None
    errors: list[dict[str, Any]] | None = None


class APIError(Exception):
    """An error answered with a problem response (raised by routes and their helpers)."""

    def __init__(self, status: int, detail: str, parameter: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.parameter = parameter


def bad_parameter(parameter: str, detail: str) -> APIError:
    """A 400 for a query parameter whose value is malformed or names nothing that exists."""
    return APIError(400, detail, parameter)


def not_found(parameter: str, detail: str | None = None) -> APIError:
    """A 404 for an id or path that names nothing visible in the requested locale."""
    return APIError(404, detail or _("Nothing published matches this %s.") % parameter, parameter)


def problem_response(
    status: int,
    detail: str = "",
    parameter: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    problem = Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        parameter=parameter,
        errors=errors,
    )
    return HttpResponse(
        problem.model_dump_json(exclude_none=True, fallback=str),
        status=status,
        content_type=PROBLEM_JSON,
    )


def _parameter_of(errors: list[dict[str, Any]]) -> str | None:
    """The name of the first invalid parameter in ninja's errors (``loc`` ends with it)."""
    for error in errors:
        location = [part for part in error.get("loc", ()) if isinstance(part, str)]
        if len(location) > 1:
            return location[1]
    return None


def _clean_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The rejected input is echoed by pydantic; it may be huge or not JSON-serialisable.
    return [
        {key: value for key, value in error.items() if key in ("loc", "msg", "type")}
        for error in errors
    ]


def register_error_handlers(api: NinjaAPI) -> None:
    """Answer every expected error of ``api`` with problem+json."""

    @api.exception_handler(APIError)
    def api_error(request: HttpRequest, exc: APIError) -> HttpResponse:
        return problem_response(exc.status, exc.detail, exc.parameter)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        parameter = _parameter_of(exc.errors)
        return problem_response(
            422,
            _("Invalid value of “%s”.") % parameter if parameter else _("Invalid request."),
            parameter,
            _clean_errors(exc.errors),
        )

    @api.exception_handler(Http404)
    def page_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(404, _("Not found."))

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A lost or refused database connection is temporary (a restart, a failover): say so
        # with a 503 a client or CDN may retry, and log it like the 500 it would have been.
        logger.error("Database unavailable: %s", exc, exc_info=exc)
        response = problem_response(503, _("The service is briefly unavailable. Try again."))
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem_response(exc.status_code, str(exc))
