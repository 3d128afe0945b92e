"""The API's contract: every GET operation of the published OpenAPI document, called through the
Django test client on the demo (in Polish and English) and on a generated large congress, each
JSON body validated against the operation's declared response schema (Draft 2020-12).

Operations come from the document itself, so a new route is covered without editing this file;
its path and required query parameters must be fillable from the content (see ``FILLERS``), or
the test fails naming the parameter.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import jsonschema
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from wagtail.models import Site

from wagtail_congress.models import CongressPage, NewsArticlePage, SessionPage
from wagtail_congress.preview import preview_content_type

from .test_api_performance import generate_congress, generate_news, partner_groups
from .test_api_schema import API, openapi

DOCUMENT_URI = "urn:wagtail-congress:openapi"
LARGE_SESSIONS = 300


def registry() -> Registry:
    """The OpenAPI document as a resource, so ``#/components/schemas/...`` refs resolve."""
    resource = Resource.from_contents(openapi(), default_specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


def pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def validator(path: str, status: str, content_type: str) -> jsonschema.Draft202012Validator:
    """A validator of the body the document declares for ``GET path`` answering ``status``."""
    responses = openapi()["paths"][path]["get"]["responses"]
    assert status in responses, f"GET {path} answered {status}, which the document does not declare"
    content = responses[status].get("content", {})
    assert content_type in content, (
        f"GET {path} answered {status} as {content_type!r}; declared: {sorted(content)}"
    )
    ref = f"{DOCUMENT_URI}#/" + pointer(
        "paths", path, "get", "responses", status, "content", content_type, "schema"
    )
    return jsonschema.Draft202012Validator(
        {"$ref": ref},
        registry=registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def get_operations() -> list[tuple[str, dict]]:
    return [(path, item["get"]) for path, item in openapi()["paths"].items() if "get" in item]


def assert_valid(path: str, response) -> dict:
    """The response's JSON, checked against what the document declares for its status."""
    content_type = response["Content-Type"].split(";")[0]
    data = response.json()
    errors = sorted(
        validator(path, str(response.status_code), content_type).iter_errors(data),
        key=lambda error: list(error.absolute_path),
    )
    assert not errors, (
        f"{response.request['PATH_INFO']}?{response.request.get('QUERY_STRING', '')}: "
        + "; ".join(f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:5])
    )
    return data


@dataclass
class Content:
    """Values to fill the operations' parameters with, found in the content of one locale."""

    locale: str
    values: dict[str, list] = field(default_factory=dict)


# A parameter of an operation → the key of ``Content.values`` that fills it.
FILLERS = {
    "congress_id": "congress_id",
    "session_id": "session_id",
    "speaker_id": "speaker_id",
    "article_id": "article_id",
    "path": "path",
    "content_type": "preview",
    "token": "preview",
}


def discover(client: Client, locale: str, previews: list[tuple[str, str]]) -> Content:
    """Every congress, session, speaker and article the API lists for ``locale``."""
    content = Content(locale)
    congresses = client.get(f"{API}/congresses/", {"locale": locale, "limit": 100}).json()
    values = content.values
    values["congress_id"] = [item["id"] for item in congresses["items"]]
    values["path"] = [urlsplit(item["url"]).path for item in congresses["items"]]
    sessions, speakers = set(), set()
    for congress_id in values["congress_id"]:
        for route, found in (("sessions", sessions), ("speakers", speakers)):
            offset = 0
            while True:
                query = {"locale": locale, "limit": 100, "offset": offset}
                page = client.get(f"{API}/congresses/{congress_id}/{route}/", query).json()
                found.update(item["id"] for item in page["items"])
                offset += 100
                if offset >= page["count"]:
                    break
    news = client.get(f"{API}/news/", {"locale": locale, "limit": 100}).json()
    values["session_id"] = sorted(sessions)
    values["speaker_id"] = sorted(speakers)
    values["article_id"] = [item["id"] for item in news["items"]]
    values["preview"] = previews
    for key, found in values.items():
        assert found, f"no {key} in the {locale} content: the contract test needs one"
    return content


def calls(content: Content, path: str, operation: dict, every: bool) -> Iterator[str]:
    """The URLs that exercise ``GET path``: on every object (``every``), or on every congress
    and the first three sessions and speakers (whose listings are the large responses)."""
    query: dict[str, str] = {}
    path_params: dict[str, list] = {}
    preview = False
    for parameter in operation.get("parameters", []):
        name, where = parameter["name"], parameter["in"]
        if name == "locale":
            query["locale"] = content.locale
            continue
        if where != "path" and not parameter.get("required"):
            continue
        if name not in FILLERS:
            pytest.fail(
                f"GET {path}: don't know how to fill the {where} parameter {name!r} from the "
                "content; add it to FILLERS in tests/test_api_contract.py"
            )
        if FILLERS[name] == "preview":
            preview = True
        elif where == "path":
            found = content.values[FILLERS[name]]
            path_params[name] = found if every or name == "congress_id" else found[:3]
        else:
            query[name] = content.values[FILLERS[name]][0]
    names = list(path_params)
    combinations = itertools.product(*(path_params[name] for name in names))
    for combination in combinations:
        url = path.format(**dict(zip(names, combination, strict=True)))
        if preview:
            for content_type, token in content.values["preview"]:
                yield url + "?" + urlencode({**query, "content_type": content_type, "token": token})
        else:
            yield url + ("?" + urlencode(query) if query else "")


# Data: the demo (Polish and English), and a large congress; loaded once per module each.


def _previews() -> list[tuple[str, str]]:
    """A headless preview token for a draft of each page type the preview route serves."""
    found = []
    for model in (CongressPage, SessionPage, NewsArticlePage):
        page = model.objects.live().filter(locale__language_code="pl").first()
        assert page is not None, model
        page.title += " (szkic)"
        preview = page.create_page_preview()
        found.append((preview_content_type(page), preview.token))
    return found


def _load_demo() -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _generate_large() -> int:
    site_root = Site.objects.get(is_default_site=True).root_page
    congress = generate_congress(site_root, LARGE_SESSIONS)
    partner_groups(congress, 12)
    generate_news(site_root, 4)
    return congress.pk


@pytest.fixture(scope="module", params=["demo", "large"])
def dataset(request, django_db_setup, django_db_blocker) -> Iterator[dict[str, Content]]:
    """The content of each locale, rolled back after the module's tests for this dataset."""
    with django_db_blocker.unblock():
        Site.clear_site_root_paths_cache()
        caches["default"].clear()
        with transaction.atomic():
            if request.param == "demo":
                _load_demo()
                locales, large = ["pl", "en"], None
            else:
                large = _generate_large()
                locales = ["pl"]
            previews = _previews()
            client = Client()
            yield {
                "name": request.param,
                "large_congress": large,
                "contents": {locale: discover(client, locale, previews) for locale in locales},
            }
            transaction.set_rollback(True)
        caches["default"].clear()
        Site.clear_site_root_paths_cache()


@pytest.fixture
def contents(dataset, db) -> dict[str, Content]:
    return dataset["contents"]


def test_every_get_operation_answers_its_declared_schema(dataset, contents, client):
    """Each GET operation, in each locale, on every object of the demo and on every congress of the
    large dataset (there only the first sessions and speakers get their detail called)."""
    every = dataset["name"] == "demo"
    checked: dict[str, int] = {}
    for content in contents.values():
        for path, operation in get_operations():
            for url in calls(content, path, operation, every):
                response = client.get(url)
                assert response.status_code == 200, (url, response.content[:500])
                assert response["Content-Type"].startswith("application/json"), url
                data = assert_valid(path, response)
                if "locale" in data:
                    assert data["locale"] == content.locale, url
                checked[path] = checked.get(path, 0) + 1
    assert set(checked) == {path for path, _op in get_operations()}, checked
    if dataset["name"] == "large":
        contents_pl = contents["pl"]
        assert len(contents_pl.values["session_id"]) >= LARGE_SESSIONS


def test_large_programme_lists_every_session(dataset, contents, client):
    if dataset["name"] != "large":
        pytest.skip("the large congress only")
    congress_id = dataset["large_congress"]
    path = f"{API}/congresses/{{congress_id}}/programme/"
    data = assert_valid(path, client.get(path.format(congress_id=congress_id), {"locale": "pl"}))
    sessions = [session for day in data["days"] for session in day["sessions"]]
    assert len(sessions) == LARGE_SESSIONS
    starts = [session["start"] for session in sessions]
    assert starts == sorted(starts)


# Locale switching: what ``translations`` points at answers in its locale.

DETAIL_ROUTES = {
    "congress": "/congresses/{id}/",
    "session": "/sessions/{id}/",
    "speaker": "/speakers/{id}/",
    "article": "/news/{id}/",
}


def test_translations_point_at_content_that_answers_in_that_locale(dataset, contents, client):
    if dataset["name"] != "demo":
        pytest.skip("the demo holds the translations")
    checked = set()
    for content in contents.values():
        details = {
            "congress": content.values["congress_id"],
            "session": content.values["session_id"],
            "speaker": content.values["speaker_id"],
            "article": content.values["article_id"],
        }
        for kind, ids in details.items():
            for object_id in ids:
                url = API + DETAIL_ROUTES[kind].format(id=object_id)
                data = client.get(url, {"locale": content.locale}).json()
                assert set(data["translations"]) == {"pl", "en"}, (url, data["translations"])
                assert data["translations"][content.locale]["id"] == object_id, url
                for locale, link in data["translations"].items():
                    other = client.get(
                        API + DETAIL_ROUTES[kind].format(id=link["id"]), {"locale": locale}
                    )
                    assert other.status_code == 200, (url, locale, link)
                    translated = other.json()
                    assert translated["translations"] == data["translations"], (url, locale)
                    if "locale" in translated:
                        assert translated["locale"] == locale
                    if link["url"]:
                        page = client.get(urlsplit(link["url"]).path)
                        assert page.status_code == 200, (url, locale, link["url"])
                checked.add(kind)
    assert checked == set(DETAIL_ROUTES)


def test_tracks_and_partners_translations_are_listed_in_the_translated_congress(contents, client):
    if set(contents) != {"pl", "en"}:
        pytest.skip("the demo holds the translations")
    for content in contents.values():
        for congress_id in content.values["congress_id"]:
            congress = client.get(
                f"{API}/congresses/{congress_id}/", {"locale": content.locale}
            ).json()
            for locale, link in congress["translations"].items():
                here = _tracks_and_partners(client, congress_id, content.locale)
                there = _tracks_and_partners(client, link["id"], locale)
                for translations in here.values():
                    assert translations[locale]["id"] in there, (locale, translations)


def _tracks_and_partners(client: Client, congress_id: int, locale: str) -> dict[int, dict]:
    """The id → translations of every track (nested) and partner of a congress."""
    found: dict[int, dict] = {}
    tracks = client.get(f"{API}/congresses/{congress_id}/tracks/", {"locale": locale}).json()
    stack = list(tracks["tracks"])
    while stack:
        node = stack.pop()
        found[node["id"]] = node["translations"]
        stack.extend(node["children"])
    partners = client.get(f"{API}/congresses/{congress_id}/partners/", {"locale": locale}).json()
    for partner in partners["partners"]:
        found[partner["id"]] = partner["translations"]
    assert found, congress_id
    return found


# Problems: bad requests get the declared problem+json bodies.


def test_bad_requests_answer_their_declared_problem(dataset, contents, client):
    if dataset["name"] != "demo":
        pytest.skip("the demo is enough")
    values = contents["pl"].values
    congress = values["congress_id"][0]
    cases = [
        ("/api/congress/congresses/", {"locale": "xx"}, 400, "locale"),
        ("/api/congress/congresses/", {"limit": 100000}, None, "limit"),
        ("/api/congress/congresses/{congress_id}/", {}, 404, "congress_id"),
        ("/api/congress/congresses/{congress_id}/programme/", {"day": "yesterday"}, None, "day"),
        ("/api/congress/congresses/{congress_id}/programme/", {"track": 999999}, None, "track"),
        ("/api/congress/congresses/{congress_id}/sessions/", {"offset": -1}, None, "offset"),
        ("/api/congress/sessions/{session_id}/", {}, 404, "session_id"),
        ("/api/congress/speakers/{speaker_id}/", {}, 404, "speaker_id"),
        ("/api/congress/news/", {"from": "soon"}, None, "from"),
        ("/api/congress/news/{article_id}/", {}, 404, "article_id"),
        ("/api/congress/congresses/find/", {"path": "/nowhere/"}, 404, "path"),
        ("/api/congress/congresses/find/", {}, None, "path"),
        ("/api/congress/preview/", {"content_type": "x.y", "token": "t"}, 404, None),
    ]
    missing = {"congress_id": 999999, "session_id": 999999, "speaker_id": 999999}
    missing["article_id"] = 999999
    for path, query, status, parameter in cases:
        fill = {name: missing[name] for name in missing if "{" + name + "}" in path}
        if path.endswith("{congress_id}/programme/") or path.endswith("{congress_id}/sessions/"):
            fill = {"congress_id": congress}
        response = client.get(path.format(**fill), query)
        assert 400 <= response.status_code < 500, (path, query, response.status_code)
        if status is not None:
            assert response.status_code == status, (path, query, response.content)
        assert response["Content-Type"] == "application/problem+json", (path, query)
        data = assert_valid(path, response)
        assert data["status"] == response.status_code
        if parameter is not None:
            assert data.get("parameter") == parameter, (path, query, data)


def test_every_cacheable_operation_answers_conditional_requests_with_304(dataset, contents, client):
    """Each operation that declares a 304 sends validators and honours If-None-Match and
    If-Modified-Since with an empty 304; a changed validator gets the body again."""
    if dataset["name"] != "demo":
        pytest.skip("the demo is enough")
    content = contents["pl"]
    checked = set()
    for path, operation in get_operations():
        if "304" not in operation["responses"]:
            assert path.endswith("/preview/"), f"GET {path} declares no 304"
            continue
        url = next(calls(content, path, operation, every=False))
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["ETag"].startswith('W/"') and "Last-Modified" in first, url
        assert "max-age" in first["Cache-Control"], (url, first["Cache-Control"])
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b"", url
        assert again["ETag"] == first["ETag"]
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304, url
        stale = client.get(url, HTTP_IF_NONE_MATCH='W/"not-the-current-version"')
        assert stale.status_code == 200 and stale.content == first.content, url
        checked.add(path)
    assert len(checked) == len(get_operations()) - 1


def test_an_operation_the_test_cannot_fill_fails_naming_the_parameter():
    operation = {"parameters": [{"name": "widget_id", "in": "path", "required": True}]}
    with pytest.raises(pytest.fail.Exception, match="'widget_id'.*FILLERS"):
        list(calls(Content("pl"), "/api/congress/widgets/{widget_id}/", operation, every=True))
