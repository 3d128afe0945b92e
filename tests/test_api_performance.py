"""Query counts of the API do not grow with the size of the congress."""

from __future__ import annotations

import datetime

import pytest
import wagtail_factories
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail_congress.choices import SpeakerRole
from wagtail_congress.models import (
    NewsArticleRelatedSession,
    SessionPage,
    SessionPartner,
    SessionSpeaker,
    SessionThematicArea,
)

from .factories import (
    CongressPageFactory,
    NewsArticlePageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    PartnerFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    ThematicAreaFactory,
    warsaw,
)
from .test_api_schema import API

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15
# A news article's detail carries its JSON-LD, which names the article's congress's
# organiser and a large image rendition (Google's Article preset): one query each.
NEWS_DETAIL_MAX_QUERIES = MAX_QUERIES + 1


@pytest.fixture(autouse=True)
def empty_cache():
    """Forget renditions cached by earlier tests: their rows were rolled back, image ids reused."""
    caches["default"].clear()


def generate_congress(site_root, sessions: int):
    """A congress of ``sessions`` sessions in nested tracks, each with two speakers (one with a
    photo), a partner with a logo and a thematic area. Built in bulk: 300 is slow otherwise."""
    congress = CongressPageFactory(parent=site_root)
    main = SessionTrackPageFactory(parent=congress)
    tracks = [main, SessionTrackPageFactory(parent=main), SessionTrackPageFactory(parent=congress)]
    photo = wagtail_factories.ImageFactory()
    partner = PartnerFactory(logo=wagtail_factories.ImageFactory())
    area = ThematicAreaFactory()
    speakers = [SpeakerFactory(photo=photo if n % 2 else None) for n in range(20)]
    rows = ([], [], [])
    for n in range(sessions):
        start = warsaw(2021, 6, 7 + n % 2, 9) + datetime.timedelta(minutes=n)
        session = tracks[n % 3].add_child(
            instance=SessionPage(
                title=f"Sesja {n}",
                slug=f"sesja-{n}",
                start=start,
                end=start + datetime.timedelta(hours=1),
                room=f"Sala {n % 5}",
                description="<p>Opis.</p>",
            )
        )
        rows[0].append(inline(SessionSpeaker, session, speaker=speakers[n % 20], sort_order=0))
        rows[0].append(
            inline(
                SessionSpeaker,
                session,
                speaker=speakers[(n + 1) % 20],
                role=SpeakerRole.MODERATOR,
                sort_order=1,
            )
        )
        rows[1].append(inline(SessionPartner, session, partner=partner))
        rows[2].append(inline(SessionThematicArea, session, area=area))
    for model, objects in zip(
        (SessionSpeaker, SessionPartner, SessionThematicArea), rows, strict=True
    ):
        model.objects.bulk_create(objects)
    return congress


def inline(model, session, **fields):
    return model(page=session, locale_id=session.locale_id, **fields)


def count_queries(client, url: str) -> int:
    return len(queries_of(client, url))


def queries_of(client, url: str) -> list[str]:
    client.get(url)  # the first request creates the image renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    "route",
    [
        "/congresses/{id}/programme/",
        "/congresses/{id}/sessions/?limit=100",
        "/congresses/{id}/tracks/",
    ],
)
def test_congress_routes_use_a_constant_number_of_queries(client, site_root, route):
    small = generate_congress(site_root, 10)
    large = generate_congress(site_root, 300)
    small_queries = queries_of(client, API + route.format(id=small.pk))
    large_queries = queries_of(client, API + route.format(id=large.pk))
    assert len(small_queries) == len(large_queries) <= MAX_QUERIES, (small_queries, large_queries)


def test_programme_of_300_sessions_is_complete(client, site_root, django_assert_max_num_queries):
    congress = generate_congress(site_root, 300)
    url = f"{API}/congresses/{congress.pk}/programme/"
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        data = client.get(url).json()
    sessions = [s for day in data["days"] for s in day["sessions"]]
    assert len(sessions) == 300
    assert all(len(s["speakers"]) == 2 and s["partners"][0]["logo"] for s in sessions)
    assert sum(1 for s in sessions for sp in s["speakers"] if sp["photo"]) == 300


