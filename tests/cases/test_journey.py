"""The issue's acceptance story, through the pages a social worker uses."""

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Referral
from tests.factories import ContactFactory, OpportunityFactory, PersonFactory


def test_a_worker_refers_a_person_to_an_after_school_and_follows_it_to_the_end(client, worker, other_team_worker):
    person = PersonFactory(team=worker.team, last_name="Bianchi", first_name="Luca")
    opportunity = OpportunityFactory(title="Doposcuola medie Mazzo", kind="after_school")
    opportunity.liaison = ContactFactory(organisation=opportunity.organisation, is_liaison=True)
    opportunity.save()

    client.post(reverse("login"), {"login": "sara", "password": "password-di-prova"})
    client.post(
        reverse("cases:case_create", args=[person.pk]),
        {
            "responsible": worker.pk,
            "opened_on": "2026-01-10",
            "need_educational": "3",
        },
    )
    case = Case.objects.get()
    client.post(
        reverse("cases:consent_create", args=[case.pk]),
        {"recipient": "organisation", "organisation": opportunity.organisation.pk, "scope": "initials",
         "given_on": "2026-01-10", "method": "signed_form", "notes": "Dati essenziali all'oratorio"},
    )  # fmt: skip
    client.post(reverse("cases:referral_create", args=[case.pk]), {"kind": "referral", "opportunity": opportunity.pk})
    referral = Referral.objects.get()
    # The referral is prepared today, so each later step is dated today too.
    today = timezone.localdate().isoformat()
    steps = [
        ("sent", today, ""),
        ("accepted", today, "Posto disponibile dal lunedì"),
        ("in_progress", today, ""),
        ("completed", today, "Ha recuperato le insufficienze"),
    ]
    for status, day, note in steps:
        response = client.post(
            reverse("cases:referral_transition", args=[referral.pk]),
            {"to_status": status, "occurred_on": day, "note": note},
        )
        assert response.status_code == 302, status

    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == ("completed", "Ha recuperato le insufficienze")
    timeline = client.get(case.get_absolute_url()).content.decode()
    for text in ("Doposcuola medie Mazzo", "Accettato", "Concluso", "Ha recuperato le insufficienze"):
        assert text in timeline

    client.force_login(other_team_worker)
    for url in (
        case.get_absolute_url(),
        referral.get_absolute_url(),
        reverse("cases:referral_create", args=[case.pk]),
        person.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("cases:referral_transition", args=[referral.pk]), {"to_status": "withdrawn"}).status_code
        == 404
    )
