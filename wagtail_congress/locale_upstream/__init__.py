"""Supplementary Polish catalogue for Django, Wagtail and wagtail-localize strings.

Upstream lacks Polish for some strings on the screens this package's editors use (and has a
few with broken grammar). They are kept here, apart from the package's own catalogue, so they
can be sent upstream and dropped once released. Django finds them only through
``LOCALE_PATHS`` (docs/translation.md)::

    import wagtail_congress.locale_upstream

    LOCALE_PATHS = [..., wagtail_congress.locale_upstream.PATH]

Last in ``LOCALE_PATHS``: a site's own catalogues still win, and both the ``django`` and the
``djangojs`` domain (Wagtail's and wagtail-localize's JavaScript catalogues) read it.
"""

from pathlib import Path

PATH = Path(__file__).resolve().parent
