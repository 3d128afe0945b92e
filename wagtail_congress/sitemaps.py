"""A sitemap that lists every language of a site, not only its default-locale tree."""

from __future__ import annotations

from functools import reduce
from operator import or_

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap for the site's root page and all its translations.

    Wagtail's own sitemap walks only the site's root page, so the English tree under ``/en/``
    would appear only as ``hreflang`` alternates. Aliases are left out: they duplicate another
    page's content (and aliases of another locale's pages redirect to it), and so are the live
    pages under an unpublished one (Wagtail's sitemap lists them; they are not served).

    Use it in ``urls.py``::

        path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": MultilingualSitemap}})
    """

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_language_tree = reduce(
            or_, (Page.objects.descendant_of_q(root, inclusive=True) for root in roots)
        )
        pages = Page.objects.filter(in_a_language_tree, alias_of__isnull=True).live().public()
        offline_sections = Page.objects.filter(in_a_language_tree, live=False, numchild__gt=0)
        for path in offline_sections.values_list("path", flat=True):
            pages = pages.exclude(path__startswith=path)
        return pages.order_by("path").defer_streamfields().specific()
