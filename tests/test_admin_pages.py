"""Creating and editing every page type through the Wagtail admin, as an editor would."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page

from wagtail_congress.choices import PartnerRole, SpeakerRole, TrackKind
from wagtail_congress.models import (
    CongressPage,
    NewsArticlePage,
    NewsIndexPage,
    PartnerListingPage,
    SessionPage,
    SessionTrackPage,
)

from .conftest import page_add_url
from .factories import (
    NewsArticlePageFactory,
    NewsCategoryFactory,
    PartnerFactory,
    PartnerListingPageFactory,
    SpeakerFactory,
    ThematicAreaFactory,
    congress_form_data,
    inline_formset,
    news_article_form_data,
    news_index_form_data,
    partner_group,
    partner_listing_form_data,
    session_form_data,
    streamfield,
    track_form_data,
    warsaw,
)

pytestmark = pytest.mark.django_db


def publish(client, model, parent: Page, data: dict):
    """POST the add form with "Publish"; fail with the form's errors if it is not accepted."""
    response = client.post(page_add_url(model, parent), {**data, "action-publish": "1"})
    if response.status_code != 302:
        form = response.context["form"]
        formset_errors = {
            name: [f.errors for f in formset.forms] + [formset.non_form_errors()]
            for name, formset in form.formsets.items()
            if formset.errors or formset.non_form_errors()
        }
        pytest.fail(f"{model.__name__} not created: {form.errors!r} {formset_errors!r}")
    assert response.url == reverse("wagtailadmin_explore", args=[parent.pk])
    return model.objects.child_of(parent).get(slug=data["slug"])


def test_create_congress_with_areas_in_order_and_partner_groups(wagtail_admin, site_root):
    transport, housing = (
        ThematicAreaFactory(name="Transport"),
        ThematicAreaFactory(name="Mieszkalnictwo"),
    )
    zmp, irmir, tvp = (
        PartnerFactory(name="ZMP"),
        PartnerFactory(name="IRMiR"),
        PartnerFactory(name="TVP"),
    )
    data = congress_form_data(
        thematic_areas=inline_formset([{"area": housing.pk}, {"area": transport.pk}]),
        partners=streamfield(
            [
                partner_group("Organizatorzy", PartnerRole.ORGANISER, [irmir, zmp]),
                partner_group("Patroni medialni", PartnerRole.MEDIA_PATRON, [tvp]),
            ]
        ),
    )

    congress = publish(wagtail_admin, CongressPage, site_root, data)

    assert congress.live
    assert congress.start == warsaw(2021, 6, 7, 9, 0)
    assert congress.start == datetime.datetime(2021, 6, 7, 7, 0, tzinfo=datetime.UTC)
    assert congress.end == warsaw(2021, 6, 8, 18, 0)
    assert congress.registration_opens_at == warsaw(2021, 5, 1, 9, 0)
    assert congress.registration_closes_at == warsaw(2021, 6, 6, 23, 59)
    assert congress.timezone == "Europe/Warsaw"
    assert congress.languages == ["pl", "en"]
    assert congress.city == "Katowice"
    assert congress.thematic_area_list == [housing, transport]
    groups = [
        (block.value["heading"], block.value["role"], list(block.value["partners"]))
        for block in congress.partners
    ]
    assert groups == [
        ("Organizatorzy", "organiser", [irmir, zmp]),
        ("Patroni medialni", "media_patron", [tvp]),
    ]


def test_create_track_and_nested_track(wagtail_admin, congress):
    partner = PartnerFactory(name="Górnośląsko-Zagłębiowska Metropolia")
    track = publish(
        wagtail_admin,
        SessionTrackPage,
        congress,
        track_form_data(
            title="Kwestia metropolitalna",
            slug="kwestia-metropolitalna",
            kind=TrackKind.STAGE,
            colour="#AA3300",
            signup_opens_at="2021-05-20 12:00",
            partners=inline_formset([{"partner": partner.pk}]),
        ),
    )
    assert track.kind == "stage"
    assert track.colour == "#AA3300"
    assert track.signup_opens_at == warsaw(2021, 5, 20, 12, 0)
    assert "Wyjątkowy panel." in track.description
    assert [row.partner for row in track.partners.all()] == [partner]

    nested = publish(wagtail_admin, SessionTrackPage, track, track_form_data(slug="urbact"))
    assert nested.get_parent().pk == track.pk
    assert nested.congress.pk == congress.pk


def test_create_session_with_speakers_in_order_and_roles(wagtail_admin, congress, track):
    area = ThematicAreaFactory(name="Zarządzanie i finanse publiczne")
    congress.thematic_areas.create(area=area)
    congress.save_revision().publish()
    moderator, panellist = SpeakerFactory(name="Anna Nowak"), SpeakerFactory(name="Jan Kowalski")
    host = SpeakerFactory(name="Maria Wiśniewska")
    zmp = PartnerFactory(name="Związek Miast Polskich")
    data = session_form_data(
        speakers=inline_formset(
            [
                {"speaker": panellist.pk, "role": SpeakerRole.PANELLIST},
                {"speaker": moderator.pk, "role": SpeakerRole.MODERATOR},
                {"speaker": host.pk, "role": SpeakerRole.HOST},
            ]
        ),
        partners=inline_formset([{"partner": zmp.pk}]),
        thematic_areas=inline_formset([{"area": area.pk}]),
        registration_url="https://kongrespolitykimiejskiej.pl/zapisy",
        registration_opens_at="2021-05-20 12:00",
        capacity="40",
        materials=streamfield(
            [("link", {"title": "Plany Rozwoju Lokalnego", "url": "https://www.zmp.poznan.pl/"})]
        ),
        external_id="kpm-2021-zmp",
    )
    data["registration_required"] = "on"

    session = publish(wagtail_admin, SessionPage, track, data)

    assert session.start == warsaw(2021, 6, 8, 10, 0)
    assert session.end == warsaw(2021, 6, 8, 11, 30)
    assert session.registration_opens_at == warsaw(2021, 5, 20, 12, 0)
    assert session.registration_required is True
    assert session.capacity == 40
    assert session.room == "Scena główna"
    assert session.external_id == "kpm-2021-zmp"
    speakers = [(row.speaker, row.role) for row in session.speakers.order_by("sort_order")]
    assert speakers == [(panellist, "panellist"), (moderator, "moderator"), (host, "host")]
    assert [row.partner for row in session.partners.all()] == [zmp]
    assert [row.area for row in session.thematic_areas.all()] == [area]
    assert session.materials[0].value["url"] == "https://www.zmp.poznan.pl/"
    assert session.congress.pk == congress.pk


