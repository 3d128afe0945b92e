"""WSGI entry point of the benchmark (the example project with ``benchmarks.settings``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
application = get_wsgi_application()
