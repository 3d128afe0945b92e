"""The models' ``api_fields``: nested, localized data in Wagtail's stock APIs (v2 and v3)."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.core.cache import caches
from django.db.models import Model
from wagtail.api import APIField

from wagtail_congress import models
from wagtail_congress.models import SessionSpeaker, TrackPartner

from .factories import (
    NewsArticlePageFactory,
    NewsCategoryFactory,
    PartnerFactory,
    PartnerListingPageFactory,
    SpeakerFactory,
)
from .test_api_security import SECRET, matrix  # noqa: F401  (the fixture)

# Wagtail's own v3 pages endpoint, which the example project does not mount (docs/api.md).
pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_with_wagtail_v3_pages")]

STOCK_APIS = ["/api/v2/pages", "/api/v3/pages"]


def group(heading: str, role: str, partners: list) -> tuple[str, dict]:
    return ("group", {"heading": heading, "role": role, "partners": partners})


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()


def test_every_model_declares_api_fields():
    for name in models.__all__:
        model = getattr(models, name)
        if not (isinstance(model, type) and issubclass(model, Model)) or model._meta.abstract:
            continue
        if name != "NewsArticleTag":  # taggit's through model, shown as ``tags``
            assert getattr(model, "api_fields", None), name
    for model in (models.SessionPage, models.CongressPage, models.NewsArticlePage):
        for field in model.api_fields:
            assert isinstance(field, APIField)


@pytest.mark.parametrize("api", STOCK_APIS)
def test_congress_detail_nests_partner_groups_areas_and_image(client, congress, api):
    logo = wagtail_factories.ImageFactory()
    partner = PartnerFactory(name="Związek Miast Polskich", short_name="ZMP", logo=logo)
    congress.partners = [group("Organizatorzy", "organiser", [partner])]
    congress.image = wagtail_factories.ImageFactory()
    congress.save_revision().publish()
    data = client.get(f"{api}/{congress.pk}/").json()
    assert data["languages"] == ["pl", "en"]
    assert data["image"]["width"] == 100
    assert data["image"]["url"].endswith(".max-800x800.jpg")
    [organisers] = data["partners"]
    assert (organisers["heading"], organisers["role"]) == ("Organizatorzy", "organiser")
    assert organisers["partners"][0]["short_name"] == "ZMP"
    assert organisers["partners"][0]["logo"]["alt"] == logo.default_alt_text


@pytest.mark.parametrize("api", STOCK_APIS)
def test_partner_listing_nests_partners(client, congress, api):
    listing = PartnerListingPageFactory(
        parent=congress,
        partners=[group("Patroni", "media_patron", [PartnerFactory(name="Radio")])],
    )
    data = client.get(f"{api}/{listing.pk}/").json()
    assert data["partners"][0]["partners"][0]["name"] == "Radio"


@pytest.mark.parametrize("api", STOCK_APIS)
def test_article_references_resolve_in_its_locale(
    client, congress, news_index, locale_en, django_capture_on_commit_callbacks, api
):
    english_congress = congress.copy_for_translation(locale_en, copy_parents=True)
    english_congress.title = "Urban Policy Congress"
    with django_capture_on_commit_callbacks(execute=True):
        english_congress.save_revision().publish()
    english_index = news_index.copy_for_translation(locale_en)
    english_index.save_revision().publish()
    category = NewsCategoryFactory(name="Other", slug="other", locale=locale_en)
    # wagtail-localize does not remap page references: the English article names the
    # Polish congress, and the API answers with the English one.
    article = NewsArticlePageFactory(
        parent=english_index,
        locale=locale_en,
        category=category,
        related_congress=congress,
    )
    article.tags.add("mobility")
    article.save_revision().publish()
    data = client.get(f"{api}/{article.pk}/").json()
    assert data["related_congress"]["id"] == english_congress.pk
    assert data["related_congress"]["title"] == "Urban Policy Congress"
    assert data["related_congress"]["locale"] == "en"
    assert data["category"] == {"id": category.pk, "name": "Other", "slug": "other"}
    assert data["tags"] == ["mobility"]


def test_speaker_snippet_fields_in_v2(client, session):
    speaker = SpeakerFactory(
        name="Anna Nowak", bio="<p>Urbanistka.</p>", photo=wagtail_factories.ImageFactory()
    )
    session.speakers.add(SessionSpeaker(speaker=speaker))
    session.save()
    data = client.get(f"/api/v2/congress_speakers/{speaker.pk}/").json()
    assert data["name"] == "Anna Nowak"
    assert data["bio"] == "<p>Urbanistka.</p>"
    assert data["photo"]["height"] == 100
    assert data["links"] == []


@pytest.mark.parametrize("api", STOCK_APIS)
def test_track_detail_nests_its_partners(client, track, api):
    track.partners.add(TrackPartner(partner=PartnerFactory(name="Miasto Katowice")))
    track.save_revision().publish()
    data = client.get(f"{api}/{track.pk}/").json()
    assert (data["kind"], data["colour"]) == ("main_block", "#1d4e89")
    assert data["partners"][0]["partner"]["name"] == "Miasto Katowice"


def test_stock_v3_detail_leaves_out_hidden_references(client, matrix):  # noqa: F811
    visible, _hidden = matrix
    data = client.get(f"/api/v3/pages/{visible['article'].pk}/").json()
    assert data["related_congress"] is None
    assert [session["title"] for session in data["related_sessions"]] == [
        "Widoczna",
        "Widoczna druga",
    ]
    assert SECRET not in str(data)
