"""What real clients read, on the demo (Polish and English) and on a generated congress
translated into English (issue 19): calendar identifiers identical in both languages, every
calendar parsed by ``icalendar`` and by ``vobject`` and twinned by its xCal, and the JSON-LD
of every congress, session, article and listing, extracted with ``extruct``, checked with
Google's preset rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import extruct
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from lxml import html
from wagtail.models import Locale, Page, Site

from wagtail_congress.models import (
    CongressPage,
    NewsArticlePage,
    NewsIndexPage,
    SessionPage,
    SessionSpeaker,
    SessionTrackPage,
)

from .calendars import assert_same_events, ical_events, vobject_events
from .rich_results import NO_DATA, check, check_item_list
from .test_api_performance import generate_congress

GENERATED_SESSIONS = 12


def publish(page: Page) -> None:
    page.save_revision().publish()


def translate_generated(congress: CongressPage) -> None:
    """Publish the generated congress's pages with revisions, translate them into English,
    and publish some translations again: their own revision counts differ from the Polish."""
    locale_en = Locale.objects.get_or_create(language_code="en")[0]
    pages = [congress, *congress.get_descendants().specific()]
    for page in pages:
        publish(page)
    for n, page in enumerate(pages):
        translated = page.copy_for_translation(locale_en, copy_parents=True)
        translated.title = f"EN {page.title}"
        publish(translated)
        for _ in range(n % 3):
            publish(translated)


@pytest.fixture(scope="module", params=["demo", "generated"])
def dataset(request, django_db_setup, django_db_blocker) -> Iterator[str]:
    """The demo or a generated congress in both languages, rolled back after the module."""
    with django_db_blocker.unblock():
        Site.clear_site_root_paths_cache()
        caches["default"].clear()
        with transaction.atomic():
            if request.param == "demo":
                call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
            else:
                site_root = Site.objects.get(is_default_site=True).root_page
                translate_generated(generate_congress(site_root, GENERATED_SESSIONS))
            yield request.param
            transaction.set_rollback(True)
        caches["default"].clear()
        Site.clear_site_root_paths_cache()


def visible(model, language: str):
    return (
        model.objects.live().public().filter(locale__language_code=language, alias_of__isnull=True)
    )


def get(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def export(name: str, pk: int) -> str:
    return reverse(f"wagtail_congress_exports:{name}", args=[pk])


def test_calendar_identifiers_agree_between_languages(dataset, db, client, django_db_blocker):
    """Issue 19: for every UID, SEQUENCE and LAST-MODIFIED are the same in pl and en."""
    with django_db_blocker.unblock():
        compared = 0
        for congress in visible(CongressPage, "pl"):
            english = congress.get_translation(Locale.objects.get(language_code="en"))
            polish = {
                str(e["UID"]): e
                for e in ical_events(get(client, export("congress_ical", congress.pk)))
            }
            translated = {
                str(e["UID"]): e
                for e in ical_events(get(client, export("congress_ical", english.pk)))
            }
            assert polish.keys() == translated.keys()
            for uid, event in polish.items():
                other = translated[uid]
                assert event["SEQUENCE"] == other["SEQUENCE"], uid
                assert event.decoded("LAST-MODIFIED") == other.decoded("LAST-MODIFIED"), uid
                assert event["SUMMARY"] != other["SUMMARY"] or dataset == "demo"
                compared += 1
        expected = GENERATED_SESSIONS if dataset == "generated" else 1
        assert compared >= expected


def calendar_urls(language: str) -> list[tuple[str, str]]:
    """(iCalendar URL, xCal URL) of every calendar of the language's content."""
    urls = []
    sessions = list(visible(SessionPage, language))
    for congress in visible(CongressPage, language):
        urls.append((export("congress_ical", congress.pk), export("congress_xcal", congress.pk)))
        ids = ",".join(str(s.pk) for s in sessions[:100])
        urls.append(
            (
                export("chosen_ical", congress.pk) + f"?sessions={ids}",
                export("chosen_xcal", congress.pk) + f"?sessions={ids}",
            )
        )
    for track in visible(SessionTrackPage, language):
        urls.append((export("track_ical", track.pk), export("track_xcal", track.pk)))
    for session in sessions[:5]:
        urls.append((export("session_ical", session.pk), export("session_xcal", session.pk)))
    speakers = SessionSpeaker.objects.filter(page__in=sessions[:5]).values_list(
        "speaker_id", "speaker__locale__language_code"
    )
    for speaker_id, speaker_language in sorted(set(speakers)):
        query = "" if speaker_language == language else f"?locale={language}"
        urls.append(
            (export("speaker_ical", speaker_id) + query, export("speaker_xcal", speaker_id) + query)
        )
    return urls


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_calendar_parses_twice_and_has_an_xcal_twin(
    dataset, db, client, django_db_blocker, language
):
    with django_db_blocker.unblock():
        urls = calendar_urls(language)
        assert len(urls) >= 5
        for ics_url, xcs_url in urls:
            ics = get(client, ics_url)
            events = ical_events(ics)  # a track of sub-tracks only has none
            second = vobject_events(ics)
            assert [e.uid.value for e in second] == [str(e["UID"]) for e in events]
            assert [e.summary.value for e in second] == [str(e["SUMMARY"]) for e in events]
            assert [e.dtstart.value for e in second] == [e.decoded("DTSTART") for e in events]
            assert assert_same_events(ics, get(client, xcs_url)) == len(events), xcs_url


def json_ld_of(client: Client, page: Page) -> dict:
    """The page's JSON-LD as extruct (the extractor structured-data tools build on) reads it;
    the same object as the page's one ``<script type="application/ld+json">``."""
    body = get(client, page.url)
    (script,) = html.fromstring(body).xpath('//script[@type="application/ld+json"]')
    (extracted,) = extruct.extract(body, base_url=page.full_url, syntaxes=["json-ld"])["json-ld"]
    assert extracted == json.loads(script.text), page.url
    return extracted


@override_settings(
    WAGTAIL_CONGRESS_DEFAULT_IMAGE="/static/wagtail_congress/kongres.png",
    WAGTAIL_CONGRESS_PUBLISHER_LOGO="/static/wagtail_congress/logo.png",
)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_json_ld_passes_googles_presets(dataset, db, client, django_db_blocker, language):
    """No error on any page; warnings only for data the package lacks (a ticket price) or
    the content lacks (offers without a registration link)."""
    with django_db_blocker.unblock():
        checked = []
        pages = [
            *visible(CongressPage, language),
            *visible(SessionPage, language)[:5],
            *visible(NewsArticlePage, language),
        ]
        for page in pages:
            data = json_ld_of(client, page)
            errors, warnings = check(data)
            allowed = set(NO_DATA)
            if "offers" not in data:  # no registration link in the content
                allowed |= {w for w in warnings if w.startswith("offers")}
            assert errors == [], (page.url, errors)
            assert set(warnings) <= allowed, (page.url, warnings)
            checked.append(data["@type"])
        assert "Event" in checked
        if dataset == "demo":
            assert "NewsArticle" in checked
        for listing in [*visible(NewsIndexPage, language), *visible(SessionTrackPage, language)]:
            data = json_ld_of(client, listing)
            assert check_item_list(data) == [], listing.url
            if isinstance(listing, NewsIndexPage) and dataset == "demo":
                assert data["mainEntity"]["itemListElement"], listing.url
