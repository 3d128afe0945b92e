"""An editor translates a Polish session to English in wagtail-localize's editor, in Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Site
from wagtail.users.models import UserProfile

from wagtail_congress.models import SessionPage

from ..factories import CongressPageFactory, SessionPageFactory, SessionTrackPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Screenshots go to test-results/ (ignored by git); `SCREENSHOT_DIR=docs/img` refreshes the docs'.
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "test-results"
)
PASSWORD = "correct horse battery staple"

# Field heading in the translation editor -> the English a translator types.
CONTENT = {
    "Title": "The future of medium-sized cities",
    "Description": "The development of small and medium-sized towns after the pandemic.",
}
PROMOTE = {"Slug": "future-of-medium-sized-cities"}


@pytest.fixture
def polish_session() -> SessionPage:
    Locale.objects.get_or_create(language_code="en")
    root = Site.objects.get(is_default_site=True).root_page
    congress = CongressPageFactory(parent=root, title="Kongres Polityki Miejskiej 2021")
    track = SessionTrackPageFactory(parent=congress, title="Miasta średnie")
    return SessionPageFactory(
        parent=track,
        title="Przyszłość miast średnich",
        slug="przyszlosc-miast-srednich",
        description="<p>Rozwój małych i średnich miast po pandemii.</p>",
    )


@pytest.fixture
def editor():
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # screenshots for the English docs
    profile.save()
    return user


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def translate_field(page, field: str, english: str) -> None:
    """Click "Translate" on the string of ``field`` (its heading), type ``english``, save it.

    Found by the field's heading: wagtail-localize's editor keys its editing state by segment
    id, which a string and a synchronised value can share, so "Translate" on the title can
    also open the room's override (whose text area then takes the focus).
    """
    segment = page.locator("li").filter(has=page.get_by_role("heading", name=field, exact=True))
    segment.get_by_role("button", name="Translate", exact=True).click()
    textarea = segment.locator("textarea")
    textarea.fill(english)
    textarea.press("Enter")
    segment.get_by_role("button", name="Edit", exact=True).wait_for()
    segment.get_by_text(english, exact=True).wait_for()


def test_editor_translates_a_session_to_english(live_server, browser_page, editor, polish_session):
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    # "Translate" on the Polish session: choose English and submit.
    page.goto(f"{live_server.url}/admin/localize/submit/page/{polish_session.pk}/")
    page.get_by_label("English").check()
    page.wait_for_timeout(300)  # let the checkbox's transition finish for the screenshot
    shot(page, "translate-submit.png")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))

    # The translation editor: translate each string and save it (the slug is under Promote).
    for tab, texts in (("Content", CONTENT), ("Promote", PROMOTE)):
        page.get_by_role("tab", name=tab).click()
        for field, english in texts.items():
            translate_field(page, field, english)
        if tab == "Content":
            shot(page, "translation-editor.png")
    page.get_by_role("button", name="Publish in English").click()
    page.wait_for_load_state("networkidle")
    page.get_by_text("published", exact=False).first.wait_for()

    english = SessionPage.objects.get(
        translation_key=polish_session.translation_key, locale__language_code="en"
    )
    assert english.live
    assert english.title == "The future of medium-sized cities"

    page.goto(live_server.url + english.get_url())
    assert page.locator("h1").inner_text() == "The future of medium-sized cities"
    assert page.locator("html").get_attribute("lang") == "en"
    assert "after the pandemic" in page.locator("main").inner_text()
    shot(page, "translated-session-en.png")
