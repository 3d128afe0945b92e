"""A snippet newly referenced by a translated object reaches the translation on sync (#540)."""

from contextlib import suppress

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail_localize.models import TranslationSource

from wagtail_congress.models import CongressPage, Partner, SessionPage, SessionPartner

from .factories import PartnerFactory
from .test_translation_e2e import in_english, publish, submit


def sync_programmatically(instance, on_commit) -> None:
    """What ``UpdateTranslationsView.form_valid`` does with "Publish immediately"."""
    source = TranslationSource.objects.get_for_instance(instance)
    with on_commit(execute=True), transaction.atomic():
        source.update_from_db()
        for translation in source.translations.filter(enabled=True):
            with suppress(ValidationError):
                translation.save_target(publish=True)


def test_new_inline_partner_is_submitted_on_sync(
    session, locale_en, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    submit(session, locale_en, on_commit)
    partner = PartnerFactory(name="Fundacja Miasto")
    session.partners.add(SessionPartner(partner=partner))
    publish(session)

    sync_programmatically(session, on_commit)

    en_partner = in_english(Partner, partner)
    en_session = in_english(SessionPage, session)
    assert [row.partner_id for row in en_session.partners.all()] == [en_partner.pk]
    assert (
        TranslationSource.objects.get_for_instance(partner)
        .translations.filter(target_locale=locale_en)
        .exists()
    )


def test_new_partner_in_a_streamfield_group_is_submitted_on_sync(
    congress, locale_en, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    first = PartnerFactory(name="Związek Miast Polskich")
    congress.partners = [
        ("group", {"heading": "Partnerzy", "role": "partner", "partners": [first]})
    ]
    publish(congress)
    submit(congress, locale_en, on_commit)
    added = PartnerFactory(name="Ministerstwo Funduszy")
    congress.partners[0].value["partners"].append(added)
    publish(congress)

    sync_programmatically(congress, on_commit)

    (group,) = in_english(CongressPage, congress).partners
    assert [p.pk for p in group.value["partners"]] == [
        in_english(Partner, first).pk,
        in_english(Partner, added).pk,
    ]


def test_snippet_already_translated_is_not_resubmitted(
    session, locale_en, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    submit(session, locale_en, on_commit)
    partner = PartnerFactory(name="Fundacja Miasto")
    english = partner.copy_for_translation(locale_en)
    english.name = "City Foundation"
    english.save()
    session.partners.add(SessionPartner(partner=partner))
    publish(session)

    sync_programmatically(session, on_commit)

    assert in_english(Partner, partner).name == "City Foundation"
    assert not TranslationSource.objects.filter(object_id=partner.translation_key).exists()
    assert [row.partner_id for row in in_english(SessionPage, session).partners.all()] == [
        english.pk
    ]
