"""Finding a page by the path a visitor sees, in any locale.

Wagtail's ``pages/find/?html_path=`` resolves only the default-locale tree (wagtail#6679);
here the path's language prefix (``/en/…``; none for the default language) picks the tree.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import Site

from ..errors import not_found
from ..visibility import Audience, PageModel, content_languages, requested_language


def split_language(path: str) -> tuple[str, str]:
    """``/en/a/b/`` -> ``("en", "a/b/")``; a path without a language prefix is the default's."""
    parts = [part for part in path.split("/") if part]
    languages = content_languages()
    if parts and parts[0] in languages:
        return parts[0], "".join(f"{part}/" for part in parts[1:])
    default = settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in languages else languages[0]
    return default, "".join(f"{part}/" for part in parts)


def find_page(
    request: HttpRequest, model: type[PageModel], path: str, locale: str | None
) -> PageModel:
    """The visible ``model`` page at ``path`` on the request's site, or its ``locale`` version."""
    site = Site.find_for_request(request)
    language, rest = split_language(path)
    roots = [
        root
        for root in Site.get_site_root_paths()
        if site and root.site_id == site.pk and root.language_code == language
    ]
    if not roots:
        raise not_found("path", _("No published page has this path."))
    page = Audience(language).pages(model).filter(url_path=roots[0].root_path + rest).first()
    if page is None:
        raise not_found("path", _("No published page has this path."))
    if locale is None or requested_language(locale) == language:
        return page
    translation = Audience(locale).pages(model).filter(translation_key=page.translation_key).first()
    if translation is None:
        raise not_found("locale", _("This page is not published in this locale."))
    return translation
