"""The package's routes attached to Wagtail's API v3, and the stock v3 page detail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import wagtail_factories
from django.test import Client

from wagtail_congress.models import SessionPartner, SessionSpeaker, SessionThematicArea

from .factories import (
    NewsArticlePageFactory,
    NewsCategoryFactory,
    PartnerFactory,
    SpeakerFactory,
    ThematicAreaFactory,
)
from .test_api_schema import openapi
from .test_api_security import SECRET, matrix  # noqa: F401  (the fixture)

V3 = "/api/v3"
ROOT = Path(__file__).resolve().parent.parent


def v3_openapi() -> dict:
    response = Client().get(f"{V3}/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_v3_document_lists_the_package_routes_without_replacing_components():
    document = v3_openapi()
    ours = openapi()
    for path in ours["paths"]:
        assert path.replace("/api/congress/", "/api/v3/congress/") in document["paths"], path
    theirs = document["components"]["schemas"]
    for name, schema in ours["components"]["schemas"].items():
        assert name in theirs, name
        # ``Problem`` is declared the same way; any other shared name must be the same schema.
        assert theirs[name] == schema, name
    # Wagtail's own routes are still there.
    assert "/api/v3/pages/" in document["paths"]


@pytest.mark.django_db
def test_attached_routes_answer_anonymously_like_the_package_api(client, session):
    congress_id = session.get_parent().get_parent().pk
    for route in (
        "/congresses/",
        f"/congresses/{congress_id}/",
        f"/congresses/{congress_id}/programme/",
        f"/sessions/{session.pk}/",
        "/news/",
    ):
        ours = client.get(f"/api/congress{route}?locale=pl")
        theirs = client.get(f"{V3}/congress{route}?locale=pl")
        assert theirs.status_code == ours.status_code == 200, route
        assert theirs.json() == ours.json(), route
        assert theirs["ETag"].startswith("W/"), route  # the URL is part of the version


@pytest.mark.django_db
def test_attached_routes_keep_problem_errors(client, session):
    response = client.get(f"{V3}/congress/congresses/?locale=xx")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["parameter"] == "locale"
    assert client.get(f"{V3}/congress/sessions/999999/").status_code == 404


@pytest.mark.django_db
def test_attached_routes_hide_what_the_package_api_hides(client, matrix):  # noqa: F811
    visible, hidden = matrix
    congress_id = visible["congress"].pk
    for route in (
        "/congresses/",
        f"/congresses/{congress_id}/programme/",
        f"/congresses/{congress_id}/sessions/",
        f"/congresses/{congress_id}/speakers/",
        "/news/",
        f"/news/{visible['article'].pk}/",
    ):
        for locale in ("pl", "en"):
            response = client.get(f"{V3}/congress{route}?locale={locale}")
            assert SECRET not in response.content.decode(), route
    for page in hidden.values():
        assert client.get(f"{V3}/congress/sessions/{page.pk}/").status_code == 404


@pytest.mark.django_db
def test_stock_v3_page_detail_renders_the_api_fields(client, session):
    photo = wagtail_factories.ImageFactory()
    speaker = SpeakerFactory(name="Anna Nowak", photo=photo)
    session.speakers.add(SessionSpeaker(speaker=speaker, role="moderator"))
    session.partners.add(SessionPartner(partner=PartnerFactory(name="ZMP")))
    session.thematic_areas.add(SessionThematicArea(area=ThematicAreaFactory(name="Mobilność")))
    session.save_revision().publish()
    response = client.get(f"{V3}/pages/{session.pk}/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["track"]["title"] == session.get_parent().title
    row = data["speakers"][0]
    assert row["role"] == "moderator"
    assert row["speaker"]["name"] == "Anna Nowak"
    assert row["speaker"]["photo"]["width"] == 100
    assert data["partners"][0]["partner"]["name"] == "ZMP"
    assert data["thematic_areas"][0]["area"]["name"] == "Mobilność"


@pytest.mark.django_db
def test_stock_v3_congress_and_article_detail(client, congress, news_index):
    article = NewsArticlePageFactory(
        parent=news_index, category=NewsCategoryFactory(name="Inne"), related_congress=congress
    )
    congress_data = client.get(f"{V3}/pages/{congress.pk}/").json()
    assert congress_data["languages"] == ["pl", "en"]
    assert congress_data["partners"] == []
    article_data = client.get(f"{V3}/pages/{article.pk}/").json()
    assert article_data["category"]["name"] == "Inne"
    assert article_data["related_congress"]["id"] == congress.pk
    assert article_data["related_sessions"] == []


@pytest.mark.parametrize("v3", ["1", "0"])
def test_check_and_migrations_start_with_and_without_v3(v3):
    """Wagtail 8 builds v3 schemas from ``api_fields`` at start-up even without v3."""
    env = {
        **os.environ,
        "WAGTAIL_API_V3": v3,
        "DJANGO_SETTINGS_MODULE": "example_project.settings",
        "DATABASE_URL": "sqlite://:memory:",
    }
    for command in (["check"], ["makemigrations", "--check", "--dry-run"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
