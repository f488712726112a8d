from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from community.charts import indicator_chart, progress_towards_target
from community.models import CommunityProcess, KnowledgeAction, ProcessObjective, ProcessPhase
from community.process import IndicatorMeasurement, ProcessPartner, ProcessWorker, VisionVersion
from tests.factories import MeetingFactory, OpportunityFactory, OrganisationFactory, TableFactory, UserFactory
from tests.helpers import error_codes


@pytest.fixture
def process(worker):
    return CommunityProcess.objects.create(
        title="Portierato di comunità",
        problem="Isolamento",
        target="Anziani",
        commissioning_body="Assemblea dei sindaci",
        community_worker=worker,
    )


@pytest.fixture
def objective(process):
    return ProcessObjective.objects.create(
        process=process,
        description="Più relazioni di vicinato",
        result_indicator="Persone in almeno due attività",
        unit="persone",
        baseline=Decimal(10),
        target_value=Decimal(50),
    )


def url(name, process, *args):
    return reverse(f"community:{name}", args=[process.pk, *args])


# The mandate


def test_a_worker_creates_a_process_with_its_mandate_and_a_table(worker_client, worker):
    table, municipality = TableFactory(), OrganisationFactory(name="Comune di Rho")
    response = worker_client.post(
        reverse("community:process_create"),
        {
            "title": "Comunità educante",
            "problem": "Povertà educativa",
            "target": "Ragazzi 11-16",
            "commissioning_organisation": municipality.pk,
            "act_number": "42/2026",
            "act_date": "2026-02-03",
            "political_referent": "Assessora alle politiche sociali",
            "technical_referent": "Responsabile del servizio sociale",
            "community_worker": worker.pk,
            "tables": [table.pk],
        },
    )
    process = CommunityProcess.objects.get()
    assert response.url == process.get_absolute_url()
    assert list(process.tables.all()) == [table]
    assert (process.commissioning_organisation, process.act_number, process.act_date) == (
        municipality,
        "42/2026",
        date(2026, 2, 3),
    )
    page = worker_client.get(process.get_absolute_url())
    assert "Comune di Rho" in page.content.decode() and "42/2026" in page.content.decode()


def test_a_process_needs_who_commissions_it(worker_client, worker):
    response = worker_client.post(
        reverse("community:process_create"),
        {"title": "X", "problem": "Y", "target": "Z", "community_worker": worker.pk},
    )
    assert error_codes(response) == {"commissioning_body": ["mandate_body_required"]}
    assert not CommunityProcess.objects.exists()


def test_dedicated_workers_with_their_share_of_time(worker_client, process, coordinator):
    worker_client.post(url("process_worker_add", process), {"worker": coordinator.pk, "time_share": "40"})
    worker_client.post(
        url("process_worker_add", process), {"worker": coordinator.pk, "time_share": "50", "role": "Facilitatrice"}
    )
    dedication = ProcessWorker.objects.get()
    assert (dedication.worker, dedication.time_share, dedication.role) == (coordinator, 50, "Facilitatrice")
    assert list(process.workers.all()) == [coordinator]


def test_a_share_of_time_over_one_hundred_percent_is_refused(worker_client, process, coordinator):
    response = worker_client.post(url("process_worker_add", process), {"worker": coordinator.pk, "time_share": "120"})
    assert error_codes(response, "worker_form") == {"time_share": ["max_value"]}
    assert not ProcessWorker.objects.exists()


# Phases, objectives, knowledge


def test_phases_objectives_and_knowledge_actions(worker_client, process):
    worker_client.post(url("phase_add", process), {"kind": "mapping", "starts_on": "2026-01-10", "status": "planned"})
    worker_client.post(
        url("objective_add", process),
        {"description": "Più relazioni", "result_indicator": "Partecipanti", "baseline": "0", "target_value": "30"},
    )
    worker_client.post(
        url("knowledge_add", process), {"kind": "focus_group", "held_on": "2026-02-01", "participants": "12"}
    )
    assert ProcessPhase.objects.get().kind == "mapping"
    assert process.objectives.get().target_value == 30
    assert KnowledgeAction.objects.get().participants == 12


