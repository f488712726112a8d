"""Issue 14's "done": a worker attaches the signed consent, hands the case to a colleague who is told, the
colleague submits a joint plan that the coordinator approves and prints the pact, and a worker of
another team sees none of it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.roles import SOCIAL_WORKER
from cases.models import JointPlan
from documents.models import Document
from notifications.models import Notification
from tests.factories import CaseFactory, OrganisationFactory, UserFactory


def test_the_case_work_journey(client, worker, coordinator, other_team_worker):
    colleague = UserFactory(username="luca", team=worker.team, role=SOCIAL_WORKER)
    case = CaseFactory(person__team=worker.team, person__first_name="Maria", person__last_name="Bianchi",
                       responsible=worker)  # fmt: skip

    client.force_login(worker)
    consent = SimpleUploadedFile("consenso.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(
        reverse("documents:create", args=["cases.case", case.pk]), {"title": "Consenso firmato", "file": consent}
    )
    document = Document.objects.get()
    client.post(
        reverse("cases:case_reassign", args=[case.pk]),
        {"to": colleague.pk, "reason": "Rientro dalla maternità di Luca", "edited_version": case.version},
    )
    assert Notification.objects.get(user=colleague).kind == "case_assigned"

    client.force_login(colleague)
    client.post(reverse("cases:plan_create", args=[case.pk]), {"title": "Patto con l'oratorio",
                                                               "started_on": "2026-02-01"})  # fmt: skip
    plan = JointPlan.objects.get()
    client.post(reverse("cases:partner_add", args=[plan.pk]),
                {"organisation": OrganisationFactory(name="Oratorio").pk, "role": "Doposcuola"})  # fmt: skip
    client.post(reverse("cases:objective_add", args=[plan.pk]),
                {"description": "Frequenza", "indicator": "Assenze < 10%", "status": "planned"})  # fmt: skip
    client.post(reverse("cases:plan_submit", args=[plan.pk]))

    client.force_login(coordinator)
    assert [p.pk for p in client.get(reverse("cases:to_approve")).context["plans"]] == [plan.pk]
    client.post(reverse("cases:plan_decide", args=[plan.pk]), {"decision": "approve"})
    plan.refresh_from_db()
    assert plan.status == "active"

    client.force_login(colleague)
    assert list(Notification.objects.filter(user=colleague).values_list("kind", flat=True).order_by("pk")) == [
        "case_assigned",
        "plan_decided",
    ]
    pact = client.get(reverse("cases:plan_pact_pdf", args=[plan.pk]))
    assert pact.status_code == 200 and pact.content.startswith(b"%PDF")

    client.force_login(other_team_worker)
    for url in (
        case.get_absolute_url(),
        case.person.get_absolute_url(),
        plan.get_absolute_url(),
        document.get_absolute_url(),
        reverse("cases:plan_pact_pdf", args=[plan.pk]),
        reverse("cases:case_summary_pdf", args=[case.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("cases:to_approve")).context["plans"] == []
    assert not Notification.objects.filter(user=other_team_worker).exists()

    # Every notification of the journey is worded in Italian, with initials and numbers only.
    with translation.override("it"):
        for notification in Notification.objects.all():
            message = notification.message()
            assert "Bianchi" not in message and "maternità" not in message
            assert f"{case.pk}" in message
