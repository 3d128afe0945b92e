"""HTTP methods and unknown paths of the package's API, answered the way its GETs are.

django-ninja registers each route for the methods it names only, so ``HEAD`` and ``OPTIONS``
got Django's HTML 405 and a path under the API's prefix that names no route got the site's
HTML 404. Every view of the API is wrapped here instead: ``HEAD`` is the ``GET`` without its
body (RFC 9110 §9.3.2), ``OPTIONS`` lists the allowed methods, any other method is a 405
problem, and the whole request runs in the language of ``?locale=`` so that a problem's
``detail`` is written in the language the client asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from django.utils import translation
from django.utils.translation import gettext as _

from .errors import problem_response
from .visibility import content_languages

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(READ_METHODS)

View = Callable[..., HttpResponseBase]


def _language(request: HttpRequest) -> str | None:
    """``?locale=`` when it names a content language (an unknown one is the route's 400)."""
    locale = request.GET.get("locale")
    return locale if locale in content_languages() else None


def read_only(view: View) -> View:
    """``view`` (a GET route) answering ``HEAD`` and ``OPTIONS`` too, and a problem for the rest."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        language = _language(request)
        with translation.override(language) if language else nullcontext():
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Allow"] = ALLOW
                return response
            if request.method not in READ_METHODS:
                response = problem_response(405, _("This API is read-only: use GET or HEAD."), None)
                response["Allow"] = ALLOW
                return response
            if request.method == "HEAD":
                return _head(view, request, *args, **kwargs)
            return view(request, *args, **kwargs)

    return wrapped


def _head(view: View, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
    """The GET response's status and headers, with no body (its length kept)."""
    request.method = "GET"
    try:
        response = view(request, *args, **kwargs)
    finally:
        request.method = "HEAD"
    if not response.streaming:
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def unknown_path(request: HttpRequest, path: str = "") -> HttpResponseBase:
    """Any path under the API's prefix that names no route: a 404 problem, not an HTML page."""
    return problem_response(404, _("No API route has this path."), None)


def wrap_patterns(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    """``patterns`` with every view read-only (see :func:`read_only`) and a final catch-all."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            wrap_patterns(pattern.url_patterns)
        else:
            pattern.callback = read_only(pattern.callback)
    return [*patterns, re_path(r"^(?P<path>.*)$", read_only(unknown_path), name="unknown-path")]
