"""Minutes with the members: each confirms them or asks for a correction from their link; the coordinator
sees who answered what; accepting corrections sends a new version (the earlier ones kept). Owners close
their action items with a note; open items are carried into the next meeting's agenda."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from community.models import ActionItem, MinutesAnswer, MinutesVersion
from community.services import change_minutes_status, issue_minutes_version
from notifications.models import Notification
from outbox.models import Email
from partners.models import PartnerLink
from tests.factories import ContactFactory, MeetingFactory, TableFactory, TableMemberFactory
from tests.helpers import error_codes
from tests.partners.conftest import link_in, links_in


@pytest.fixture
def table(coordinator):
    table = TableFactory(coordinator=coordinator, name="Tavolo povertà educativa")
    TableMemberFactory(table=table, citizen_name="Lucia Ferri", email="lucia@example.it")
    TableMemberFactory(table=table, contact=ContactFactory(email="davide@example.it"), citizen_name="", email="")
    TableMemberFactory(table=table, citizen_name="Senza indirizzo", email="")
    return table


@pytest.fixture
def meeting(table):
    meeting = MeetingFactory(table=table, minutes="Il tavolo ha discusso.", decisions="Volantino comune.")
    lucia = table.members.get(citizen_name="Lucia Ferri")
    ActionItem.objects.create(meeting=meeting, description="Volantino", owner=lucia, due_on=timezone.localdate())
    return meeting


def sent(meeting):
    coordinator = meeting.table.coordinator
    for status in ("in_review", "approved", "sent"):
        meeting = change_minutes_status(meeting=meeting, to_status=status, actor=coordinator)
    return meeting


def minutes_link(address: str, version: int = 1) -> str:
    subject_marker = "" if version == 1 else f"{version}"
    emails = Email.objects.filter(kind="minutes", address=address).order_by("pk")
    email = list(emails)[version - 1]
    assert subject_marker in email.subject
    return [path for path in links_in(email.body) if "/verbale/" in path][0]


def test_every_member_gets_a_link_to_answer_and_one_per_action_item(meeting):
    sent(meeting)
    lucia = Email.objects.get(kind="minutes", address="lucia@example.it")
    paths = links_in(lucia.body)
    assert [path.split("/")[2] for path in paths] == ["verbale", "azione"]
    davide = Email.objects.get(kind="minutes", address="davide@example.it")
    assert [path.split("/")[2] for path in links_in(davide.body)] == ["verbale"]
    version = MinutesVersion.objects.get()
    assert (version.number, version.minutes) == (1, "Il tavolo ha discusso.")
    assert PartnerLink.objects.filter(purpose="minutes", minutes_version=version).count() == 2


def test_a_member_confirms_and_another_asks_for_a_correction(meeting, coordinator):
    sent(meeting)
    lucia, davide = Client(), Client()
    page = lucia.get(minutes_link("lucia@example.it"))
    assert page.status_code == 200 and "Il tavolo ha discusso." in page.content.decode()
    assert lucia.post(minutes_link("lucia@example.it"), {"answer": "confirmed"}).status_code == 302
    response = davide.post(minutes_link("davide@example.it"), {"answer": "correction"})
    assert error_codes(response) == {"correction": ["correction_required"]}
    davide.post(minutes_link("davide@example.it"), {"answer": "correction", "correction": "Ero presente anch'io."})

    answers = {a.member.delivery_email: (a.answer, a.correction) for a in MinutesAnswer.objects.all()}
    assert answers == {
        "lucia@example.it": ("confirmed", ""),
        "davide@example.it": ("correction", "Ero presente anch'io."),
    }
    assert Notification.objects.get(user=coordinator).kind == "minutes_correction"
    # Once per member and version.
    again = lucia.post(minutes_link("lucia@example.it"), {"answer": "correction", "correction": "Ripensamento"})
    assert error_codes(again) == {"__all__": ["already_answered"]}
    uses = AuditEvent.objects.filter(action="link_used", object_type="community.minutesversion")
    assert {event.changes["step"] for event in uses} == {"open", "confirmed", "correction"}


def test_the_coordinator_sees_per_member_confirmed_correction_or_no_answer(meeting, client, coordinator):
    sent(meeting)
    Client().post(minutes_link("lucia@example.it"), {"answer": "confirmed"})
    client.force_login(coordinator)
    response = client.get(meeting.get_absolute_url())
    rows = {member.delivery_email: answer and answer.answer for member, answer in response.context["answer_rows"]}
    # The member without an address received nothing, so is not waited for.
    assert rows == {"lucia@example.it": "confirmed", "davide@example.it": None}


def test_accepting_corrections_sends_a_new_version_and_keeps_the_old_one(meeting, client, coordinator):
    sent(meeting)
    davide = Client()
    old_link = minutes_link("davide@example.it")
    davide.post(old_link, {"answer": "correction", "correction": "Ero presente anch'io."})
    client.force_login(coordinator)
    response = client.post(
        reverse("community:minutes_new_version", args=[meeting.pk]),
        {"minutes": "Il tavolo ha discusso, con Davide.", "decisions": "Volantino comune."},
    )
    assert response.status_code == 302
    versions = list(MinutesVersion.objects.order_by("number").values_list("number", "minutes"))
    assert versions == [(1, "Il tavolo ha discusso."), (2, "Il tavolo ha discusso, con Davide.")]
    assert MinutesAnswer.objects.get().accepted_in.number == 2
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.minutes_status) == ("Il tavolo ha discusso, con Davide.", "sent")
    # Sent again to everyone, each with a new link; the old version stays readable.
    assert Email.objects.filter(kind="minutes").count() == 4
    new_link = minutes_link("davide@example.it", version=2)
    assert "con Davide" in davide.get(new_link).content.decode()
    # The old link still shows what Davide answered to version 1.
    assert davide.get(old_link).context["answer"].correction == "Ero presente anch'io."
    first = MinutesVersion.objects.get(number=1)
    assert "Il tavolo ha discusso." in client.get(first.get_absolute_url()).content.decode()
    page = client.get(meeting.get_absolute_url())
    assert [v.number for v in page.context["versions"]] == [2, 1]


def test_an_answer_to_a_replaced_version_is_refused(meeting, coordinator):
    sent(meeting)
    old_link = minutes_link("lucia@example.it")
    issue_minutes_version(meeting=meeting, actor=coordinator, minutes="Versione corretta", decisions="")
    response = Client().post(old_link, {"answer": "confirmed"})
    assert error_codes(response) == {"__all__": ["superseded"]}
    assert Client().get(old_link).context["superseded"] is True


def test_only_the_coordinator_sends_a_new_version_and_only_of_sent_minutes(meeting, worker, coordinator):
    with pytest.raises(ValidationError) as not_sent:
        issue_minutes_version(meeting=meeting, actor=coordinator, minutes="X", decisions="")
    assert not_sent.value.code == "not_coordinator"
    sent(meeting)
    with pytest.raises(ValidationError) as refused:
        issue_minutes_version(meeting=meeting, actor=worker, minutes="X", decisions="")
    assert refused.value.code == "not_coordinator"
    with pytest.raises(ValidationError) as empty:
        issue_minutes_version(meeting=meeting, actor=coordinator, minutes="  ", decisions="")
    assert empty.value.error_dict["minutes"][0].code == "minutes_empty"
    assert MinutesVersion.objects.count() == 1


def test_a_member_closes_their_action_item_with_a_note(meeting):
    sent(meeting)
    email = Email.objects.get(kind="minutes", address="lucia@example.it")
    path = [p for p in links_in(email.body) if "/azione/" in p][0]
    client = Client()
    assert "Volantino" in client.get(path).content.decode()
    assert client.post(path, {"note": "Stampato e distribuito"}).status_code == 302
    item = ActionItem.objects.get()
    assert (item.status, item.done_note, item.done_by) == ("done", "Stampato e distribuito", None)
    assert item.done_at is not None
    # Closing it twice is refused.
    assert error_codes(client.post(path, {"note": "ancora"})) == {"__all__": ["not_open"]}


def test_a_worker_closes_their_own_action_item_in_the_app(meeting, worker_client, worker, other_team_worker):
    item = ActionItem.objects.create(
        meeting=meeting, description="Chiamare la scuola", assignee=worker, due_on=timezone.localdate()
    )
    url = reverse("community:action_item_done", args=[item.pk])
    page = worker_client.get(meeting.get_absolute_url())
    assert item.pk in page.context["closable"]
    colleague = Client()
    colleague.force_login(other_team_worker)
    assert colleague.post(url, {"note": "no"}).status_code == 404
    assert AuditEvent.objects.filter(action="denied", user=other_team_worker).exists()
    assert worker_client.post(url, {"note": "Fatto il 12"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.done_note, item.done_by) == ("done", "Fatto il 12", worker)
    lucias = ActionItem.objects.get(owner__citizen_name="Lucia Ferri")
    assert worker_client.post(reverse("community:action_item_done", args=[lucias.pk]), {"note": "x"}).status_code == 404


def test_open_items_are_carried_into_the_next_meetings_agenda(meeting, coordinator, client):
    client.force_login(coordinator)
    form = client.get(reverse("community:meeting_create", args=[meeting.table.pk])).context["form"]
    assert "Volantino" in form["agenda"].value()
    following = MeetingFactory(table=meeting.table, starts_at=timezone.now() + timedelta(days=20))
    page = client.get(following.get_absolute_url())
    assert [item.description for item in page.context["carried"]] == ["Volantino"]
    ActionItem.objects.update(status="done")
    assert list(client.get(following.get_absolute_url()).context["carried"]) == []


def test_a_reminder_of_a_due_item_carries_the_link_to_close_it(meeting):
    from community.notices import reminders

    list(reminders(timezone.localdate()))
    email = Email.objects.get(kind="action_item")
    path = link_in(email.body)
    assert "/azione/" in path and Client().get(path).status_code == 200


@pytest.mark.parametrize("rows", [1, 20])
def test_the_meeting_page_with_answers_takes_a_fixed_number_of_queries(
    coordinator, client, django_assert_max_num_queries, rows
):
    table = TableFactory(coordinator=coordinator)
    earlier = MeetingFactory(table=table, starts_at=timezone.now() - timedelta(days=40))
    meeting = MeetingFactory(table=table)
    version = MinutesVersion.objects.create(meeting=meeting, number=1, minutes="V1", sent_by=coordinator)
    MinutesVersion.objects.create(meeting=meeting, number=2, minutes="V2", sent_by=coordinator)
    for index in range(rows):
        member = TableMemberFactory(table=table, contact=ContactFactory(), citizen_name="", email=f"m{index}@x.it")
        MinutesAnswer.objects.create(version=version, member=member, answer="correction", correction="x")
        ActionItem.objects.create(meeting=earlier, description="Aperta", owner=member, due_on=timezone.localdate())
    client.force_login(coordinator)
    with django_assert_max_num_queries(21):
        assert client.get(meeting.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [1, 20])
def test_the_member_pages_take_a_fixed_number_of_queries(meeting, coordinator, django_assert_max_num_queries, rows):
    sent(meeting)
    for number in range(2, rows + 2):
        issue_minutes_version(meeting=meeting, actor=coordinator, minutes=f"Versione {number}", decisions="")
    lucia = Email.objects.filter(kind="minutes", address="lucia@example.it").latest("pk")
    minutes_path = [path for path in links_in(lucia.body) if "/verbale/" in path][0]
    item_path = [path for path in links_in(lucia.body) if "/azione/" in path][0]
    client = Client()
    with django_assert_max_num_queries(10):
        assert client.get(minutes_path).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(item_path).status_code == 200


def test_a_new_version_needs_its_text_and_is_re_rendered_without_it(meeting, client, coordinator):
    sent(meeting)
    client.force_login(coordinator)
    response = client.post(reverse("community:minutes_new_version", args=[meeting.pk]), {"minutes": " "})
    assert response.status_code == 200
    assert error_codes(response, "version_form") == {"minutes": ["required"]}
    assert "Nulla è stato salvato" in response.content.decode()
    assert MinutesVersion.objects.count() == 1


def test_versions_and_their_pages_follow_the_meetings_access(meeting, no_role_client, coordinator):
    sent(meeting)
    version = MinutesVersion.objects.get()
    assert no_role_client.get(version.get_absolute_url()).status_code == 404
    assert (
        no_role_client.post(reverse("community:minutes_new_version", args=[meeting.pk]), {"minutes": "x"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(action="denied", object_type="community.minutesversion").exists()
