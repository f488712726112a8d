"""Writes of the partners app: referrals sent to the receiving organisation and its answers, the
members' answers to the minutes and their action items, the partners' own listing.

Each takes plain keyword data and goes through the service of the app whose record changes
(cases.services.transition_referral, community.services.answer_minutes...), so the rules, the
timeline and the notifications are the same whoever answers.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.choices import ReferralStatus
from cases.models import Referral
from cases.services import transition_referral
from community import services as community_services
from community.models import ActionItem, MinutesAnswer, MinutesVersion, TableMember
from outbox.models import Email
from outbox.services import queue_email
from partners import links
from partners.choices import LinkPurpose, ReferralAnswer
from partners.models import PartnerLink
from territory.models import Contact, Organisation

REFERRAL_EMAIL = "referral_partner"
# The referral is the organisation's to answer in these states: accept or decline it, start, complete.
ANSWERABLE = (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
# Which answer leads from which state (a subset of cases.choices.REFERRAL_TRANSITIONS: never withdraw).
PARTNER_ANSWERS = {
    ReferralStatus.SENT: (ReferralAnswer.ACCEPTED, ReferralAnswer.DECLINED),
    ReferralStatus.ACCEPTED: (ReferralAnswer.IN_PROGRESS,),
    ReferralStatus.IN_PROGRESS: (ReferralAnswer.COMPLETED,),
}


def _refuse(message: str, code: str) -> None:
    raise ValidationError(message, code=code)


def referral_recipient(referral: Referral) -> Contact | None:
    """Who at the receiving organisation is told of a referral: its liaison figure, the opportunity's,
    else the organisation's contact marked for referrals; an active contact with an e-mail address."""
    organisation_id = referral.opportunity.organisation_id
    for contact in (referral.liaison, referral.opportunity.liaison):
        if contact is not None and contact.active and contact.email and contact.organisation_id == organisation_id:
            return contact
    return (
        Contact.objects.filter(organisation_id=organisation_id, receives_referrals=True, active=True)
        .exclude(email="")
        .order_by("last_name", "first_name", "pk")
        .first()
    )


def referral_email(referral: Referral, contact: Contact, url: str, expires_at) -> tuple[str, str]:
    """Subject and body, in Italian: the partner is no user with a language. The person appears by
    initials only (the e-mail stays in mailboxes; the page behind the link follows the consent)."""
    with translation.override("it"):
        context = {
            "contact": contact,
            "opportunity": referral.opportunity,
            "organisation": referral.opportunity.organisation,
            "initials": referral.case.person.initials,
            "worker": referral.case.responsible,
            "team": referral.case.team,
            "url": url,
            "expires_on": timezone.localtime(expires_at).date(),
        }
        subject = render_to_string("partners/referral_email_subject.txt", context)
        body = render_to_string("partners/referral_email.txt", context)
    return subject, body


def send_referral(*, referral: Referral, actor) -> Email | None:
    """E-mail the receiving organisation a new link to the referral; None if nobody there has an address."""
    contact = referral_recipient(referral)
    if contact is None:
        return None
    # One organisation answers a referral through one live link: a new one replaces every earlier
    # one, even one sent to another contact (a liaison figure who left).
    link, url = links.issue(
        purpose=LinkPurpose.REFERRAL,
        address=contact.email,
        actor=actor,
        replacing={"referral": referral},
        referral=referral,
        contact=contact,
    )
    subject, body = referral_email(referral, contact, url, link.expires_at)
    return queue_email(
        kind=REFERRAL_EMAIL,
        recipient=str(contact),
        address=contact.email,
        subject=subject,
        body=body,
        about=referral,
        dedupe_key=f"{REFERRAL_EMAIL}:{link.pk}",
    )


def referral_moved(*, referral: Referral, previous: str, actor, contact) -> None:
    """Listener of cases.listeners: a referral just sent goes to the organisation, in the same transaction."""
    if previous == ReferralStatus.DRAFT and referral.status == ReferralStatus.SENT:
        send_referral(referral=referral, actor=actor)


def referral_emails(referral: Referral):
    return Email.objects.about(referral, REFERRAL_EMAIL)


