"""Every validation message of the content model, from full_clean() and through the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from wagtail_congress.blocks import BodyBlock, LinkBlock
from wagtail_congress.models import CongressPage, NewsArticlePage, SessionPage, SessionTrackPage
from wagtail_congress.validators import validate_hex_colour, validate_timezone_name

from .conftest import page_add_url
from .factories import (
    CongressPageFactory,
    SessionPageFactory,
    SessionTrackPageFactory,
    ThematicAreaFactory,
    admin_datetime,
    congress_form_data,
    inline_formset,
    news_article_form_data,
    session_form_data,
    streamfield,
    track_form_data,
    warsaw,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

END_BEFORE_START = "The end must be later than the start."
REGISTRATION_CLOSES_EARLY = "Registration must close later than it opens."
REGISTRATION_LATE = "Registration must open before the session starts."
OUTSIDE_CONGRESS = "The session must take place during the congress (2021-06-07 – 2021-06-08)."
INVALID_COLOUR = "Enter a colour as # followed by six hexadecimal digits, for example #1d4e89."
CAPACITY = "Ensure this value is greater than or equal to 1."
LINK_PAGE_OR_URL = "Choose a page or enter an external address, but not both."


def model_errors(page) -> dict[str, list[str]]:
    """full_clean()'s messages (in English); an unsaved page has no tree position yet."""
    exclude = [] if page.path else ["path", "depth"]
    with pytest.raises(ValidationError) as caught:
        page.full_clean(exclude=exclude)
    with translation.override("en"):
        return {field: [str(m) for m in messages] for field, messages in caught.value}


def form_errors(form) -> dict[str, list[str]]:
    # The messages are lazy and the request left its own language active: read them in English.
    with translation.override("en"):
        return {field: [str(m) for m in errors] for field, errors in form.errors.items()}


def admin_errors(client, model, parent, data) -> dict[str, list[str]]:
    """POST the add form; it must be refused, and the form's errors are returned."""
    count = model.objects.count()
    response = client.post(page_add_url(model, parent), {**data, "action-publish": "1"})
    assert response.status_code == 200, "the admin accepted invalid data"
    assert model.objects.count() == count
    return form_errors(response.context["form"])


# Congress


def test_congress_end_before_start(site_root):
    congress = CongressPageFactory.build(start=warsaw(2021, 6, 8, 9), end=warsaw(2021, 6, 7, 18))
    site_root.add_child(instance=CongressPageFactory.build())  # a valid sibling does not matter
    assert model_errors(congress)["end"] == [END_BEFORE_START]
    congress.end = congress.start
    assert model_errors(congress)["end"] == [END_BEFORE_START]


def test_congress_end_before_start_in_admin(wagtail_admin, site_root):
    data = congress_form_data(end=admin_datetime(warsaw(2021, 6, 6, 18, 0)))
    assert admin_errors(wagtail_admin, CongressPage, site_root, data)["end"] == [END_BEFORE_START]


def test_congress_registration_closes_before_it_opens(site_root):
    congress = CongressPageFactory.build(
        registration_opens_at=warsaw(2021, 5, 20, 12), registration_closes_at=warsaw(2021, 5, 1)
    )
    assert model_errors(congress) == {"registration_closes_at": [REGISTRATION_CLOSES_EARLY]}


def test_congress_registration_closes_before_it_opens_in_admin(wagtail_admin, site_root):
    data = congress_form_data(
        registration_opens_at=admin_datetime(warsaw(2021, 5, 20, 12)),
        registration_closes_at=admin_datetime(warsaw(2021, 5, 1, 12)),
    )
    errors = admin_errors(wagtail_admin, CongressPage, site_root, data)
    assert errors == {"registration_closes_at": [REGISTRATION_CLOSES_EARLY]}


def test_congress_both_ranges_reported_together(site_root):
    congress = CongressPageFactory.build(
        start=warsaw(2021, 6, 8),
        end=warsaw(2021, 6, 7),
        registration_opens_at=warsaw(2021, 5, 20),
        registration_closes_at=warsaw(2021, 5, 20),
    )
    assert model_errors(congress) == {
        "end": [END_BEFORE_START],
        "registration_closes_at": [REGISTRATION_CLOSES_EARLY],
    }


def test_congress_invalid_timezone(site_root):
    congress = CongressPageFactory.build(timezone="Mars/Olympus_Mons")
    # The field's choices reject the name before its validator runs.
    assert model_errors(congress)["timezone"] == [
        "Value 'Mars/Olympus_Mons' is not a valid choice."
    ]


def test_congress_invalid_timezone_in_admin(wagtail_admin, site_root):
    data = congress_form_data(timezone="Mars/Olympus_Mons")
    assert admin_errors(wagtail_admin, CongressPage, site_root, data)["timezone"] == [
        "Select a valid choice. Mars/Olympus_Mons is not one of the available choices."
    ]