def test_create_news_index_and_article_with_tags(wagtail_admin, congress):
    index = publish(wagtail_admin, NewsIndexPage, congress, news_index_form_data())
    category = NewsCategoryFactory(name="Inne", slug="inne")

    article = publish(
        wagtail_admin,
        NewsArticlePage,
        index,
        news_article_form_data(
            category=category.pk,
            tags='ZMP, "rozwój lokalny", KPM 2021',
            related_congress=congress.pk,
            body=streamfield(
                [
                    ("heading", {"text": "Sesja ZMP", "level": "h2"}),
                    ("link", {"label": "Rejestracja", "page": "", "url": "https://example.com/"}),
                ]
            ),
        ),
    )

    assert article.publication_date == datetime.date(2021, 5, 28)
    assert article.category == category
    assert sorted(article.tags.names()) == ["KPM 2021", "ZMP", "rozwój lokalny"]
    assert article.related_congress.pk == congress.pk
    assert [block.block_type for block in article.body] == ["heading", "link"]
    assert list(index.articles()) == [article]


def test_create_partner_listing_with_groups(wagtail_admin, congress):
    zmp, irmir = PartnerFactory(name="ZMP"), PartnerFactory(name="IRMiR")
    listing = publish(
        wagtail_admin,
        PartnerListingPage,
        congress,
        partner_listing_form_data(
            partners=streamfield(
                [
                    partner_group("Partnerzy strategiczni", PartnerRole.STRATEGIC_PARTNER, [zmp]),
                    partner_group("Partnerzy", PartnerRole.PARTNER, [irmir, zmp]),
                ]
            )
        ),
    )
    assert [block.value["heading"] for block in listing.partners] == [
        "Partnerzy strategiczni",
        "Partnerzy",
    ]
    assert list(listing.partners[1].value["partners"]) == [irmir, zmp]


def test_admin_refuses_a_disallowed_add(wagtail_admin, congress, track, session, news_index):
    # A session directly under a congress, an article outside a news index, anything under a
    # session: the add view sends the editor back to the dashboard instead of showing a form.
    for model, parent in [
        (SessionPage, congress),
        (NewsArticlePage, congress),
        (NewsArticlePage, track),
        (SessionTrackPage, session),
        (SessionPage, news_index),
        (CongressPage, congress),
    ]:
        response = wagtail_admin.get(page_add_url(model, parent), follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)], (model, parent)
        # "Sorry, you do not have permission to access this area." (in LANGUAGE_CODE: Wagtail
        # adds it before it switches to the editor's preferred language).
        assert {m.level_tag for m in response.context["messages"]} == {"error"}
        pages_before = Page.objects.count()
        response = wagtail_admin.post(
            page_add_url(model, parent), {**session_form_data(), "action-publish": "1"}
        )
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
        assert Page.objects.count() == pages_before


def test_edit_views_load(wagtail_admin, congress, track, session, news_index):
    article = NewsArticlePageFactory(parent=news_index)
    listing = PartnerListingPageFactory(parent=congress)
    for page in [congress, track, session, news_index, article, listing]:
        response = wagtail_admin.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
        assert response.context["form"].instance.pk == page.pk
        assert f'value="{page.title}"' in response.content.decode()


def test_edit_session_publishes_changes(wagtail_admin, session):
    from wagtail.test.utils.form_data import querydict_from_html

    url = reverse("wagtailadmin_pages:edit", args=[session.pk])
    data = querydict_from_html(wagtail_admin.get(url).content.decode(), form_id="page-edit-form")
    data["room"] = "Sala B"
    data["materials-count"] = "0"
    data["action-publish"] = "1"
    response = wagtail_admin.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    session.refresh_from_db()
    assert session.room == "Sala B"
    assert session.start == warsaw(2021, 6, 8, 10, 0)


def test_session_recording_follows_the_congress_unless_set(wagtail_admin, congress, session):
    """The session's recording choice has three answers; the first leaves it to the congress."""
    from wagtail.test.utils.form_data import querydict_from_html

    url = reverse("wagtailadmin_pages:edit", args=[session.pk])
    page = wagtail_admin.get(url).content.decode()
    assert 'name="do_not_record"' in page
    data = querydict_from_html(page, form_id="page-edit-form")
    assert data["do_not_record"] == "unknown"
    data.update({"materials-count": "0", "action-publish": "1"})
    for answer, stored in (("true", True), ("false", False), ("unknown", None)):
        data.update({"do_not_record": answer, "recording_license": "CC0"})
        response = wagtail_admin.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        session.refresh_from_db()
        assert (session.do_not_record, session.recording_license) == (stored, "CC0")
    congress.do_not_record = True
    assert session.recording_terms(congress) == ("CC0", True)
