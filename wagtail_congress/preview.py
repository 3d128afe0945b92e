"""Headless preview of drafts (optional extra ``wagtail-congress[preview]``).

With ``wagtail_headless_preview`` installed and a ``CLIENT_URLS`` entry in its
``WAGTAIL_HEADLESS_PREVIEW`` setting, the admin's preview sends the editor to the frontend
with a token (wagtail-headless-preview's own ``serve_preview``: a ``PagePreview`` row holding
the draft, a signed token, a redirect or an iframe); the frontend fetches the draft from the
API's ``preview/`` route. Otherwise pages preview as usual in Wagtail.

The mixin is a base of every page type of the package (``CongressBasePage``), so its class
is chosen once, when the models are loaded; whether previews go headless is decided per
request from the settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from wagtail.models import Page

APP = "wagtail_headless_preview"


def is_installed() -> bool:
    return apps.is_installed(APP)


def is_enabled() -> bool:
    """Whether previews go to a headless frontend: installed, and a client URL configured."""
    if not is_installed():
        return False
    from wagtail_headless_preview.settings import headless_preview_settings

    return bool(headless_preview_settings.CLIENT_URLS)


def _upstream_mixin() -> type:
    """wagtail-headless-preview's mixin where the app is installed, else nothing to mix in."""
    if is_installed():
        from wagtail_headless_preview.models import HeadlessPreviewMixin as Upstream

        return Upstream
    return object


_Upstream = _upstream_mixin()


class HeadlessPreviewMixin(_Upstream):
    """Mixed into every page type of the package: headless previews when the site enables
    them (see the module's docstring), Wagtail's own preview otherwise."""

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if _Upstream is object:
            return super().serve_preview(request, mode_name)
        if is_enabled():
            return _Upstream.serve_preview(self, request, mode_name)
        # Past wagtail-headless-preview's mixin: Wagtail's own preview.
        return super(_Upstream, self).serve_preview(request, mode_name)


def page_from_token(content_type: str, token: str, max_age: int) -> Page | None:
    """The draft a preview token stands for, or ``None`` for a bad, expired or unknown one.

    ``content_type`` is ``app_label.modelname`` of one of the package's page types. The
    draft of a page not saved yet has no ``pk``; its ``preview_parent_id`` says where it goes.

    wagtail-headless-preview signs ``id=<pk>`` (or the parent and type of a new page) with a
    ``TimestampSigner`` and keeps the draft as JSON in a ``PagePreview`` row (kept a day); the
    signature and its age are checked here, then the row must exist for that content type.
    """
    if not is_installed():
        return None
    from django.contrib.contenttypes.models import ContentType
    from django.core.signing import BadSignature
    from wagtail_headless_preview.models import PagePreview

    from .models import CongressBasePage

    app_label, _dot, model_name = content_type.partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None
    if not issubclass(model, CongressBasePage):
        return None
    try:
        identifier = model.get_preview_signer().unsign(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is one
        return None
    preview = PagePreview.objects.filter(
        content_type=ContentType.objects.get_for_model(model), token=token
    ).first()
    if preview is None:
        return None
    page = preview.as_page()
    # A page not saved yet is signed as "parent_id=<pk>;page_type=<label>".
    fields = dict(part.partition("=")[::2] for part in identifier.split(";"))
    page.preview_parent_id = int(fields["parent_id"]) if fields.get("parent_id") else None
    return page


def preview_content_type(page: Any) -> str:
    """The ``content_type`` a preview URL carries for ``page`` (``app_label.modelname``)."""
    return f"{page._meta.app_label}.{page._meta.model_name}"
