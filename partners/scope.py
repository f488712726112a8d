"""What a partner's account reaches: their own organisation's records, decided here and nowhere else.

Partners hold none of the view permissions of the service's roles (accounts.roles), so every model's
`visible_to` gives them nothing and no worker page shows them anything (the fence in
partners.middleware answers 404 before those pages run, too). The portal starts from the partner's
organisation instead, with the functions below: one per kind of record.
"""

from django.db.models import Q

from cases.choices import ReferralStatus
from cases.models import Referral
from community.models import MinutesVersion, Table, TableMember
from partners.models import PartnerAccount
from territory.models import Contact, Opportunity


def is_partner(user) -> bool:
    """Whether the user signs in for a partner organisation (and is fenced into the portal).

    Partners' accounts have no team (PartnerAccount.clean), so the service's workers, who all do, pay
    nothing for the question; the others' permissions are cached for the request by Django anyway.
    """
    return (
        user.is_authenticated
        and user.team_id is None
        and not user.is_superuser
        and user.has_perm("partners.use_partner_portal")
    )


def account_of(user) -> PartnerAccount | None:
    if not is_partner(user):
        return None
    return PartnerAccount.objects.select_related("contact__organisation").filter(user=user).first()


def referrals_for(organisation):
    """Referrals addressed to the organisation, in every state once sent (a draft is not addressed yet)."""
    return Referral.objects.filter(opportunity__organisation=organisation).exclude(status=ReferralStatus.DRAFT)


def contacts_of(organisation):
    return Contact.objects.filter(organisation=organisation)


def opportunities_of(organisation):
    return Opportunity.objects.filter(organisation=organisation)


def tables_for(organisation):
    """The tables the organisation sits on, itself or through one of its contacts."""
    seats = TableMember.objects.filter(Q(organisation=organisation) | Q(contact__organisation=organisation))
    return Table.objects.filter(pk__in=seats.values("table_id"))


def minutes_for(organisation):
    """The minutes sent to the tables it sits on, every version."""
    return MinutesVersion.objects.filter(meeting__table__in=tables_for(organisation).values("pk"))
