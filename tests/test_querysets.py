"""The package's query logic (models/querysets.py and the methods built on it)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from wagtail_congress.choices import SpeakerRole
from wagtail_congress.models import (
    NewsArticlePage,
    NewsArticleRelatedSession,
    SessionPage,
    SessionTrackPage,
    Speaker,
)
from wagtail_congress.models.sessions import SessionSpeaker
from wagtail_congress.templatetags.congress_tags import related_sessions

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

pytestmark = pytest.mark.django_db


def test_for_programme_orders_by_start_end_then_tree(track):
    late = SessionPageFactory(
        parent=track, start=warsaw(2021, 6, 8, 15), end=warsaw(2021, 6, 8, 16)
    )
    long = SessionPageFactory(parent=track, start=warsaw(2021, 6, 7, 9), end=warsaw(2021, 6, 7, 12))
    short = SessionPageFactory(
        parent=track, start=warsaw(2021, 6, 7, 9), end=warsaw(2021, 6, 7, 10)
    )
    twin_a = SessionPageFactory(
        parent=track, start=warsaw(2021, 6, 7, 13), end=warsaw(2021, 6, 7, 14)
    )
    twin_b = SessionPageFactory(
        parent=track, start=warsaw(2021, 6, 7, 13), end=warsaw(2021, 6, 7, 14)
    )

    programme = SessionPage.objects.in_track(track).for_programme()

    assert list(programme) == [short, long, twin_a, twin_b, late]


def build_programme(track, count: int) -> None:
    area = ThematicAreaFactory()
    partner = PartnerFactory()
    for n in range(count):
        session = SessionPageFactory(
            parent=track,
            start=warsaw(2021, 6, 7, 9) + datetime.timedelta(minutes=10 * n),
            end=warsaw(2021, 6, 7, 10) + datetime.timedelta(minutes=10 * n),
        )
        session.speakers.create(speaker=SpeakerFactory(), role=SpeakerRole.MODERATOR)
        session.speakers.create(speaker=SpeakerFactory(), role=SpeakerRole.PANELLIST)
        session.partners.create(partner=partner)
        session.thematic_areas.create(area=area)
        session.save()


def programme_queries(track) -> int:
    """Queries to list a track's programme with everything a programme shows."""
    with CaptureQueriesContext(connection) as queries:
        for session in SessionPage.objects.in_track(track).live().for_programme():
            for row in session.speakers.all():
                assert row.speaker.name
                assert row.speaker.photo is None
                assert row.get_role_display()
            assert [row.partner.name for row in session.partners.all()]
            assert [row.area.name for row in session.thematic_areas.all()]
    return len(queries)


def test_for_programme_query_count_does_not_grow_with_sessions(congress):
    small, large = (
        SessionTrackPageFactory(parent=congress),
        SessionTrackPageFactory(parent=congress),
    )
    build_programme(small, 5)
    build_programme(large, 30)

    queries_for_5 = programme_queries(small)
    assert queries_for_5 == programme_queries(large)
    # The sessions, then speaker rows with their speakers and photos, partner rows with their
    # partners, area rows with their areas: one query each.
    assert queries_for_5 == 4


def test_for_programme_with_more_speakers_than_sqlite_has_room_for_in_one_expression(track):
    """Prefetching speakers by id used one OR term each: SQLite refused 1,000 of them."""
    sessions = [SessionPageFactory(parent=track) for _ in range(3)]
    locale = sessions[0].locale
    speakers = Speaker.objects.bulk_create(
        [Speaker(name=f"Prelegent {n}", locale=locale) for n in range(1100)]
    )
    SessionSpeaker.objects.bulk_create(
        [
            SessionSpeaker(page=sessions[n % 3], speaker=speaker, sort_order=n, locale=locale)
            for n, speaker in enumerate(speakers)
        ]
    )
    loaded = list(SessionPage.objects.in_track(track).for_programme())
    assert sorted(row.speaker.name for s in loaded for row in s.speakers.all()) == sorted(
        speaker.name for speaker in speakers
    )


