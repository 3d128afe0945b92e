import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from wagtail.models import Locale, Page, Site
from wagtail.users.models import UserProfile

from .factories import (
    CongressPageFactory,
    NewsIndexPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
)

# Property-based tests (hypothesis, schemathesis) try the same cases on every run, so CI is
# repeatable; HYPOTHESIS_PROFILE=explore draws new cases each run to hunt for more.

hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def ensure_wagtail_tree() -> Site:
    """The default site, with Wagtail's root and "Welcome" pages made again where an earlier
    transactional test's flush (a browser test, a fault test) left the database without them."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site
    ContentType.objects.clear_cache()  # its cached rows went with the flush
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=Page(title="Welcome", slug="home", locale=locale))
    return Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


@pytest.fixture(autouse=True)
def wagtail_tree_after_a_flush(request):
    """Transactional tests start from Wagtail's tree, whatever test flushed the database."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        ensure_wagtail_tree()


@pytest.fixture
def site_root(db) -> Page:
    """The default site's root page (Wagtail's "Welcome" page after migrate)."""
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def locale_en(db) -> Locale:
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def congress(site_root):
    return CongressPageFactory(parent=site_root)


@pytest.fixture
def track(congress):
    return SessionTrackPageFactory(parent=congress)


@pytest.fixture
def session(track):
    return SessionPageFactory(parent=track)


@pytest.fixture
def news_index(congress):
    return NewsIndexPageFactory(parent=congress)


@pytest.fixture
def english():
    """Validation messages in English, whatever ``LANGUAGE_CODE`` and the compiled .mo say."""
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(db):
    """A superuser whose admin is in English, so tests can compare message texts."""
    user = get_user_model().objects.create_superuser(
        username="editor", email="editor@example.com", password="password"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def wagtail_admin(superuser) -> Client:
    """A test client logged in to the Wagtail admin as ``superuser``."""
    client = Client()
    client.force_login(superuser)
    return client


def page_add_url(model, parent: Page) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def snippet_url(model, action: str, *args) -> str:
    return reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{action}", args=args
    )


@pytest.fixture
def admin_urls():
    """``admin_urls.page_add(Model, parent)`` and ``admin_urls.snippet(Model, "add")``."""

    class AdminURLs:
        page_add = staticmethod(page_add_url)
        snippet = staticmethod(snippet_url)

        @staticmethod
        def page_edit(page: Page) -> str:
            return reverse("wagtailadmin_pages:edit", args=[page.pk])

    return AdminURLs


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo (``load_demo``), loaded once for a test module and rolled back afterwards."""
    with django_db_blocker.unblock():
        Site.clear_site_root_paths_cache()
        with transaction.atomic():
            call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield
            transaction.set_rollback(True)
        Site.clear_site_root_paths_cache()
