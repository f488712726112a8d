"""Issue 15, the process complete: changing and removing its parts, the evaluation of its objectives at the
evaluation phase, knowledge actions linked to real records and the mapping on a map."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from community import process as story
from community.models import CommunityProcess, KnowledgeAction, ProcessObjective, ProcessPhase
from community.process import IndicatorMeasurement, ProcessPartner, ProcessWorker
from documents.models import Document
from tests.factories import CommunityActionFactory, OpportunityFactory, OrganisationFactory, UserFactory
from tests.helpers import error_codes


@pytest.fixture
def process(worker):
    return CommunityProcess.objects.create(
        title="Portierato di comunità", problem="Isolamento", target="Anziani",
        commissioning_body="Assemblea dei sindaci", community_worker=worker,
    )  # fmt: skip


@pytest.fixture
def other_process(worker):
    return CommunityProcess.objects.create(
        title="Altro", problem="P", target="T", commissioning_body="Comune", community_worker=worker
    )


@pytest.fixture
def objective(process):
    return ProcessObjective.objects.create(
        process=process, description="Più relazioni", result_indicator="Persone", baseline=Decimal(10),
        target_value=Decimal(50), evaluation_criteria="Almeno 40 persone",
    )  # fmt: skip


@pytest.fixture
def partnership(process):
    return ProcessPartner.objects.create(
        process=process, organisation=OrganisationFactory(name="Auser"), role="Capofila", tasks="Animazione",
        responsibility="Quartiere nord", starts_on=date(2026, 1, 1),
    )  # fmt: skip


def change(process, part, row):
    return reverse("community:process_part_change", args=[process.pk, part, row.pk])


def remove(process, part, row):
    return reverse("community:process_part_remove", args=[process.pk, part, row.pk])


# Changing and removing partners, dedicated workers and measurements


def test_a_partner_is_changed_and_the_change_audited(worker_client, process, partnership):
    data = {"role": "Co-progettista", "tasks": "Ascolto", "responsibility": "Quartiere sud",
            "starts_on": "2026-01-01", "ends_on": "2026-12-31", "edited_version": partnership.version}  # fmt: skip
    response = worker_client.post(change(process, "partner", partnership), data)
    assert response.url == process.get_absolute_url()
    partnership.refresh_from_db()
    assert (partnership.role, partnership.ends_on, partnership.version) == ("Co-progettista", date(2026, 12, 31), 2)
    assert AuditEvent.objects.filter(
        action="update", object_type="community.processpartner", object_id=str(partnership.pk)
    ).exists()


def test_a_partner_changed_by_someone_else_meanwhile_is_not_overwritten(worker_client, process, partnership):
    story.change_partner(
        partnership=partnership, version=1, role="Capofila", tasks="Animazione e ascolto",
        responsibility="Quartiere nord", starts_on=date(2026, 1, 1), ends_on=None,
    )  # fmt: skip
    data = {"role": "Altro", "tasks": "X", "responsibility": "Y", "starts_on": "2026-01-01", "edited_version": 1}
    response = worker_client.post(change(process, "partner", partnership), data)
    assert response.status_code == 200
    assert error_codes(response) == {"__all__": ["stale"]}
    partnership.refresh_from_db()
    assert partnership.tasks == "Animazione e ascolto"


def test_a_partner_period_ending_before_it_starts_is_refused_on_change(worker_client, process, partnership):
    data = {"role": "R", "tasks": "T", "responsibility": "A", "starts_on": "2026-03-01", "ends_on": "2026-02-01",
            "edited_version": 1}  # fmt: skip
    response = worker_client.post(change(process, "partner", partnership), data)
    assert error_codes(response) == {"ends_on": ["end_before_start"]}
    partnership.refresh_from_db()
    assert partnership.ends_on is None


def test_a_partner_is_removed_and_the_removal_audited(worker_client, process, partnership):
    pk = partnership.pk
    response = worker_client.post(remove(process, "partner", partnership), {"edited_version": 1})
    assert response.url == process.get_absolute_url()
    assert not ProcessPartner.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="community.processpartner", object_id=str(pk))


def test_a_removal_from_a_stale_page_is_refused(worker_client, process, partnership):
    story.change_partner(
        partnership=partnership, version=1, role="R", tasks="T", responsibility="A", starts_on=date(2026, 1, 1),
        ends_on=None,
    )  # fmt: skip
    response = worker_client.post(remove(process, "partner", partnership), {"edited_version": 1})
    assert error_codes(response, "remove_form") == {"__all__": ["stale"]}
    assert ProcessPartner.objects.exists()


def test_a_dedicated_workers_share_is_changed_then_the_worker_removed(worker_client, process, coordinator):
    dedication = ProcessWorker.objects.create(process=process, worker=coordinator, time_share=20)
    assert worker_client.get(change(process, "worker", dedication)).status_code == 200
    worker_client.post(change(process, "worker", dedication), {"time_share": "60", "role": "Facilitatrice",
                                                              "edited_version": 1})  # fmt: skip
    dedication.refresh_from_db()
    assert (dedication.time_share, dedication.role) == (60, "Facilitatrice")
    worker_client.post(remove(process, "worker", dedication), {"edited_version": dedication.version})
    assert not ProcessWorker.objects.exists()


def test_a_share_over_one_hundred_percent_is_refused_on_change(worker_client, process, coordinator):
    dedication = ProcessWorker.objects.create(process=process, worker=coordinator, time_share=20)
    response = worker_client.post(change(process, "worker", dedication), {"time_share": "150", "edited_version": 1})
    assert error_codes(response) == {"time_share": ["max_value"]}
    dedication.refresh_from_db()
    assert dedication.time_share == 20


def test_a_measurement_is_corrected_then_removed(worker_client, process, objective, worker):
    measurement = IndicatorMeasurement.objects.create(
        objective=objective, measured_on=date(2026, 1, 1), value=12, recorded_by=worker
    )
    data = {"measured_on": "2026-01-02", "value": "14", "edited_version": 1}
    assert worker_client.post(change(process, "measurement", measurement), data).status_code == 302
    measurement.refresh_from_db()
    assert (measurement.measured_on, measurement.value) == (date(2026, 1, 2), Decimal(14))
    worker_client.post(remove(process, "measurement", measurement), {"edited_version": measurement.version})
    assert not IndicatorMeasurement.objects.exists()


def test_a_measurement_moved_onto_a_day_already_measured_is_refused(worker_client, process, objective, worker):
    first = IndicatorMeasurement.objects.create(objective=objective, measured_on=date(2026, 1, 1), value=12,
                                                recorded_by=worker)  # fmt: skip
    IndicatorMeasurement.objects.create(objective=objective, measured_on=date(2026, 2, 1), value=15, recorded_by=worker)
    data = {"measured_on": "2026-02-01", "value": "14", "edited_version": 1}
    response = worker_client.post(change(process, "measurement", first), data)
    assert error_codes(response) == {"measured_on": ["measured_twice"]}
    first.refresh_from_db()
    assert first.measured_on == date(2026, 1, 1)


def test_a_part_of_another_process_answers_404(worker_client, process, other_process, partnership):
    assert worker_client.get(change(other_process, "partner", partnership)).status_code == 404
    assert worker_client.post(remove(other_process, "partner", partnership), {"edited_version": 1}).status_code == 404
    assert ProcessPartner.objects.exists()


def test_no_role_users_cannot_change_or_remove(no_role_client, process, partnership):
    assert no_role_client.post(remove(process, "partner", partnership), {"edited_version": 1}).status_code == 403
    assert ProcessPartner.objects.exists()


# Evaluation criteria at the evaluation phase


def evaluate(process, objective):
    return reverse("community:objective_evaluate", args=[process.pk, objective.pk])


def test_criteria_are_refused_before_the_evaluation_phase(worker_client, process, objective):
    ProcessPhase.objects.create(process=process, kind="evaluation", starts_on=date(2026, 6, 1))  # planned
    data = {"evaluation": "met", "evaluated_on": "2026-01-10"}
    response = worker_client.post(evaluate(process, objective), data)
    assert response.status_code == 200
    assert error_codes(response) == {"__all__": ["before_evaluation"]}
    assert "fase di valutazione" in response.content.decode()
    objective.refresh_from_db()
    assert objective.evaluation == ""


def test_criteria_are_checked_once_the_evaluation_phase_began_and_shown_in_the_story(worker_client, process, objective):
    ProcessPhase.objects.create(
        process=process, kind="evaluation", starts_on=date(2026, 1, 1), status="in_progress",
        actual_start=date(2026, 1, 5),
    )  # fmt: skip
    data = {"evaluation": "partly_met", "evaluated_on": "2026-01-10", "evaluation_note": "32 persone su 40"}
    assert worker_client.post(evaluate(process, objective), data).status_code == 302
    objective.refresh_from_db()
    assert (objective.evaluation, objective.evaluated_on) == ("partly_met", date(2026, 1, 10))
    page = worker_client.get(process.get_absolute_url()).content.decode()
    assert "Parzialmente raggiunto" in page and "32 persone su 40" in page


def test_an_evaluation_needs_its_outcome_and_not_a_future_day(worker_client, process, objective):
    ProcessPhase.objects.create(
        process=process, kind="evaluation", starts_on=date(2026, 1, 1), status="done",
        actual_start=date(2026, 1, 5), actual_end=date(2026, 2, 1),
    )  # fmt: skip
    response = worker_client.post(evaluate(process, objective), {"evaluated_on": "2026-01-10"})
    assert error_codes(response) == {"evaluation": ["required"]}
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = worker_client.post(evaluate(process, objective), {"evaluation": "met", "evaluated_on": tomorrow})
    assert error_codes(response) == {"evaluated_on": ["future"]}


def test_an_objective_of_another_process_answers_404(worker_client, other_process, objective):
    assert worker_client.get(evaluate(other_process, objective)).status_code == 404


# Knowledge actions linked to real records


def test_a_focus_group_links_a_community_action_of_the_log(worker_client, process):
    action = CommunityActionFactory(title="Focus group al centro anziani")
    data = {"kind": "focus_group", "held_on": "2026-02-01", "community_action": action.pk}
    worker_client.post(reverse("community:knowledge_add", args=[process.pk]), data)
    assert KnowledgeAction.objects.get().community_action == action
    assert "Focus group al centro anziani" in worker_client.get(process.get_absolute_url()).content.decode()


def test_only_a_focus_group_is_a_community_action(worker_client, process):
    data = {"kind": "interview", "held_on": "2026-02-01", "community_action": CommunityActionFactory().pk}
    response = worker_client.post(reverse("community:knowledge_add", args=[process.pk]), data)
    assert error_codes(response, "knowledge_form") == {"community_action": ["action_not_focus_group"]}
    assert not KnowledgeAction.objects.exists()


def test_an_interview_takes_documents_listed_in_the_story(worker_client, process, worker):
    interview = KnowledgeAction.objects.create(process=process, kind="interview", held_on=date(2026, 2, 1))
    attach = reverse("documents:create", args=["community.knowledgeaction", interview.pk])
    page = worker_client.get(process.get_absolute_url()).content.decode()
    assert attach in page
    assert worker_client.get(attach).status_code == 200
    Document.objects.create(
        record_type="community.knowledgeaction", record_id=interview.pk, title="Intervista alla portinaia",
        file="x.pdf", original_name="x.pdf", media_type="application/pdf", size=1, uploaded_by=worker,
    )  # fmt: skip
    assert "Intervista alla portinaia" in worker_client.get(process.get_absolute_url()).content.decode()


# The mapping on a map


def test_the_mapped_resources_are_markers_with_a_list_beside(worker_client, process):
    placed = OrganisationFactory(name="Caritas", latitude=Decimal("45.5"), longitude=Decimal("9.1"))
    unplaced = OrganisationFactory(name="Pro Loco")
    opportunity = OpportunityFactory(title="Doposcuola", organisation=placed)
    process.mapped_organisations.set([placed, unplaced])
    process.mapped_opportunities.set([opportunity])
    response = worker_client.get(process.get_absolute_url())
    markers = response.context["map_data"]["markers"]
    assert [(m["name"], m["lat"], [o["title"] for o in m["opportunities"]]) for m in markers] == [
        ("Caritas", 45.5, ["Doposcuola"])
    ]
    page = response.content.decode()
    assert 'id="map-data"' in page and "js/map.js" in page and "Pro Loco" in page and "<script>" not in page


def test_without_coordinates_there_is_no_map_but_the_list(worker_client, process):
    process.mapped_organisations.set([OrganisationFactory(name="Pro Loco")])
    page = worker_client.get(process.get_absolute_url()).content.decode()
    assert 'id="map-data"' not in page and "Pro Loco" in page


@pytest.mark.parametrize("rows", [1, 15])
def test_the_story_with_evaluations_links_and_documents_costs_the_same(
    worker_client, process, worker, django_assert_max_num_queries, rows
):
    ProcessPhase.objects.create(
        process=process, kind="evaluation", starts_on=date(2026, 1, 1), status="in_progress",
        actual_start=date(2026, 1, 5),
    )  # fmt: skip
    for n in range(rows):
        process.objectives.create(description="O", result_indicator="I", baseline=0, target_value=10,
                                  evaluation="met", evaluated_on=date(2026, 1, 10))  # fmt: skip
        KnowledgeAction.objects.create(process=process, kind="focus_group", held_on=date(2026, 1, 2),
                                       community_action=CommunityActionFactory())  # fmt: skip
        interview = KnowledgeAction.objects.create(process=process, kind="interview", held_on=date(2026, 1, 3))
        Document.objects.create(
            record_type="community.knowledgeaction", record_id=interview.pk, title=f"Intervista {n}", file="x.pdf",
            original_name="x.pdf", media_type="application/pdf", size=1, uploaded_by=UserFactory(),
        )  # fmt: skip
        organisation = OrganisationFactory(latitude=Decimal("45.5"), longitude=Decimal("9.1"))
        process.mapped_organisations.add(organisation)
        process.mapped_opportunities.add(OpportunityFactory(organisation=organisation))
    with django_assert_max_num_queries(34):
        assert worker_client.get(process.get_absolute_url()).status_code == 200
