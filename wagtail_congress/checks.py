"""System checks for settings that make the package publish something the site did not mean to."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
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
