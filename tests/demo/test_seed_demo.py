from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.roles import ADMIN, AUDITOR, COORDINATOR, SOCIAL_WORKER
from territory.models import Area, Contact, Opportunity, Organisation, Protocol


def counts():
    return [model.objects.count() for model in (Area, Organisation, Contact, Opportunity, Protocol, get_user_model())]


def test_seed_demo_loads_an_ambito_and_running_it_twice_duplicates_nothing(db, debug):
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())

    assert counts() == first
    assert 35 <= Organisation.objects.count() <= 50
    assert Area.objects.get(istat_code="015182").name == "Rho"
    assert Area.objects.filter(kind="neighbourhood", parent__name="Rho").exists()
    assert Protocol.objects.get().partners.count() >= 2


def test_seed_demo_creates_one_user_per_role_with_teams(db, debug):
    call_command("seed_demo", stdout=StringIO())
    users = {user.username: user for user in get_user_model().objects.prefetch_related("groups")}
    roles = {name: [group.name for group in user.groups.all()] for name, user in users.items()}

    assert roles["admin"] == [ADMIN]
    assert roles["dpo"] == [AUDITOR]
    assert roles["coordinatrice"] == [COORDINATOR]
    assert roles["assistente.nord"] == roles["assistente.sud"] == [SOCIAL_WORKER]
    assert users["assistente.nord"].team != users["assistente.sud"].team
    assert users["assistente.nord"].check_password("rete-demo-2026")


def test_seed_demo_prints_every_demo_login_with_its_role(db, debug):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().splitlines()

    assert "Demo logins (password for all: rete-demo-2026):" in lines
    for username, role in [("admin", ADMIN), ("dpo", AUDITOR), ("assistente.nord", SOCIAL_WORKER),
                           ("assistente.sud", SOCIAL_WORKER), ("coordinatrice", COORDINATOR)]:  # fmt: skip
        assert any(line.split()[:2] == [username, role] for line in lines), username


def test_seed_demo_refuses_with_debug_off_and_writes_nothing(db, settings):
    """Even where DEMO=1 installed the app (as for these tests), it needs DEBUG to run."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="seed_demo runs only with DEBUG=1"):
        call_command("seed_demo", stdout=StringIO())

    assert counts() == [0] * 6


def test_the_demo_has_one_complete_process_whose_page_tells_its_story(db, debug, client):
    from community.models import CommunityProcess

    call_command("seed_demo", stdout=StringIO())
    process = CommunityProcess.objects.get(title="Portierato di comunità a Passirana")
    coordinator = get_user_model().objects.filter(groups__name=COORDINATOR).first()
    client.force_login(coordinator)
    page = client.get(process.get_absolute_url())
    html = page.content.decode()
    assert "18/2025" in html and "Assessora alle politiche sociali" in html  # the mandate and its act
    assert page.context["vision"].number == 2 and page.context["vision"].meeting is not None
    assert "Capofila del portierato" in html and "Accoglienza e punto di ascolto" in html  # responsibilities
    assert {phase.status for phase in process.phases.all()} == {"done", "in_progress"}
    assert process.mapped_organisations.exists() and process.dedications.count() == 2
    objective = page.context["process"].objectives.all()[0]
    values = [m.value for m in objective.measurements.all()]
    assert values == sorted(values) and objective.baseline < values[-1] < objective.target_value
    assert 0 < objective.progress < 100 and "<polyline" in html
