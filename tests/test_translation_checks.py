"""The system check that warns before wagtail-localize publishes untranslated copies."""

from django.core.checks import run_checks
from django.test import override_settings


def w001_messages() -> list:
    return [message for message in run_checks() if message.id == "wagtail_congress.W001"]


@override_settings(WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE=True)
def test_warns_when_translations_copy_the_live_status():
    (message,) = w001_messages()
    assert "/en/" in str(message.msg)
    assert "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False" in str(message.hint)


def test_warns_when_the_setting_is_left_at_its_default(settings):
    del settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
    assert len(w001_messages()) == 1


@override_settings(WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE=False)
def test_silent_with_the_safe_setting():
    assert w001_messages() == []
