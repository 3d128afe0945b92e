"""Front-end cache purges of the API and export URLs on publish (issue #4 item 3, #5 item 5).

A real backend (``tests.frontend_cache_backend.RecordingBackend``) is configured through
``WAGTAILFRONTENDCACHE``; pages are published through Wagtail and wagtail-localize.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object

from wagtail_congress.models import SessionPage, SessionSpeaker

from .factories import (
    CongressPageFactory,
    NewsArticlePageFactory,
    NewsCategoryFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
)
from .frontend_cache_backend import PURGED
from .test_api_performance import generate_congress
from .test_import_helpers import DATA

pytestmark = pytest.mark.django_db

BACKEND = {"recording": {"BACKEND": "tests.frontend_cache_backend.RecordingBackend"}}
ROOT = "http://localhost"
API = f"{ROOT}/api/congress"
EXPORTS = f"{ROOT}/exports"


@pytest.fixture
def purging(django_capture_on_commit_callbacks):
    """``with purging() as purged:`` runs the block with the recording backend configured,
    then commits (runs the ``on_commit`` callbacks); ``purged`` lists the URLs purged."""

    @contextlib.contextmanager
    def block():
        PURGED.clear()
        with (
            override_settings(WAGTAILFRONTENDCACHE=BACKEND),
            django_capture_on_commit_callbacks(execute=True),
        ):
            yield PURGED

    yield block
    PURGED.clear()


def ours(urls) -> set[str]:
    """The purged URLs of the package's API and exports (Wagtail purges page URLs too)."""
    return {url for url in urls if url.startswith((API, EXPORTS))}


def api(path: str, locale: str = "pl") -> set[str]:
    return {f"{API}{path}", f"{API}{path}?locale={locale}"}


def congress_urls(congress, locale: str = "pl") -> set[str]:
    urls = set()
    for route in ("", "programme/", "sessions/", "tracks/", "speakers/", "partners/"):
        urls |= api(f"/congresses/{congress.pk}/{route}", locale)
    return urls | {
        f"{EXPORTS}/congress/{congress.pk}/programme.ics",
        f"{EXPORTS}/congress/{congress.pk}/schedule.xml",
        f"{EXPORTS}/congress/{congress.pk}/schedule.json",
        f"{EXPORTS}/congress/{congress.pk}/schedule2.json",
    }


def session_urls(session, track, locale: str = "pl") -> set[str]:
    return api(f"/sessions/{session.pk}/", locale) | {
        f"{EXPORTS}/session/{session.pk}/session.ics",
        f"{EXPORTS}/track/{track.pk}/programme.ics",
    }


def test_publishing_a_session_purges_its_api_and_export_urls(purging, congress, track, session):
    speaker = SpeakerFactory()
    session.speakers.add(SessionSpeaker(speaker=speaker))
    with purging() as purged:
        session.save_revision().publish()
    expected = session_urls(session, track) | congress_urls(congress)
    expected |= api(f"/speakers/{speaker.pk}/")
    assert ours(purged) == expected
    # The congress itself did not change: its listing and lookup stay cached.
    assert f"{API}/congresses/" not in purged


def test_unpublishing_purges_the_same_urls(purging, congress, track, session):
    with purging() as purged:
        session.unpublish()
    assert ours(purged) == session_urls(session, track) | congress_urls(congress)


def test_purge_waits_for_the_commit(congress, track, session, django_capture_on_commit_callbacks):
    PURGED.clear()
    with override_settings(WAGTAILFRONTENDCACHE=BACKEND):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            session.save_revision().publish()
        assert ours(PURGED) == set()  # not committed yet
        (flush,) = callbacks
        flush()
    assert ours(PURGED) == session_urls(session, track) | congress_urls(congress)


def test_nothing_is_purged_without_a_front_end_cache(
    congress, track, session, django_capture_on_commit_callbacks
):
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session.save_revision().publish()
    assert PURGED == []
    assert callbacks == []  # not even a callback queued


