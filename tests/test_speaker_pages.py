"""Speaker routes of a congress (``speakers/``, ``speakers/<id>/``): visible speakers only."""

from __future__ import annotations

import pytest

from wagtail_congress.models import SessionSpeaker

from .factories import SessionPageFactory, SessionTrackPageFactory, SpeakerFactory, warsaw

pytestmark = pytest.mark.django_db


@pytest.fixture
def speakers(congress, track):
    shown = SpeakerFactory(name="Anna Nowak", position="Prezydentka", organisation="Miasto")
    unseen = SpeakerFactory(name="Jan Ukryty")
    session = SessionPageFactory(parent=track, title="Panel o mieście")
    SessionSpeaker.objects.create(page=session, speaker=shown, role="moderator", sort_order=0)
    draft = SessionPageFactory(parent=track, title="Szkic")
    SessionSpeaker.objects.create(page=draft, speaker=unseen, sort_order=0)
    draft.unpublish()
    return {"shown": shown, "unseen": unseen, "session": session}


def test_list_links_each_visible_speaker(client, congress, speakers):
    html = client.get(congress.url + "speakers/").content.decode()
    assert f'href="{congress.url}speakers/{speakers["shown"].pk}/">Anna Nowak</a>' in html
    assert "Jan Ukryty" not in html
    # The congress page links every speaker too (one click from the congress).
    congress_html = client.get(congress.url).content.decode()
    assert f'href="{congress.url}speakers/{speakers["shown"].pk}/"' in congress_html
    assert f'href="{congress.url}programme/"' in congress_html


def test_detail_lists_the_speakers_sessions_with_role(client, congress, speakers):
    response = client.get(f"{congress.url}speakers/{speakers['shown'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Anna Nowak</h1>" in html
    assert "Prezydentka, Miasto" in html
    assert f'href="{speakers["session"].url}">Panel o mieście</a>' in html
    assert "Szkic" not in html


def test_a_speaker_without_visible_sessions_is_a_404(client, congress, speakers):
    assert client.get(f"{congress.url}speakers/{speakers['unseen'].pk}/").status_code == 404
    assert client.get(f"{congress.url}speakers/999999/").status_code == 404


def test_a_speaker_under_an_unpublished_track_is_hidden(client, congress, track):
    hidden = SessionTrackPageFactory(parent=track)
    speaker = SpeakerFactory(name="Pod spodem")
    session = SessionPageFactory(
        parent=hidden, start=warsaw(2021, 6, 7, 10), end=warsaw(2021, 6, 7, 11)
    )
    SessionSpeaker.objects.create(page=session, speaker=speaker, sort_order=0)
    assert client.get(f"{congress.url}speakers/{speaker.pk}/").status_code == 200
    hidden.unpublish()
    assert client.get(f"{congress.url}speakers/{speaker.pk}/").status_code == 404
    assert "Pod spodem" not in client.get(f"{congress.url}speakers/").content.decode()


def test_session_page_links_its_speakers(client, congress, speakers):
    html = client.get(speakers["session"].url).content.decode()
    assert f'href="{congress.url}speakers/{speakers["shown"].pk}/">Anna Nowak</a>' in html


def test_speaker_pages_in_the_sitemap(client, congress, speakers):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://localhost{congress.url}speakers/{speakers['shown'].pk}/" in xml
    assert f"{congress.url}speakers/{speakers['unseen'].pk}/" not in xml


def test_list_in_constant_queries(client, congress, track, django_assert_max_num_queries):
    def add(count: int) -> None:
        for _ in range(count):
            session = SessionPageFactory(parent=track)
            SessionSpeaker.objects.create(page=session, speaker=SpeakerFactory(), sort_order=0)

    add(2)
    client.get(congress.url + "speakers/")
    with django_assert_max_num_queries(30) as small:
        client.get(congress.url + "speakers/")
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(congress.url + "speakers/").content.decode()
    assert html.count('class="congress-speaker-card"') == 17
