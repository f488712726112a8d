"""The Piani di zona: plans, objectives linked to the community work, and the yearly report (issue 15)."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.roles import AUDITOR
from audit.models import AuditEvent
from community.models import CommunityProcess
from planning.models import PlanObjective, ZonePlan
from planning.report import yearly_report
from territory.choices import AreaKind
from tests.factories import (
    AreaFactory,
    CommunityActionFactory,
    MeetingFactory,
    OrganisationFactory,
    ProtocolFactory,
    TableFactory,
    UserFactory,
)

YEAR = 2026


def aware(day: date):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=17))


@pytest.fixture
def ambito(db):
    return AreaFactory(name="Ambito del Rhodense", kind=AreaKind.DISTRICT)


@pytest.fixture
def plan(ambito):
    return ZonePlan.objects.create(
        area=ambito, title="Piano di Zona 2025-2027", starts_on=date(2025, 1, 1), ends_on=date(2027, 12, 31)
    )


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def work_in_the_ambito(ambito, coordinator):
    """A year of work: a continuous and an occasional organisation in the ambito, one outside it."""
    comune = AreaFactory(name="Rho", kind=AreaKind.MUNICIPALITY, parent=ambito)
    elsewhere = AreaFactory(name="Altro ambito", kind=AreaKind.DISTRICT)
    steady, once, outside = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    for day in (date(YEAR, 1, 10), date(YEAR, 2, 12), date(YEAR, 5, 3)):
        CommunityActionFactory(
            kind="invitation", date=day, area=comune, organisations=[steady], recorded_by=coordinator
        )
    CommunityActionFactory(
        kind="workshop", date=date(YEAR, 2, 20), area=comune, organisations=[once], recorded_by=coordinator
    )
    CommunityActionFactory(
        kind="workshop", date=date(YEAR, 2, 21), area=elsewhere, organisations=[outside], recorded_by=coordinator
    )
    # The year before does not count in this year's report.
    CommunityActionFactory(
        kind="invitation", date=date(YEAR - 1, 12, 30), area=comune, organisations=[once], recorded_by=coordinator
    )
    table = TableFactory(name="Tavolo anziani", coordinator=coordinator)
    MeetingFactory(table=table, starts_at=aware(date(YEAR, 3, 4)), sent_at=aware(date(YEAR, 3, 6)))
    MeetingFactory(table=table, starts_at=aware(date(YEAR, 6, 4)))
    MeetingFactory(table=table, starts_at=aware(date(YEAR - 1, 6, 4)), sent_at=aware(date(YEAR - 1, 6, 5)))
    in_force = ProtocolFactory(title="Protocollo anziani", start_date=date(YEAR - 1, 1, 1))
    # The protocol ties the two organisations without the service in between: a horizontal tie.
    in_force.partners.set([steady, once])
    CommunityActionFactory(
        kind="hook_up",
        hook_up_kind="organisation_availability",
        date=date(YEAR, 4, 2),
        area=comune,
        recorded_by=coordinator,
    )
    ended = ProtocolFactory(title="Protocollo scaduto", start_date=date(2020, 1, 1), end_date=date(YEAR - 1, 12, 31))
    process = CommunityProcess.objects.create(
        title="Portierato di comunità",
        problem="Isolamento",
        target="Anziani",
        commissioning_body="Assemblea dei sindaci",
        community_worker=coordinator,
    )
    return {"table": table, "protocols": [in_force, ended], "process": process}


def objective_data(work, **overrides):
    return {
        "code": "OB 4.2",
        "title": "Ridurre l'isolamento degli anziani",
        "processes": [work["process"].pk],
        "tables": [work["table"].pk],
        "protocols": [p.pk for p in work["protocols"]],
    } | overrides


def test_a_coordinator_creates_a_plan_and_adds_an_objective(coordinator_client, ambito, work_in_the_ambito):
    response = coordinator_client.post(
        reverse("planning:plan_create"),
        {"area": ambito.pk, "title": "Piano di Zona 2025-2027", "starts_on": "2025-01-01", "ends_on": "2027-12-31"},
    )
    plan = ZonePlan.objects.get()
    assert response.url == plan.get_absolute_url()
    response = coordinator_client.post(
        reverse("planning:objective_add", args=[plan.pk]), objective_data(work_in_the_ambito)
    )
    assert response.status_code == 302
    objective = PlanObjective.objects.get()
    assert list(objective.tables.all()) == [work_in_the_ambito["table"]]
    assert AuditEvent.objects.filter(object_type="planning.planobjective", action="create").exists()
    page = coordinator_client.get(plan.get_absolute_url())
    assert "OB 4.2" in page.content.decode() and "Portierato di comunità" in page.content.decode()


def test_a_plan_cannot_end_before_it_starts(coordinator_client, ambito):
    response = coordinator_client.post(
        reverse("planning:plan_create"),
        {"area": ambito.pk, "title": "Piano", "starts_on": "2027-01-01", "ends_on": "2025-12-31"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("ends_on", "ends_before_start")
    assert "Il piano non può finire prima di cominciare." in response.content.decode()
    assert not ZonePlan.objects.exists()


def test_an_objective_code_is_unique_in_its_plan_and_the_input_is_kept(coordinator_client, plan, work_in_the_ambito):
    url = reverse("planning:objective_add", args=[plan.pk])
    coordinator_client.post(url, objective_data(work_in_the_ambito))
    response = coordinator_client.post(url, objective_data(work_in_the_ambito, code="ob 4.2", title="Un altro titolo"))
    assert response.status_code == 200
    form = response.context["objective_form"]
    assert form.has_error("code", "taken")
    assert form["title"].value() == "Un altro titolo"
    assert PlanObjective.objects.count() == 1


def test_a_social_worker_reads_plans_but_does_not_change_them(worker_client, plan, work_in_the_ambito):
    assert worker_client.get(plan.get_absolute_url()).status_code == 200
    assert (
        worker_client.post(
            reverse("planning:objective_add", args=[plan.pk]), objective_data(work_in_the_ambito)
        ).status_code
        == 403
    )
    assert worker_client.get(reverse("planning:plan_create")).status_code == 403
    assert not PlanObjective.objects.exists()


def test_someone_without_the_role_gets_404_and_the_refusal_is_recorded(client, plan):
    client.force_login(UserFactory(username="dpo", role=AUDITOR, team=None))
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("planning:plan_report", args=[plan.pk]), {"year": YEAR}).status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_type="planning.zoneplan", object_id=str(plan.pk)).exists()


def test_pages_need_a_login(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 302 and "/accesso/" in response.url


def test_a_year_outside_the_plan_is_refused_with_a_message(coordinator_client, plan):
    response = coordinator_client.get(reverse("planning:plan_report", args=[plan.pk]), {"year": 2031}, follow=True)
    assert response.redirect_chain == [(plan.get_absolute_url(), 302)]
    with translation.override("it"):
        assert [str(message) for message in response.context["messages"]] == [
            gettext("Choose a year of the plan's period.")
        ]


def test_the_report_counts_the_year_in_the_ambito(plan, work_in_the_ambito):
    services_objective(plan, work_in_the_ambito)
    report = yearly_report(plan, YEAR)
    assert report.actions == {"invitation": 3, "hook_up": 1, "workshop": 1, "use": 0, "referral": 0, "joint": 0}
    [table] = report.tables
    assert (table.meetings_held, table.minutes_sent) == (2, 1)
    assert [p.title for p in report.protocols] == ["Protocollo anziani"]
    # The steady organisation: two months in Q1 (continuous), one in Q2 (occasional); the other: once in Q1.
    assert [row[1:] for row in report.collaboration_rows] == [(1, 1), (1, 0), (0, 0), (0, 0)]


def services_objective(plan, work):
    from planning.services import add_objective

    return add_objective(
        plan=plan,
        code="OB 4.2",
        title="Anziani",
        processes=[work["process"]],
        tables=[work["table"]],
        protocols=work["protocols"],
    )


def test_the_report_figures_equal_the_indicator_pages(coordinator_client, plan, work_in_the_ambito):
    services_objective(plan, work_in_the_ambito)
    report = yearly_report(plan, YEAR)
    period = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31", "area": plan.area_id}
    dashboard = coordinator_client.get(reverse("indicators:dashboard"), period).context
    assert report.actions == {action: sum(counts) for action, counts in dashboard["by_month"]["series"].items()}
    assert report.answers == dashboard["answers"]
    network = coordinator_client.get(reverse("indicators:network"), period).context
    assert report.network["share"] == network["share"]
    assert report.network["cooling"] == network["cooling_total"]
    assert report.network["isolated"] == network["isolated_total"]
    assert report.network["gaps"] == len(network["gaps"])
    assert report.network["funnel"] == network["funnel"][-1]
    assert (report.network["share"]["ties"], report.network["share"]["horizontal"]) == (1, 1)
    assert report.network["funnel"]["hook_ups"] == 1
    collaboration = coordinator_client.get(reverse("indicators:collaboration"), period).context
    assert [
        (str(i["quarter"]), i["occasional"], i["continuous"]) for i in collaboration["per_quarter"]
    ] == report.collaboration_rows


def test_the_report_downloads_as_pdf_and_csv_and_each_export_is_recorded(coordinator_client, plan, work_in_the_ambito):
    services_objective(plan, work_in_the_ambito)
    url = reverse("planning:plan_report", args=[plan.pk])
    page = coordinator_client.get(url, {"year": YEAR})
    assert page.status_code == 200 and "Tavolo anziani" in page.content.decode()
    pdf = coordinator_client.get(url, {"year": YEAR, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv_text = b"".join(coordinator_client.get(url, {"year": YEAR, "format": "csv"}).streaming_content).decode()
    assert "Tavolo anziani" in csv_text
    # Both protocols pursue the objective; only the one in force in the year is among the protocols in force.
    with translation.override("it"):
        section = translation.gettext("Protocols in force")
    in_force = [line for line in csv_text.splitlines() if line.split(";")[0] == section]
    assert len(in_force) == 1 and "Protocollo anziani" in in_force[0]
    assert AuditEvent.objects.filter(action="export", object_type="planning.zoneplan").count() == 2


@pytest.mark.parametrize("objectives", [1, 6])
def test_the_plan_page_and_the_report_keep_their_query_count(
    coordinator_client, plan, work_in_the_ambito, objectives, django_assert_max_num_queries
):
    for n in range(objectives):
        objective = services_objective(plan, work_in_the_ambito)
        objective.code = f"OB {n}"
        objective.save()
        objective.tables.add(TableFactory())
    for n in range(objectives):
        ZonePlan.objects.create(
            area=plan.area, title=f"Piano {n}", starts_on=date(2020, 1, 1), ends_on=date(2022, 12, 31)
        )
    with django_assert_max_num_queries(10):
        assert coordinator_client.get(reverse("planning:plan_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert coordinator_client.get(plan.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(22):
        assert (
            coordinator_client.get(reverse("planning:plan_report", args=[plan.pk]), {"year": YEAR}).status_code == 200
        )


def test_an_objective_is_edited_and_a_taken_code_is_refused_keeping_the_input(
    coordinator_client, plan, work_in_the_ambito
):
    from planning.services import add_objective

    first = services_objective(plan, work_in_the_ambito)

    second = add_objective(plan=plan, code="OB 5.1", title="Casa")
    url = reverse("planning:objective_update", args=[second.pk])
    response = coordinator_client.post(url, {"code": first.code, "title": "Abitare"})
    assert response.status_code == 200
    assert response.context["form"].has_error("code", "taken")
    assert response.context["form"]["title"].value() == "Abitare"
    second.refresh_from_db()
    assert (second.code, second.title) == ("OB 5.1", "Casa")
    response = coordinator_client.post(
        url, {"code": "OB 5.2", "title": "Abitare", "tables": [work_in_the_ambito["table"].pk]}
    )
    assert response.url == plan.get_absolute_url()
    second.refresh_from_db()
    assert (second.code, second.title, list(second.tables.all())) == (
        "OB 5.2",
        "Abitare",
        [work_in_the_ambito["table"]],
    )


def test_a_plan_edited_meanwhile_by_someone_else_is_not_overwritten(coordinator_client, plan):
    data = {"area": plan.area_id, "title": "Titolo nuovo", "starts_on": "2025-01-01", "ends_on": "2027-12-31"}
    ZonePlan.objects.filter(pk=plan.pk).update(version=plan.version + 1)
    response = coordinator_client.post(
        reverse("planning:plan_update", args=[plan.pk]), {**data, "edited_version": plan.version}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    plan.refresh_from_db()
    assert plan.title == "Piano di Zona 2025-2027"