def test_timezone_validator_message():
    validate_timezone_name("Europe/Warsaw")
    for value in ["Mars/Olympus_Mons", "../etc/passwd", ""]:
        with pytest.raises(ValidationError) as caught:
            validate_timezone_name(value)
        assert caught.value.messages == [
            f"“{value}” is not a known timezone, such as Europe/Warsaw."
        ]


def test_congress_unknown_language_code(site_root):
    congress = CongressPageFactory.build(languages=["pl", "xx", "klingon"])
    assert model_errors(congress) == {"languages": ["Unknown language code: xx, klingon."]}


def test_congress_languages_must_be_a_list(site_root):
    congress = CongressPageFactory.build(languages="pl")
    assert model_errors(congress) == {"languages": ["Enter a list of language codes."]}


def test_congress_unknown_language_code_in_admin(wagtail_admin, site_root):
    data = congress_form_data(languages=["pl", "xx"])
    assert admin_errors(wagtail_admin, CongressPage, site_root, data)["languages"] == [
        "Select a valid choice. xx is not one of the available choices."
    ]


def test_valid_congress_passes(site_root):
    CongressPageFactory.build().full_clean(exclude=["path", "depth"])


# Track


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "1d4e89", "#gggggg"])
def test_track_invalid_colour(congress, colour):
    track = SessionTrackPageFactory(parent=congress)
    track.colour = colour
    assert INVALID_COLOUR in model_errors(track)["colour"]


def test_track_invalid_colour_in_admin(wagtail_admin, congress):
    data = track_form_data(colour="blue")
    errors = admin_errors(wagtail_admin, SessionTrackPage, congress, data)
    assert errors == {"colour": [INVALID_COLOUR]}


def test_colour_validator_accepts_both_cases():
    validate_hex_colour("#1d4e89")
    validate_hex_colour("#AA3300")


# Session


def test_session_end_before_start(track):
    session = SessionPageFactory(parent=track)
    session.end = session.start - datetime.timedelta(minutes=30)
    assert model_errors(session) == {"end": [END_BEFORE_START]}


def test_session_end_before_start_in_admin(wagtail_admin, track):
    data = session_form_data(end=admin_datetime(warsaw(2021, 6, 8, 9, 0)))
    assert admin_errors(wagtail_admin, SessionPage, track, data) == {"end": [END_BEFORE_START]}


def test_session_registration_opens_after_it_starts(track):
    session = SessionPageFactory(parent=track)
    session.registration_opens_at = session.start
    assert model_errors(session) == {"registration_opens_at": [REGISTRATION_LATE]}
    session.registration_opens_at = session.start + datetime.timedelta(hours=1)
    assert model_errors(session) == {"registration_opens_at": [REGISTRATION_LATE]}


def test_session_registration_opens_after_it_starts_in_admin(wagtail_admin, track):
    data = session_form_data(registration_opens_at=admin_datetime(warsaw(2021, 6, 8, 10, 30)))
    errors = admin_errors(wagtail_admin, SessionPage, track, data)
    assert errors == {"registration_opens_at": [REGISTRATION_LATE]}


def test_session_capacity_zero(track):
    session = SessionPageFactory(parent=track)
    session.capacity = 0
    assert model_errors(session) == {"capacity": [CAPACITY]}


def test_session_capacity_zero_in_admin(wagtail_admin, track):
    errors = admin_errors(wagtail_admin, SessionPage, track, session_form_data(capacity="0"))
    assert errors == {"capacity": [CAPACITY]}


def test_existing_session_outside_its_congress(track):
    session = SessionPageFactory(parent=track)
    session.start = warsaw(2021, 6, 9, 10, 0)
    session.end = warsaw(2021, 6, 9, 11, 0)
    assert model_errors(session) == {"start": [OUTSIDE_CONGRESS], "end": [OUTSIDE_CONGRESS]}


def test_congress_days_follow_its_timezone(track):
    # 23:30 UTC on 8 June is already 9 June in Warsaw, after the congress.
    session = SessionPageFactory(parent=track)
    session.end = datetime.datetime(2021, 6, 8, 23, 30, tzinfo=datetime.UTC)
    assert model_errors(session) == {"end": [OUTSIDE_CONGRESS]}
    session.end = datetime.datetime(2021, 6, 8, 21, 30, tzinfo=datetime.UTC)
    session.full_clean()


def test_session_in_a_nested_track_checks_the_congress(track):
    subtrack = SessionTrackPageFactory(parent=track)
    session = SessionPageFactory(parent=subtrack)
    session.start = warsaw(2021, 6, 6, 10, 0)
    assert model_errors(session) == {"start": [OUTSIDE_CONGRESS]}


