"""A person's rights over their data: everything we hold about them, and anonymisation after retention."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from audit.models import AuditEvent
from cases.choices import CaseStatus
from cases.models import Case, CaseEvent, CaseMeeting, JointPlan, Person, PlanReview, Referral, ReferralTransition

REDACTED = "[anonimizzato]"


def person_dossier(person: Person) -> dict:
    """Everything about one person, as plain data (for the JSON and PDF exports)."""
    cases = (
        Case.objects.filter(person=person)
        .select_related("responsible", "team")
        .prefetch_related(
            "needs__dimension",
            "referrals__opportunity__organisation",
            "referrals__transitions__actor",
            "joint_plans__partners__organisation",
            "joint_plans__objectives",
            "joint_plans__reviews",
            "joint_plans__meetings",
            "events__actor",
        )
    )
    referral_ids = Referral.objects.filter(case__person=person).values_list("pk", flat=True)
    plan_ids = JointPlan.objects.filter(case__person=person).values_list("pk", flat=True)
    accesses = AuditEvent.objects.filter(
        Q(object_type="cases.person", object_id=str(person.pk))
        | Q(
            object_type="cases.case",
            object_id__in=[str(pk) for pk in Case.objects.filter(person=person).values_list("pk", flat=True)],
        )
        | Q(object_type="cases.referral", object_id__in=[str(pk) for pk in referral_ids])
        | Q(object_type="cases.jointplan", object_id__in=[str(pk) for pk in plan_ids])
    ).order_by("at")
    return {
        "generated_at": timezone.now().isoformat(),
        "person": {
            "id": person.pk,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "fiscal_code": person.fiscal_code,
            "birth_date": person.birth_date,
            "sex": person.get_sex_display(),
            "area": person.area.label if person.area else None,
            "address": person.address,
            "phone": person.phone,
            "email": person.email,
            "household_notes": person.household_notes,
            "team": str(person.team),
        },
        "cases": [_case(case) for case in cases],
        "accesses": [
            {
                "at": event.at.isoformat(),
                "who": event.username,
                "role": event.role,
                "action": event.get_action_display(),
                "record": f"{event.object_type}#{event.object_id}",
                "allowed": event.allowed,
            }
            for event in accesses
        ],
    }


def _case(case: Case) -> dict:
    return {
        "id": case.pk,
        "status": case.get_status_display(),
        "opened_on": case.opened_on,
        "status_changed_on": case.status_changed_on,
        "responsible": str(case.responsible),
        "team": str(case.team),
        "needs": [{"dimension": str(n.dimension), "level": n.get_level_display()} for n in case.needs.all()],
        "goals": case.goals,
        "consent": {"given_on": case.consent_given_on, "scope": case.consent_scope},
        "commitments": case.commitments,
        "referrals": [
            {
                "kind": r.get_kind_display(),
                "opportunity": r.opportunity.title,
                "organisation": r.opportunity.organisation.name,
                "status": r.get_status_display(),
                "reason": r.reason,
                "decline_reason": r.decline_reason,
                "outcome": r.outcome,
                "steps": [
                    {
                        "on": t.occurred_on,
                        "from": t.get_from_status_display(),
                        "to": t.get_to_status_display(),
                        "by": str(t.actor),
                        "note": t.note,
                    }  # fmt: skip
                    for t in r.transitions.all()
                ],
            }
            for r in case.referrals.all()
        ],
        "joint_plans": [
            {
                "title": p.title,
                "started_on": p.started_on,
                "partners": [
                    {"organisation": x.organisation.name, "role": x.role, "commitments": x.commitments}
                    for x in p.partners.all()
                ],
                "objectives": [
                    {"objective": o.description, "indicator": o.indicator, "status": o.get_status_display()}
                    for o in p.objectives.all()
                ],
                "reviews": [{"on": v.reviewed_on, "summary": v.summary} for v in p.reviews.all()],
                "meetings": [{"on": m.held_on, "minutes": m.minutes} for m in p.meetings.all()],
            }
            for p in case.joint_plans.all()
        ],
        "timeline": [
            {"on": e.occurred_on, "what": e.summary(), "by": str(e.actor), "text": e.data.get("text", "")}
            for e in case.events.all()
        ],
    }


def people_past_retention(years: int, today: date | None = None):
    """People not yet anonymised whose every case was closed more than `years` years ago.

    People with no case at all count from the day they were registered.
    """
    cutoff = (today or timezone.localdate()) - timedelta(days=round(365.25 * years))
    still_relevant = Case.objects.filter(person=OuterRef("pk")).filter(
        ~Q(status=CaseStatus.CLOSED) | Q(status_changed_on__gt=cutoff) | Q(status_changed_on__isnull=True)
    )
    has_case = Case.objects.filter(person=OuterRef("pk"))
    return (
        Person.objects.filter(anonymised_on__isnull=True)
        .annotate(relevant=Exists(still_relevant), has_case=Exists(has_case))
        .filter(relevant=False)
        .filter(Q(has_case=True) | Q(created_at__date__lte=cutoff))
    )


@transaction.atomic
def anonymise(person: Person) -> None:
    """Remove what identifies the person; keep what the indicators count (areas, needs, statuses)."""
    person.first_name = "—"
    person.last_name = f"Anonimo {person.pk}"
    person.fiscal_code = None
    person.birth_date = None
    person.address = person.phone = person.email = person.household_notes = ""
    person.anonymised_on = timezone.localdate()
    person.save()
    cases = Case.objects.filter(person=person)
    for case in cases:
        case.goals = case.commitments = ""
        # A recorded consent keeps its date (the service acted on it) but not what it said.
        case.consent_scope = REDACTED if case.consent_given_on else ""
        case.save()
    referrals = Referral.objects.filter(case__person=person)
    referrals.update(reason="")
    referrals.exclude(decline_reason="").update(decline_reason=REDACTED)
    referrals.exclude(outcome="").update(outcome=REDACTED)
    ReferralTransition.objects.filter(referral__case__person=person).exclude(note="").update(note=REDACTED)
    PlanReview.objects.filter(plan__case__person=person).update(summary=REDACTED)
    CaseMeeting.objects.filter(plan__case__person=person).update(minutes=REDACTED, others_present="")
    JointPlan.objects.filter(case__person=person).update(notes="")
    for event in CaseEvent.objects.filter(case__person=person):
        # CaseEvent rows are the timeline: only their free text goes.
        if event.data.get("text"):
            CaseEvent.objects.filter(pk=event.pk).update(data={**event.data, "text": REDACTED})
