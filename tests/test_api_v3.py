"""The package's routes attached to Wagtail's API v3 by an explicit call, and the stock v3 page
detail (on a URLconf that mounts Wagtail's pages endpoint, which the example project leaves out)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import wagtail_factories
from django.test import Client
from ninja import NinjaAPI
from ninja.errors import ConfigError

from wagtail_congress.api import v3 as congress_v3
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
    # Wagtail's own routes are still there (the document is built from the API object).
    assert "/api/v3/sites/" in document["paths"]


@pytest.mark.django_db
def test_example_project_does_not_serve_wagtails_v3_pages(client, session):
    """It lists live pages below unpublished ones and aliases (docs/reliability.md)."""
    assert client.get(f"{V3}/pages/").status_code == 404
    assert client.get(f"{V3}/pages/{session.pk}/").status_code == 404
    assert client.get(f"{V3}/congress/sessions/{session.pk}/").status_code == 200


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
@pytest.mark.urls("tests.urls_with_wagtail_v3_pages")
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
@pytest.mark.urls("tests.urls_with_wagtail_v3_pages")
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


def package_routes(api: NinjaAPI) -> list[str]:
    return [str(p.pattern) for p in api.urls[0] if str(p.pattern).startswith("congress/")]


def test_attach_is_idempotent_and_needs_to_come_before_the_urls():
    api = NinjaAPI(urls_namespace="attach_test")
    assert congress_v3.attach(api) is congress_v3.attach(api) is api
    with pytest.raises(ValueError, match="already attached under '/congress/'"):
        congress_v3.attach(api, prefix="/other/")
    routes = package_routes(api)
    assert "congress/congresses/" in routes
    assert len(routes) == len(set(routes)), "attached twice"
    late = NinjaAPI(urls_namespace="attach_late")
    late.urls  # noqa: B018  (freezes the API, as including it in a URLconf does)
    with pytest.raises(ConfigError, match="must run before the API's urls are included"):
        congress_v3.attach(late)


NO_ATTACH = """
import json

import django
from django.urls import Resolver404, resolve

django.setup()  # every AppConfig.ready(), the package's included
from django.conf import settings
from wagtail.api.v3.urls import api

def resolves(path):
    try:
        resolve(path, urlconf="tests.urls_stock_v3")
    except Resolver404:
        return False
    return True

print(json.dumps({
    "v3_installed": "wagtail.api.v3" in settings.INSTALLED_APPS,
    "routes": [str(p.pattern) for p in api.urls[0]],
    "congresses": resolves("/api/v3/congress/congresses/"),
    "sites": resolves("/api/v3/sites/"),
    "documented": list(api.get_openapi_schema(path_prefix="/api/v3/")["paths"]),
}))
"""


def test_installing_the_package_attaches_nothing_to_wagtails_v3_api():
    """With ``wagtail.api.v3`` installed and no ``attach()`` call, no package route exists."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": "sqlite://:memory:",
    }
    result = subprocess.run(
        [sys.executable, "-c", NO_ATTACH],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["v3_installed"]
    assert "sites/" in found["routes"]  # Wagtail's own, so the URLconf is mounted
    assert not [route for route in found["routes"] if route.startswith("congress/")]
    assert found["sites"] and not found["congresses"]
    assert "/api/v3/sites/" in found["documented"]
    assert not [path for path in found["documented"] if "/congress/" in path]
