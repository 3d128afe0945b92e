"""How translated pages present themselves: aliases, language versions and sitemap alternates."""

import re

import pytest
from django.test import RequestFactory
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail_localize.synctree import synchronize_tree

from wagtail_congress.models import CongressPage, SessionPage

from .factories import SessionPageFactory, SessionTrackPageFactory
from .test_translation_e2e import in_english, publish, submit, translate_and_publish

ENGLISH = {"Sesja w Łodzi": "A session in Łódź"}


@pytest.fixture
def translated_session(track, locale_en, django_capture_on_commit_callbacks):
    """A Polish session with a live English translation (its parents English aliases)."""
    session = SessionPageFactory(parent=track, title="Sesja w Łodzi", slug="sesja-w-lodzi")
    submit(session, locale_en, django_capture_on_commit_callbacks)
    translate_and_publish(session, locale_en, django_capture_on_commit_callbacks, texts=ENGLISH)
    return session


# --- alias pages from locale synchronisation ----------------------------------------------


def test_locale_sync_alias_redirects_to_its_source(congress, session, locale_en, client):
    synchronize_tree(Locale.get_default(), locale_en)
    alias = SessionPage.objects.get(translation_key=session.translation_key, locale=locale_en)
    assert alias.alias_of_id == session.pk and alias.live
    assert alias.is_foreign_locale_alias

    response = client.get(alias.get_url())
    assert response.status_code == 302
    assert response["Location"] == session.get_url()
    assert "/en/" not in response["Location"]

    en_congress = in_english(CongressPage, congress)
    assert client.get(en_congress.get_url())["Location"] == congress.get_url()


def test_alias_of_an_unpublished_source_is_not_found(session, locale_en, client):
    alias = session.copy_for_translation(locale_en, copy_parents=True, alias=True)
    alias_url = alias.get_url()
    session.unpublish()
    assert client.get(alias_url).status_code == 404


def test_alias_in_the_same_locale_is_served_as_usual(congress, track, session, client):
    other_track = SessionTrackPageFactory(parent=congress)
    alias = session.create_alias(parent=other_track)
    assert not alias.specific.is_foreign_locale_alias
    response = client.get(alias.get_url())
    assert response.status_code == 200
    assert session.title in response.content.decode()


# --- language versions -----------------------------------------------------------------------


def test_language_versions_list_live_public_translations_in_content_language_order(
    translated_session,
):
    english = in_english(SessionPage, translated_session)
    versions = english.language_versions()
    assert [v.language_code for v in versions] == ["pl", "en"]
    polish, en = versions
    assert (polish.title, polish.url, polish.is_current) == (
        "Sesja w Łodzi",
        translated_session.url,
        False,
    )
    assert (en.title, en.url, en.is_current) == ("A session in Łódź", english.url, True)
    assert en.url.startswith("/en/")
    assert en.full_url == "http://localhost" + en.url
    assert (polish.name_local, en.name_local) == ("Polski", "English")
    assert [v.language_code for v in translated_session.language_versions()] == ["pl", "en"]


def test_draft_unpublished_private_and_alias_versions_are_left_out(
    translated_session, session, locale_en, django_capture_on_commit_callbacks
):
    english = in_english(SessionPage, translated_session)
    english.unpublish()
    assert [v.language_code for v in translated_session.language_versions()] == ["pl"]

    publish(english)
    PageViewRestriction.objects.create(page=english, restriction_type="password", password="x")
    assert [v.language_code for v in translated_session.language_versions()] == ["pl"]

    # A draft (submitted, not yet published) translation.
    submit(session, locale_en, django_capture_on_commit_callbacks)
    assert not in_english(SessionPage, session).live
    assert [v.language_code for v in session.language_versions()] == ["pl"]

    # An alias made by locale synchronisation.
    synchronize_tree(Locale.get_default(), locale_en)
    track_alias = Page.objects.get(
        translation_key=session.get_parent().translation_key, locale=locale_en
    )
    assert track_alias.alias_of_id
    assert [v.language_code for v in session.get_parent().specific.language_versions()] == ["pl"]


