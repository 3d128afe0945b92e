"""System checks for settings that make the package publish something the site did not mean to."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

SYNC_LIVE_STATUS_SETTING = "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE"


@register(Tags.compatibility)
def check_translation_live_status(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when submitting a live page for translation would publish its Polish copy at once.

    wagtail-localize copies the live status of the source by default, so the untranslated copy
    goes live under ``/en/`` the moment an editor submits the page (wagtail-localize#553).
    """
    if not apps.is_installed("wagtail_localize"):
        return []
    if getattr(settings, SYNC_LIVE_STATUS_SETTING, True) is False:
        return []
    return [
        Warning(
            _(
                "Submitting a live page for translation publishes an untranslated copy in the "
                "target locale (for example Polish text under /en/) at once."
            ),
            hint=_("Set %(setting)s = False in your settings; see docs/settings.md.")
            % {"setting": SYNC_LIVE_STATUS_SETTING},
            obj=settings.SETTINGS_MODULE or "settings",
            id="wagtail_congress.W001",
        )
    ]


@register(Tags.compatibility)
def check_api_docs_assets(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when the mounted API's docs page would load Swagger UI from a CDN.

    django-ninja renders its docs page with the Swagger UI files it ships as static files only
    when ``ninja`` is an installed app; otherwise the page is blank offline or under a CSP.
    """
    if apps.is_installed("ninja"):
        return []
    try:
        reverse("wagtail_congress_api:openapi-view")
    except NoReverseMatch:
        return []  # the API (or its docs page) is not mounted
    return [
        Warning(
            _("The API docs page loads Swagger UI from a CDN: it is blank offline."),
            hint=_('Add "ninja" to INSTALLED_APPS to serve its files from your static files.'),
            obj=settings.SETTINGS_MODULE or "settings",
            id="wagtail_congress.W002",
        )
    ]