def test_unrelated_content_purges_nothing_of_a_congress(
    purging, site_root, congress, track, session
):
    other = SessionPageFactory(parent=SessionTrackPageFactory(parent=CongressPageFactory()))
    lonely_speaker = SpeakerFactory()
    with purging() as purged:
        other.save_revision().publish()
        site_root.save_revision().publish()  # the home page is not congress content
        lonely_speaker.name = "Nobody's speaker"
        lonely_speaker.save()  # in no session
    assert ours(purged)
    assert not {url for url in purged if f"/{congress.pk}/" in url or f"/{session.pk}/" in url}
    assert not {url for url in purged if f"/speakers/{lonely_speaker.pk}/" in url}


def test_publishing_a_congress_purges_its_whole_subtree(purging, congress, track, session):
    with purging() as purged:
        congress.save_revision().publish()
    urls = ours(purged)
    assert session_urls(session, track) | congress_urls(congress) <= urls
    assert api("/congresses/") <= urls  # its title is in the listing
    assert f"{API}/congresses/find/?path=%2F{congress.slug}%2F" in urls


def test_deleting_and_moving_a_session(purging, congress, track, session):
    other_track = SessionTrackPageFactory(parent=congress)
    with purging() as purged:
        session.move(other_track, pos="last-child")
    urls = ours(purged)
    assert f"{EXPORTS}/track/{track.pk}/programme.ics" in urls  # where it was
    assert session_urls(session, other_track) <= urls  # where it is
    PURGED.clear()
    session_id = session.pk
    with purging() as purged:
        Page.objects.get(pk=session_id).delete()
    assert ours(purged) == (
        api(f"/sessions/{session_id}/")
        | {
            f"{EXPORTS}/session/{session_id}/session.ics",
            f"{EXPORTS}/track/{other_track.pk}/programme.ics",
        }
        | congress_urls(congress)
    )


def test_deleting_a_congress_purges_every_page_of_it(purging, congress, track, session):
    with purging() as purged:
        Page.objects.get(pk=congress.pk).delete()
    urls = ours(purged)
    assert session_urls(session, track) | congress_urls(congress) <= urls


def english_strings(source: TranslationSource, locale_en) -> None:
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale_en,
            context=segment.context,
            defaults={"data": f"EN {segment.string.data}"},
        )


def test_publishing_a_translation_purges_both_languages(
    purging, congress, track, session, locale_en
):
    with purging() as purged:
        translate_object(session, [locale_en])
    source = TranslationSource.objects.get_for_instance(session)
    english_strings(source, locale_en)
    PURGED.clear()
    with purging() as purged:
        source.translations.get(target_locale=locale_en).save_target(publish=True)
    english = session.get_translation(locale_en)
    assert english.live and english.title == f"EN {session.title}"
    urls = ours(purged)
    assert api(f"/sessions/{english.pk}/", "en") <= urls
    assert f"{EXPORTS}/session/{english.pk}/session.ics" in urls
    english_congress = congress.get_translation(locale_en)
    assert api(f"/congresses/{english_congress.pk}/programme/", "en") <= urls
    # The Polish session lists its translations: its URLs go too.
    assert session_urls(session, track) | congress_urls(congress) <= urls


def test_editing_a_speaker_purges_where_they_appear(purging, congress, track, session):
    speaker = SpeakerFactory()
    session.speakers.add(SessionSpeaker(speaker=speaker))
    session.save_revision().publish()
    PURGED.clear()
    with purging() as purged:
        speaker.name = "Anna Nowak-Kowalska"
        speaker.save()
    urls = ours(purged)
    assert api(f"/speakers/{speaker.pk}/") <= urls
    assert api(f"/congresses/{congress.pk}/programme/") <= urls
    assert api(f"/congresses/{congress.pk}/speakers/") <= urls
    assert f"{EXPORTS}/session/{session.pk}/session.ics" in urls


