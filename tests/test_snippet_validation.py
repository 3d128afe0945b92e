from django.urls import reverse

from wagtail_congress.models import NewsCategory
from wagtail_congress.models.sessions import default_session_language

from .factories import NewsCategoryFactory


def test_a_duplicate_category_slug_is_a_form_error_not_a_server_error(wagtail_admin):
    NewsCategoryFactory(name="Inne", slug="inne")

    response = wagtail_admin.post(
        reverse("wagtailsnippets_wagtail_congress_newscategory:add"),
        {"name": "Inne (kopia)", "slug": "inne"},
    )

    assert response.status_code == 200
    assert "Another category in this language already uses this slug." in response.content.decode()
    assert NewsCategory.objects.filter(slug="inne").count() == 1


def test_the_same_category_slug_is_allowed_in_another_locale(locale_en):
    NewsCategoryFactory(name="Inne", slug="inne")
    english = NewsCategory(name="Other", slug="inne", locale=locale_en)
    english.full_clean()  # does not raise


def test_a_new_session_speaks_the_site_language_without_default_congress_languages(settings):
    settings.WAGTAIL_CONGRESS_DEFAULT_CONGRESS_LANGUAGES = []
    settings.LANGUAGE_CODE = "pl"
    assert default_session_language() == "pl"
    settings.WAGTAIL_CONGRESS_DEFAULT_CONGRESS_LANGUAGES = ["en", "pl"]
    assert default_session_language() == "en"
