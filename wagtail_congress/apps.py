from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailCongressAppConfig(AppConfig):
    name = "wagtail_congress"
    label = "wagtail_congress"
    verbose_name = _("Congress")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)

        if self.apps.is_installed("wagtail_localize"):
            from . import signal_handlers

            signal_handlers.register()

        from . import frontend_cache

        frontend_cache.register()

        if self.apps.is_installed("wagtail.api.v3"):
            from .api import v3

            v3.attach()