def test_for_programme_within_a_fixed_budget(track, django_assert_max_num_queries):
    build_programme(track, 12)
    with django_assert_max_num_queries(7):
        sessions = list(SessionPage.objects.in_track(track).for_programme())
        for session in sessions:
            [row.speaker.photo for row in session.speakers.all()]


def test_in_congress_and_in_track_include_nested_tracks(site_root):
    kpm, other = CongressPageFactory(parent=site_root), CongressPageFactory(parent=site_root)
    side_events = SessionTrackPageFactory(parent=kpm)
    urbact = SessionTrackPageFactory(parent=side_events)
    main = SessionTrackPageFactory(parent=kpm)
    in_urbact = SessionPageFactory(parent=urbact)
    in_side_events = SessionPageFactory(parent=side_events)
    in_main = SessionPageFactory(parent=main)
    elsewhere = SessionPageFactory(parent=SessionTrackPageFactory(parent=other))

    assert set(SessionPage.objects.in_congress(kpm)) == {in_urbact, in_side_events, in_main}
    assert set(SessionPage.objects.in_congress(other)) == {elsewhere}
    assert set(SessionPage.objects.in_track(side_events)) == {in_urbact, in_side_events}
    assert set(SessionPage.objects.in_track(urbact)) == {in_urbact}
    assert set(SessionPage.objects.in_track(main)) == {in_main}
    assert set(side_events.sessions()) == {in_urbact, in_side_events}

    assert set(SessionTrackPage.objects.in_congress(kpm)) == {side_events, urbact, main}


def test_track_sessions_hide_drafts_and_private_sessions(track):
    visible = SessionPageFactory(parent=track)
    draft = SessionPageFactory(parent=track)
    draft.unpublish()
    private = SessionPageFactory(parent=track)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    assert list(track.sessions()) == [visible]


@pytest.fixture
def hidden_subtracks(track) -> tuple[SessionPage, list[SessionPage]]:
    """A live session of ``track``, and live sessions under its hidden sub-tracks."""
    visible = SessionPageFactory(parent=track, title="Jawna sesja")
    hidden = []
    for how in ("draft", "unpublished", "login", "password", "deeper"):
        subtrack = SessionTrackPageFactory(parent=track, live=how != "draft")
        if how == "unpublished":
            subtrack.unpublish()
        elif how in ("login", "password"):
            PageViewRestriction.objects.create(page=subtrack, restriction_type=how, password="x")
        elif how == "deeper":  # a live sub-sub-track under an unpublished sub-track
            SessionTrackPage.objects.filter(pk=subtrack.pk).update(live=False)
            subtrack = SessionTrackPageFactory(parent=subtrack)
        hidden.append(SessionPageFactory(parent=subtrack, title=f"Ukryta sesja {how}"))
    assert all(session.live for session in hidden)
    return visible, hidden


def test_track_sessions_leave_out_those_of_hidden_subtracks(track, hidden_subtracks):
    """Regression (issue 14): sessions() listed a live session under an unpublished sub-track."""
    visible, hidden = hidden_subtracks
    assert list(track.sessions()) == [visible]
    assert set(SessionPage.objects.in_track(track).in_live_sections()) == {
        visible,
        *hidden[2:4],  # restricted, not offline: public() leaves those out
    }


