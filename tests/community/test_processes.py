import pytest
from django.urls import reverse

from community.models import CommunityProcess, KnowledgeAction, ProcessPhase
from tests.factories import TableFactory
from tests.helpers import error_codes


@pytest.fixture
def process(worker):
    return CommunityProcess.objects.create(
        title="Portierato di comunità",
        problem="Isolamento",
        target="Anziani",
        mandate="Piano di Zona",
        community_worker=worker,
    )


def test_a_worker_creates_a_process_linked_to_a_table(worker_client, worker):
    table = TableFactory()
    response = worker_client.post(
        reverse("community:process_create"),
        {
            "title": "Comunità educante",
            "problem": "Povertà educativa",
            "target": "Ragazzi 11-16",
            "mandate": "Assemblea dei sindaci",
            "community_worker": worker.pk,
            "tables": [table.pk],
        },
    )
    process = CommunityProcess.objects.get()
    assert response.url == process.get_absolute_url()
    assert list(process.tables.all()) == [table]


def test_a_process_needs_its_mandate(worker_client, worker):
    response = worker_client.post(
        reverse("community:process_create"),
        {"title": "X", "problem": "Y", "target": "Z", "community_worker": worker.pk},
    )
    assert error_codes(response) == {"mandate": ["required"]}


def test_phases_objectives_and_knowledge_actions(worker_client, process):
    worker_client.post(
        reverse("community:phase_add", args=[process.pk]), {"kind": "mapping", "starts_on": "2026-01-10"}
    )
    worker_client.post(
        reverse("community:objective_add", args=[process.pk]),
        {"description": "Più relazioni", "result_indicator": "Partecipanti", "evaluation_criteria": "Questionario"},
    )
    worker_client.post(
        reverse("community:knowledge_add", args=[process.pk]),
        {"kind": "focus_group", "held_on": "2026-02-01", "participants": "12"},
    )
    assert ProcessPhase.objects.get().kind == "mapping"
    assert process.objectives.count() == 1
    assert KnowledgeAction.objects.get().participants == 12


def test_a_phase_ending_before_it_starts_is_refused(worker_client, process):
    response = worker_client.post(
        reverse("community:phase_add", args=[process.pk]),
        {"kind": "analysis", "starts_on": "2026-03-01", "ends_on": "2026-02-01"},
    )
    assert error_codes(response, "phase_form") == {"ends_on": ["end_before_start"]}
    assert not ProcessPhase.objects.exists()


def test_no_role_users_are_kept_out(no_role_client, process):
    assert no_role_client.get(process.get_absolute_url()).status_code == 404
    assert no_role_client.post(reverse("community:phase_add", args=[process.pk]), {}).status_code == 403


@pytest.mark.parametrize("rows", [1, 30])
def test_process_page_query_count_does_not_grow(worker_client, process, django_assert_max_num_queries, rows):
    for day in range(rows):
        KnowledgeAction.objects.create(process=process, kind="interview", held_on=f"2026-01-{day % 28 + 1:02d}")
        process.objectives.create(description="O", result_indicator="I")
        process.tables.add(TableFactory())
    # One more than before (issue 14): the process's documents.
    with django_assert_max_num_queries(15):
        assert worker_client.get(process.get_absolute_url()).status_code == 200
