"""The package's own headless API (django-ninja): see ``docs/api.md``."""
