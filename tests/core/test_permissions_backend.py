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


def permissions(user):
    """What a new request of the user may do: a user object loaded afresh, as the session middleware loads it."""
    return ModelBackendOneQuery().get_all_permissions(fresh(user))


@pytest.mark.django_db
def test_kept_between_requests_of_the_same_user(django_assert_num_queries):
    user = UserFactory(role=COORDINATOR)
    reader = fresh(user)
    with django_assert_num_queries(1):
        first = ModelBackendOneQuery().get_all_permissions(reader)
    reader = fresh(user)
    with django_assert_num_queries(0):
        assert ModelBackendOneQuery().get_all_permissions(reader) == first
    other = UserFactory()
    assert permissions(other) == set()  # kept per user, not shared


@pytest.mark.django_db
def test_a_role_taken_away_or_given_is_seen_on_the_next_request():
    user = UserFactory(role=COORDINATOR)
    assert "community.coordinate_tables" in permissions(user)
    coordinators = Group.objects.get(name=COORDINATOR)
    fresh(user).groups.remove(coordinators)
    assert "community.coordinate_tables" not in permissions(user)
    coordinators.user_set.add(user)  # from the role's side
    assert "community.coordinate_tables" in permissions(user)
    coordinators.user_set.clear()
    assert "community.coordinate_tables" not in permissions(user)


@pytest.mark.django_db
def test_a_change_to_a_role_reaches_all_its_members():
    first, second = UserFactory(role=COORDINATOR), UserFactory(role=COORDINATOR)
    assert all("community.coordinate_tables" in permissions(user) for user in (first, second))
    coordinate = Permission.objects.get(codename="coordinate_tables")
    Group.objects.get(name=COORDINATOR).permissions.remove(coordinate)
    assert not any("community.coordinate_tables" in permissions(user) for user in (first, second))
    coordinate.group_set.add(Group.objects.get(name=COORDINATOR))  # from the permission's side
    assert all("community.coordinate_tables" in permissions(user) for user in (first, second))
    coordinate.group_set.clear()
    assert not any("community.coordinate_tables" in permissions(user) for user in (first, second))


@pytest.mark.django_db
def test_own_permissions_and_deleted_roles():
    user = UserFactory()
    audit = Permission.objects.get(codename="view_auditevent")
    assert permissions(user) == set()
    audit.user_set.add(user)
    assert permissions(user) == {"audit.view_auditevent"}
    fresh(user).user_permissions.clear()
    assert permissions(user) == set()
    extra = Group.objects.create(name="extra")
    extra.permissions.add(audit)
    extra.user_set.add(user)
    assert permissions(user) == {"audit.view_auditevent"}
    extra.delete()
    assert permissions(user) == set()


@pytest.mark.django_db
def test_saving_the_user_after_a_role_change_keeps_the_change():
    """A service that sets the roles and then saves the same user object must not write the old version back."""
    user = UserFactory(role=COORDINATOR)
    assert permissions(user)
    editing = fresh(user)
    editing.groups.set([])
    editing.first_name = "Renamed"
    editing.save()
    assert permissions(user) == set()
