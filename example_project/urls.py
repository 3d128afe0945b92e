from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from wagtail_congress.api.v2 import build_router
from wagtail_congress.sitemaps import MultilingualSitemap

api_v2_router = build_router()

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": MultilingualSitemap}}),
    # The package's own headless API (docs/api.md): outside i18n_patterns, `locale` decides.
    path("api/congress/", include("wagtail_congress.api.urls")),
    # iCalendar and news feeds (docs/exports.md): page ids name the locale.
    path("exports/", include("wagtail_congress.exports.urls")),
    # Wagtail's API v2 with the package's endpoint classes (docs/api.md).
    path("api/v2/", api_v2_router.urls),
]

if settings.WAGTAIL_API_V3:
    from wagtail.api.v3.urls import api

    from wagtail_congress.api import v3 as congress_v3

    # The package's routes in Wagtail's v3 API too, under /api/v3/congress/ (docs/api.md).
    congress_v3.attach(api)
    # Wagtail's own v3 pages endpoint is left out: it lists live pages below unpublished ones
    # and alias pages (docs/reliability.md); the package's routes above leave those out.
    urlpatterns += [path("api/v3/", congress_v3.urls_without(api, "pages/"))]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's pages last, with /en/ for English and no prefix for Polish.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
