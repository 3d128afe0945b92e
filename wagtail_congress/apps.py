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
        # No API v3 routes here: a site attaches them itself (wagtail_congress.api.v3.attach()),
        # so installing the package changes no site's public API.
