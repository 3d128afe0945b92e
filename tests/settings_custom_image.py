"""The test settings with a custom image model (see test_migrations.py)."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = ["tests.custom_image", *INSTALLED_APPS]  # noqa: F405
WAGTAILIMAGES_IMAGE_MODEL = "custom_image.CustomImage"
