"""No endpoint shows an anonymous client anything a visitor of the site could not read.

The matrix: drafts, unpublished pages, login and password view restrictions (on the page and
on a parent), children of unpublished parents, unpublished translations, same-locale aliases and
locale-synchronisation aliases, each checked on every route, in both locales.
"""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from wagtail_congress.models import NewsArticleRelatedSession, SessionSpeaker

from .factories import (
    CongressPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
)
from .test_api_schema import API

pytestmark = pytest.mark.django_db

SECRET = "TAJNE"


def restrict(page, kind: str) -> None:
    PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="hasło" if kind == "password" else ""
    )


@pytest.fixture
def matrix(site_root, congress, track, locale_en):
    """Visible content and, beside it, one hidden page per case; returns (visible, hidden)."""
    visible = SessionPageFactory(parent=track, title="Widoczna")
    second = SessionPageFactory(parent=track, title="Widoczna druga")
    hidden = {}
    hidden["draft"] = SessionPageFactory(parent=track, title=f"{SECRET} draft", live=False)
    unpublished = SessionPageFactory(parent=track, title=f"{SECRET} unpublished")
    unpublished.unpublish()
    hidden["unpublished"] = unpublished
    hidden["login"] = SessionPageFactory(parent=track, title=f"{SECRET} login")
    restrict(hidden["login"], PageViewRestriction.LOGIN)
    password_track = SessionTrackPageFactory(parent=congress, title=f"{SECRET} password track")
    restrict(password_track, PageViewRestriction.PASSWORD)
    hidden["password track"] = password_track
    hidden["under password"] = SessionPageFactory(parent=password_track, title=f"{SECRET} pw")
    draft_track = SessionTrackPageFactory(parent=congress, title=f"{SECRET} draft track")
    draft_track.unpublish()
    hidden["draft track"] = draft_track
    hidden["under draft"] = SessionPageFactory(parent=draft_track, title=f"{SECRET} under draft")
    hidden["alias"] = visible.create_alias(parent=track, update_slug="alias-widocznej")
    # An English translation that is still a draft (its parents too).
    english = visible.copy_for_translation(locale_en, copy_parents=True)
    english.title = f"{SECRET} english draft"
    english.save_revision()
    hidden["unpublished translation"] = english
    hidden["english parents"] = english.get_parent()
    # Locale synchronisation's alias: Polish content standing in under /en/.
    hidden["foreign alias"] = second.copy_for_translation(locale_en, alias=True)
    private_congress = CongressPageFactory(parent=site_root, title=f"{SECRET} private congress")
    restrict(private_congress, PageViewRestriction.LOGIN)
    hidden["private congress"] = private_congress
    hidden["draft congress"] = CongressPageFactory(
        parent=site_root, title=f"{SECRET} draft congress", live=False
    )
    # A speaker only in hidden sessions.
    secret_speaker = SpeakerFactory(name=f"{SECRET} speaker")
    for case in ("draft", "login", "under password", "under draft"):
        hidden[case].speakers.add(SessionSpeaker(speaker=secret_speaker))
        hidden[case].save()
    # News: a visible article that refers to hidden pages, and hidden articles.
    news_index = NewsIndexPageFactory(parent=congress)
    article = NewsArticlePageFactory(
        parent=news_index,
        title="Widoczna aktualność",
        related_congress=private_congress,
        body=[
            ("link", {"label": "", "page": hidden["login"], "url": ""}),
            ("paragraph", f'<p><a linktype="page" id="{hidden["draft"].pk}">{SECRET[0]}</a></p>'),
        ],
    )
    for case in ("draft", "login", "unpublished translation", "foreign alias"):
        article.related_sessions.add(NewsArticleRelatedSession(session=hidden[case]))
    article.save_revision().publish()
    hidden["draft article"] = NewsArticlePageFactory(
        parent=news_index, title=f"{SECRET} draft article", live=False
    )
    hidden["login article"] = NewsArticlePageFactory(parent=news_index, title=f"{SECRET} login art")
    restrict(hidden["login article"], PageViewRestriction.LOGIN)
    # (Aliases of an article without inline rows: copies of translatable rows would clash.)
    plain = NewsArticlePageFactory(parent=news_index, title="Widoczna krótka")
    hidden["article alias"] = plain.create_alias(parent=news_index, update_slug="alias-art")
    hidden["foreign article alias"] = plain.copy_for_translation(
        locale_en, copy_parents=True, alias=True
    )
    return {
        "congress": congress,
        "track": track,
        "sessions": [visible, second],
        "article": article,
        "secret_speaker": secret_speaker,
    }, hidden


