"""The bell, the notifications page, opening one, and the preferences page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import Kind
from notifications.models import Notification, Preference
from notifications.services import notify
from notifications.wording import choice
from tests.factories import CaseFactory, ReferralFactory


@pytest.fixture
def referral_notice(worker):
    referral = ReferralFactory(case=CaseFactory(person__team=worker.team, responsible=worker), status="accepted")
    params = {
        "case": referral.case.pk,
        "person": "M.R.",
        "opportunity": "Doposcuola",
        "status": choice("cases.choices.ReferralStatus", "accepted"),
    }
    return notify(user=worker, kind=Kind.REFERRAL_MOVED, params=params, record=referral)


def test_the_bell_shows_the_unread_count(worker_client, referral_notice):
    page = worker_client.get(reverse("home")).content.decode()
    assert 'id="bell-count">1' in page


def test_the_list_words_each_notification_in_the_readers_language(worker_client, referral_notice):
    page = worker_client.get(reverse("notifications:list")).content.decode()
    assert "Doposcuola" in page and "accettato" in page.lower()


def test_opening_marks_read_and_leads_to_the_record(worker_client, worker, referral_notice):
    response = worker_client.post(reverse("notifications:open", args=[referral_notice.pk]))
    assert response.status_code == 302
    assert response.url == referral_notice.url
    referral_notice.refresh_from_db()
    worker.refresh_from_db()
    assert referral_notice.is_read and worker.unread_notifications == 0
    # Opening it again changes nothing.
    worker_client.post(reverse("notifications:open", args=[referral_notice.pk]))
    worker.refresh_from_db()
    assert worker.unread_notifications == 0


def test_opening_needs_post(worker_client, referral_notice):
    assert worker_client.get(reverse("notifications:open", args=[referral_notice.pk])).status_code == 405


def test_someone_elses_notification_is_404(other_team_client, referral_notice):
    assert other_team_client.post(reverse("notifications:open", args=[referral_notice.pk])).status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_all_read(worker_client, worker, referral_notice):
    worker_client.post(reverse("notifications:read_all"))
    worker.refresh_from_db()
    assert worker.unread_notifications == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_are_saved_and_bad_input_is_refused(worker_client, worker):
    url = reverse("notifications:preferences")
    assert worker_client.get(url).status_code == 200
    response = worker_client.post(url, {"email_mode": "immediate", "digest_hour": "25"})
    assert response.status_code == 200
    assert "digest_hour" in response.context["form"].errors
    assert not Preference.objects.exists()
    worker_client.post(url, {"email_mode": "immediate", "digest_hour": "8"})
    assert Preference.objects.get(user=worker).email_mode == "immediate"


def test_pages_need_login(client, db):
    for name in ("notifications:list", "notifications:preferences"):
        assert client.get(reverse(name)).status_code == 302


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_runs_a_fixed_number_of_queries(worker_client, worker, django_assert_max_num_queries, rows):
    for _ in range(rows):
        Notification.objects.create(
            user=worker,
            kind=Kind.CASE_ASSIGNED,
            params={"case": 1, "person": "A.", "by": "x"},
            created_at=timezone.now(),
        )
    with django_assert_max_num_queries(9):
        assert worker_client.get(reverse("notifications:list")).status_code == 200
