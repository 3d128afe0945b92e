"""Creating, editing, searching and filtering the package's snippets in the admin."""

import pytest
from django.utils import translation
from wagtail.models import Locale
from wagtail.test.utils.form_data import querydict_from_html

from wagtail_congress.models import NewsCategory, Partner, Speaker, ThematicArea

from .conftest import snippet_url
from .factories import (
    NewsCategoryFactory,
    PartnerFactory,
    SpeakerFactory,
    ThematicAreaFactory,
    nested_form_data,
    rich_text,
    streamfield,
)

pytestmark = pytest.mark.django_db


def create(client, model, data: dict):
    response = client.post(snippet_url(model, "add"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == snippet_url(model, "list") + "?locale=pl"
    return model.objects.order_by("-pk").first()


def test_create_speaker(wagtail_admin):
    data = nested_form_data(
        {
            "name": "Anna Nowak",
            "position": "Prezydentka",
            "organisation": "Urząd Miasta Katowice",
            "photo": "",
            "bio": rich_text("<p>Urbanistka.</p>"),
            "links": streamfield(
                [
                    ("link", {"label": "LinkedIn", "url": "https://www.linkedin.com/in/anowak"}),
                    ("link", {"label": "Strona", "url": "https://example.org/"}),
                ]
            ),
            "external_id": "cfp-17",
        }
    )
    speaker = create(wagtail_admin, Speaker, data)
    assert speaker.name == "Anna Nowak"
    assert speaker.affiliation == "Prezydentka, Urząd Miasta Katowice"
    assert "Urbanistka." in speaker.bio
    assert [block.value["label"] for block in speaker.links] == ["LinkedIn", "Strona"]
    assert speaker.external_id == "cfp-17"
    assert speaker.locale == Locale.get_default()


def test_create_partner(wagtail_admin):
    data = nested_form_data(
        {
            "name": "Związek Miast Polskich",
            "short_name": "ZMP",
            "logo": "",
            "website": "https://www.zmp.poznan.pl/",
            "description": rich_text("<p>Stowarzyszenie miast.</p>"),
        }
    )
    partner = create(wagtail_admin, Partner, data)
    assert (partner.name, partner.short_name) == ("Związek Miast Polskich", "ZMP")
    assert partner.website == "https://www.zmp.poznan.pl/"


def test_create_thematic_area(wagtail_admin):
    area = create(
        wagtail_admin,
        ThematicArea,
        {"name": "Transport i mobilność miejska", "description": "Jeden z sześciu obszarów."},
    )
    assert area.name == "Transport i mobilność miejska"
    assert area.description == "Jeden z sześciu obszarów."


def test_create_news_category(wagtail_admin):
    category = create(wagtail_admin, NewsCategory, {"name": "Polityka społeczna", "slug": "ps"})
    assert (category.name, category.slug) == ("Polityka społeczna", "ps")


def test_news_category_slug_is_unique_per_locale(wagtail_admin, english):
    NewsCategoryFactory(slug="inne")
    response = wagtail_admin.post(
        snippet_url(NewsCategory, "add"), {"name": "Inne", "slug": "inne"}
    )
    assert response.status_code == 200
    with translation.override("en"):
        assert [str(e) for e in response.context["form"].errors["slug"]] == [
            "Another category in this language already uses this slug."
        ]
    assert NewsCategory.objects.filter(slug="inne").count() == 1


def test_news_category_slug_may_repeat_in_another_locale(wagtail_admin, locale_en):
    NewsCategoryFactory(slug="inne")
    response = wagtail_admin.post(
        snippet_url(NewsCategory, "add") + "?locale=en", {"name": "Other", "slug": "inne"}
    )
    assert response.status_code == 302
    assert NewsCategory.objects.get(slug="inne", locale=locale_en).name == "Other"


@pytest.mark.parametrize(
    "factory",
    [SpeakerFactory, PartnerFactory, ThematicAreaFactory, NewsCategoryFactory],
    ids=lambda f: f._meta.model.__name__,
)
def test_edit_view_loads_and_saves(wagtail_admin, factory):
    obj = factory()
    model = type(obj)
    url = snippet_url(model, "edit", obj.pk)
    response = wagtail_admin.get(url)
    assert response.status_code == 200
    assert response.context["form"].instance == obj
    assert f'value="{obj.name}"' in response.content.decode()

    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data["name"] = "Zmieniona nazwa"
    if model is Speaker:
        data["links-count"] = "0"  # a StreamField's form is built by JavaScript
    response = wagtail_admin.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    obj.refresh_from_db()
    assert obj.name == "Zmieniona nazwa"


def listed(client, model, **params) -> list:
    response = client.get(snippet_url(model, "list"), params)
    assert response.status_code == 200
    return list(response.context["object_list"])


def test_speaker_listing_search_and_filters(wagtail_admin):
    nowak = SpeakerFactory(name="Anna Nowak", position="Prezydentka", organisation="Katowice")
    kowalski = SpeakerFactory(name="Jan Kowalski", position="Dyrektor", organisation="ZMP")
    wisniewska = SpeakerFactory(name="Maria Wiśniewska", position="Ekspertka", organisation="IRMiR")
    zielinska = SpeakerFactory(name="Ewa Zielińska", position="Ekspertka", organisation="Katowice")

    assert listed(wagtail_admin, Speaker) == [nowak, zielinska, kowalski, wisniewska]
    assert listed(wagtail_admin, Speaker, q="Kowalski") == [kowalski]
    assert listed(wagtail_admin, Speaker, q="IRMiR") == [wisniewska]
    assert listed(wagtail_admin, Speaker, organisation__icontains="zmp") == [kowalski]
    assert listed(wagtail_admin, Speaker, position__icontains="prezyd") == [nowak]
    assert listed(
        wagtail_admin, Speaker, position__icontains="ekspert", organisation__icontains="irm"
    ) == [wisniewska]


def test_partner_listing_search_and_filter(wagtail_admin):
    zmp = PartnerFactory(name="Związek Miast Polskich", short_name="ZMP")
    irmir = PartnerFactory(name="Instytut Rozwoju Miast i Regionów", short_name="IRMiR")

    assert listed(wagtail_admin, Partner) == [irmir, zmp]
    assert listed(wagtail_admin, Partner, q="Związek") == [zmp]
    assert listed(wagtail_admin, Partner, q="IRMiR") == [irmir]
    assert listed(wagtail_admin, Partner, name__icontains="rozwoju") == [irmir]


def test_thematic_area_and_category_listing_search(wagtail_admin):
    transport = ThematicAreaFactory(name="Transport i mobilność miejska")
    ThematicAreaFactory(name="Mieszkalnictwo i polityki społeczne")
    social = NewsCategoryFactory(name="Polityka społeczna")
    NewsCategoryFactory(name="Inne")

    assert listed(wagtail_admin, ThematicArea, q="Transport") == [transport]
    assert listed(wagtail_admin, NewsCategory, q="Polityka") == [social]
