"""Who publishes a congress's content, and the images that stand for it, for the exports.

Search engines want a ``publisher`` with a logo on news articles and an ``image`` on every
event; feed readers want an ``atom:author``. The package's own data answers first: the
congress's first *Organiser* partner (name, website, logo) and the page's or the congress's
image; the site's settings fill the gaps (``WAGTAIL_CONGRESS_PUBLISHER_NAME``, ``_URL``,
``_LOGO`` and ``WAGTAIL_CONGRESS_DEFAULT_IMAGE``), then the Wagtail site (its name and
root URL).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from ..absolute_urls import absolute_url
from ..choices import PartnerRole
from ..conf import congress_settings
from ..models import CongressPage


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str | None = None
    logo: str | None = None


def absolute(url: str | None, request: HttpRequest | None) -> str | None:
    """``url`` made absolute on the Site's root URL (a rendition URL is often a path)."""
    if not url:
        return None
    if request is None:
        return url
    return absolute_url(url, request)


def image_url(image_id: int | None, request: HttpRequest | None) -> str | None:
    """A large rendition of a Wagtail image (``WAGTAIL_CONGRESS_JSON_LD_IMAGE_RENDITION``):
    one query once it exists (the image itself is read only to create it)."""
    if not image_id:
        return None
    spec = congress_settings.JSON_LD_IMAGE_RENDITION
    image_model = get_image_model()
    rendition = (
        image_model.get_rendition_model()
        .objects.filter(image_id=image_id, filter_spec=spec)
        .select_related("image")
        .first()
    )
    if rendition is None:
        image = image_model.objects.filter(pk=image_id).first()
        if image is None:
            return None
        rendition = image.get_rendition(spec)
    return absolute(rendition.url, request)


def organiser(congress: CongressPage | None):
    """The first partner of the congress's first *Organiser* group, if any."""
    if congress is None:
        return None
    for group in congress.partners:
        if group.block_type == "group" and group.value.get("role") == PartnerRole.ORGANISER:
            for partner in group.value.get("partners") or []:
                if partner:
                    return partner
    return None


def publisher_for(congress: CongressPage | None, request: HttpRequest | None) -> Publisher:
    """The organiser of ``congress``, else the configured publisher, else the site."""
    partner = organiser(congress)
    if partner is not None:
        logo = image_url(partner.logo_id, request)
        return Publisher(
            name=partner.name,
            url=partner.website or None,
            logo=logo or absolute(congress_settings.PUBLISHER_LOGO, request),
        )
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    name = congress_settings.PUBLISHER_NAME or ((site.site_name or site.hostname) if site else "")
    return Publisher(
        name=name,
        url=congress_settings.PUBLISHER_URL or (site.root_url if site else None),
        logo=absolute(congress_settings.PUBLISHER_LOGO, request),
    )


def default_image(request: HttpRequest | None) -> str | None:
    return absolute(congress_settings.DEFAULT_IMAGE, request)


def page_image(page: Page, congress: CongressPage | None, request: HttpRequest | None):
    """The page's own image, else its congress's, else ``WAGTAIL_CONGRESS_DEFAULT_IMAGE``."""
    for owner in (page, congress):
        if owner is not None and (image_id := getattr(owner, "image_id", None)):
            return image_url(image_id, request)
    return default_image(request)