def test_in_live_sections_adds_no_query(track, hidden_subtracks, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(SessionPage.objects.in_track(track).in_live_sections()) == 3


def test_an_article_links_only_to_sessions_a_visitor_may_read(
    track, hidden_subtracks, news_index, client
):
    visible, hidden = hidden_subtracks
    article = NewsArticlePageFactory(parent=news_index, title="Z linkami")
    for session in [visible, *hidden]:
        article.related_sessions.add(NewsArticleRelatedSession(session=session))
    article.save_revision().publish()
    assert related_sessions(article) == [visible]
    html = client.get(article.url).content.decode()
    assert visible.title in html
    assert not [session.title for session in hidden if session.title in html]


@pytest.fixture
def news(congress):
    """A news index with articles in two categories, newest last."""
    index = NewsIndexPageFactory(parent=congress)
    social = NewsCategoryFactory(name="Polityka społeczna")
    other = NewsCategoryFactory(name="Inne")
    articles = {}
    for day, name, category in [
        (1, "social-1", social),
        (2, "other-2", other),
        (3, "social-3", social),
        (4, "other-4", other),
        (5, "none-5", None),
        (6, "social-6", social),
    ]:
        articles[name] = NewsArticlePageFactory(
            parent=index,
            title=name,
            slug=name,
            publication_date=datetime.date(2021, 5, day),
            category=category,
        )
    return index, social, other, articles


def test_other_news_same_category_first_then_latest(news):
    index, social, other, a = news
    result = list(a["social-3"].other_news())
    assert result == [a["social-6"], a["social-1"], a["none-5"], a["other-4"], a["other-2"]]
    assert list(a["none-5"].other_news()) == [
        a["social-6"],
        a["other-4"],
        a["social-3"],
        a["other-2"],
        a["social-1"],
    ]


def test_other_news_limit(news, settings):
    index, social, other, a = news
    assert list(a["social-3"].other_news(limit=2)) == [a["social-6"], a["social-1"]]
    settings.WAGTAIL_CONGRESS_OTHER_NEWS_COUNT = 3
    assert len(a["other-2"].other_news()) == 3


def test_other_news_excludes_drafts_and_private_articles(news):
    index, social, other, a = news
    a["social-6"].unpublish()
    PageViewRestriction.objects.create(
        page=a["social-1"], restriction_type="password", password="x"
    )
    assert list(a["social-3"].other_news()) == [a["none-5"], a["other-4"], a["other-2"]]


def test_other_news_excludes_other_locales(news, locale_en):
    index, social, other, a = news
    english = NewsArticlePageFactory(
        parent=index,
        locale=locale_en,
        slug="english",
        category=social,
        publication_date=datetime.date(2021, 5, 31),
    )
    assert english.locale == locale_en
    assert english not in a["social-3"].other_news()


def test_other_news_only_from_its_own_index(news, congress):
    index, social, other, a = news
    elsewhere = NewsIndexPageFactory(parent=congress, slug="inne-wiadomosci")
    NewsArticlePageFactory(parent=elsewhere, category=social)
    assert a["social-3"] not in a["social-3"].other_news()
    assert {p.get_parent().pk for p in a["social-3"].other_news()} == {index.pk}


def test_other_news_in_one_query(news, django_assert_num_queries):
    index, social, other, a = news
    # Wagtail's public() reads the view restrictions first, then one query for the articles.
    with django_assert_num_queries(2):
        [(article.category, article.image) for article in a["social-3"].other_news()]


def test_news_index_categories(news, locale_en):
    index, social, other, a = news
    unused = NewsCategoryFactory(name="Nieużywana")
    assert list(index.categories()) == [other, social]
    for name in ("other-2", "other-4"):
        a[name].unpublish()
    assert list(index.categories()) == [social]
    assert unused not in index.categories()
    english_category = NewsCategoryFactory(name="Social policy", locale=locale_en)
    NewsArticlePageFactory(parent=index, locale=locale_en, slug="en", category=english_category)
    assert list(index.categories()) == [social]


def test_news_index_articles_latest_first(news):
    index, social, other, a = news
    assert [p.slug for p in index.articles()] == [
        "social-6",
        "none-5",
        "other-4",
        "social-3",
        "other-2",
        "social-1",
    ]
    assert list(NewsArticlePage.objects.in_category(social).latest_first()) == [
        a["social-6"],
        a["social-3"],
        a["social-1"],
    ]