def test_an_objective_says_its_baseline_and_target(worker_client, process):
    response = worker_client.post(url("objective_add", process), {"description": "O", "result_indicator": "I"})
    assert error_codes(response, "objective_form") == {"baseline": ["required"], "target_value": ["required"]}


def test_a_phase_ending_before_it_starts_is_refused(worker_client, process):
    response = worker_client.post(
        url("phase_add", process),
        {"kind": "analysis", "starts_on": "2026-03-01", "ends_on": "2026-02-01", "status": "planned"},
    )
    assert error_codes(response, "phase_form") == {"ends_on": ["end_before_start"]}
    assert not ProcessPhase.objects.exists()


def test_a_phase_moves_from_planned_to_done_with_its_actual_dates(worker_client, process):
    phase = ProcessPhase.objects.create(process=process, kind="start", starts_on=date(2026, 1, 1))
    data = {"starts_on": "2026-01-01", "status": "done", "actual_start": "2026-01-05", "actual_end": "2026-02-10"}
    response = worker_client.post(url("phase_update", process, phase.pk), data)
    assert response.url == process.get_absolute_url()
    phase.refresh_from_db()
    assert (phase.status, phase.actual_start, phase.actual_end) == ("done", date(2026, 1, 5), date(2026, 2, 10))


def test_a_phase_done_without_its_actual_end_is_refused(worker_client, process):
    phase = ProcessPhase.objects.create(process=process, kind="start", starts_on=date(2026, 1, 1))
    response = worker_client.post(
        url("phase_update", process, phase.pk),
        {"starts_on": "2026-01-01", "status": "done", "actual_start": "2026-01-05"},
    )
    assert response.status_code == 200
    assert error_codes(response) == {"actual_end": ["actual_end_required"]}
    phase.refresh_from_db()
    assert phase.status == "planned"


def test_a_phase_is_updated_only_through_its_own_process(worker_client, process, worker):
    other = CommunityProcess.objects.create(
        title="Altro", problem="P", target="T", commissioning_body="Comune", community_worker=worker
    )
    phase = ProcessPhase.objects.create(process=other, kind="start", starts_on=date(2026, 1, 1))
    assert worker_client.get(url("phase_update", process, phase.pk)).status_code == 404


def test_migrated_phases_keep_their_dates_as_plan_and_as_what_happened(process):
    today = timezone.localdate()
    done = ProcessPhase.objects.create(
        process=process, kind="start", starts_on=today - timedelta(60), ends_on=today - timedelta(30)
    )
    running = ProcessPhase.objects.create(process=process, kind="mapping", starts_on=today - timedelta(29))
    future = ProcessPhase.objects.create(process=process, kind="analysis", starts_on=today + timedelta(10))
    migration = import_module("community.migrations.0010_process_mandate_workers_partners_vision_indicators")
    migration.phases_as_they_went(apps, None)
    statuses = {p.pk: (p.status, p.actual_start, p.actual_end) for p in ProcessPhase.objects.all()}
    assert statuses == {
        done.pk: ("done", done.starts_on, done.ends_on),
        running.pk: ("in_progress", running.starts_on, None),
        future.pk: ("planned", None, None),
    }


# Partners, vision, mapping


def test_partners_with_role_tasks_responsibility_and_period(worker_client, process):
    caritas = OrganisationFactory(name="Caritas Rho")
    data = {"organisation": caritas.pk, "role": "Capofila", "tasks": "Ascolto", "responsibility": "Passirana",
            "starts_on": "2026-01-01"}  # fmt: skip
    worker_client.post(url("process_partner_add", process), data)
    response = worker_client.post(url("process_partner_add", process), data)
    assert error_codes(response, "partner_form") == {"organisation": ["partner_twice"]}
    partner = ProcessPartner.objects.get()
    assert (partner.organisation, partner.role, partner.responsibility) == (caritas, "Capofila", "Passirana")
    assert "Capofila" in worker_client.get(process.get_absolute_url()).content.decode()


