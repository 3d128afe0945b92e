"""A site that mounts the API but not the exports (for tests/test_api_links.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    path("api/congress/", include("wagtail_congress.api.urls")),
]
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
