"""Raise `User.permissions_version` whenever what a user may do changes, so that no server process keeps the old
set (accounts/backends.py).

Permissions reach a user three ways, each a many-to-many table: the user's roles (User.groups), a role's
permissions (Group.permissions) and the user's own (User.user_permissions). A change to any of them, from
either side, raises the version of every user it touches, with one UPDATE. Deleting a role or a permission
empties those tables without their signal, so the deletion raises it too, before the rows go.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import F, Q
from django.db.models.signals import m2m_changed, pre_delete

from accounts.models import User


def raise_version(users: Q) -> None:
    User.objects.filter(users).update(permissions_version=F("permissions_version") + 1)


def _users(through, instance, reverse: bool, pk_set) -> Q:
    """The users a change of `through` touches. `reverse`: made from the other side than the user's or the role's
    (a role's members, a permission's holders); pk_set None: cleared, so the instance's links, read before."""
    if through is Group.permissions.through:
        if not reverse:
            return Q(groups=instance)
        return Q(groups__permissions=instance) if pk_set is None else Q(groups__in=pk_set)
    if not reverse:
        return Q(pk=instance.pk)
    linked = Q(groups=instance) if through is User.groups.through else Q(user_permissions=instance)
    return linked if pk_set is None else Q(pk__in=pk_set)


def on_m2m_change(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    # After an add or a remove; a clear is read before it happens (afterwards the links are gone).
    if action in ("post_add", "post_remove") or action == "pre_clear":
        raise_version(_users(sender, instance, reverse, None if action == "pre_clear" else pk_set))
        if isinstance(instance, User):
            # The caller's copy too: a later save() of it would otherwise write the old number back.
            instance.refresh_from_db(fields=["permissions_version"])


def on_delete(sender, instance, **kwargs) -> None:
    if sender is Group:
        raise_version(Q(groups=instance))
    elif sender is Permission:
        raise_version(Q(user_permissions=instance) | Q(groups__permissions=instance))


def connect() -> None:
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(on_m2m_change, sender=through, dispatch_uid=f"accounts.permissions.{through._meta.label}")
    for model in (Group, Permission):
        pre_delete.connect(on_delete, sender=model, dispatch_uid=f"accounts.permissions.delete.{model._meta.label}")
