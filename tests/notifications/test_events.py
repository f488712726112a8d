"""Events tell the people concerned: a referral moved by someone else, a case assigned to me."""

from django.utils import timezone

from accounts.roles import SOCIAL_WORKER
from cases.services import transition_referral, update_case
from notifications.models import Notification
from tests.factories import CaseFactory, ReferralFactory, UserFactory


def test_a_referral_moved_by_someone_else_notifies_the_cases_worker(worker, coordinator):
    referral = ReferralFactory(case=CaseFactory(person__team=worker.team, responsible=worker), status="sent")
    transition_referral(referral=referral, to_status="accepted", actor=coordinator, occurred_on=timezone.localdate())
    notification = Notification.objects.get(user=worker)
    assert (notification.kind, notification.url) == ("referral_moved", referral.get_absolute_url())


def test_moving_ones_own_referral_notifies_nobody(worker):
    referral = ReferralFactory(case=CaseFactory(person__team=worker.team, responsible=worker), status="sent")
    transition_referral(referral=referral, to_status="accepted", actor=worker, occurred_on=timezone.localdate())
    assert not Notification.objects.exists()


def test_a_case_given_to_a_colleague_notifies_the_colleague(worker):
    colleague = UserFactory(username="luca", team=worker.team, role=SOCIAL_WORKER)
    case = CaseFactory(person__team=worker.team, responsible=worker)
    update_case(case=case, actor=worker, version=case.version, needs={}, responsible=colleague)
    assert Notification.objects.get().user == colleague