def test_new_session_outside_its_congress_in_admin(wagtail_admin, track):
    data = session_form_data(
        start=admin_datetime(warsaw(2021, 6, 6, 10, 0)),
        end=admin_datetime(warsaw(2021, 6, 8, 11, 0)),
    )
    errors = admin_errors(wagtail_admin, SessionPage, track, data)
    assert errors == {"start": [OUTSIDE_CONGRESS]}


def test_existing_session_outside_its_congress_in_admin(wagtail_admin, session, admin_urls):
    from wagtail.test.utils.form_data import querydict_from_html

    url = admin_urls.page_edit(session)
    data = querydict_from_html(wagtail_admin.get(url).content.decode(), form_id="page-edit-form")
    data["materials-count"] = "0"
    data["end"] = admin_datetime(warsaw(2021, 6, 9, 11, 0))
    response = wagtail_admin.post(url, {**data.dict(), "action-publish": "1"})
    assert response.status_code == 200
    assert form_errors(response.context["form"]) == {"end": [OUTSIDE_CONGRESS]}
    session.refresh_from_db()
    assert session.end == warsaw(2021, 6, 8, 11, 30)


def test_session_thematic_area_not_in_the_congress_in_admin(wagtail_admin, congress, track):
    chosen = ThematicAreaFactory(name="Transport i mobilność miejska")
    congress.thematic_areas.create(area=chosen)
    congress.save_revision().publish()
    other = ThematicAreaFactory(name="Kosmos")
    data = session_form_data(
        thematic_areas=inline_formset([{"area": chosen.pk}, {"area": other.pk}])
    )

    count = SessionPage.objects.count()
    response = wagtail_admin.post(page_add_url(SessionPage, track), {**data, "action-publish": "1"})

    assert response.status_code == 200
    assert SessionPage.objects.count() == count
    formset = response.context["form"].formsets["thematic_areas"]
    assert [form_errors(form) for form in formset.forms] == [
        {},
        {"area": [f"“Kosmos” is not one of the thematic areas of {congress.title}."]},
    ]


def test_session_thematic_area_deleted_row_is_not_checked(wagtail_admin, congress, track):
    other = ThematicAreaFactory(name="Kosmos")
    data = session_form_data(thematic_areas=inline_formset([{"area": other.pk, "DELETE": "1"}]))
    response = wagtail_admin.post(page_add_url(SessionPage, track), {**data, "action-publish": "1"})
    assert response.status_code == 302


# Blocks


def test_link_block_needs_exactly_one_of_page_or_url(congress):
    block = LinkBlock()
    for value in [
        {"label": "Oba", "page": congress, "url": "https://example.com/"},
        {"label": "Żaden", "page": None, "url": ""},
    ]:
        with pytest.raises(StructBlockValidationError) as caught:
            block.clean(block.to_python(block.get_prep_value(block.normalize(value))))
        assert [str(m) for m in caught.value.block_errors["url"].messages] == [LINK_PAGE_OR_URL]
    block.clean(block.normalize({"label": "Strona", "page": congress, "url": ""}))
    block.clean(block.normalize({"label": "Zewnętrzny", "page": None, "url": "https://a.pl/"}))


def test_link_block_error_in_a_body(congress):
    body = BodyBlock()
    value = body.to_python(
        [
            {"type": "heading", "value": {"text": "Rejestracja", "level": "h2"}},
            {"type": "link", "value": {"label": "Żaden", "page": None, "url": ""}},
        ]
    )
    with pytest.raises(StreamBlockValidationError) as caught:
        body.clean(value)
    with translation.override("en"):
        assert list(caught.value.block_errors) == [1]
        link_errors = caught.value.block_errors[1].block_errors
        assert [str(m) for m in link_errors["url"].messages] == [LINK_PAGE_OR_URL]


@pytest.mark.parametrize(
    "with_page, url", [(True, "https://example.com/"), (False, "")], ids=["both", "neither"]
)
def test_link_block_in_admin(wagtail_admin, news_index, congress, with_page, url):
    data = news_article_form_data(
        body=streamfield(
            [
                (
                    "link",
                    {"label": "Rejestracja", "page": congress.pk if with_page else "", "url": url},
                )
            ]
        )
    )
    count = NewsArticlePage.objects.count()
    response = wagtail_admin.post(
        page_add_url(NewsArticlePage, news_index), {**data, "action-publish": "1"}
    )
    assert response.status_code == 200
    assert NewsArticlePage.objects.count() == count
    body_error = response.context["form"].errors.as_data()["body"][0]
    link_error = body_error.block_errors[0]
    with translation.override("en"):
        assert [str(m) for m in link_error.block_errors["url"].messages] == [LINK_PAGE_OR_URL]
