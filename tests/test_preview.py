"""Headless preview: an editor previews a draft in the admin, the frontend fetches it by token.

wagtail-headless-preview (the optional ``preview`` extra) is installed in the test settings;
it is enabled per test with its ``WAGTAIL_HEADLESS_PREVIEW`` setting.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.signing import TimestampSigner
from django.test import Client, override_settings
from django.urls import reverse
from lxml import html

from .conftest import page_add_url
from .factories import (
    NewsArticlePageFactory,
    congress_form_data,
    news_article_form_data,
    session_form_data,
)
from .test_api_schema import API, assert_matches, assert_problem

pytestmark = pytest.mark.django_db

FRONTEND = "https://front.example.com"
HEADLESS = {"CLIENT_URLS": {"default": FRONTEND}}


def preview_in_admin(admin: Client, url: str, data: dict):
    """Post the edit form to the admin's preview view, then open the preview (as the editor's
    browser does)."""
    response = admin.post(url, data)
    assert response.status_code == 200 and response.json()["is_valid"], response.content
    return admin.get(url)


def frontend_query(response) -> dict[str, str]:
    """The query string of the frontend URL the preview opens in its iframe."""
    assert response.status_code == 200
    (src,) = html.fromstring(response.content).xpath("//iframe/@src")
    assert src.startswith(f"{FRONTEND}/?")
    return {key: values[0] for key, values in parse_qs(urlsplit(src).query).items()}


def edit_preview_url(page) -> str:
    return reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])


@override_settings(WAGTAIL_HEADLESS_PREVIEW=HEADLESS)
def test_session_draft_by_token(wagtail_admin, congress, track, session):
    data = session_form_data(title="Szkic: mobilność", slug=session.slug)
    query = frontend_query(preview_in_admin(wagtail_admin, edit_preview_url(session), data))
    assert query["content_type"] == "wagtail_congress.sessionpage"

    anonymous = Client()
    response = anonymous.get(f"{API}/preview/", query)
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("ETag")
    data = assert_matches(response, "SessionPreview")
    assert data["type"] == "session"
    draft = data["draft"]
    assert draft["id"] == session.pk
    assert draft["title"] == "Szkic: mobilność"
    assert draft["congress"]["id"] == congress.pk
    assert draft["track"]["id"] == track.pk
    assert draft["json_ld"]["name"] == "Szkic: mobilność"
    # The draft is not published: the public API still has the live title.
    public = anonymous.get(f"{API}/sessions/{session.pk}/").json()
    assert public["title"] == session.title


@override_settings(WAGTAIL_HEADLESS_PREVIEW=HEADLESS)
def test_new_page_and_news_drafts(wagtail_admin, congress, track, news_index):
    from wagtail_congress.models import SessionPage

    add_url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["wagtail_congress", "sessionpage", track.pk],
    )
    assert page_add_url(SessionPage, track)  # the form the editor fills
    data = session_form_data(title="Nowa sesja", slug="nowa-sesja")
    query = frontend_query(preview_in_admin(wagtail_admin, add_url, data))
    draft = Client().get(f"{API}/preview/", query).json()["draft"]
    assert draft["id"] == 0 and draft["title"] == "Nowa sesja"
    assert draft["translations"] == {}
    assert draft["congress"]["id"] == congress.pk
    assert not SessionPage.objects.filter(title="Nowa sesja").exists()

    congress_data = congress_form_data(title="Kongres (szkic)", slug=congress.slug)
    query = frontend_query(
        preview_in_admin(wagtail_admin, edit_preview_url(congress), congress_data)
    )
    draft = assert_matches(Client().get(f"{API}/preview/", query), "CongressPreview")["draft"]
    assert draft["title"] == "Kongres (szkic)" and draft["id"] == congress.pk
    assert draft["json_ld"]["name"] == "Kongres (szkic)"

    article = NewsArticlePageFactory(parent=news_index)
    data = news_article_form_data(title="Szkic artykułu", slug=article.slug, tags="miasta")
    query = frontend_query(preview_in_admin(wagtail_admin, edit_preview_url(article), data))
    response = Client().get(f"{API}/preview/", query)
    news = assert_matches(response, "NewsPreview")
    assert news["type"] == "news"
    assert news["draft"]["title"] == "Szkic artykułu"
    assert news["draft"]["tags"] == ["miasta"]
    assert news["draft"]["json_ld"]["headline"] == "Szkic artykułu"


@override_settings(WAGTAIL_HEADLESS_PREVIEW=HEADLESS)
def test_bad_expired_or_mismatched_tokens_are_404(wagtail_admin, congress, track, session):
    data = session_form_data(title="Tajny szkic", slug=session.slug)
    query = frontend_query(preview_in_admin(wagtail_admin, edit_preview_url(session), data))
    anonymous = Client()
    bad = [
        {**query, "token": query["token"] + "x"},  # tampered
        {**query, "token": "id=1:abc:def"},
        {**query, "content_type": "wagtail_congress.congresspage"},  # another type's token
        {**query, "content_type": "auth.user"},
        {**query, "content_type": "nonsense"},
        # Signed by someone else's salt: not a preview token.
        {**query, "token": TimestampSigner(salt="other").sign(f"id={session.pk}")},
    ]
    for params in bad:
        problem = assert_problem(anonymous.get(f"{API}/preview/", params), 404, None)
        assert problem["parameter"] in ("token", "content_type")
        assert "Tajny" not in str(problem)
    with override_settings(WAGTAIL_CONGRESS_PREVIEW_TOKEN_MAX_AGE=-1):
        assert_problem(anonymous.get(f"{API}/preview/", query), 404, "token")
    assert_problem(anonymous.get(f"{API}/preview/"), 422)
    assert_problem(anonymous.get(f"{API}/preview/", {**query, "token": "a\x00"}), 400, "token")


def test_without_a_client_url_previews_stay_in_wagtail(wagtail_admin, congress, track, session):
    data = session_form_data(title="Szkic w Wagtailu", slug=session.slug)
    response = preview_in_admin(wagtail_admin, edit_preview_url(session), data)
    assert response.status_code == 200
    tree = html.fromstring(response.content)
    assert not tree.xpath("//iframe")
    assert tree.xpath("//h1")[0].text_content().strip() == "Szkic w Wagtailu"
