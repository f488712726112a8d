"""Each case's consent (one date and one text) becomes one consent record.

What the text said cannot be read as a recipient or a scope, so the record is the narrowest that lets
the service keep doing what it did: any partner, initials only, "recorded before consent per recipient"
as the method, and the old text kept in the notes for the worker to turn into precise records.

Frozen helpers: this file uses the historical models only and no code of the app, so it stays valid
whatever the models become.
"""

from django.db import migrations

ANY_PARTNER = "any_partner"
INITIALS = "initials"
RECORDED_BEFORE = "recorded_before"


def case_fields_to_records(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Consent = apps.get_model("cases", "Consent")
    consented = Case.objects.filter(consent_given_on__isnull=False).values_list("pk", "consent_given_on", "consent_scope")
    Consent.objects.bulk_create(
        [
            Consent(
                case_id=pk,
                recipient=ANY_PARTNER,
                scope=INITIALS,
                given_on=given_on,
                method=RECORDED_BEFORE,
                notes=scope_text,
            )
            for pk, given_on, scope_text in consented.iterator()
        ],
        batch_size=1000,
    )


def records_to_case_fields(apps, schema_editor):
    """Back to one date and one text per case, from the earliest consent still in force.

    A case whose consents were all withdrawn goes back to "no consent": the old fields had no withdrawal,
    and a date there would let referrals be sent again.
    """
    Case = apps.get_model("cases", "Case")
    Consent = apps.get_model("cases", "Consent")
    chosen = {}
    for consent in Consent.objects.filter(withdrawn_on__isnull=True).order_by("given_on", "pk").iterator():
        chosen.setdefault(consent.case_id, consent)
    for case_id, consent in chosen.items():
        # The old constraint wants a text with every date.
        text = consent.notes or f"{consent.recipient} ({consent.scope})"
        Case.objects.filter(pk=case_id).update(consent_given_on=consent.given_on, consent_scope=text)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_consent_per_recipient_and_partner_answers")]

    operations = [migrations.RunPython(case_fields_to_records, records_to_case_fields)]
