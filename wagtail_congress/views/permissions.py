"""Which congress an admin view works on, and whether the editor may."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..models import CongressPage


def editable_congress(request: HttpRequest, congress_id: int) -> CongressPage:
    """The congress ``congress_id`` if the user may edit it; 404 or 403 otherwise."""
    congress = get_object_or_404(CongressPage, pk=congress_id)
    if not congress.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return congress
