"""What a Polish editor reads in the admin: grammar of the add buttons, dates, language lists."""

import re

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from wagtail_congress import locale_upstream
from wagtail_congress.choices import alphabetical_key, ordered_language_choices
from wagtail_congress.models import NewsCategory, Partner, SessionPage, Speaker, ThematicArea

from .conftest import page_add_url, snippet_url
from .factories import CongressPageFactory, SessionTrackPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def polish_admin(wagtail_admin, superuser):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "pl"
    profile.save()
    return wagtail_admin


@pytest.mark.parametrize(
    ("model", "label"),
    [
        (Speaker, "Dodaj prelegenta"),
        (Partner, "Dodaj partnera"),
        (ThematicArea, "Dodaj obszar tematyczny"),
        (NewsCategory, "Dodaj kategorię aktualności"),
    ],
)
def test_add_buttons_in_the_accusative(polish_admin, model, label):
    response = polish_admin.get(snippet_url(model, "list"))

    assert response.context["header_action_label"] == label
    assert label in response.text


def test_language_list_puts_the_congress_and_common_languages_first():
    with translation.override("pl"):
        choices = ordered_language_choices(["it", "en"])

    codes = [code for code, _name in choices]
    names = [name for _code, name in choices]
    assert codes[:6] == ["it", "en", "pl", "de", "uk", "fr"]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names)), "two languages share a name"
    rest = names[6:]
    assert rest == sorted(rest, key=alphabetical_key)
    assert names.index("łotewski") > names.index("litewski")
    assert "malajski" in names and "malajalam" in names


def test_session_form_lists_the_congress_languages_first(polish_admin, site_root):
    congress = CongressPageFactory(parent=site_root, languages=["pl", "es"])
    track = SessionTrackPageFactory(parent=congress)

    response = polish_admin.get(page_add_url(SessionPage, track))

    codes = [code for code, _name in response.context["form"].fields["language"].choices]
    assert codes[:6] == ["pl", "es", "en", "de", "uk", "fr"]


def test_inline_add_buttons_in_the_accusative(polish_admin, site_root):
    track = SessionTrackPageFactory(parent=CongressPageFactory(parent=site_root))

    html = polish_admin.get(page_add_url(SessionPage, track)).content.decode()

    for label in ("Dodaj prelegenta", "Dodaj partnera", "Dodaj obszar tematyczny"):
        assert label in html
    assert "Dodaj Prelegent" not in html
    assert "Dodaj Partner" not in html
    assert 'id="id_speakers-ADD"' in html  # Wagtail's inline panel script finds its button


def test_timetable_days_with_genitive_months(polish_admin, site_root):
    congress = CongressPageFactory(parent=site_root)  # 7–8 June 2021

    response = polish_admin.get(reverse("wagtail_congress_timetable", args=[congress.pk]))

    headings = re.findall(r'<h2 id="day-[^"]+"[^>]*>([^<]+)</h2>', response.content.decode())
    assert headings == ["Poniedziałek, 7 czerwca 2021", "Wtorek, 8 czerwca 2021"]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_supplementary_catalogue_is_compiled_and_served(domain):
    """The .mo is in step with the .po, and Django serves its Polish (LOCALE_PATHS)."""
    po_path = locale_upstream.PATH / "pl" / "LC_MESSAGES" / f"{domain}.po"
    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    compiled = {entry.msgid: entry for entry in polib.mofile(str(po_path.with_suffix(".mo")))}
    assert {entry.msgid for entry in po} == set(compiled), "recompile with msgfmt"
    assert all(compiled[entry.msgid].msgstr == entry.msgstr for entry in po)
    if domain == "django":
        with translation.override("pl"):
            assert translation.gettext("Go to the first error") == "Przejdź do pierwszego błędu"