def test_a_partner_period_ending_before_it_starts_is_refused(worker_client, process):
    data = {"organisation": OrganisationFactory().pk, "role": "R", "tasks": "T", "responsibility": "A",
            "starts_on": "2026-03-01", "ends_on": "2026-01-01"}  # fmt: skip
    response = worker_client.post(url("process_partner_add", process), data)
    assert error_codes(response, "partner_form") == {"ends_on": ["end_before_start"]}


def test_the_shared_vision_has_numbered_versions_agreed_at_a_meeting(worker_client, process, worker):
    table = TableFactory()
    process.tables.add(table)
    meeting = MeetingFactory(table=table)
    worker_client.post(url("vision_add", process), {"text": "Prima visione", "agreed_on": "2026-01-10"})
    worker_client.post(
        url("vision_add", process), {"text": "Visione rivista", "agreed_on": "2026-03-10", "meeting": meeting.pk}
    )
    versions = list(VisionVersion.objects.values_list("number", "text", "meeting", "recorded_by"))
    assert versions == [(2, "Visione rivista", meeting.pk, worker.pk), (1, "Prima visione", None, worker.pk)]
    page = worker_client.get(process.get_absolute_url())
    assert page.context["vision"].number == 2 and [v.number for v in page.context["earlier_visions"]] == [1]


def test_a_vision_agreed_at_another_tables_meeting_is_refused(worker_client, process):
    response = worker_client.post(
        url("vision_add", process), {"text": "V", "agreed_on": "2026-01-10", "meeting": MeetingFactory().pk}
    )
    assert error_codes(response, "vision_form") == {"meeting": ["invalid_choice"]}
    assert not VisionVersion.objects.exists()


def test_the_mapping_links_organisations_and_opportunities_of_the_directory(worker_client, process):
    organisation, opportunity = OrganisationFactory(), OpportunityFactory()
    worker_client.post(
        url("process_mapping", process), {"organisations": [organisation.pk], "opportunities": [opportunity.pk]}
    )
    assert list(process.mapped_organisations.all()) == [organisation]
    assert list(process.mapped_opportunities.all()) == [opportunity]
    worker_client.post(url("process_mapping", process), {"organisations": [organisation.pk]})
    assert not process.mapped_opportunities.exists()


# Result indicators


def test_measurements_over_time_show_the_indicator_moving_towards_its_target(worker_client, process, objective):
    for day, value in [("2026-01-15", "10"), ("2026-04-15", "22"), ("2026-07-15", "30")]:
        response = worker_client.post(
            url("measurement_add", process), {"objective": objective.pk, "measured_on": day, "value": value}
        )
        assert response.status_code == 302
    worker_client.post(
        url("measurement_add", process), {"objective": objective.pk, "measured_on": "2026-07-15", "value": "34"}
    )
    assert list(objective.measurements.values_list("value", flat=True)) == [10, 22, 34]
    page = worker_client.get(process.get_absolute_url())
    shown = page.context["process"].objectives.all()[0]
    assert shown.progress == 60  # (34 - 10) / (50 - 10)
    html = page.content.decode()
    assert '<progress max="100" value="60"' in html
    assert "<polyline" in html and html.count("<circle") == 3


def test_a_measurement_of_another_process_objective_or_in_the_future_is_refused(worker_client, process, worker):
    other = CommunityProcess.objects.create(
        title="Altro", problem="P", target="T", commissioning_body="Comune", community_worker=worker
    )
    foreign = ProcessObjective.objects.create(process=other, description="O", result_indicator="I")
    ProcessObjective.objects.create(process=process, description="O", result_indicator="I")
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = worker_client.post(
        url("measurement_add", process), {"objective": foreign.pk, "measured_on": tomorrow, "value": "x"}
    )
    assert error_codes(response, "measurement_form") == {
        "objective": ["invalid_choice"],
        "measured_on": ["future"],
        "value": ["invalid"],
    }
    assert not IndicatorMeasurement.objects.exists()


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "progress"),
    [(10, 50, 30, 50), (10, 50, 60, 100), (10, 50, 5, 0), (40, 20, 30, 50), (10, 10, 10, None), (10, 50, None, None)],
)
def test_progress_towards_target_goes_either_way_and_stays_between_0_and_100(baseline, target, latest, progress):
    as_decimal = [None if v is None else Decimal(v) for v in (baseline, target, latest)]
    assert progress_towards_target(*as_decimal) == progress


