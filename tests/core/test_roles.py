from django.contrib.auth.models import Group

from accounts.roles import ADMIN, ROLE_PERMISSIONS, SOCIAL_WORKER, sync_roles
from tests.factories import UserFactory


def test_every_role_group_has_exactly_its_permissions(db):
    sync_roles()
    for role, permissions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert granted == set(permissions), role


def test_a_social_worker_maps_the_territory_but_deletes_nothing(db):
    worker = UserFactory(role=SOCIAL_WORKER)
    assert worker.has_perm("territory.add_opportunity")
    assert worker.has_perm("territory.change_organisation")
    assert not worker.has_perm("territory.delete_organisation")
    assert not worker.has_perm("territory.change_area")


def test_an_admin_keeps_areas_and_users(db):
    admin = UserFactory(role=ADMIN)
    assert admin.has_perm("territory.change_area")
    assert admin.has_perm("accounts.change_user")
