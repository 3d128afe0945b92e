"""Wagtail's API v3 mounted as Wagtail documents it, with no ``attach()`` call (for
tests/test_api_v3.py: installing the package must add nothing to it)."""

from django.urls import path
from wagtail.api.v3.urls import api

urlpatterns = [path("api/v3/", api.urls)]
