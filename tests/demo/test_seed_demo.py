from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.roles import ADMIN, AUDITOR, COORDINATOR, SOCIAL_WORKER
from territory.models import Area, Contact, Offer, Opportunity, Organisation, Protocol


def counts():
    return [
        model.objects.count() for model in (Area, Organisation, Contact, Opportunity, Protocol, Offer, get_user_model())
    ]


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

    assert counts() == [0] * 7


def test_seed_demo_registers_offers_one_flagged_unused_and_one_used_for_a_case(db, debug):
    from django.utils import timezone

    from cases.models import OfferUse

    call_command("seed_demo", stdout=StringIO())
    assert Offer.objects.count() >= 4
    assert [offer.title for offer in Offer.objects.unused_since(timezone.localdate())] == [
        "Ripetizioni di matematica per ragazzi delle medie"
    ]
    use = OfferUse.objects.select_related("case__person", "offer").get()
    assert (use.case.person.first_name, use.offer.title) == ("Anna", "Compagnia telefonica per anziani soli")


def test_the_demo_network_shows_horizontal_ties_a_cooling_partner_and_belonging(db, debug):
    from indicators.figures import Filters, belonging_by_month
    from indicators.network import collaboration_edges, cooling_partners, horizontal_share
    from indicators.periods import Period

    call_command("seed_demo", stdout=StringIO())
    period = Period.last_year()
    assert horizontal_share(collaboration_edges(period))["horizontal"] > 0
    cooling = [row["organisation"].name for row in cooling_partners(period)[2]]
    assert "Comitato genitori Terrazzano" in cooling
    assert belonging_by_month(Filters(period))["total"] == 4


def test_the_demo_has_a_piano_di_zona_whose_objectives_link_the_demo_processes(db, debug):
    from django.utils import timezone

    from planning.models import ZonePlan
    from planning.report import yearly_report

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    plan = ZonePlan.objects.get()
    assert [(o.code, o.processes.count(), o.tables.count()) for o in plan.objectives.all()] == [
        ("OB 2.1", 1, 1),
        ("OB 4.2", 1, 1),
    ]
    report = yearly_report(plan, timezone.localdate().year)
    assert sum(report.actions.values()) > 0


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
