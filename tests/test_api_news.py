"""News: the filtered listing and an article with its body, references and other news."""

from __future__ import annotations

import datetime

import pytest
import wagtail_factories
from wagtail.models import PageViewRestriction

from wagtail_congress.models import NewsArticleRelatedSession

from .factories import NewsArticlePageFactory, NewsCategoryFactory
from .test_api_schema import API, assert_matches, assert_problem

pytestmark = pytest.mark.django_db


def article(parent, title, day, **fields):
    page = NewsArticlePageFactory(
        parent=parent, title=title, publication_date=datetime.date(2021, 5, day), **fields
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def news(congress, session, news_index):
    social = NewsCategoryFactory(name="Polityka społeczna", slug="polityka-spoleczna")
    transport = NewsCategoryFactory(name="Transport", slug="transport")
    image = wagtail_factories.ImageFactory(description="Katowice nocą")
    main = NewsArticlePageFactory(
        parent=news_index,
        title="Zapraszamy na sesję ZMP",
        publication_date=datetime.date(2021, 5, 28),
        category=social,
        image=image,
        related_congress=congress,
        body=[
            ("heading", {"text": "Program", "level": "h3"}),
            ("paragraph", f'<p>Zobacz <a linktype="page" id="{session.pk}">sesję</a>.</p>'),
            ("image", {"image": image, "caption": "Spodek", "alt_text": ""}),
            ("quote", {"quote": "Miasta to ludzie.", "attribution": "ZMP"}),
            ("link", {"label": "", "page": congress, "url": ""}),
            ("embed", "https://www.youtube.com/watch?v=abc"),
        ],
    )
    main.related_sessions.add(NewsArticleRelatedSession(session=session))
    main.tags.add("miasta", "ZMP")
    main.save_revision().publish()
    older = article(news_index, "Rejestracja otwarta", 10, category=transport)
    same = article(news_index, "Polityka społeczna w miastach", 5, category=social)
    draft = NewsArticlePageFactory(parent=news_index, title="TAJNE szkic", live=False)
    private = article(news_index, "TAJNE prywatne", 20)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    alias = older.create_alias(parent=news_index, update_slug="alias-rejestracji")
    return {
        "main": main,
        "older": older,
        "same": same,
        "hidden": [draft, private, alias],
        "social": social,
        "congress": congress,
        "session": session,
    }


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_listing_newest_first_with_category_tags_and_image(client, news):
    data = assert_matches(client.get(f"{API}/news/"), "NewsListing")
    assert data["count"] == 3
    assert [item["title"] for item in data["items"]] == [
        "Zapraszamy na sesję ZMP",
        "Rejestracja otwarta",
        "Polityka społeczna w miastach",
    ]
    first = data["items"][0]
    assert first["publication_date"] == "2021-05-28"
    assert first["category"]["slug"] == "polityka-spoleczna"
    assert first["tags"] == ["miasta", "ZMP"]
    assert first["image"]["alt"] == "Katowice nocą"
    assert first["locale"] == "pl"
    assert first["translations"] == {"pl": {"id": first["id"], "url": first["url"]}}
    assert "TAJNE" not in client.get(f"{API}/news/").content.decode()


def test_listing_filters(client, news):
    congress = news["congress"]
    assert titles(client.get(f"{API}/news/", {"category": "transport"})) == ["Rejestracja otwarta"]
    assert titles(client.get(f"{API}/news/", {"from": "2021-05-06", "to": "2021-05-27"})) == [
        "Rejestracja otwarta"
    ]
    assert titles(client.get(f"{API}/news/", {"from": "2021-05-28"})) == ["Zapraszamy na sesję ZMP"]
    assert len(titles(client.get(f"{API}/news/", {"congress": congress.pk}))) == 3
    data = client.get(f"{API}/news/", {"limit": 1, "offset": 1}).json()
    assert data["count"] == 3 and [i["title"] for i in data["items"]] == ["Rejestracja otwarta"]


@pytest.mark.parametrize(
    "params, status, parameter",
    [
        ({"category": "nie-ma"}, 400, "category"),
        ({"congress": "999999"}, 400, "congress"),
        ({"from": "2021-06-01", "to": "2021-05-01"}, 400, "to"),
        ({"from": "wczoraj"}, 422, "from"),
        ({"to": "2021-02-30"}, 422, "to"),
        ({"to": "0.0"}, 422, "to"),
        ({"from": "1700000000"}, 422, "from"),
        ({"limit": "101"}, 400, "limit"),
        ({"category": "a\x00"}, 400, "category"),
        ({"locale": "de"}, 400, "locale"),
    ],
)
def test_listing_errors_name_the_parameter(client, news, params, status, parameter):
    assert_problem(client.get(f"{API}/news/", params), status, parameter)


def test_detail_body_references_and_other_news(client, news):
    main, session, congress = news["main"], news["session"], news["congress"]
    data = assert_matches(client.get(f"{API}/news/{main.pk}/"), "NewsDetail")
    assert data["title"] == "Zapraszamy na sesję ZMP"
    assert data["tags"] == ["miasta", "ZMP"]
    heading, paragraph, image, quote, link, embed = data["body"]
    assert heading == {"type": "heading", "id": heading["id"], "text": "Program", "level": "h3"}
    assert paragraph["html"] == f'<p>Zobacz <a href="{session.url}">sesję</a>.</p>'
    assert image["image"]["alt"] == "Katowice nocą" and image["alt"] == "Katowice nocą"
    assert image["caption"] == "Spodek"
    assert (quote["quote"], quote["attribution"]) == ("Miasta to ludzie.", "ZMP")
    assert link["page"]["id"] == congress.pk
    assert (link["label"], link["url"]) == (congress.title, congress.url)
    assert embed == {
        "type": "embed",
        "id": embed["id"],
        "url": "https://www.youtube.com/watch?v=abc",
    }
    assert data["related_congress"] == {
        "id": congress.pk,
        "title": congress.title,
        "url": congress.url,
        "locale": "pl",
    }
    assert [s["id"] for s in data["related_sessions"]] == [session.pk]
    # Same category first, then the latest; never the article itself or hidden ones.
    assert [item["title"] for item in data["other_news"]] == [
        "Polityka społeczna w miastach",
        "Rejestracja otwarta",
    ]


def test_detail_leaves_out_unreadable_references(client, news):
    main, session = news["main"], news["session"]
    session.unpublish()
    data = client.get(f"{API}/news/{main.pk}/").json()
    assert data["related_sessions"] == []


def test_hidden_articles_are_not_found(client, news):
    for page in news["hidden"]:
        assert_problem(client.get(f"{API}/news/{page.pk}/"), 404, "article_id")
    assert_problem(client.get(f"{API}/news/{news['main'].pk}/", {"locale": "en"}), 404)


def test_news_304(client, news):
    for url in (f"{API}/news/", f"{API}/news/{news['main'].pk}/"):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