def test_congress_listing_uses_a_constant_number_of_queries(client, site_root):
    generate_congress(site_root, 1)
    small = count_queries(client, f"{API}/congresses/")
    for _n in range(5):
        generate_congress(site_root, 1)
    assert count_queries(client, f"{API}/congresses/") == small <= MAX_QUERIES


def test_speakers_use_a_constant_number_of_queries(client, site_root):
    small = generate_congress(site_root, 10)  # 11 speakers
    large = generate_congress(site_root, 300)  # 20 speakers, 600 appearances
    route = API + "/congresses/{id}/speakers/?limit=100"
    small_queries = queries_of(client, route.format(id=small.pk))
    large_queries = queries_of(client, route.format(id=large.pk))
    assert len(small_queries) == len(large_queries) <= MAX_QUERIES, (small_queries, large_queries)
    # The detail of a speaker with a photo: in 30 sessions, and in 1 or 2 of a small congress.
    many = [s for s in client.get(route.format(id=large.pk)).json()["items"] if s["photo"]][0]
    few = [s for s in client.get(route.format(id=small.pk)).json()["items"] if s["photo"]][-1]
    assert len(many["sessions"]) == 30 and len(few["sessions"]) <= 2
    detail = queries_of(client, f"{API}/speakers/{many['id']}/")
    assert len(queries_of(client, f"{API}/speakers/{few['id']}/")) == len(detail) <= MAX_QUERIES


def partner_groups(congress, partners: int) -> None:
    logo = wagtail_factories.ImageFactory()
    made = [
        PartnerFactory(logo=logo if n % 2 else None, description="<p>Opis.</p>")
        for n in range(partners)
    ]
    congress.partners = [
        ("group", {"heading": "Organizatorzy", "role": "organiser", "partners": made[:2]}),
        ("group", {"heading": "Partnerzy", "role": "partner", "partners": made}),
    ]
    congress.save_revision().publish()


def test_partners_use_a_constant_number_of_queries(client, site_root):
    small, large = CongressPageFactory(parent=site_root), CongressPageFactory(parent=site_root)
    partner_groups(small, 2)
    partner_groups(large, 40)
    small_queries = queries_of(client, f"{API}/congresses/{small.pk}/partners/")
    large_queries = queries_of(client, f"{API}/congresses/{large.pk}/partners/")
    assert len(small_queries) == len(large_queries) <= MAX_QUERIES, (small_queries, large_queries)


def generate_news(site_root, articles: int):
    """A congress's news index of ``articles`` articles with categories, tags, images, a body
    of links and images, and related sessions."""
    congress = CongressPageFactory(parent=site_root)
    session = SessionPageFactory(parent=SessionTrackPageFactory(parent=congress))
    index = NewsIndexPageFactory(parent=congress)
    category = NewsCategoryFactory()
    image = wagtail_factories.ImageFactory()
    made = []
    for n in range(articles):
        article = NewsArticlePageFactory(
            parent=index,
            category=category if n % 2 else None,
            image=image,
            related_congress=congress,
            body=[
                ("paragraph", f'<p><a linktype="page" id="{session.pk}">Sesja</a></p>'),
                ("image", {"image": image, "caption": "", "alt_text": ""}),
                ("link", {"label": "", "page": congress, "url": ""}),
            ]
            * (1 + n % 3),
        )
        article.related_sessions.add(NewsArticleRelatedSession(session=session))
        article.tags.add(f"tag-{n}", "wspólny")
        article.save_revision().publish()
        made.append(article)
    return congress, made


def test_news_use_a_constant_number_of_queries(client, site_root):
    small, small_articles = generate_news(site_root, 2)
    large, large_articles = generate_news(site_root, 12)
    url = API + "/news/?congress={id}&limit=100"
    small_queries = queries_of(client, url.format(id=small.pk))
    large_queries = queries_of(client, url.format(id=large.pk))
    assert len(small_queries) == len(large_queries) <= MAX_QUERIES, (small_queries, large_queries)
    # The detail: its body (1 to 3 times the blocks) and 1 or 6 other news.
    small_detail = queries_of(client, f"{API}/news/{small_articles[0].pk}/")
    large_detail = queries_of(client, f"{API}/news/{large_articles[2].pk}/")
    assert len(small_detail) == len(large_detail) <= NEWS_DETAIL_MAX_QUERIES, (
        small_detail,
        large_detail,
    )
