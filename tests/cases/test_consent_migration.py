"""cases/0006: each case's consent (one date and one text) becomes one consent record, and back."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0005_consent_per_recipient_and_partner_answers")]
AFTER = [("cases", "0007_remove_case_consent_fields")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_case_fields_become_records_and_come_back():
    try:
        old = migrate(BEFORE)
        Team, User = old.get_model("accounts", "Team"), old.get_model("accounts", "User")
        Person, Case = old.get_model("cases", "Person"), old.get_model("cases", "Case")
        team = Team.objects.create(name="Équipe migrazione")
        worker = User.objects.create(username="migrazione", team=team)
        consented, silent = (
            Case.objects.create(
                person=Person.objects.create(team=team, first_name=name, last_name="Rossi"),
                team=team,
                responsible=worker,
                consent_given_on=given_on,
                consent_scope=scope,
            )
            for name, given_on, scope in [
                ("Anna", date(2025, 5, 2), "Dati essenziali all'oratorio"),
                ("Bruno", None, ""),
            ]
        )

        new = migrate(AFTER)
        Consent = new.get_model("cases", "Consent")
        record = Consent.objects.get()
        assert (record.case_id, record.given_on, record.notes) == (
            consented.pk,
            date(2025, 5, 2),
            "Dati essenziali all'oratorio",
        )
        # The narrowest reading of a text nobody can parse: any partner, initials only, method not invented.
        assert (record.recipient, record.scope, record.method) == ("any_partner", "initials", "recorded_before")
        assert not Consent.objects.filter(case_id=silent.pk).exists()
        # Bruno consents later, then withdraws: going back must not make it a consent again.
        Consent.objects.create(
            case_id=silent.pk, recipient="any_partner", scope="name", given_on=date(2025, 6, 1), method="signed_form",
            withdrawn_on=date(2025, 7, 1),
        )  # fmt: skip

        back = migrate(BEFORE)
        Case = back.get_model("cases", "Case")
        assert list(Case.objects.order_by("pk").values_list("consent_given_on", "consent_scope")) == [
            (date(2025, 5, 2), "Dati essenziali all'oratorio"),
            (None, ""),
        ]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
