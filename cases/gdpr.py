"""A person's rights over their data: everything we hold about them, and anonymisation after retention."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import capfirst

from audit.models import Action, AuditEvent
from audit.services import record
from cases.choices import CaseStatus
from cases.handover import CaseTransfer
from cases.household import HouseholdMember
from cases.models import (
    Case,
    CaseEvent,
    CaseMeeting,
    Consent,
    JointPlan,
    Person,
    PlanObjective,
    PlanPartner,
    PlanReview,
    Referral,
    ReferralTransition,
)
from cases.supervision import ClosureRequest
from documents.models import Document
from documents.services import remove_documents_about

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
            "referrals__transitions__contact__organisation",
            "consents__organisation",
            "consents__plan",
            "joint_plans__partners__organisation",
            "joint_plans__objectives",
            "joint_plans__reviews",
            "joint_plans__meetings",
            "events__actor",
            "events__contact__organisation",
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
        # Downloads of the documents about them.
        | Q(object_type="documents.document", subject_person_id=person.pk)
    ).order_by("at")
    return {
        "generated_at": timezone.now(),
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
        "household": [
            {
                "name": member.member_name,
                "relationship": member.get_relationship_display(),
                "birth_year": member.member_birth_year,
                "lives_with": member.lives_with,
                "person_in_charge": member.relative_id,
            }
            for member in HouseholdMember.objects.filter(person=person).select_related("relative")
        ],
        "cases": [_case(case) for case in cases],
        # The files themselves are given on request: the export lists what is kept, where and since when.
        "documents": [
            {
                "title": document.title,
                "file_name": document.original_name,
                "type": document.media_type,
                "size": document.size,
                "attached_to": f"{document.record_type}#{document.record_id}",
                "attached_on": document.created_at,
                "by": str(document.uploaded_by),
            }
            for document in Document.objects.filter(subject_person_id=person.pk).select_related("uploaded_by")
        ],
        "accesses": [
            {
                "at": event.at,
                # A partner opening a link has no account: the trail names the contact it was sent to.
                "who": event.username or event.changes.get("who", ""),
                "role": event.role,
                "action": event.get_action_display(),
                "record": f"{event.object_type}#{event.object_id}",
                "allowed": event.allowed,
            }
            for event in accesses
        ],
    }


def person_rows(dossier: dict) -> list[tuple[str, object]]:
    """The person's part of the dossier for people to read: each field named by its label, not its key."""
    return [(capfirst(Person._meta.get_field(key).verbose_name), value) for key, value in dossier["person"].items()]


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
        "consents": [
            {
                "to": c.recipient_label,
                "scope": c.get_scope_display(),
                "given_on": c.given_on,
                "how": c.get_method_display(),
                "witness": c.witness,
                "notes": c.notes,
                "withdrawn_on": c.withdrawn_on,
            }
            for c in case.consents.all()
        ],
        "commitments": case.commitments,
        "referrals": [
            {
                "kind": r.get_kind_display(),
                "opportunity": r.opportunity.title,
                "organisation": r.opportunity.organisation.name,
                "status": r.get_status_display(),
                "reason": r.reason,
                "note_for_the_organisation": r.partner_note,
                "starts_on": r.starts_on,
                "decline_reason": r.decline_reason,
                "outcome": r.outcome,
                "steps": [
                    {
                        "on": t.occurred_on,
                        "from": t.get_from_status_display(),
                        "to": t.get_to_status_display(),
                        "by": t.author,
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
                "status": p.get_status_display(),
                "closed_on": p.closed_on,
                "outcome": p.outcome,
                "coordinator_comments": p.review_comments,
                "partners": [
                    {
                        "organisation": x.organisation.name,
                        "role": x.role,
                        "commitments": x.commitments,
                        "left_on": x.removed_on,
                        "why_they_left": x.removal_reason,
                    }
                    for x in p.partners.all()
                ],
                "objectives": [
                    {
                        "objective": o.description,
                        "indicator": o.indicator,
                        "status": o.get_status_display(),
                        "removed_on": o.removed_on,
                        "why_removed": o.removal_reason,
                    }
                    for o in p.objectives.all()
                ],
                "reviews": [{"on": v.reviewed_on, "summary": v.summary} for v in p.reviews.all()],
                "meetings": [{"on": m.held_on, "minutes": m.minutes} for m in p.meetings.all()],
            }
            for p in case.joint_plans.all()
        ],
        "timeline": [
            {"on": e.occurred_on, "what": e.summary(), "by": e.author, "text": e.data.get("text", "")}
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


# The timeline keeps its codes and dates (the indicators count them) but none of its free text.
EVENT_TEXT_KEYS = ("text", "title", "role", "item")


@transaction.atomic
def anonymise(person: Person) -> None:
    """Remove what identifies the person and every free text about them; keep what the indicators count.

    Areas, needs and their levels, statuses, dates and partner organisations stay; names, codes,
    contact details and every text written about the person (case, referrals, plans, their partners'
    roles and commitments, objectives, reviews, case meetings, the timeline) go. The change itself is
    recorded in the audit trail by field name only.
    """
    person.first_name = "—"
    person.last_name = f"Anonimo {person.pk}"
    person.fiscal_code = None
    person.birth_date = None
    person.address = person.phone = person.email = person.household_notes = ""
    person.anonymised_on = timezone.localdate()
    person.save()
    # The household goes whole, both sides of every link: a link would name the person through a relative.
    for member in HouseholdMember.objects.filter(Q(person=person) | Q(relative=person)):
        member.delete()
    remove_documents_about(person_id=person.pk)
    cases = Case.objects.filter(person=person)
    for case in cases:
        case.goals = case.commitments = ""
        case.save()
    # A recorded consent keeps its dates, recipients and scope (the service acted on them) but not what
    # the person said, nor who witnessed it.
    consents = Consent.objects.filter(case__person=person)
    consents.exclude(notes="").update(notes=REDACTED)
    consents.exclude(witness="").update(witness=REDACTED)
    referrals = Referral.objects.filter(case__person=person)
    referrals.update(reason="")
    referrals.exclude(partner_note="").update(partner_note=REDACTED)
    referrals.exclude(decline_reason="").update(decline_reason=REDACTED)
    referrals.exclude(outcome="").update(outcome=REDACTED)
    ReferralTransition.objects.filter(referral__case__person=person).exclude(note="").update(note=REDACTED)
    plans = JointPlan.objects.filter(case__person=person)
    plans.update(title=REDACTED, notes="", review_comments="")
    plans.exclude(outcome="").update(outcome=REDACTED)
    PlanPartner.objects.filter(plan__in=plans).update(role=REDACTED, commitments="")
    PlanPartner.objects.filter(plan__in=plans).exclude(removal_reason="").update(removal_reason=REDACTED)
    PlanObjective.objects.filter(plan__in=plans).update(description=REDACTED, indicator=REDACTED)
    PlanObjective.objects.filter(plan__in=plans).exclude(removal_reason="").update(removal_reason=REDACTED)
    ClosureRequest.objects.filter(case__person=person).update(reason=REDACTED)
    ClosureRequest.objects.filter(case__person=person).exclude(comments="").update(comments=REDACTED)
    CaseTransfer.objects.filter(case__person=person).update(reason=REDACTED)
    CaseTransfer.objects.filter(case__person=person).exclude(decision_note="").update(decision_note=REDACTED)
    PlanReview.objects.filter(plan__in=plans).update(summary=REDACTED)
    CaseMeeting.objects.filter(plan__in=plans).update(minutes=REDACTED, others_present="")
    for event in CaseEvent.objects.filter(case__person=person):
        redacted = {key: REDACTED for key in EVENT_TEXT_KEYS if event.data.get(key)}
        if redacted:
            CaseEvent.objects.filter(pk=event.pk).update(data={**event.data, **redacted})
    record(
        Action.UPDATE,
        person,
        changes={
            "anonymised": [
                "person",
                "household",
                "documents",
                "cases",
                "consents",
                "referrals",
                "joint plans",
                "case meetings",
                "closure requests",
                "transfers",
                "timeline",
            ]
        },  # fmt: skip
    )
