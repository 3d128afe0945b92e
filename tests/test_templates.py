"""The default templates: every page type served through the test client with real content."""

import datetime
import re

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from wagtail_congress.choices import PartnerRole, SpeakerRole
from wagtail_congress.models import (
    CongressThematicArea,
    NewsArticleRelatedSession,
    SessionPartner,
    SessionSpeaker,
    TrackPartner,
)

from .factories import (
    NewsArticlePageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    PartnerFactory,
    PartnerListingPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    ThematicAreaFactory,
    warsaw,
)

UTC = datetime.UTC


def text_of(response) -> str:
    """The response body with tags removed and whitespace collapsed, for reading order."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" ,", ",")


def pl(message: str) -> str:
    """``message`` as a Polish reader sees it, whether or not a catalogue translates it yet."""
    with translation.override("pl"):
        return translation.gettext(message)


def en(message: str) -> str:
    with translation.override("en"):
        return translation.gettext(message)


def get(client, target, **params):
    response = client.get(target.url, params)
    assert response.status_code == 200, response.status_code
    return response


def partner_groups(*groups):
    """Raw StreamField data for a partners field: (heading, role, [partners]) per group."""
    return [
        {
            "type": "group",
            "value": {"heading": heading, "role": role, "partners": [p.pk for p in partners]},
        }
        for heading, role, partners in groups
    ]


def publish_translation(page, locale):
    """Translate ``page`` (and its untranslated ancestors) into ``locale`` and publish it."""
    translation = page.copy_for_translation(locale, copy_parents=True)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


# Congress


@pytest.fixture
def organisers(db):
    return [
        PartnerFactory(name="Instytut Rozwoju Miast i Regionów", website="https://irmir.pl/"),
        PartnerFactory(name="Ministerstwo Funduszy i Polityki Regionalnej", website=""),
    ]


def test_congress_page_shows_its_event_details_in_the_congress_timezone(client, congress):
    congress.start = datetime.datetime(2021, 6, 7, 7, 0, tzinfo=UTC)  # 09:00 in Warsaw
    congress.registration_url = "https://kongres.example/rejestracja"
    congress.registration_closes_at = warsaw(2021, 6, 6, 23, 59)
    congress.stream_url = "https://stream.example/kpm"
    congress.save()

    response = get(client, congress)
    text = text_of(response)
    html = response.content.decode()

    assert f"<h1>{congress.title}</h1>" in html
    assert html.count("<h1") == 1
    assert '<time datetime="2021-06-07T09:00:00+02:00">7 czerwca 2021, 09:00</time>' in html
    assert "Online" in text
    assert "Studio nagraniowe" in text and "Katowice" in text
    # Spoken languages by name, not code.
    assert f"{pl('Languages')} {pl('Polish')}, {pl('English')}" in text
    assert 'href="https://kongres.example/rejestracja"' in html
    assert "6 czerwca 2021, 23:59" in text
    assert 'href="https://stream.example/kpm"' in html


def test_congress_page_lists_areas_tracks_and_partner_groups_in_order(client, congress, organisers):
    for order, name in enumerate(["Kształtowanie przestrzeni", "Gospodarka i rynek pracy"]):
        CongressThematicArea.objects.create(
            page=congress, area=ThematicAreaFactory(name=name), sort_order=order
        )
    SessionTrackPageFactory(parent=congress, title="Inspirujące miasta", colour="#aa0000")
    SessionTrackPageFactory(parent=congress, title="Noc wtop", live=False)
    strategic = PartnerFactory(name="Związek Miast Polskich")
    congress.partners = partner_groups(
        ("Organizatorzy", PartnerRole.ORGANISER, organisers),
        ("Partnerzy strategiczni", PartnerRole.STRATEGIC_PARTNER, [strategic]),
    )
    congress.body = [
        {"type": "heading", "value": {"text": "O kongresie", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Największe wydarzenie miejskie.</p>"},
    ]
    congress.save()

    response = get(client, congress)
    text = text_of(response)
    html = response.content.decode()

    assert "<h2>O kongresie</h2>" in html
    assert "Największe wydarzenie miejskie." in text
    assert text.index("Kształtowanie przestrzeni") < text.index("Gospodarka i rynek pracy")
    assert "Inspirujące miasta" in text
    assert "Noc wtop" not in text  # a draft track
    # The colour decorates the name and is hidden from assistive technology.
    assert re.search(r'style="background-color: #aa0000" aria-hidden="true"', html)
    assert "<h3>Organizatorzy</h3>" in html
    assert text.index("Organizatorzy") < text.index("Partnerzy strategiczni")
    assert '<a href="https://irmir.pl/">' in html
    assert "Ministerstwo Funduszy i Polityki Regionalnej" in text
    assert text.index("Instytut Rozwoju Miast") < text.index("Ministerstwo Funduszy")


# Tracks


def test_track_page_groups_live_sessions_by_day_in_congress_time(client, congress, track):
    track.signup_opens_at = warsaw(2021, 5, 20, 12, 0)
    track.save()
    TrackPartner.objects.create(page=track, partner=PartnerFactory(name="Metropolia GZM"))
    subtrack = SessionTrackPageFactory(parent=track, title="URBACT")
    SessionPageFactory(
        parent=track,
        title="Sesja ZMP",
        start=datetime.datetime(2021, 6, 8, 8, 0, tzinfo=UTC),
        end=datetime.datetime(2021, 6, 8, 9, 30, tzinfo=UTC),
    )
    SessionPageFactory(
        parent=subtrack,
        title="Otwarcie",
        start=warsaw(2021, 6, 7, 9, 0),
        end=warsaw(2021, 6, 7, 9, 30),
    )
    # Stored as 7 June 22:30 UTC, which is already 8 June in Warsaw.
    SessionPageFactory(
        parent=track,
        title="Noc wtop",
        start=datetime.datetime(2021, 6, 7, 22, 30, tzinfo=UTC),
        end=datetime.datetime(2021, 6, 7, 23, 30, tzinfo=UTC),
    )
    SessionPageFactory(parent=track, title="Szkic sesji", live=False)

    response = get(client, track)
    text = text_of(response)
    html = response.content.decode()

    assert "Szkic sesji" not in text
    assert f"{pl('Sign-up opens:')} 20 maja 2021, 12:00" in text
    assert "Metropolia GZM" in text
    assert '<a href="/' in html and "URBACT" in text
    days = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)
    assert days == ["2021-06-07", "2021-06-08"]
    print(text)
    print(response.content.decode())
    day_one, day_two = text.split("Wtorek, 8 czerwca 2021")
    assert "Otwarcie" in day_one and "Sesja ZMP" not in day_one
    assert day_two.index("Noc wtop") < day_two.index("Sesja ZMP")
    assert '<time datetime="2021-06-08T10:00:00+02:00">10:00</time>' in html
    assert '<time datetime="2021-06-08T00:30:00+02:00">00:30</time>' in html


def test_track_without_sessions_says_so(client, track):
    text = text_of(get(client, track))
    assert pl("No sessions have been published in this track yet.") in text


# Sessions


def test_session_page_shows_time_place_and_speakers_in_order(client, congress, track):
    session = SessionPageFactory(
        parent=track,
        title="Rozwój lokalny",
        start=datetime.datetime(2021, 6, 8, 8, 0, tzinfo=UTC),
        end=datetime.datetime(2021, 6, 8, 9, 30, tzinfo=UTC),
        room="Scena główna",
        language="en",
        registration_required=True,
        registration_url="https://kongres.example/zapisy",
        capacity=40,
        recording_url="https://video.example/zmp",
        materials=[
            {
                "type": "link",
                "value": {"title": "Program Rozwój Lokalny", "url": "https://zmp.example/prl"},
            }
        ],
    )
    photo = wagtail_factories.ImageFactory(title="Zdjęcie")
    speakers = [
        (SpeakerFactory(name="Anna Nowak", photo=photo), SpeakerRole.MODERATOR),
        (SpeakerFactory(name="Jan Kowalski", position="Burmistrz", organisation=""), "panellist"),
        (SpeakerFactory(name="Ewa Zielińska"), SpeakerRole.PANELLIST),
    ]
    for order, (speaker, role) in enumerate(speakers):
        SessionSpeaker.objects.create(page=session, speaker=speaker, role=role, sort_order=order)
    SessionPartner.objects.create(page=session, partner=PartnerFactory(name="ZMP"))

    response = get(client, session)
    text = text_of(response)
    html = response.content.decode()

    assert f"{congress.title} {track.title} Rozwój lokalny" in text  # breadcrumb
    assert '<span aria-current="page">Rozwój lokalny</span>' in html
    assert "8 czerwca 2021, 10:00 – 11:30" in text.replace("–", " – ").replace("  ", " ")
    assert "Scena główna" in text
    assert pl("Panel discussion") in text
    assert f"{pl('Language')} {pl('English')}" in text
    moderator, panellist = pl("Moderator"), pl("Panellist")
    assert (
        f"Anna Nowak ({moderator}) Dyrektorka, Związek Miast Polskich "
        f"Jan Kowalski ({panellist}) Burmistrz "
        f"Ewa Zielińska ({panellist})"
    ) in text
    assert re.search(r'<img [^>]*alt=""[^>]*class="congress-speaker__photo"', html)
    assert "ZMP" in text
    assert f"{pl('Registration required')} {pl('Yes')}" in text
    assert f"{pl('Places')} 40" in text
    assert 'href="https://kongres.example/zapisy"' in html
    assert 'href="https://video.example/zmp"' in html
    assert '<a href="https://zmp.example/prl">Program Rozwój Lokalny</a>' in html


def test_html_in_titles_is_escaped(client, track):
    session = SessionPageFactory(parent=track, title="<script>alert(1)</script> Sesja")
    html = get(client, session).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert escape("<script>alert(1)</script>") in html
    html = get(client, track).content.decode()
    assert "<script>alert(1)</script>" not in html


# Partners


def test_partner_listing_shows_groups_with_headings(client, congress, organisers):
    listing = PartnerListingPageFactory(
        parent=congress,
        intro="<p>Dziękujemy partnerom.</p>",
        partners=partner_groups(("Organizatorzy", PartnerRole.ORGANISER, organisers)),
    )
    response = get(client, listing)
    html = response.content.decode()
    assert "Dziękujemy partnerom." in html
    assert "<h2>Organizatorzy</h2>" in html
    assert '<a href="https://irmir.pl/">' in html


# News


@pytest.fixture
def news_index(congress):
    return NewsIndexPageFactory(parent=congress, intro="<p>Aktualności kongresu.</p>")


def test_news_index_lists_articles_with_dates_and_category_filter(client, news_index):
    social = NewsCategoryFactory(name="Polityka społeczna", slug="polityka-spoleczna")
    other = NewsCategoryFactory(name="Inne", slug="inne")
    NewsArticlePageFactory(parent=news_index, title="Zapraszamy na sesję ZMP", category=other)
    NewsArticlePageFactory(
        parent=news_index,
        title="Miasta dostępne dla wszystkich",
        category=social,
        publication_date=datetime.date(2021, 5, 25),
    )
    NewsArticlePageFactory(parent=news_index, title="Szkic", category=social, live=False)

    text = text_of(get(client, news_index))
    assert "Aktualności kongresu." in text
    assert f"{pl('Published:')} 28 maja 2021" in text
    assert text.index("Zapraszamy na sesję ZMP") < text.index("Miasta dostępne")
    assert "Szkic" not in text

    response = get(client, news_index, category="polityka-spoleczna")
    text, html = text_of(response), response.content.decode()
    assert "Miasta dostępne dla wszystkich" in text
    assert "Zapraszamy na sesję ZMP" not in text
    assert '<a href="?category=polityka-spoleczna" aria-current="page">' in html
    assert re.search(r'<a href="\?category=inne">Inne</a>', html)
    assert f'<a href="{news_index.url}">{pl("All news")}</a>' in html  # not marked current


def test_unknown_news_category_is_not_found(client, news_index):
    NewsArticlePageFactory(parent=news_index, category=NewsCategoryFactory(slug="inne"))
    assert client.get(news_index.url, {"category": "nie-ma"}).status_code == 404


def test_news_index_paginates_and_keeps_the_category(client, news_index, settings):
    settings.WAGTAIL_CONGRESS_NEWS_PER_PAGE = 2
    social = NewsCategoryFactory(slug="polityka-spoleczna")
    for day in range(1, 6):
        NewsArticlePageFactory(
            parent=news_index,
            title=f"Artykuł {day}",
            category=social,
            publication_date=datetime.date(2021, 5, day),
        )
    NewsArticlePageFactory(parent=news_index, title="Inna kategoria", category=None)

    response = get(client, news_index, category="polityka-spoleczna")
    html, text = response.content.decode(), text_of(response)
    assert "Artykuł 5" in text and "Artykuł 4" in text and "Artykuł 3" not in text
    assert 'href="?category=polityka-spoleczna&amp;page=2" rel="next"' in html

    text = text_of(get(client, news_index, category="polityka-spoleczna", page=3))
    assert "Artykuł 1" in text and "Artykuł 2" not in text
    assert "Inna kategoria" not in text


def test_news_article_shows_related_content_and_other_news(client, congress, track, news_index):
    social = NewsCategoryFactory(name="Polityka społeczna", slug="polityka-spoleczna")
    other = NewsCategoryFactory(name="Inne", slug="inne")
    session = SessionPageFactory(parent=track, title="Sesja ZMP")
    article = NewsArticlePageFactory(
        parent=news_index,
        title="Zapraszamy na sesję ZMP",
        category=other,
        related_congress=congress,
        lead="Trwa rejestracja.",
    )
    article.tags.add("rozwój lokalny")
    article.save()
    NewsArticleRelatedSession.objects.create(page=article, session=session)
    NewsArticlePageFactory(
        parent=news_index,
        title="Newer, other category",
        category=social,
        publication_date=datetime.date(2021, 6, 1),
    )
    NewsArticlePageFactory(
        parent=news_index,
        title="Older, same category",
        category=other,
        publication_date=datetime.date(2021, 5, 1),
        lead="Słowo " * 100,
    )

    response = get(client, article)
    text, html = text_of(response), response.content.decode()
    assert f"{pl('Published:')} 28 maja 2021" in text
    assert "Inne" in text and "Trwa rejestracja." in text
    assert "rozwój lokalny" in text
    assert f'<a href="{congress.url}">{congress.title}</a>' in html
    assert f'<a href="{session.url}">Sesja ZMP</a>' in html

    other_news = text.split(pl("Other news"), 1)[1]
    assert "Zapraszamy na sesję ZMP" not in other_news
    assert other_news.index("Older, same category") < other_news.index("Newer, other category")
    assert "Słowo " * 40 not in other_news  # the lead is shortened


# Languages


def test_language_switcher_links_live_translations_only(client, congress, locale_en):
    html = get(client, congress).content.decode()
    assert 'hreflang="en"' not in html
    assert '<html lang="pl"' in html

    english = congress.copy_for_translation(locale_en, copy_parents=True)
    html = get(client, congress).content.decode()
    assert 'hreflang="en"' not in html  # the translation is a draft

    english.title = "Urban Policy Congress"
    english.save_revision().publish()
    english.refresh_from_db()
    response = get(client, congress)
    html = response.content.decode()
    assert english.url.startswith("/en/")
    assert f'<link rel="alternate" hreflang="en" href="http://localhost{english.url}">' in html
    assert re.search(rf'<a href="{english.url}" hreflang="en" lang="en">English</a>', html)
    assert re.search(rf'<a href="{congress.url}" [^>]*aria-current="page">Polski</a>', html)
    assert html.index(">Polski</a>") < html.index(">English</a>")  # content languages order

    html = get(client, english).content.decode()
    assert '<html lang="en"' in html
    assert "<h1>Urban Policy Congress</h1>" in html
    assert re.search(rf'<a href="{english.url}" [^>]*aria-current="page">English</a>', html)


def test_english_article_links_the_english_congress(client, congress, news_index, locale_en):
    article = NewsArticlePageFactory(parent=news_index, related_congress=congress)
    english_congress = publish_translation(congress, locale_en)
    english_congress.title = "Urban Policy Congress"
    english_congress.save_revision().publish()
    english_article = publish_translation(article, locale_en)

    html = get(client, english_article).content.decode()
    assert en("Published:") in html
    assert f'<a href="{english_congress.url}">Urban Policy Congress</a>' in html


# Site pages


def test_page_structure_is_accessible(client, session):
    html = get(client, session).content.decode()
    skip_link = pl("Skip to main content")
    assert f'<a class="congress-skip-link" href="#main">{skip_link}</a>' in html
    assert '<main id="main"' in html
    assert html.count("<h1") == 1
    assert f'<nav class="congress-breadcrumbs" aria-label="{pl("Breadcrumb")}">' in html


def test_missing_page_uses_the_site_404_template(client, site_root):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert pl("Page not found") in text_of(response)


def test_track_page_queries_do_not_grow_with_sessions(client, track, django_assert_max_num_queries):
    def add_sessions(count):
        for _ in range(count):
            session = SessionPageFactory(parent=track)
            for order in range(2):
                SessionSpeaker.objects.create(
                    page=session, speaker=SpeakerFactory(), sort_order=order
                )

    add_sessions(2)
    client.get(track.url)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as few:
        get(client, track)
    add_sessions(8)
    with django_assert_max_num_queries(len(few)):
        text = text_of(get(client, track))
    assert text.count(f"({pl('Speaker')})") == 20


def test_body_blocks_render_with_alt_text_and_localized_links(
    client, congress, track, news_index, locale_en
):
    image = wagtail_factories.ImageFactory(title="Katowice")
    article = NewsArticlePageFactory(
        parent=news_index,
        body=[
            {"type": "heading", "value": {"text": "Program", "level": "h3"}},
            {
                "type": "image",
                "value": {"image": image.pk, "caption": "Spodek", "alt_text": "Hala Spodek nocą"},
            },
            {"type": "quote", "value": {"quote": "Miasto dla ludzi.", "attribution": "ZMP"}},
            {"type": "link", "value": {"label": "", "page": track.pk, "url": ""}},
            {
                "type": "link",
                "value": {"label": "Rejestracja", "page": None, "url": "https://r.pl/"},
            },
        ],
    )
    html = get(client, article).content.decode()
    assert "<h3>Program</h3>" in html
    assert re.search(r'<img [^>]*alt="Hala Spodek nocą"', html)
    assert "<figcaption>Spodek</figcaption>" in html
    assert "<blockquote><p>Miasto dla ludzi.</p></blockquote>" in html
    assert f'<a href="{track.url}">{track.title}</a>' in html
    assert '<a href="https://r.pl/">Rejestracja</a>' in html

    # The English article's page link leads to the English track once it is live.
    english_track = publish_translation(track, locale_en)
    english_article = publish_translation(article, locale_en)
    html = get(client, english_article).content.decode()
    assert f'<a href="{english_track.url}">' in html
    assert f'<a href="{track.url}">' not in html


def test_example_home_page_lists_congresses_and_news(client, site_root, news_index):
    from example_project.home.models import HomePage

    NewsArticlePageFactory(parent=news_index, title="Zapraszamy na sesję ZMP")
    home = site_root.add_child(instance=HomePage(title="Kongresy", slug="kongresy"))
    text = text_of(get(client, home))
    assert "Kongres Polityki Miejskiej" in text
    assert "Zapraszamy na sesję ZMP" in text


def test_a_page_reference_without_a_translation_says_which_language_it_is_in(
    client, congress, news_index, locale_en
):
    """The English article links the Polish congress (no English version yet) as Polish."""
    article = NewsArticlePageFactory(parent=news_index, related_congress=congress)
    english_article = publish_translation(article, locale_en)
    english_congress = congress.get_translation(locale_en)
    assert english_congress.alias_of_id == congress.pk  # a stand-in wagtail made for the parent

    html = get(client, english_article).content.decode()

    related = html.split('id="article-related-heading"')[1].split("</section>")[0]
    assert (
        f'<a href="{congress.url}" hreflang="pl" lang="pl">{congress.title}</a>'
        ' <span class="congress-other-language">(in Polish)</span>'
    ) in related
    assert english_congress.url not in related
