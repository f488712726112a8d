"""Partner accounts are kept by the administrator: a user with the role `partner`, no team, and the contact
they sign for."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import ADMIN, PARTNER, ROLE_PERMISSIONS
from partners.models import PartnerAccount
from tests.factories import ContactFactory, TeamFactory, UserFactory


def test_the_partner_role_holds_the_portal_only(db):
    assert ROLE_PERMISSIONS[PARTNER] == ["partners.use_partner_portal"]
    partner = UserFactory(username="p", team=None, role=PARTNER)
    assert partner.has_perm("partners.use_partner_portal")
    for perm in ("cases.view_case", "territory.view_organisation", "community.view_table", "audit.view_auditevent",
                 "indicators.view_indicators", "outbox.view_email"):  # fmt: skip
        assert not partner.has_perm(perm), perm


def test_the_administrator_ties_a_partner_user_to_a_contact_in_the_admin(client, db):
    admin = UserFactory(username="amministratore", team=None, role=ADMIN, is_staff=True)
    partner = UserFactory(username="nuovo.partner", team=None, role=PARTNER)
    contact = ContactFactory()
    client.force_login(admin)
    response = client.post(reverse("admin:partners_partneraccount_add"), {"user": partner.pk, "contact": contact.pk})
    assert response.status_code == 302
    assert PartnerAccount.objects.get().organisation == contact.organisation
    assert client.get(reverse("admin:partners_partneraccount_changelist")).status_code == 200


def test_an_account_with_a_team_cannot_be_a_partners(db):
    worker = UserFactory(username="w", team=TeamFactory())
    account = PartnerAccount(user=worker, contact=ContactFactory())
    try:
        account.full_clean()
    except ValidationError as error:
        assert error.error_dict["user"][0].code == "has_team"
    else:
        raise AssertionError("an account with a team was accepted")


def test_a_user_with_the_role_but_no_account_reaches_no_portal(client, db):
    user = UserFactory(username="senza.account", team=None, role=PARTNER)
    client.force_login(user)
    assert client.get(reverse("portal:home")).status_code == 404
    assert Group.objects.get(name=PARTNER).user_set.filter(pk=user.pk).exists()
