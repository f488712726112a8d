"""The permissions backend reads the same set as Django's ModelBackend, in one query."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from accounts.backends import ModelBackendOneQuery
from accounts.roles import COORDINATOR
from tests.factories import UserFactory


def fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.django_db
def test_own_and_role_permissions_in_one_query(django_assert_num_queries):
    user = UserFactory(role=COORDINATOR)
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    extra = Group.objects.create(name="extra")
    extra.permissions.add(Permission.objects.get(codename="add_area"))
    user.groups.add(extra)
    expected = ModelBackend().get_all_permissions(fresh(user))
    reader = fresh(user)
    with django_assert_num_queries(1):
        found = ModelBackendOneQuery().get_all_permissions(reader)
        assert reader.has_perm("audit.view_auditevent") and reader.has_perm("territory.add_area")
    assert found == expected
    assert {"audit.view_auditevent", "territory.add_area", "community.coordinate_tables"} <= found


@pytest.mark.django_db
def test_inactive_and_superusers_as_django_reads_them():
    inactive = UserFactory(role=COORDINATOR, is_active=False)
    assert ModelBackendOneQuery().get_all_permissions(inactive) == set()
    root = UserFactory(is_superuser=True)
    assert ModelBackendOneQuery().get_all_permissions(fresh(root)) == ModelBackend().get_all_permissions(fresh(root))
