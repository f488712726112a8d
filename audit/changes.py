"""Record every create, update and delete of the records that matter, with fields before and after."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from audit.models import Action
from audit.services import record
from cases.models import Case, CaseMeeting, JointPlan, Person, PlanPartner, Referral
from community.models import CommunityAction, Meeting, Table
from territory.models import Contact, Opportunity, Organisation, Protocol

TRACKED = (
    Person, Case, Referral, JointPlan, PlanPartner, CaseMeeting,
    Organisation, Contact, Opportunity, Protocol,
    CommunityAction, Table, Meeting,
    get_user_model(),
)  # fmt: skip
# Values never copied into the trail, only the fact that they changed.
MASKED = {"fiscal_code", "household_notes", "password"}
IGNORED = {"updated_at", "created_at", "version", "last_login"}


def _values(instance) -> dict:
    return {
        field.attname: field.value_from_object(instance)
        for field in instance._meta.concrete_fields
        if field.attname not in IGNORED
    }


def _shown(name: str, value):
    if name in MASKED:
        return "***" if value else ""
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)


@receiver(pre_save)
def remember_previous(sender, instance, raw=False, **kwargs):
    if raw or sender not in TRACKED or instance.pk is None:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_previous = _values(previous) if previous is not None else None


@receiver(post_save)
def record_save(sender, instance, created, raw=False, **kwargs):
    if raw or sender not in TRACKED:
        return
    after = _values(instance)
    before = {} if created else (getattr(instance, "_audit_previous", None) or {})
    changes = {
        name: [_shown(name, before.get(name)), _shown(name, value)]
        for name, value in after.items()
        if created or before.get(name) != value
    }
    if changes:
        record(Action.CREATE if created else Action.UPDATE, instance, changes=changes)


@receiver(post_delete)
def record_delete(sender, instance, **kwargs):
    if sender in TRACKED:
        record(Action.DELETE, instance)
