from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.roles import ADMIN, COORDINATOR, SOCIAL_WORKER
from territory.models import Area, Contact, Opportunity, Organisation, Protocol


def counts():
    return [model.objects.count() for model in (Area, Organisation, Contact, Opportunity, Protocol, get_user_model())]


def test_seed_demo_loads_an_ambito_and_running_it_twice_duplicates_nothing(db):
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())

    assert counts() == first
    assert 35 <= Organisation.objects.count() <= 50
    assert Area.objects.get(istat_code="015182").name == "Rho"
    assert Area.objects.filter(kind="neighbourhood", parent__name="Rho").exists()
    assert Protocol.objects.get().partners.count() >= 2


def test_seed_demo_creates_one_user_per_role_with_teams(db):
    call_command("seed_demo", stdout=StringIO())
    users = {user.username: user for user in get_user_model().objects.prefetch_related("groups")}
    roles = {name: [group.name for group in user.groups.all()] for name, user in users.items()}

    assert roles["admin"] == [ADMIN]
    assert roles["coordinatrice"] == [COORDINATOR]
    assert roles["assistente.nord"] == roles["assistente.sud"] == [SOCIAL_WORKER]
    assert users["assistente.nord"].team != users["assistente.sud"].team
    assert users["assistente.nord"].check_password("rete-demo-2026")
