"""The API's route modules, one per resource; :mod:`wagtail_congress.api.routers` mounts them."""