def test_news_purges_listing_detail_siblings_and_feeds(purging, news_index):
    category = NewsCategoryFactory(slug="polityka")
    older = NewsArticlePageFactory(parent=news_index)
    article = NewsArticlePageFactory(parent=news_index, category=category)
    PURGED.clear()
    with purging() as purged:
        article.save_revision().publish()
    urls = ours(purged)
    assert api("/news/") | api(f"/news/{article.pk}/") | api(f"/news/{older.pk}/") <= urls
    assert {
        f"{EXPORTS}/news/{news_index.pk}/rss.xml",
        f"{EXPORTS}/news/{news_index.pk}/atom.xml",
        f"{EXPORTS}/news/{news_index.pk}/polityka/rss.xml",
        f"{EXPORTS}/news/{news_index.pk}/polityka/atom.xml",
    } <= urls


@override_settings(
    WAGTAIL_CONGRESS_FRONTEND_CACHE_BASE_URLS=["https://cdn.example.com"],
    WAGTAIL_CONGRESS_FRONTEND_CACHE_WILDCARD="*",
)
def test_base_urls_and_wildcard(purging, congress, track, session):
    with purging() as purged:
        session.save_revision().publish()
    urls = {url for url in purged if url.startswith("https://cdn.example.com/")}
    assert f"https://cdn.example.com/api/congress/sessions/{session.pk}/*" in urls
    assert f"https://cdn.example.com/exports/session/{session.pk}/session.ics" in urls
    assert not ours(purged)


def test_import_purges_the_programme(purging, congress):
    """The programme import publishes through Wagtail: its sessions are purged, in one batch."""
    with purging() as purged:
        call_command(
            "import_programme",
            str(congress.pk),
            str(DATA / "programme.csv"),
            "--create-tracks",
            "--publish",
            "--as-superuser",
            stdout=io.StringIO(),
        )
    sessions = SessionPage.objects.live().descendant_of(congress)
    assert sessions.count() == 6
    urls = ours(purged)
    assert congress_urls(congress) <= urls
    for session in sessions:
        assert f"{EXPORTS}/session/{session.pk}/session.ics" in urls
        assert api(f"/sessions/{session.pk}/") <= urls


def flush_queries(congress, django_capture_on_commit_callbacks) -> int:
    """Queries of the purge after publishing ``congress`` (its whole subtree is purged)."""
    with override_settings(WAGTAILFRONTENDCACHE=BACKEND):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            congress.save_revision().publish()
        with CaptureQueriesContext(connection) as queries:
            for callback in callbacks:
                callback()
    return len(queries)


def test_purge_queries_do_not_grow_with_the_congress(site_root, django_capture_on_commit_callbacks):
    small = generate_congress(site_root, 5)
    large = generate_congress(site_root, 60)
    PURGED.clear()
    small_queries = flush_queries(small, django_capture_on_commit_callbacks)
    large_queries = flush_queries(large, django_capture_on_commit_callbacks)
    print(f"purge after publishing a congress: {large_queries} queries")
    assert small_queries == large_queries <= 12
    session_ids = SessionPage.objects.descendant_of(large).values_list("pk", flat=True)
    assert {f"{EXPORTS}/session/{pk}/session.ics" for pk in session_ids} <= set(PURGED)


def test_partners_categories_and_purge_pages(purging, congress, track, session, news_index):
    from wagtail_congress.frontend_cache import purge_pages
    from wagtail_congress.models import SessionPartner

    from .factories import PartnerFactory

    partner = PartnerFactory()
    session.partners.add(SessionPartner(partner=partner))
    session.save_revision().publish()
    category = NewsCategoryFactory(slug="gospodarka")
    article = NewsArticlePageFactory(parent=news_index, category=category)
    with purging() as purged:
        partner.name = "Związek Miast Polskich"
        partner.save()
    assert api(f"/sessions/{session.pk}/") | api(f"/congresses/{congress.pk}/partners/") <= ours(
        purged
    )
    with purging() as purged:
        category.slug = "ekonomia"
        category.save()
    urls = ours(purged)
    assert api(f"/news/{article.pk}/") <= urls
    assert f"{EXPORTS}/news/{news_index.pk}/ekonomia/rss.xml" in urls
    with purging() as purged:
        purge_pages([session])  # for code that writes pages without publishing them
    assert ours(purged) == session_urls(session, track) | congress_urls(congress)
