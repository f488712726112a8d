"""The apps tell the audit trail what to track (issue 11): audit and core import no domain app."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps

from audit import registry
from audit.models import AuditEvent
from core import personal_data
from tests.factories import (
    CaseFactory,
    JointPlanFactory,
    OpportunityFactory,
    OrganisationFactory,
    ProtocolFactory,
    ReferralFactory,
    UserFactory,
    target_group,
)

# That audit and core import no domain app is tested for every app in tests/architecture/test_layers.py.


def test_every_model_of_ours_is_tracked_or_deliberately_not():
    decided = set(registry.tracked_models()) | set(registry.untracked_models())
    assert [m._meta.label for m in personal_data.our_models() if m not in decided] == []


def test_every_special_category_field_of_the_inventory_is_kept_out_of_the_trail():
    """What the inventory calls special category is never stored by value (masked or name only)."""
    leaking = []
    for model in registry.tracked_models():
        declared, tracking = personal_data.entry(model), registry.tracked(model)
        for name, category in declared.fields.items():
            if category == personal_data.SPECIAL and name not in tracking.special | tracking.masked:
                leaking.append(f"{model._meta.label}.{name}")
    assert leaking == []


def test_registering_a_field_that_does_not_exist_fails_loudly():
    from cases.models import Case

    with pytest.raises(ImproperlyConfigured):
        registry.register(Case, special=["goal"])
    with pytest.raises(ImproperlyConfigured):
        registry.register(Case, subject="persona_id")
    with pytest.raises(ImproperlyConfigured):
        registry.register(Case, subject="person_id", label=str)
    # The consent is kept per recipient (cases.Consent) since issue 13.
    assert registry.tracked(Case).special == {"goals", "commitments"}


@isolate_apps("audit")
def test_an_unregistered_record_is_labelled_by_type_and_id():
    class Secret(models.Model):
        name = models.CharField(max_length=20)

        class Meta:
            app_label = "audit"

        def __str__(self):
            return self.name

    assert registry.label_of(Secret(pk=3, name="Maria Rossi")) == "audit.secret#3"


def test_the_person_is_found_through_the_records_in_between(worker, django_assert_num_queries):
    case = CaseFactory(person__team=worker.team, responsible=worker)
    plan = JointPlanFactory(case=case)
    partner = plan.partners.create(organisation=OrganisationFactory(), role="x")
    with django_assert_num_queries(0):
        assert registry.subject_of(case.person) == case.person_id
        assert registry.subject_of(case) == case.person_id
    # Loaded alone, a partner reaches the person in one query.
    partner = type(partner).objects.get(pk=partner.pk)
    with django_assert_num_queries(1):
        assert registry.subject_of(partner) == case.person_id


def test_a_referrals_update_costs_no_query_for_its_person(worker, django_assert_num_queries):
    referral = ReferralFactory(case=CaseFactory(person__team=worker.team, responsible=worker))
    referral = type(referral).objects.get(pk=referral.pk)  # case not loaded
    referral.follow_up_on = "2026-12-01"
    # The previous row and the person come in one query; then the update and the event's insert.
    with django_assert_num_queries(3):
        referral.save(update_fields=["follow_up_on"])
    event = AuditEvent.objects.get(action="update", object_type="cases.referral")
    assert (event.subject_person_id, event.changes) == (referral.case.person_id, {"follow_up_on": [None, "2026-12-01"]})


def test_many_to_many_changes_are_recorded_from_either_side(db):
    organisation = OrganisationFactory()
    protocol = ProtocolFactory()
    organisation.target_groups.add(target_group("elderly"))
    organisation.protocols.add(protocol)  # from the other side of Protocol.partners
    # Nothing to clear, nothing recorded.
    OpportunityFactory().areas.clear()
    events = AuditEvent.objects.filter(action="update").order_by("pk")
    assert events.get(object_type="territory.organisation", changes__has_key="target_groups").changes == {
        "target_groups": {"added": [target_group("elderly").pk]}
    }
    on_protocol = events.filter(object_type="territory.protocol", object_id=str(protocol.pk))
    assert on_protocol.last().changes == {"partners": {"added": [organisation.pk]}}
    assert not events.filter(object_type="territory.opportunity").exists()
    organisation.protocols.clear()
    assert on_protocol.last().changes == {"partners": {"removed": [organisation.pk]}}


def test_clearing_a_many_to_many_records_what_was_removed(db):
    organisation = OrganisationFactory()
    groups = [target_group("elderly"), target_group("families")]
    organisation.target_groups.set(groups)
    organisation.target_groups.clear()
    cleared = AuditEvent.objects.filter(object_type="territory.organisation", action="update").order_by("pk").last()
    assert cleared.changes == {"target_groups": {"removed": sorted(g.pk for g in groups)}}


def test_meeting_attendance_and_roles_are_audited(db):
    from accounts.roles import AUDITOR
    from tests.factories import MeetingFactory, TableMemberFactory

    meeting = MeetingFactory()
    member = TableMemberFactory(table=meeting.table)
    meeting.attendees.add(member)
    assert AuditEvent.objects.get(object_type="community.meeting", action="update").changes == {
        "attendees": {"added": [member.pk]}
    }
    user = UserFactory(role=AUDITOR)
    granted = AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk), action="update").get()
    assert list(granted.changes) == ["groups"]


def test_the_password_and_last_login_stay_out(db):
    user = UserFactory()
    created = AuditEvent.objects.get(object_type="accounts.user", action="create")
    assert created.changes["password"] == ["", "***"]
    user.set_password("altra-password-1")
    user.save()
    changed = AuditEvent.objects.get(object_type="accounts.user", action="update")
    assert changed.changes == {"password": ["***", "***"]}
    from django.contrib.auth.models import update_last_login

    update_last_login(None, user)
    assert AuditEvent.objects.filter(object_type="accounts.user", action="update").count() == 1


def test_a_refused_attempt_is_tied_to_the_person_in_one_query(other_team_worker, worker, django_assert_num_queries):
    from audit.services import record_denied
    from cases.models import Referral

    referral = ReferralFactory(case=CaseFactory(person__team=worker.team, responsible=worker))
    with django_assert_num_queries(2):  # whether it exists and whose it is; the event
        event = record_denied(Referral, {"pk": referral.pk})
    assert (event.action, event.allowed, event.object_id, event.subject_person_id) == (
        "denied",
        False,
        str(referral.pk),
        referral.case.person_id,
    )
    assert record_denied(Referral, {"pk": 424242}) is None


def test_another_teams_attempt_on_a_plan_names_the_person_in_the_trail_not_the_page(other_team_client, worker):
    plan = JointPlanFactory(case=CaseFactory(person__team=worker.team, responsible=worker))
    assert other_team_client.get(plan.get_absolute_url()).status_code == 404
    event = AuditEvent.objects.get(action="denied")
    assert (event.object_type, event.subject_person_id, event.object_repr) == (
        "cases.jointplan",
        plan.case.person_id,
        "",
    )
