import pytest
from wagtail.models import Locale, Page, Site

from .factories import (
    CongressPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
)


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
