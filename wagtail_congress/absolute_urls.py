"""Absolute URLs, from one source: the root URL of the Wagtail ``Site`` serving the request.

Wagtail's ``Page.get_full_url(request)`` (hreflang alternates, the sitemap, JSON-LD ``url``,
frab ``url``, iCal ``URL``) and its API v2 ``find`` redirect build on ``Site.root_url``
(``http://`` + hostname, ``:port`` unless 80 or 443, ``https://`` for 443). Everything else
the package makes absolute (export and feed links in API responses, feed links, image
renditions, frab ``base_url``) is built here on the same root, never on the request's
``Host`` header: so every output names the same host, the one an editor set on the ``Site``,
whatever host a proxy or a client used, and a cached response never carries a stray host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from wagtail.models import Site


def site_root_url(request: HttpRequest | None) -> str:
    """The root URL (no trailing slash) of the ``Site`` serving ``request``.

    Wagtail falls back to the default site when no ``Site`` matches the request's host; with
    no ``Site`` at all the request's own scheme and host are all there is.
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def absolute_url(path: str, request: HttpRequest | None) -> str:
    """``path`` on the site's root URL; a URL that already has a host is left as it is
    (a rendition on a storage with its own domain, a page of another site)."""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return path
    return site_root_url(request) + ("" if path.startswith("/") else "/") + path


def site_hostname(request: HttpRequest | None) -> str:
    """The hostname (without port) of the ``Site`` serving ``request``."""
    return urlsplit(site_root_url(request)).hostname or ""
