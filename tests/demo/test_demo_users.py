"""The demo users hold their role's permissions and nothing more: none is a superuser."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Team, User
from audit.models import AuditEvent
from cases.models import Case
from territory.models import Area, Contact, Opportunity, Organisation, Protocol


@pytest.fixture
def demo(db, debug):
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def admin_client(client, demo):
    client.force_login(User.objects.get(username="admin"))
    return client


@pytest.fixture
def dpo_client(client, demo):
    client.force_login(User.objects.get(username="dpo"))
    return client


def test_the_demo_admin_is_staff_but_not_a_superuser(demo):
    admin = User.objects.get(username="admin")

    assert admin.is_staff
    assert not admin.is_superuser
    assert not User.objects.filter(is_superuser=True).exists()


def test_the_demo_admin_cannot_read_cases(admin_client):
    case = Case.objects.select_related("person").first()

    assert admin_client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert admin_client.get(reverse("cases:person_detail", args=[case.person.pk])).status_code == 404
    listing = admin_client.get(reverse("cases:case_list"), {"mine": "false"})
    assert case.person.last_name not in listing.content.decode()
    assert admin_client.get(reverse("audit:event_list")).status_code == 403


@pytest.mark.parametrize(
    "model", [User, Team, Organisation, Contact, Opportunity, Protocol, Area], ids=lambda model: model.__name__
)
def test_the_demo_admin_manages_accounts_and_the_directory_in_the_django_admin(admin_client, model):
    opts = model._meta
    record = model.objects.order_by("pk").first()

    assert admin_client.get(reverse("admin:index")).status_code == 200
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    assert (
        admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])).status_code
        == 200
    )


def test_the_demo_admin_edits_a_team_in_the_django_admin(admin_client):
    team = Team.objects.get(name="Équipe Rho Nord")
    response = admin_client.post(
        reverse("admin:accounts_team_change", args=[team.pk]), {"name": team.name, "description": "Rho nord e Pero"}
    )

    assert response.status_code == 302
    team.refresh_from_db()
    assert team.description == "Rho nord e Pero"


def test_the_demo_admin_sees_no_case_and_no_audit_trail_in_the_django_admin(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:accounts_user_changelist") in index
    assert reverse("admin:audit_auditevent_changelist") not in index
    assert admin_client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403


def test_the_demo_admin_may_import_the_resource_mapping(admin_client):
    assert admin_client.get(reverse("territory:import_start")).status_code == 200


def test_the_demo_auditor_opens_the_access_log(dpo_client):
    response = dpo_client.get(reverse("audit:event_list"))

    assert response.status_code == 200
    assert AuditEvent.objects.exists()


def test_the_demo_auditor_reads_no_case(dpo_client):
    case = Case.objects.first()

    assert dpo_client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_an_admin_left_a_superuser_by_an_older_seed_demo_loses_it(db, debug):
    User.objects.create(username="admin", is_superuser=True, is_staff=True)
    call_command("seed_demo", stdout=StringIO())

    assert not User.objects.get(username="admin").is_superuser
