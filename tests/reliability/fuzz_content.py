"""Content for the fuzz tests: the demo congress plus hidden pages that must never show.

Loaded once per module inside a transaction that is rolled back at the end (as
``tests/test_demo_loader.py`` does); the fuzzed requests only read.
"""

from __future__ import annotations

import dataclasses
import io

from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from wagtail.models import Locale, PageViewRestriction, Site

from wagtail_congress.models import (
    CongressPage,
    NewsIndexPage,
    SessionPage,
    SessionSpeaker,
    SessionTrackPage,
)

from ..factories import (
    CongressPageFactory,
    NewsArticlePageFactory,
    SessionPageFactory,
    SpeakerFactory,
)

# Every hidden page and snippet carries this in its title or name; no response may contain it.
SECRET = "UKRYTE-7f3a"


@dataclasses.dataclass
class FuzzContent:
    """Ids a fuzzer should aim at (real content) besides the random ones it makes up."""

    congress_ids: list[int]
    session_ids: list[int]
    track_ids: list[int]
    news_ids: list[int]
    hidden_ids: list[int]
    hidden_speaker_ids: list[int]


def add_hidden_content(congress: CongressPage) -> tuple[list[int], list[int]]:
    """A draft, a login-restricted and an unpublished session, a speaker only in those, a draft
    congress and a draft article: their page ids and the speaker's id."""
    track = SessionTrackPage.objects.child_of(congress).first()
    draft = SessionPageFactory(parent=track, title=f"{SECRET} draft", live=False)
    login = SessionPageFactory(parent=track, title=f"{SECRET} login")
    PageViewRestriction.objects.create(page=login, restriction_type=PageViewRestriction.LOGIN)
    unpublished = SessionPageFactory(parent=track, title=f"{SECRET} unpublished")
    unpublished.unpublish()
    speaker = SpeakerFactory(name=f"{SECRET} speaker")
    for page in (draft, login):
        page.speakers.add(SessionSpeaker(speaker=speaker))
        page.save()
    draft_congress = CongressPageFactory(
        parent=congress.get_parent(), title=f"{SECRET} congress", live=False
    )
    hidden = [draft.pk, login.pk, unpublished.pk, draft_congress.pk]
    news_index = NewsIndexPage.objects.descendant_of(congress).first()
    if news_index is not None:
        article = NewsArticlePageFactory(parent=news_index, title=f"{SECRET} news", live=False)
        hidden.append(article.pk)
    return hidden, [speaker.pk]


def load_fuzz_content() -> FuzzContent:
    """Load the demo (Polish and English) and the hidden pages; call inside a transaction."""
    Site.clear_site_root_paths_cache()
    call_command("load_demo", stdout=io.StringIO())
    polish = CongressPage.objects.filter(locale=Locale.get_default()).first()
    hidden, hidden_speakers = add_hidden_content(polish)
    live = SessionPage.objects.live().exclude(pk__in=hidden)
    return FuzzContent(
        congress_ids=list(CongressPage.objects.live().values_list("pk", flat=True)),
        session_ids=list(live.values_list("pk", flat=True)[:20]),
        track_ids=list(SessionTrackPage.objects.live().values_list("pk", flat=True)[:20]),
        news_ids=list(NewsIndexPage.objects.live().values_list("pk", flat=True)),
        hidden_ids=hidden,
        hidden_speaker_ids=hidden_speakers,
    )


def demo_with_hidden_content(django_db_blocker):
    """Generator for a module fixture: yields :class:`FuzzContent`, rolls everything back."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                yield load_fuzz_content()
                transaction.set_rollback(True)
        finally:
            Site.clear_site_root_paths_cache()


def wsgi_app_in_test_transaction():
    """Django's WSGI application, minus the closing of "old" connections at request start and
    end — as the test client does — so requests run inside the test's open transaction."""
    handler = get_wsgi_application()

    def application(environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            try:
                return list(response)
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return application
