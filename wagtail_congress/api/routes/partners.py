"""A congress's partners, in the groups its editors made, in the requested locale."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Router

from ...models import CongressPage, Partner
from .. import schemas
from ..caching import conditional, version_of
from ..params import locale_param
from ..representation import Representation, raw_list_items
from ..visibility import Audience, requested_language
from .congresses import PROBLEMS, congress_id_param

router = Router(tags=["partners"])


def localized_snippets(model, audience: Audience, ids: set[int]) -> dict[int, object]:
    """For each snippet id, its version in the audience's locale, else the snippet itself
    (one query); ids of deleted snippets are left out."""
    referenced = model.objects.filter(pk__in=ids)
    snippets = list(
        model.objects.filter(
            Q(pk__in=ids)
            | Q(
                translation_key__in=referenced.values("translation_key"),
                locale__language_code=audience.language_code,
            )
        ).select_related("locale")
    )
    in_locale = {
        snippet.translation_key: snippet
        for snippet in snippets
        if snippet.locale.language_code == audience.language_code
    }
    return {
        snippet.pk: in_locale.get(snippet.translation_key, snippet)
        for snippet in snippets
        if snippet.pk in ids
    }


@router.get(
    "/congresses/{congress_id}/partners/",
    response={200: schemas.CongressPartners, **PROBLEMS},
    summary="Partners of a congress, grouped by role",
)
def congress_partners(
    request: HttpRequest,
    response: HttpResponse,
    congress_id: int = congress_id_param(),
    locale: str | None = locale_param(),
):
    """The congress's partner groups (heading, role, partners in order), then every partner
    once in order of first appearance."""
    audience = Audience(requested_language(locale))
    congress = audience.get(CongressPage, congress_id, "congress_id")
    version = version_of(request, audience, audience.pages(CongressPage).filter(pk=congress.pk))
    if not_modified := conditional(request, version, response):
        return not_modified
    raw_groups = [
        block["value"]
        for block in congress.partners.raw_data
        if block.get("type") == "group" and isinstance(block.get("value"), dict)
    ]
    ids = {
        pk
        for group in raw_groups
        for pk in raw_list_items(group.get("partners"))
        if isinstance(pk, int)
    }
    partners = localized_snippets(Partner, audience, ids)
    representation = Representation(request, audience)
    representation.load_snippet_translations(Partner, partners.values())
    representation.load_renditions(partner.logo_id for partner in partners.values())
    representation.prepare_rich_text(partner.description for partner in partners.values())
    details: dict[int, schemas.PartnerDetail] = {}
    groups = []
    for group in raw_groups:
        members = []
        for pk in raw_list_items(group.get("partners")):
            partner = partners.get(pk)
            if partner is None:
                continue
            if partner.pk not in details:
                details[partner.pk] = representation.partner_detail(partner)
            if details[partner.pk] not in members:
                members.append(details[partner.pk])
        role = group.get("role") or ""
        groups.append(
            schemas.PartnerGroup(
                heading=group.get("heading") or "",
                role=role,
                role_label=representation.partner_role_label(role),
                partners=members,
            )
        )
    return schemas.CongressPartners(
        congress=representation.page_link(congress), groups=groups, partners=list(details.values())
    )