def ids_in(data) -> set[int]:
    if isinstance(data, dict):
        found = {data["id"]} if isinstance(data.get("id"), int) else set()
        return found.union(*(ids_in(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(ids_in(value) for value in data))
    return set()


def listing_urls(congress_id: int) -> list[str]:
    return [
        "/congresses/",
        f"/congresses/{congress_id}/",
        f"/congresses/{congress_id}/programme/",
        f"/congresses/{congress_id}/sessions/",
        f"/congresses/{congress_id}/tracks/",
        f"/congresses/{congress_id}/speakers/",
        f"/congresses/{congress_id}/partners/",
        "/news/",
        f"/news/?congress={congress_id}",
    ]


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_no_route_lists_hidden_pages(client, matrix, locale):
    visible, hidden = matrix
    hidden_ids = {page.pk for page in hidden.values()}
    urls = [*listing_urls(visible["congress"].pk), f"/news/{visible['article'].pk}/"]
    for url in urls:
        response = client.get(API + url, {"locale": locale})
        if locale == "en":  # the congress has no English version
            assert response.status_code in (200, 400, 404), url
        else:
            assert response.status_code == 200, url
        body = response.content.decode()
        assert SECRET not in body, (url, locale)
        leaked = ids_in(response.json()) & hidden_ids
        assert not leaked, (url, locale, [k for k, p in hidden.items() if p.pk in leaked])


def test_visible_content_is_listed(client, matrix):
    visible, _hidden = matrix
    data = client.get(f"{API}/congresses/{visible['congress'].pk}/programme/").json()
    titles = [s["title"] for day in data["days"] for s in day["sessions"]]
    assert titles == ["Widoczna", "Widoczna druga"]
    # Neither the English draft nor the English alias is offered as a translation.
    assert {tuple(s["translations"]) for day in data["days"] for s in day["sessions"]} == {("pl",)}


@pytest.mark.parametrize("locale", ["pl", "en", None])
def test_hidden_pages_are_not_found_by_id_or_path(client, matrix, locale):
    _visible, hidden = matrix
    params = {"locale": locale} if locale else {}
    for case, page in hidden.items():
        for url in (f"/sessions/{page.pk}/", f"/congresses/{page.pk}/", f"/news/{page.pk}/"):
            response = client.get(API + url, params)
            assert response.status_code == 404, (case, url, locale)
        response = client.get(f"{API}/congresses/find/", {"path": page.url or "/x/", **params})
        assert response.status_code == 404, (case, locale)


def test_filters_cannot_reach_hidden_tracks(client, matrix):
    visible, hidden = matrix
    url = f"{API}/congresses/{visible['congress'].pk}/programme/"
    for case in ("password track", "draft track"):
        response = client.get(url, {"track": hidden[case].pk})
        assert response.status_code == 400, case


def test_a_session_becomes_visible_once_published_and_public(client, matrix):
    _visible, hidden = matrix
    draft = hidden["draft"]
    draft.save_revision().publish()
    assert client.get(f"{API}/sessions/{draft.pk}/").status_code == 200
    login = hidden["login"]
    PageViewRestriction.objects.filter(page=login).delete()
    assert client.get(f"{API}/sessions/{login.pk}/").status_code == 200


def test_news_detail_leaves_out_hidden_references(client, matrix):
    visible, _hidden = matrix
    data = client.get(f"{API}/news/{visible['article'].pk}/").json()
    assert data["related_congress"] is None
    # A reference to an English draft or alias resolves to the Polish page it translates.
    assert [s["title"] for s in data["related_sessions"]] == ["Widoczna", "Widoczna druga"]
    assert [block["type"] for block in data["body"]] == ["paragraph"]
    assert data["body"][0]["html"] == f"<p><a>{SECRET[0]}</a></p>"
    titles = [item["title"] for item in client.get(f"{API}/news/").json()["items"]]
    assert sorted(titles) == ["Widoczna aktualność", "Widoczna krótka"]


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_speakers_of_hidden_sessions_are_not_shown(client, matrix, locale):
    visible, _hidden = matrix
    speaker = visible["secret_speaker"]
    response = client.get(f"{API}/speakers/{speaker.pk}/", {"locale": locale})
    assert response.status_code == 404
    url = f"{API}/congresses/{visible['congress'].pk}/speakers/"
    assert client.get(url).json() == {"count": 0, "items": []}
