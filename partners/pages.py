"""What a partner is shown of a referral: exactly these fields, built here, and nothing of the case.

The page and the portal render a ReferralForPartner, never the referral itself, so no template can reach
the case's needs, goals, notes or other referrals through it: the person appears as their consent to
this organisation allows (Case.shown_to_partner), and the only text of the case is the note written
for the organisation.
"""

from dataclasses import dataclass
from datetime import date

from cases.models import Referral
from partners.choices import ReferralAnswer
from partners.services import partner_answers

# The fields of the answer form each answer uses (the service says which are required).
ANSWER_FIELDS = {
    ReferralAnswer.ACCEPTED: ("starts_on",),
    ReferralAnswer.DECLINED: ("decline_category", "note"),
    ReferralAnswer.IN_PROGRESS: (),
    ReferralAnswer.COMPLETED: ("note",),
}


@dataclass(frozen=True)
class AnswerChoice:
    value: str
    label: str
    fields: tuple[str, ...]
    # Declining is offered beside accepting, as the secondary button.
    primary: bool


@dataclass(frozen=True)
class ReferralForPartner:
    pk: int
    person: str
    kind: str
    opportunity: str
    organisation: str
    worker: str
    worker_email: str
    team: str
    note: str
    status: str
    status_label: str
    status_tone: str
    status_changed_on: date
    starts_on: date | None
    sent_on: date | None
    answers: tuple[AnswerChoice, ...]


def for_partner(referral: Referral, sent_on: date | None = None) -> ReferralForPartner:
    """`referral` with case__person, case__responsible, case__team and opportunity__organisation loaded."""
    case, opportunity = referral.case, referral.opportunity
    worker = case.responsible
    return ReferralForPartner(
        pk=referral.pk,
        person=case.shown_to_partner(opportunity.organisation),
        kind=str(referral.get_kind_display()),
        opportunity=opportunity.title,
        organisation=opportunity.organisation.name,
        worker=str(worker),
        worker_email=worker.email,
        team=case.team.name,
        note=referral.partner_note,
        status=referral.status,
        status_label=str(referral.get_status_display()),
        status_tone=referral.status_tone,
        status_changed_on=referral.status_changed_on,
        starts_on=referral.starts_on,
        sent_on=sent_on,
        answers=tuple(
            AnswerChoice(
                answer, str(ReferralAnswer(answer).label), ANSWER_FIELDS[answer], answer != ReferralAnswer.DECLINED
            )
            for answer in partner_answers(referral.status)
        ),
    )
