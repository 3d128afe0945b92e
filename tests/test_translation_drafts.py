"""An unpublished translation never reaches visitors, whatever wagtail-localize writes."""

from wagtail.models import Locale
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import TranslationCreator

from wagtail_congress.models import SessionPage

from .factories import SessionPageFactory
from .test_translation_e2e import fill_strings, in_english, publish, submit, translate_and_publish

ENGLISH = {"Sesja o mobilności": "A session on mobility"}


def make_translated_session(track, locale_en, on_commit) -> tuple[SessionPage, SessionPage]:
    session = SessionPageFactory(parent=track, title="Sesja o mobilności", slug="mobilnosc")
    submit(session, locale_en, on_commit)
    translate_and_publish(session, locale_en, on_commit, texts=ENGLISH)
    return session, in_english(SessionPage, session)


def sync_without_publishing_then_resubmit(session, locale: Locale, on_commit) -> None:
    """What an editor can do in the admin: "Sync translated pages" without "Publish
    immediately" (which refreshes the source's strings only), then submit the page again,
    e.g. through "Translate this subtree", which saves the target with publish=False."""
    TranslationSource.objects.get_for_instance(session).update_from_db()
    with on_commit(execute=True):
        TranslationCreator(None, [locale]).create_translations(session)


def test_resubmitting_a_changed_source_keeps_polish_off_the_live_english_page(
    track, locale_en, client, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
    session, english = make_translated_session(track, locale_en, django_capture_on_commit_callbacks)
    session.title = "Sesja o mobilności i transporcie"
    publish(session)

    sync_without_publishing_then_resubmit(session, locale_en, django_capture_on_commit_callbacks)

    english.refresh_from_db()
    assert english.live and english.has_unpublished_changes
    assert english.title == "A session on mobility"
    html = client.get(english.get_url()).content.decode()
    assert "A session on mobility" in html
    assert "transporcie" not in html
    # The editor's draft holds the new (still Polish) title, waiting for the translator.
    assert english.get_latest_revision_as_object().title == "Sesja o mobilności i transporcie"


def test_publishing_the_finished_translation_still_updates_the_live_page(
    track, locale_en, client, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
    session, english = make_translated_session(track, locale_en, django_capture_on_commit_callbacks)
    session.title = "Sesja o mobilności i transporcie"
    publish(session)
    sync_without_publishing_then_resubmit(session, locale_en, django_capture_on_commit_callbacks)

    source = TranslationSource.objects.get_for_instance(session)
    fill_strings(source, locale_en, {"Sesja o mobilności i transporcie": "Mobility and transport"})
    with django_capture_on_commit_callbacks(execute=True):
        source.translations.get(target_locale=locale_en).save_target(publish=True)

    english.refresh_from_db()
    assert english.title == "Mobility and transport" and not english.has_unpublished_changes
    assert "Mobility and transport" in client.get(english.get_url()).content.decode()


def test_a_translation_made_from_an_alias_stays_offline_until_published(
    track, locale_en, client, django_capture_on_commit_callbacks, settings
):
    """Translating a child first leaves live English aliases of its parents; translating such
    a parent later must not put its (partly Polish) draft live in place of the alias."""
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
    make_translated_session(track, locale_en, django_capture_on_commit_callbacks)
    english_track = in_english(type(track), track)
    assert english_track.alias_of_id == track.pk and english_track.live

    submit(track, locale_en, django_capture_on_commit_callbacks)

    english_track.refresh_from_db()
    assert english_track.alias_of_id is None
    assert not english_track.live
    assert client.get(english_track.get_url()).status_code == 404
