"""The congress's programme route (``programme/``): days, grid, filters, visibility, queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from wagtail_congress.models import CongressThematicArea, SessionSpeaker, SessionThematicArea

from .factories import (
    CongressPageFactory,
    NewsIndexPageFactory,
    PartnerListingPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    SpeakerFactory,
    ThematicAreaFactory,
    warsaw,
)

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    """Session titles of the timetable, in document (time) order."""
    html = response.content.decode()
    section = html.split('id="congress-programme-results"', 1)[1]
    return re.findall(r'class="congress-slot__title">(?:<a href="[^"]*">)?([^<]+)<', section)


@pytest.fixture
def programme(congress):
    """Two tracks (one nested), two days, two rooms, a break, an area and a speaker."""
    plenary = SessionTrackPageFactory(parent=congress, title="Plenarne", colour="#123456")
    workshops = SessionTrackPageFactory(parent=congress, title="Warsztaty")
    nested = SessionTrackPageFactory(parent=workshops, title="Młodzi")
    area = ThematicAreaFactory(name="Mobilność")
    CongressThematicArea.objects.create(page=congress, area=area, sort_order=0)
    speaker = SpeakerFactory(name="Anna Nowak")
    day1 = [
        SessionPageFactory(
            parent=plenary, title="Otwarcie", room="Aula", start=warsaw(2021, 6, 7, 9, 0),
            end=warsaw(2021, 6, 7, 10, 0), format="lecture",
        ),
        SessionPageFactory(
            parent=plenary, title="Kawa", room="Foyer", start=warsaw(2021, 6, 7, 10, 0),
            end=warsaw(2021, 6, 7, 10, 30), format="break",
        ),
        SessionPageFactory(
            parent=nested, title="Warsztat rowerowy", room="Sala 1",
            start=warsaw(2021, 6, 7, 10, 30), end=warsaw(2021, 6, 7, 12, 0),
            format="workshop", language="en",
        ),
        SessionPageFactory(
            parent=plenary, title="Panel o tramwajach", room="Aula",
            start=warsaw(2021, 6, 7, 10, 30), end=warsaw(2021, 6, 7, 12, 0),
        ),
    ]  # fmt: skip
    SessionThematicArea.objects.create(page=day1[3], area=area, sort_order=0)
    SessionSpeaker.objects.create(page=day1[3], speaker=speaker, role="moderator", sort_order=0)
    day2 = SessionPageFactory(
        parent=workshops, title="Drugi dzień", room="Sala 1",
        start=warsaw(2021, 6, 8, 9, 0), end=warsaw(2021, 6, 8, 10, 0),
    )  # fmt: skip
    return {
        "congress": congress, "plenary": plenary, "workshops": workshops, "nested": nested,
        "area": area, "speaker": speaker, "day1": day1, "day2": day2,
    }  # fmt: skip


def url(congress, query: str = "") -> str:
    return congress.url + "programme/" + (f"?{query}" if query else "")


def test_day_tabs_and_time_order(client, programme):
    congress = programme["congress"]
    response = client.get(url(congress))
    assert response.status_code == 200
    assert titles(response) == ["Otwarcie", "Kawa", "Panel o tramwajach", "Warsztat rowerowy"]
    html = response.content.decode()
    # One tab per day of the congress, the first selected, each keeping the other filters.
    assert 'href="?day=2021-06-07" aria-current="date"' in html
    assert 'href="?day=2021-06-08"' in html
    assert titles(client.get(url(congress, "day=2021-06-08"))) == ["Drugi dzień"]


def test_grid_places_sessions_by_time_and_room_and_breaks_span_rooms(client, programme):
    html = client.get(url(programme["congress"])).content.decode()
    # Rooms Aula (column 2) and Sala 1 (column 3); times 9:00, 10:00, 10:30, 12:00 -> lines 2-5.
    assert 'style="--col: 2; --row: 1" aria-hidden="true">Aula<' in html
    assert 'style="--col: 3; --row: 1" aria-hidden="true">Sala 1<' in html
    assert "--row: 2 / 3; --col: 2;" in html  # Otwarcie
    assert 'congress-slot--break" style="--row: 3 / 4; --col: 2 / -1;' in html  # Kawa
    assert "--row: 4 / 5; --col: 3;" in html  # the workshop in Sala 1
    assert "--congress-track: #123456" in html


def test_filters_use_the_api_parameter_names(client, programme):
    congress = programme["congress"]
    assert titles(client.get(url(congress, f"track={programme['workshops'].pk}"))) == [
        "Warsztat rowerowy"  # nested tracks included
    ]
    assert titles(client.get(url(congress, f"thematic_area={programme['area'].pk}"))) == [
        "Panel o tramwajach"
    ]
    assert titles(client.get(url(congress, "format=workshop"))) == ["Warsztat rowerowy"]
    assert titles(client.get(url(congress, "language=en"))) == ["Warsztat rowerowy"]
    # A room keeps the breaks, which concern every room.
    assert titles(client.get(url(congress, "room=Aula"))) == [
        "Otwarcie", "Kawa", "Panel o tramwajach",
    ]  # fmt: skip
    response = client.get(url(congress, "day=2021-06-08&format=panel"))
    assert titles(response) == ["Drugi dzień"]
    assert 'href="?day=2021-06-07&amp;format=panel"' in response.content.decode()


@pytest.mark.parametrize(
    "query", ["day=2020-01-01", "day=nonsense", "format=dance", "room=Nowhere", "track=999999"]
)
def test_bad_filters_are_a_400_saying_what_is_wrong(client, programme, english, query):
    response = client.get(url(programme["congress"], query), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    # The rest of the programme still shows, the bad filter ignored.
    assert "Otwarcie" in titles(response)


def test_only_visible_sessions(client, programme):
    congress = programme["congress"]
    draft = SessionPageFactory(
        parent=programme["plenary"],
        title="Szkic",
        room="Aula",
        start=warsaw(2021, 6, 7, 13, 0),
        end=warsaw(2021, 6, 7, 14, 0),
    )
    draft.unpublish()
    hidden_track = SessionTrackPageFactory(parent=programme["workshops"], title="Ukryta")
    SessionPageFactory(
        parent=hidden_track,
        title="Pod nieopublikowaną ścieżką",
        room="Aula",
        start=warsaw(2021, 6, 7, 15, 0),
        end=warsaw(2021, 6, 7, 16, 0),
    )
    hidden_track.unpublish()
    private_track = SessionTrackPageFactory(parent=congress, title="Prywatna")
    SessionPageFactory(
        parent=private_track,
        title="Prywatna sesja",
        room="Aula",
        start=warsaw(2021, 6, 7, 16, 0),
        end=warsaw(2021, 6, 7, 17, 0),
    )
    PageViewRestriction.objects.create(page=private_track, restriction_type="login")
    response = client.get(url(congress))
    shown = titles(response)
    assert "Szkic" not in shown
    assert "Pod nieopublikowaną ścieżką" not in shown
    assert "Prywatna sesja" not in shown
    assert "Otwarcie" in shown
    html = response.content.decode()
    assert "Ukryta" not in html and "Prywatna" not in html  # nor in the track filter


def test_now_and_next_during_the_event(client, site_root):
    now = timezone.now().replace(microsecond=0)
    congress = CongressPageFactory(
        parent=site_root, start=now - datetime.timedelta(hours=2),
        end=now + datetime.timedelta(hours=5),
    )  # fmt: skip
    track = SessionTrackPageFactory(parent=congress)
    hour = datetime.timedelta(minutes=10)  # short, so all fit in today in Warsaw
    start_of_day = timezone.localtime(now, congress.tzinfo).replace(hour=0, minute=0, second=0)
    if now - hour < start_of_day or now + 3 * hour >= start_of_day + datetime.timedelta(days=1):
        pytest.skip("within half an hour of midnight in Warsaw")
    SessionPageFactory(parent=track, title="Trwa", start=now - hour, end=now + hour)
    SessionPageFactory(parent=track, title="Zaraz", start=now + hour, end=now + 2 * hour)
    SessionPageFactory(parent=track, title="Później", start=now + 2 * hour, end=now + 3 * hour)
    html = client.get(url(congress)).content.decode()
    now_block = html.split('id="congress-now-heading"', 1)[1].split("</section>", 1)[0]
    assert "Trwa" in now_block and "Zaraz" in now_block and "Później" not in now_block
    assert "Now and next" in html or "Teraz i za chwilę" in html


def test_no_now_and_next_outside_the_event(client, programme):
    assert (
        'id="congress-now-heading"' not in client.get(url(programme["congress"])).content.decode()
    )


def test_congress_navigation_links_programme_speakers_partners_and_news(client, programme):
    congress = programme["congress"]
    news = NewsIndexPageFactory(parent=congress)
    partners = PartnerListingPageFactory(parent=congress)
    for page_url in (congress.url, url(congress), programme["day1"][0].url):
        html = client.get(page_url).content.decode()
        nav = html.split('class="congress-nav"', 1)[1].split("</nav>", 1)[0]
        assert f'href="{congress.url}programme/"' in nav
        assert f'href="{congress.url}speakers/"' in nav
        assert f'href="{news.url}"' in nav
        assert f'href="{partners.url}"' in nav


def test_programme_in_the_sitemap(client, programme):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://localhost{programme['congress'].url}programme/" in xml


def add_sessions(track, count: int, offset: int = 0) -> None:
    speakers = [SpeakerFactory() for _ in range(2)]
    area = ThematicAreaFactory()
    for n in range(count):
        start = warsaw(2021, 6, 7, 9, 0) + datetime.timedelta(minutes=15 * (n + offset))
        session = SessionPageFactory(
            parent=track, start=start, end=start + datetime.timedelta(minutes=30),
            room=f"Sala {n % 3}",
        )  # fmt: skip
        for order, speaker in enumerate(speakers):
            SessionSpeaker.objects.create(page=session, speaker=speaker, sort_order=order)
        SessionThematicArea.objects.create(page=session, area=area, sort_order=0)


def test_constant_queries(client, congress, django_assert_max_num_queries):
    track = SessionTrackPageFactory(parent=congress)
    add_sessions(track, 3)
    client.get(url(congress))  # warm Wagtail's per-process caches (site root paths, ...)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url(congress)).status_code == 200
    add_sessions(SessionTrackPageFactory(parent=congress), 20, offset=3)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url(congress))
    assert len(titles(response)) == 23
    assert len(large.captured_queries) == len(small.captured_queries)
