"""The benchmark's generator and requests at a tiny size, so benchmarks/ cannot rot."""

from __future__ import annotations

import pytest

from benchmarks.endpoints import endpoints
from benchmarks.generate import generate
from benchmarks.sizes import Sizes
from wagtail_congress.models import NewsArticlePage, SessionPage, Speaker

pytestmark = pytest.mark.django_db

TINY = Sizes(
    days=2,
    rooms=2,
    tracks=2,
    sessions=6,
    speakers=5,
    partners=3,
    news=25,
    thematic_areas=2,
    news_categories=2,
)


@pytest.fixture
def generated(site_root):
    return generate(TINY, seed=7)


def titles(programme: dict) -> list[str]:
    return [session["title"] for day in programme["days"] for session in day["sessions"]]


def test_generates_the_sizes_asked_for_in_both_locales(generated):
    for language in ("pl", "en"):
        sessions = SessionPage.objects.live().filter(locale__language_code=language)
        assert sessions.count() == TINY.sessions
        assert not sessions.filter(alias_of__isnull=False).exists()
        assert Speaker.objects.filter(locale__language_code=language).count() == TINY.speakers
        news = NewsArticlePage.objects.live().filter(locale__language_code=language)
        assert news.count() == TINY.news
    assert generated.days == ["2026-06-15", "2026-06-16"]


def test_the_api_sees_the_content_in_both_locales(client, generated):
    polish = client.get(endpoints(generated.__dict__, "pl")[0].path).json()
    english = client.get(endpoints(generated.__dict__, "en")[0].path).json()
    assert len(titles(polish)) == len(titles(english)) == TINY.sessions
    assert all(title.startswith("Sesja") for title in titles(polish))
    assert all(title.startswith("Session") for title in titles(english))
    speakers = [s for day in english["days"] for item in day["sessions"] for s in item["speakers"]]
    assert speakers and all(s["locale"] == "en" for s in speakers if "locale" in s)
    news = client.get("/api/congress/news/", {"locale": "en", "limit": 100}).json()
    assert news["count"] == TINY.news
    assert all(item["title"].startswith("Article") for item in news["items"])


def test_every_measured_request_answers(client, generated):
    etag = ""
    for endpoint in endpoints(generated.__dict__, "pl"):
        if endpoint.reference:
            continue  # served by benchmarks.urls only
        headers = {"If-None-Match": etag} if endpoint.conditional else {}
        response = client.get(endpoint.path, headers=headers)
        expected = 304 if endpoint.conditional else 200
        assert response.status_code == expected, (endpoint.name, response.content[:300])
        etag = response.headers.get("ETag", etag)
    english = client.get(generated.session_path["en"])
    assert english.status_code == 200
    assert b'lang="en"' in english.content