def test_the_chart_puts_the_target_above_the_baseline_when_the_indicator_should_grow(objective, worker):
    IndicatorMeasurement.objects.create(objective=objective, measured_on=date(2026, 1, 1), value=10, recorded_by=worker)
    IndicatorMeasurement.objects.create(objective=objective, measured_on=date(2026, 6, 1), value=30, recorded_by=worker)
    chart = indicator_chart(baseline=Decimal(10), target=Decimal(50), measurements=list(objective.measurements.all()))
    assert chart.target_y < chart.dots[1][1] < chart.dots[0][1] == chart.baseline_y
    assert chart.dots[0][0] < chart.dots[1][0]
    assert indicator_chart(baseline=Decimal(10), target=Decimal(50), measurements=[]) is None


# Access and cost


def test_no_role_users_are_kept_out(no_role_client, process):
    assert no_role_client.get(process.get_absolute_url()).status_code == 404
    for name in ["phase_add", "process_worker_add", "vision_add", "measurement_add", "process_mapping"]:
        assert no_role_client.post(url(name, process), {}).status_code == 403
    assert not VisionVersion.objects.exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_process_page_query_count_does_not_grow(worker_client, process, django_assert_max_num_queries, rows):
    kinds = ["start", "mapping", "analysis", "actions", "evaluation"]
    table = TableFactory()
    process.tables.add(table)
    for n in range(rows):
        KnowledgeAction.objects.create(process=process, kind="interview", held_on=f"2026-01-{n % 28 + 1:02d}")
        objective = process.objectives.create(description="O", result_indicator="I", baseline=0, target_value=10)
        IndicatorMeasurement.objects.create(
            objective=objective, measured_on=date(2026, 1, 1), value=n, recorded_by=process.community_worker
        )
        IndicatorMeasurement.objects.create(
            objective=objective, measured_on=date(2026, 2, 1), value=n + 1, recorded_by=process.community_worker
        )
        process.tables.add(TableFactory())
        ProcessWorker.objects.create(process=process, worker=UserFactory(), time_share=10)
        ProcessPartner.objects.create(
            process=process, organisation=OrganisationFactory(), role="R", tasks="T", responsibility="A",
            starts_on=date(2026, 1, 1),
        )  # fmt: skip
        VisionVersion.objects.create(
            process=process, number=n + 1, text="V", agreed_on=date(2026, 1, 1), recorded_by=process.community_worker,
            meeting=MeetingFactory(table=table),
        )  # fmt: skip
        process.mapped_organisations.add(OrganisationFactory())
        process.mapped_opportunities.add(OpportunityFactory())
        if n < len(kinds):
            ProcessPhase.objects.create(process=process, kind=kinds[n], starts_on=date(2026, 1, 1))
    # Constant: one query per part of the story, the forms' choices and the documents (the process's and its
    # knowledge actions'), whatever the rows.
    with django_assert_max_num_queries(34):
        assert worker_client.get(process.get_absolute_url()).status_code == 200


def test_the_process_forms_and_the_phase_page_open(worker_client, process):
    phase = ProcessPhase.objects.create(process=process, kind="start", starts_on=date(2026, 1, 1))
    for page in [
        reverse("community:process_create"),
        url("process_update", process),
        url("phase_update", process, phase.pk),
    ]:
        assert worker_client.get(page).status_code == 200


def test_editing_the_mandate_keeps_the_old_text_as_its_notes(worker_client, process, worker):
    process.mandate_notes = "Piano di Zona, azione 4.2"
    process.save(update_fields=["mandate_notes"])
    data = {"title": process.title, "problem": "P", "target": "T", "commissioning_body": "Assemblea dei sindaci",
            "act_number": "7/2026", "mandate_notes": process.mandate_notes, "community_worker": worker.pk,
            "version": process.version}  # fmt: skip
    assert worker_client.post(url("process_update", process), data).status_code == 302
    process.refresh_from_db()
    assert (process.act_number, process.mandate_notes) == ("7/2026", "Piano di Zona, azione 4.2")