@transaction.atomic
def resend_referral(*, referral: Referral, actor) -> Email:
    """Send the organisation a new link (the old ones stop working), e.g. after fixing its address."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related(
            "opportunity__organisation",
            "opportunity__liaison",
            "liaison",
            "case__person",
            "case__responsible",
            "case__team",
        )
        .get(pk=referral.pk)
    )
    if referral.status not in ANSWERABLE:
        _refuse(_("Only a referral sent and still open can be sent again to the organisation."), "not_answerable")
    email = send_referral(referral=referral, actor=actor)
    if email is None:
        _refuse(
            _(
                "Nobody at the organisation can receive it: give the liaison figure an e-mail address, or mark "
                "a contact with one as receiving referrals."
            ),
            "no_recipient",
        )
    return email


@transaction.atomic
def revoke_referral_links(*, referral: Referral, actor) -> int:
    """Stop every link to this referral: whoever holds one gets a missing page."""
    return links.revoke(links=PartnerLink.objects.filter(referral=referral), actor=actor)


def partner_answers(status: str) -> tuple[str, ...]:
    """What the receiving organisation may answer to a referral in this state (the pages ask here)."""
    return PARTNER_ANSWERS.get(status, ())


@transaction.atomic
def answer_referral(
    *,
    referral: Referral,
    answer: str,
    contact: Contact,
    actor=None,
    starts_on: date | None = None,
    decline_category: str = "",
    note: str = "",
    link: PartnerLink | None = None,
) -> Referral:
    """The receiving organisation answers: accepted (from a date), declined (why), started, completed (how).

    From a link (`link`, no actor) or from the portal (the partner's account as `actor`), signed by the
    organisation's `contact`. The referral's row lock decides between two answers at once.
    """
    if answer not in ReferralAnswer.values:
        _refuse(_("Choose an answer."), "invalid_answer")
    errors = {}
    if answer == ReferralAnswer.ACCEPTED and starts_on is None:
        errors["starts_on"] = ValidationError(_("Say from when the person can start."), code="start_required")
    if answer == ReferralAnswer.DECLINED and not decline_category:
        errors["decline_category"] = ValidationError(_("Say why the referral is declined."), code="reason_required")
    if answer == ReferralAnswer.COMPLETED and not note.strip():
        errors["note"] = ValidationError(_("Describe the outcome."), code="outcome_required")
    if errors:
        raise ValidationError(errors)
    try:
        referral = transition_referral(
            referral=referral,
            to_status=answer,
            occurred_on=timezone.localdate(),
            actor=actor,
            contact=contact,
            note=note.strip(),
            starts_on=starts_on if answer == ReferralAnswer.ACCEPTED else None,
            decline_category=decline_category if answer == ReferralAnswer.DECLINED else "",
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "impossible_transition":
            # Someone answered first (another contact, the worker): say what it is now.
            current = Referral.objects.get(pk=referral.pk)
            _refuse(
                _("This referral was answered meanwhile: it is now “%(status)s”.")
                % {"status": current.get_status_display()},
                "already_answered",
            )
        raise
    if link is not None:
        links.record_use(link, answer)
    return referral


@transaction.atomic
def answer_minutes(*, link: PartnerLink, answer: str, correction: str = "") -> MinutesAnswer:
    recorded = community_services.answer_minutes(
        version=link.minutes_version, member=link.member, answer=answer, correction=correction
    )
    links.record_use(link, answer)
    return recorded


@transaction.atomic
def close_action_item(*, link: PartnerLink, note: str) -> ActionItem:
    item = community_services.complete_action_item(item=link.action_item, note=note)
    links.record_use(link, "done")
    return item


def minutes_url(*, version: MinutesVersion, member: TableMember, address: str) -> str:
    """community.links: the member's link to answer this version of the minutes (a newer one replaces it)."""
    return links.issue(purpose=LinkPurpose.MINUTES, address=address, minutes_version=version, member=member)[1]


def action_item_url(*, item: ActionItem, member: TableMember, address: str) -> str:
    """community.links: the member's link to close this action item (a newer one replaces it)."""
    return links.issue(purpose=LinkPurpose.ACTION_ITEM, address=address, action_item=item, member=member)[1]


@transaction.atomic
def verify_listing(*, organisation: Organisation, actor) -> Organisation:
    """The partner confirms that their organisation's listing, contacts and opportunities are right today."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.verified_on = timezone.localdate()
    organisation.save(update_fields=["verified_on", "updated_at"])
    return organisation