# --- sitemap -------------------------------------------------------------------------------------


def sitemap_xml() -> str:
    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request)
    response.render()
    return response.content.decode()


def test_sitemap_lists_hreflang_alternates_of_published_translations(translated_session):
    english = in_english(SessionPage, translated_session)
    xml = sitemap_xml()
    assert f'hreflang="en" href="http://localhost{english.url}"' in xml
    assert f'hreflang="pl" href="http://localhost{translated_session.url}"' in xml

    urls = translated_session.get_sitemap_urls()
    assert [a["lang_code"] for a in urls[0]["alternates"]] == ["pl", "en"]


def test_sitemap_leaves_out_unpublished_translations_and_aliases(translated_session, locale_en):
    english = in_english(SessionPage, translated_session)
    english.unpublish()
    xml = sitemap_xml()
    assert english.url not in xml
    assert 'hreflang="en"' not in xml
    assert "alternates" not in translated_session.get_sitemap_urls()[0]

    # Submitting the session copied its track to English as an alias of the Polish track.
    track = translated_session.get_parent()
    en_track = Page.objects.get(translation_key=track.translation_key, locale=locale_en).specific
    assert en_track.alias_of_id == track.pk
    assert en_track.get_sitemap_urls() == []


def test_an_english_page_links_no_untranslated_alias_parent(
    translated_session, track, congress, locale_en, client
):
    """Translating a session first makes its parents English aliases with Polish titles.

    Neither the breadcrumbs nor the session's track link may present them as English pages.
    """
    english = in_english(SessionPage, translated_session)
    english_track = in_english(type(track), track)
    assert english_track.alias_of_id == track.pk

    html = client.get(english.get_url()).content.decode()

    assert "A session in Łódź" in html
    for polish_parent in (track, congress):
        assert polish_parent.title not in html
    assert f'href="{english_track.get_url()}"' not in html


def test_the_sitemap_lists_english_pages_as_pages_of_their_own(
    translated_session, locale_en, client
):
    english = in_english(SessionPage, translated_session)
    track = translated_session.get_parent()
    english_track = Page.objects.get(translation_key=track.translation_key, locale=locale_en)
    assert english_track.alias_of_id == track.pk

    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)

    assert english.get_full_url() in locations
    assert translated_session.get_full_url() in locations
    assert track.get_full_url() in locations
    # The English track is only a stand-in alias of the Polish one: no entry of its own.
    assert english_track.get_full_url() not in locations


def test_english_listings_leave_out_untranslated_alias_pages(
    translated_session, track, congress, locale_en, client, django_capture_on_commit_callbacks
):
    """A session translated first leaves its track an alias; the English congress, once
    translated itself, must not list that alias (a Polish title under /en/) as a track."""
    submit(congress, locale_en, django_capture_on_commit_callbacks)
    translate_and_publish(
        congress, locale_en, django_capture_on_commit_callbacks, texts={congress.title: "UPC"}
    )
    english_congress = in_english(CongressPage, congress)
    english_track = Page.objects.get(translation_key=track.translation_key, locale=locale_en)
    assert english_track.alias_of_id == track.pk and english_track.live

    assert english_track.pk not in [page.pk for page in english_congress.tracks()]
    html = client.get(english_congress.get_url()).content.decode()
    assert track.title not in html

    polish_html = client.get(congress.get_url()).content.decode()
    assert track.title in polish_html  # the Polish congress still lists it


def test_a_site_page_with_the_mixin_redirects_its_alias_too(site_root, locale_en, client):
    from example_project.home.models import HomePage

    home = site_root.add_child(instance=HomePage(title="Strona główna", slug="start"))
    alias = home.copy_for_translation(locale_en, copy_parents=True, alias=True)

    response = client.get(alias.get_url())

    assert response.status_code == 302 and response["Location"] == home.get_url()
