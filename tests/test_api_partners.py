"""A congress's partners, grouped as its editors grouped them."""

from __future__ import annotations

import pytest
import wagtail_factories

from .factories import PartnerFactory
from .test_api_schema import API, assert_matches, assert_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(congress):
    zmp = PartnerFactory(
        name="Związek Miast Polskich",
        short_name="ZMP",
        logo=wagtail_factories.ImageFactory(description="Logo ZMP"),
        description="<p>Ogólnopolska organizacja samorządowa.</p>",
    )
    ministry = PartnerFactory(name="Ministerstwo Funduszy", short_name="MFiPR")
    tvp = PartnerFactory(name="TVP3 Katowice")
    deleted = PartnerFactory(name="Usunięty")
    congress.partners = [
        ("group", {"heading": "Organizatorzy", "role": "organiser", "partners": [zmp, ministry]}),
        ("group", {"heading": "Patroni medialni", "role": "media_patron", "partners": [tvp]}),
        ("group", {"heading": "Partnerzy", "role": "partner", "partners": [deleted, zmp]}),
    ]
    congress.save_revision().publish()
    deleted.delete()
    return {"congress": congress, "zmp": zmp, "ministry": ministry, "tvp": tvp}


def test_partners_in_groups_and_once_each(client, partners):
    congress = partners["congress"]
    data = assert_matches(
        client.get(f"{API}/congresses/{congress.pk}/partners/"), "CongressPartners"
    )
    assert data["congress"]["id"] == congress.pk
    assert [(g["heading"], g["role"]) for g in data["groups"]] == [
        ("Organizatorzy", "organiser"),
        ("Patroni medialni", "media_patron"),
        ("Partnerzy", "partner"),
    ]
    assert all(group["role_label"] for group in data["groups"])
    assert [[p["short_name"] for p in g["partners"]] for g in data["groups"]] == [
        ["ZMP", "MFiPR"],
        [""],
        ["ZMP"],
    ]
    assert [p["name"] for p in data["partners"]] == [
        "Związek Miast Polskich",
        "Ministerstwo Funduszy",
        "TVP3 Katowice",
    ]
    zmp = data["partners"][0]
    assert zmp["logo"]["alt"] == "Logo ZMP"
    assert zmp["description"] == "<p>Ogólnopolska organizacja samorządowa.</p>"
    assert zmp["website"] == "https://www.zmp.poznan.pl/"
    assert zmp["locale"] == "pl"
    assert zmp["translations"] == {"pl": {"id": partners["zmp"].pk, "url": None}}


def test_partners_errors_and_304(client, partners, congress):
    assert_problem(client.get(f"{API}/congresses/999999/partners/"), 404, "congress_id")
    assert_problem(
        client.get(f"{API}/congresses/{congress.pk}/partners/", {"locale": "de"}), 400, "locale"
    )
    url = f"{API}/congresses/{congress.pk}/partners/"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_a_congress_without_partners(client, site_root):
    from .factories import CongressPageFactory

    congress = CongressPageFactory(parent=site_root)
    data = client.get(f"{API}/congresses/{congress.pk}/partners/").json()
    assert data["groups"] == [] and data["partners"] == []
