"""Record every create, update and delete of the registered models (see audit.registry), and their
many-to-many changes, with what each field may show of its value before and after."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from audit import registry
from audit.models import Action
from audit.services import record


@receiver(pre_save)
def remember_previous(sender, instance, raw=False, **kwargs):
    tracking = registry.tracked(sender)
    if raw or tracking is None or instance.pk is None:
        return
    # One query gives the row as stored and, for a record reached through others, its person.
    instance._audit_previous, instance._audit_subject = tracking.previous(instance)


@receiver(post_save)
def record_save(sender, instance, created, raw=False, **kwargs):
    tracking = registry.tracked(sender)
    if raw or tracking is None:
        return
    before = {} if created else (getattr(instance, "_audit_previous", None) or {})
    changes = tracking.diff(before, tracking.values(instance), created)
    if changes:
        subject = getattr(instance, "_audit_subject", None)
        record(
            Action.CREATE if created else Action.UPDATE,
            instance,
            changes=changes,
            subject_person_id=subject if subject is not None else tracking.subject_of(instance),
        )


@receiver(pre_delete)
def remember_subject(sender, instance, **kwargs):
    # Before the row goes: a cascade may delete what leads from it to the person.
    tracking = registry.tracked(sender)
    if tracking is not None:
        instance._audit_subject = tracking.subject_of(instance)


@receiver(post_delete)
def record_delete(sender, instance, **kwargs):
    if registry.tracked(sender) is not None:
        record(Action.DELETE, instance, subject_person_id=getattr(instance, "_audit_subject", None))


@receiver(m2m_changed)
def record_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    owner = registry.m2m_owner(sender)
    if owner is None:
        return
    owner_model, field_name = owner
    if action == "pre_clear":
        # clear() does not say what it removed: read it while it is still there.
        related = getattr(instance, _accessor(owner_model, field_name, reverse))
        instance._audit_cleared = set(related.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = instance.__dict__.pop("_audit_cleared", set()) if action == "post_clear" else set(pk_set or ())
    if not pks:
        return
    tracking = registry.tracked(owner_model)
    key = "added" if action == "post_add" else "removed"
    if not reverse:
        record(Action.UPDATE, instance, changes=tracking.m2m_change(field_name, **{key: pks}))
        return
    # Changed from the other side (organisation.protocols.add(protocol)): the change belongs to each
    # record owning the field.
    subjects = _subjects(tracking, pks)
    for pk in sorted(pks):
        record(
            Action.UPDATE,
            model=owner_model,
            object_id=pk,
            changes=tracking.m2m_change(field_name, **{key: [instance.pk]}),
            subject_person_id=subjects.get(pk),
        )


def _accessor(owner_model, field_name: str, reverse: bool) -> str:
    field = owner_model._meta.get_field(field_name)
    return field.remote_field.get_accessor_name() if reverse else field_name


def _subjects(tracking, pks) -> dict:
    if tracking.subject is None:
        return {}
    path = "pk" if tracking.subject == "pk" else tracking.subject
    return dict(tracking.model._base_manager.filter(pk__in=pks).values_list("pk", path))
