"""The example project's URLs plus all of Wagtail's API v3, its ``pages/`` endpoint included: a
site that mounts Wagtail's v3 API as Wagtail documents it (for tests of what that exposes)."""

from django.urls import path
from wagtail.api.v3.urls import api

from example_project.urls import urlpatterns as example_urlpatterns

# First, so its patterns (and the ``wagtailapi_v3`` namespace) win over the example's mount.
urlpatterns = [path("api/v3/", api.urls), *example_urlpatterns]
