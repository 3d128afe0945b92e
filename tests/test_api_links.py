"""Links to the exports and schema.org JSON-LD in the API's responses (issue #5, items 3 and 5)."""

from __future__ import annotations

import feedparser
import pytest
from django.test import override_settings
from icalendar import Calendar

from .factories import NewsArticlePageFactory, NewsCategoryFactory
from .test_api_schema import API, assert_matches
from .test_exports_ical import english, publish
from .test_exports_jsonld import json_ld

pytestmark = pytest.mark.django_db

HOST = "http://localhost"  # the root URL of the default Site (absolute_urls), not the request host


def calendar_events(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_congress_detail_and_programme_link_their_exports(client, congress, track, session):
    data = assert_matches(client.get(f"{API}/congresses/{congress.pk}/"), "CongressDetail")
    exports = data["exports"]
    assert exports == {
        "ical": f"{HOST}/exports/congress/{congress.pk}/programme.ics",
        "frab_xml": f"{HOST}/exports/congress/{congress.pk}/schedule.xml",
        "frab_json": f"{HOST}/exports/congress/{congress.pk}/schedule.json",
        "frab_schedule2": f"{HOST}/exports/congress/{congress.pk}/schedule2.json",
    }
    assert [str(e["SUMMARY"]) for e in calendar_events(client, exports["ical"])] == [session.title]
    assert client.get(exports["frab_xml"])["Content-Type"].startswith("application/xml")
    frab = client.get(exports["frab_json"]).json()
    assert frab["schedule"]["conference"]["title"] == congress.title
    schedule2 = client.get(exports["frab_schedule2"]).json()
    assert [event["title"] for event in schedule2["schedule"]["events"]] == [session.title]

    programme = assert_matches(
        client.get(f"{API}/congresses/{congress.pk}/programme/"), "Programme"
    )
    assert programme["exports"] == exports
    listing = assert_matches(client.get(f"{API}/congresses/"), "CongressListing")
    assert listing["items"][0]["exports"] == exports


def test_tracks_and_sessions_link_their_calendars(client, congress, track, session):
    tracks = assert_matches(client.get(f"{API}/congresses/{congress.pk}/tracks/"), "TrackTree")
    track_ical = tracks["tracks"][0]["exports"]["ical"]
    assert track_ical == f"{HOST}/exports/track/{track.pk}/programme.ics"
    assert len(calendar_events(client, track_ical)) == 1

    programme = client.get(f"{API}/congresses/{congress.pk}/programme/").json()
    (item,) = [s for day in programme["days"] for s in day["sessions"]]
    session_ical = f"{HOST}/exports/session/{session.pk}/session.ics"
    assert item["exports"] == {"ical": session_ical}
    assert item["track"]["exports"] == {"ical": track_ical}
    (event,) = calendar_events(client, session_ical)
    assert str(event["SUMMARY"]) == session.title

    detail = assert_matches(client.get(f"{API}/sessions/{session.pk}/"), "SessionDetail")
    assert detail["exports"] == {"ical": session_ical}


def test_english_responses_link_the_english_exports(client, congress, track, session, locale_en):
    session_en = english(session, locale_en, "Urban mobility")
    congress_en = congress.get_translation(locale_en)
    data = client.get(f"{API}/sessions/{session_en.pk}/?locale=en").json()
    assert data["exports"]["ical"] == f"{HOST}/exports/session/{session_en.pk}/session.ics"
    (event,) = calendar_events(client, data["exports"]["ical"])
    assert str(event["SUMMARY"]) == "Urban mobility"
    assert data["json_ld"]["name"] == "Urban mobility"
    detail = client.get(f"{API}/congresses/{congress_en.pk}/?locale=en").json()
    assert detail["exports"]["ical"].endswith(f"/exports/congress/{congress_en.pk}/programme.ics")


def test_json_ld_is_the_templates(client, congress, track, session, news_index):
    """The congress, session and article carry the JSON-LD their default templates embed."""
    article = NewsArticlePageFactory(parent=news_index, category=NewsCategoryFactory())
    publish(article)
    congress_data = client.get(f"{API}/congresses/{congress.pk}/").json()
    assert congress_data["json_ld"] == json_ld(client, congress)
    assert congress_data["json_ld"]["@type"] == "Event"
    session_data = client.get(f"{API}/sessions/{session.pk}/").json()
    assert session_data["json_ld"] == json_ld(client, session)
    assert session_data["json_ld"]["superEvent"]["@id"] == congress_data["json_ld"]["@id"]
    article_data = assert_matches(client.get(f"{API}/news/{article.pk}/"), "NewsDetail")
    assert article_data["json_ld"] == json_ld(client, article)
    assert article_data["json_ld"]["@type"] == "NewsArticle"


def test_news_listing_links_the_feeds(client, congress, news_index):
    category = NewsCategoryFactory(name="Polityka", slug="polityka")
    article = NewsArticlePageFactory(parent=news_index, category=category, title="Zaproszenie")
    publish(article)
    data = assert_matches(client.get(f"{API}/news/"), "NewsListing")
    (feed,) = data["feeds"]
    assert feed["index"]["id"] == news_index.pk
    assert feed["category"] is None
    assert feed["rss"] == f"{HOST}/exports/news/{news_index.pk}/rss.xml"
    assert feed["atom"] == f"{HOST}/exports/news/{news_index.pk}/atom.xml"
    parsed = feedparser.parse(client.get(feed["rss"]).content)
    assert [entry.title for entry in parsed.entries] == ["Zaproszenie"]

    filtered = client.get(f"{API}/news/?category=polityka&congress={congress.pk}").json()
    (feed,) = filtered["feeds"]
    assert feed["category"] == "polityka"
    assert feed["atom"] == f"{HOST}/exports/news/{news_index.pk}/polityka/atom.xml"
    parsed = feedparser.parse(client.get(feed["atom"]).content)
    assert [entry.title for entry in parsed.entries] == ["Zaproszenie"]


def test_no_export_links_where_the_exports_are_not_mounted(
    client, congress, track, session, news_index
):
    with override_settings(ROOT_URLCONF="tests.urls_without_exports"):
        detail = assert_matches(client.get(f"{API}/congresses/{congress.pk}/"), "CongressDetail")
        assert detail["exports"] is None
        assert detail["json_ld"]["@type"] == "Event"  # JSON-LD needs no export URL
        programme = client.get(f"{API}/congresses/{congress.pk}/programme/").json()
        assert programme["exports"] is None
        (item,) = [s for day in programme["days"] for s in day["sessions"]]
        assert item["exports"] is None and item["track"]["exports"] is None
        tracks = client.get(f"{API}/congresses/{congress.pk}/tracks/").json()
        assert tracks["tracks"][0]["exports"] is None
        assert client.get(f"{API}/news/").json()["feeds"] == []


def test_news_pages_announce_their_feeds(client, news_index):
    """Feed readers find the index's feeds from the index and from its articles."""
    from lxml import html

    article = NewsArticlePageFactory(parent=news_index)
    publish(article)
    for page in (news_index, article):
        tree = html.fromstring(client.get(page.url).content)
        links = {
            link.get("type"): link.get("href")
            for link in tree.xpath('//head/link[@rel="alternate"][@type]')
        }
        assert links == {
            "application/rss+xml": f"/exports/news/{news_index.pk}/rss.xml",
            "application/atom+xml": f"/exports/news/{news_index.pk}/atom.xml",
        }
        assert client.get(links["application/rss+xml"]).status_code == 200
