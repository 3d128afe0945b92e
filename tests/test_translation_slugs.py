"""Slugs of translated pages are ASCII, with Polish letters transliterated, not dropped."""

import pytest
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

from wagtail_congress.models import SessionPage
from wagtail_congress.translation import ascii_slug

from .factories import SessionPageFactory


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("łódź", "lodz"),
        ("Źdźbło żółwia", "zdzblo-zolwia"),
        ("Zażółć gęślą jaźń", "zazolc-gesla-jazn"),
        ("ŁÓDŹ 2021", "lodz-2021"),
        ("Straße, Øresund, Æbeltoft", "strasse-oresund-aebeltoft"),
        ("already-ascii", "already-ascii"),
    ],
)
def test_ascii_slug_transliterates_latin_letters(value, slug):
    assert ascii_slug(value) == slug


def english_copy(page: Page, locale_en, on_commit) -> SessionPage:
    with on_commit(execute=True):
        translate_object(page, [locale_en])
    return SessionPage.objects.get(translation_key=page.translation_key, locale=locale_en)


def test_translation_of_a_polish_slug_is_transliterated(
    track, locale_en, django_capture_on_commit_callbacks
):
    session = SessionPageFactory(parent=track, title="Sesja w Łodzi", slug="łódź")
    english = english_copy(session, locale_en, django_capture_on_commit_callbacks)
    assert english.slug == "lodz"  # wagtail-localize alone gives "odz"
    assert english.url_path.endswith("/lodz/")


def test_transliterated_slug_stays_unique_among_siblings(
    track, locale_en, django_capture_on_commit_callbacks
):
    first = SessionPageFactory(parent=track, slug="łódź")
    second = SessionPageFactory(parent=track, slug="lódź")
    assert english_copy(first, locale_en, django_capture_on_commit_callbacks).slug == "lodz"
    assert english_copy(second, locale_en, django_capture_on_commit_callbacks).slug == "lodz-1"


def test_a_translators_slug_is_kept(track, locale_en, django_capture_on_commit_callbacks):
    session = SessionPageFactory(parent=track, slug="łódź")
    english = english_copy(session, locale_en, django_capture_on_commit_callbacks)
    source = TranslationSource.objects.get_for_instance(session)
    segment = source.stringsegment_set.get(context__path="slug")
    StringTranslation.objects.create(
        translation_of=segment.string,
        locale=locale_en,
        context=segment.context,
        data="city-of-lodz",
    )
    translation = source.translations.get(target_locale=locale_en)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    english.refresh_from_db()
    assert english.slug == "city-of-lodz"
    assert english.live


def test_source_slug_and_plain_saves_are_untouched(track, locale_en):
    session = SessionPageFactory(parent=track, slug="łódź")
    session.title = "Sesja w Łodzi"
    session.save()
    session.refresh_from_db()
    assert session.slug == "łódź"
