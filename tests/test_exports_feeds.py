"""RSS and Atom news feeds parsed back with feedparser."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from .factories import NewsArticlePageFactory, NewsCategoryFactory, NewsIndexPageFactory
from .test_exports_ical import english

pytestmark = pytest.mark.django_db

NASTY = 'Kongres; "miejski", <b>ważny</b> & długi'


def feed(client, name: str, index, category: str | None = None):
    args = [index.pk] if category is None else [index.pk, category]
    response = client.get(reverse(f"wagtail_congress_exports:{name}", args=args))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


@pytest.mark.parametrize("name", ["news_rss", "news_atom"])
def test_feed_lists_visible_articles_only(client, news_index, locale_en, name):
    category = NewsCategoryFactory(name="Polityka", slug="polityka")
    first = NewsArticlePageFactory(parent=news_index, title=NASTY, category=category)
    first.save_revision().publish()
    NewsArticlePageFactory(parent=news_index, title="Druga")
    NewsArticlePageFactory(parent=news_index, title="TAJNE draft", live=False)
    login = NewsArticlePageFactory(parent=news_index, title="TAJNE login")
    PageViewRestriction.objects.create(page=login, restriction_type="login")
    first.create_alias(parent=news_index, update_slug="alias")
    draft_en = login.copy_for_translation(locale_en, copy_parents=True)
    draft_en.title = "TAJNE english draft"
    draft_en.save_revision()

    parsed = feed(client, name, news_index)
    titles = [entry.title for entry in parsed.entries]
    assert sorted(titles) == sorted([NASTY, "Druga"])
    entry = next(e for e in parsed.entries if e.title == NASTY)
    assert entry.id == str(first.translation_key)
    assert entry.link.endswith(first.url)
    assert "2021-05-28" in entry.published or "28 May 2021" in entry.published
    assert parsed.feed.language.startswith("pl") or name == "news_atom"

    parsed = feed(client, name, news_index, "polityka")
    assert [entry.title for entry in parsed.entries] == [NASTY]
    assert parsed.entries[0].tags[0].term == "Polityka"
    missing = reverse(f"wagtail_congress_exports:{name}", args=[news_index.pk, "brak"])
    assert client.get(missing).status_code == 404


def test_english_feed_has_english_articles(client, news_index, locale_en):
    article = NewsArticlePageFactory(parent=news_index, title="Zaproszenie")
    article.save_revision().publish()
    article_en = english(article, locale_en, "Invitation")
    index_en = article_en.get_parent().specific
    parsed = feed(client, "news_rss", index_en)
    assert [entry.title for entry in parsed.entries] == ["Invitation"]
    assert "/en/" in parsed.entries[0].link
    assert parsed.feed.language == "en"
    assert parsed.entries[0].id == str(article.translation_key)
    polish = feed(client, "news_rss", news_index)
    assert [entry.title for entry in polish.entries] == ["Zaproszenie"]


def test_hidden_index_has_no_feed(client, congress):
    private = NewsIndexPageFactory(parent=congress, slug="prywatne")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    draft = NewsIndexPageFactory(parent=congress, slug="szkic", live=False)
    for index in (private, draft):
        for name in ("news_rss", "news_atom"):
            url = reverse(f"wagtail_congress_exports:{name}", args=[index.pk])
            assert client.get(url).status_code == 404


def test_latest_first_in_constant_queries(client, news_index, django_assert_num_queries):
    for day in range(1, 4):
        NewsArticlePageFactory(parent=news_index, publication_date=datetime.date(2021, 5, day))
    url = reverse("wagtail_congress_exports:news_rss", args=[news_index.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for day in range(4, 25):
        NewsArticlePageFactory(parent=news_index, publication_date=datetime.date(2021, 5, day))
    with django_assert_num_queries(len(small.captured_queries)):
        parsed = feedparser.parse(client.get(url).content)
    assert len(parsed.entries) == 24


def test_feed_answers_conditional_gets(client, news_index):
    article = NewsArticlePageFactory(parent=news_index)
    url = reverse("wagtail_congress_exports:news_atom", args=[news_index.pk])
    etag = client.get(url)["ETag"]
    assert etag.startswith('W/"')
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    article.title = "Nowy"
    article.save_revision().publish()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
