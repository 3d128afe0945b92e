"""Wagtail's API v2 with the package's endpoint classes (mounted at /api/v2/ in the example)."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail_congress.models import SessionPage, SessionSpeaker

from .factories import (
    CongressPageFactory,
    NewsArticlePageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    PartnerFactory,
    SpeakerFactory,
)
from .test_api_performance import generate_congress
from .test_api_security import SECRET, matrix  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

V2 = "/api/v2"
SESSIONS = f"{V2}/pages/?type=wagtail_congress.SessionPage&fields=*&limit=1000"
SNIPPET_ENDPOINTS = [
    "congress_speakers",
    "congress_partners",
    "congress_thematic_areas",
    "congress_news_categories",
]


@pytest.fixture(autouse=True)
def no_limit(settings):
    settings.WAGTAILAPI_LIMIT_MAX = None
    caches["default"].clear()


def count_queries(client, url: str) -> tuple[int, dict]:
    """Queries of a second request (the first creates renditions and warms Wagtail's caches)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def test_session_listing_uses_a_constant_number_of_queries(client, site_root):
    generate_congress(site_root, 10)
    small, data = count_queries(client, SESSIONS)
    assert data["meta"]["total_count"] == 10
    SessionPage.objects.all().delete()
    generate_congress(site_root, 300)
    large, data = count_queries(client, SESSIONS)
    assert data["meta"]["total_count"] == 300
    assert small == large <= 16, (small, large)
    session = data["items"][0]
    assert session["track"]["title"]
    assert {row["speaker"]["name"] for row in session["speakers"]}
    assert session["speakers"][0]["speaker"]["organisation"] == "Związek Miast Polskich"
    assert session["partners"][0]["partner"]["logo"]["width"] == 100


def test_session_detail_reapplies_the_prefetches(client, site_root):
    generate_congress(site_root, 10)
    session = SessionPage.objects.first()
    url = f"{V2}/pages/{session.pk}/"
    queries, data = count_queries(client, url)
    assert data["meta"]["type"] == "wagtail_congress.SessionPage"
    assert data["track"]["id"] == session.get_parent().pk
    assert [row["role"] for row in data["speakers"]] == ["speaker", "moderator"]
    assert data["thematic_areas"][0]["area"]["name"].startswith("Obszar")
    # The same count with twenty speakers: nothing is fetched per inline row.
    for speaker in [SpeakerFactory() for _ in range(20)]:
        session.speakers.add(SessionSpeaker(speaker=speaker))
    session.save()
    assert count_queries(client, url)[0] == queries


def test_hidden_pages_are_in_no_v2_response(client, matrix):  # noqa: F811
    visible, hidden = matrix
    for page_type in ("SessionPage", "SessionTrackPage", "CongressPage", "NewsArticlePage"):
        url = f"{V2}/pages/?type=wagtail_congress.{page_type}&fields=*"
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode(), page_type
    listed = {item["id"] for item in client.get(f"{V2}/pages/?limit=1000").json()["items"]}
    assert listed.isdisjoint(page.pk for page in hidden.values())
    for page in hidden.values():
        assert client.get(f"{V2}/pages/{page.pk}/").status_code == 404, page.title
    for page in visible["sessions"]:
        assert client.get(f"{V2}/pages/{page.pk}/").status_code == 200


def test_nested_references_leave_out_hidden_pages(client, matrix):  # noqa: F811
    visible, _hidden = matrix
    data = client.get(f"{V2}/pages/{visible['article'].pk}/").json()
    assert data["related_congress"] is None  # the congress it names is private
    # The draft and the private session are left out; the English draft and the English
    # alias resolve to the Polish pages they translate (the article's locale).
    assert [session["title"] for session in data["related_sessions"]] == [
        "Widoczna",
        "Widoczna druga",
    ]
    assert SECRET not in str(data)


def test_snippet_endpoints_list_only_what_visible_content_uses(client, matrix):  # noqa: F811
    visible, _hidden = matrix
    shown = SpeakerFactory(name="Widoczna prelegentka")
    session = visible["sessions"][0]
    session.speakers.add(SessionSpeaker(speaker=shown))
    session.save()
    names = [
        item["name"] for item in client.get(f"{V2}/congress_speakers/?fields=*").json()["items"]
    ]
    assert names == ["Widoczna prelegentka"]
    secret = visible["secret_speaker"]
    assert client.get(f"{V2}/congress_speakers/{secret.pk}/").status_code == 404
    detail = client.get(f"{V2}/congress_speakers/{shown.pk}/").json()
    assert detail["meta"]["locale"] == "pl"
    assert detail["organisation"] == "Związek Miast Polskich"
    for endpoint in SNIPPET_ENDPOINTS:
        response = client.get(f"{V2}/{endpoint}/?fields=*")
        assert response.status_code == 200, endpoint
        assert SECRET not in response.content.decode(), endpoint


def test_snippets_are_filtered_by_locale(client, session, locale_en):
    polish = SpeakerFactory(name="Po polsku")
    english = polish.copy_for_translation(locale_en)
    english.name = "In English"
    english.save()
    session.speakers.add(SessionSpeaker(speaker=polish))
    session.save()
    english_session = session.copy_for_translation(locale_en, copy_parents=True)
    english_session.speakers.all().delete()
    english_session.speakers.add(SessionSpeaker(speaker=english))
    english_session.save_revision().publish()
    for locale, name in (("pl", "Po polsku"), ("en", "In English")):
        items = client.get(f"{V2}/congress_speakers/?locale={locale}").json()["items"]
        assert [item["meta"]["locale"] for item in items] == [locale]
        assert client.get(items[0]["meta"]["detail_url"]).json()["name"] == name


def test_news_categories_of_visible_articles(client, news_index):
    used, unused, draft_only = (NewsCategoryFactory(name=n) for n in ("A", "B", "C"))
    NewsArticlePageFactory(parent=news_index, category=used)
    NewsArticlePageFactory(parent=news_index, category=draft_only, live=False)
    items = client.get(f"{V2}/congress_news_categories/?fields=*").json()["items"]
    assert [(item["name"], item["slug"]) for item in items] == [("A", used.slug)]


def test_unknown_parameters_are_a_400_not_a_500(client, session):
    assert client.get(f"{V2}/congress_speakers/?nonsense=1").status_code == 400
    assert client.get(f"{V2}/congress_speakers/?locale=xx").status_code == 404
    assert client.get(f"{V2}/pages/?type=wagtail_congress.Nothing").status_code == 400


def test_format_is_the_renderer_not_a_session_filter(client, session):
    url = f"{V2}/pages/?type=wagtail_congress.SessionPage&format=json"
    assert client.get(url).json()["meta"]["total_count"] == 1


def test_find_by_html_path_in_every_locale(client, session, locale_en):
    english = session.copy_for_translation(locale_en, copy_parents=True)
    english.save_revision().publish()
    for page in (session, english):
        response = client.get(f"{V2}/pages/find/", {"html_path": page.url})
        assert response.status_code == 302, (page.url, response.content)
        assert response["Location"].split("?")[0].endswith(f"/pages/{page.pk}/")
    assert client.get(f"{V2}/pages/find/", {"html_path": "/en/nothing/"}).status_code == 404


@pytest.mark.parametrize("endpoint", SNIPPET_ENDPOINTS)
def test_snippet_listings_use_a_constant_number_of_queries(client, site_root, endpoint):
    url = f"{V2}/{endpoint}/?fields=*&limit=1000"
    generate_congress(site_root, 4)
    small, data = count_queries(client, url)
    few = data["meta"]["total_count"]
    SessionPage.objects.all().delete()
    generate_congress(site_root, 40)
    large, data = count_queries(client, url)
    assert data["meta"]["total_count"] >= few
    assert small == large, (small, large)


def add_congress_with_news(site_root) -> None:
    """A congress with a partner group (three partners with logos) and an article that
    refers to it, with a category and a tag."""
    partners = [PartnerFactory(logo=wagtail_factories.ImageFactory()) for _ in range(3)]
    congress = CongressPageFactory(
        parent=site_root,
        partners=[
            ("group", {"heading": "Organizatorzy", "role": "organiser", "partners": partners})
        ],
    )
    article = NewsArticlePageFactory(
        parent=NewsIndexPageFactory(parent=congress),
        category=NewsCategoryFactory(),
        related_congress=congress,
    )
    article.tags.add("mobilność")
    article.save_revision().publish()


@pytest.mark.parametrize(
    "page_type", ["wagtail_congress.CongressPage", "wagtail_congress.NewsArticlePage"]
)
def test_congress_and_news_listings_use_a_constant_number_of_queries(client, site_root, page_type):
    url = f"{V2}/pages/?type={page_type}&fields=*&limit=1000"
    for _ in range(2):
        add_congress_with_news(site_root)
    small, data = count_queries(client, url)
    for _ in range(8):
        add_congress_with_news(site_root)
    large, data = count_queries(client, url)
    assert data["meta"]["total_count"] == 10
    assert small == large <= 12, (small, large)
    item = data["items"][0]
    if page_type.endswith("CongressPage"):
        assert len(item["partners"][0]["partners"]) == 3
        assert item["partners"][0]["partners"][0]["logo"]["width"] == 100
    else:
        assert item["tags"] == ["mobilność"]
        assert item["related_congress"]["title"]


@pytest.mark.parametrize("endpoint", ["pages", *SNIPPET_ENDPOINTS])
@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "١"])
def test_find_by_an_id_that_is_not_a_number_is_a_400(client, session, endpoint, value):
    """Wagtail's own ``find`` raises a 500 on ``?id=abc``; ours names the parameter."""
    response = client.get(f"{V2}/{endpoint}/find/", {"id": value})
    assert response.status_code == 400
    assert "id" in response.json()["message"]


def test_find_by_id_still_redirects_to_a_visible_page(client, session):
    response = client.get(f"{V2}/pages/find/", {"id": session.pk})
    assert response.status_code == 302
    assert response["Location"].split("?")[0].endswith(f"/pages/{session.pk}/")
    assert client.get(f"{V2}/pages/find/", {"id": session.pk + 1000}).status_code == 404
