"""An administrator keeps accounts and roles but never gives itself more rights (the admin reads no case)."""

from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.roles import ADMIN, SOCIAL_WORKER
from tests.factories import TeamFactory, UserFactory


def change(client, user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        **overrides,
    }
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)


def test_an_administrator_cannot_make_itself_a_superuser_or_a_worker(client, db):
    admin = UserFactory(username="amministratore", team=None, role=ADMIN, is_staff=True)
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_user_change", args=[admin.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="groups"' not in page
    worker_role = Group.objects.get(name=SOCIAL_WORKER)
    change(client, admin, is_superuser="on", groups=[worker_role.pk], team=TeamFactory().pk)
    admin.refresh_from_db()
    assert not admin.is_superuser
    assert admin.team is None
    assert list(admin.groups.values_list("name", flat=True)) == [ADMIN]


def test_an_administrator_gives_roles_to_others_but_never_superuser(client, db):
    admin = UserFactory(username="amministratore", team=None, role=ADMIN, is_staff=True)
    other = UserFactory(username="nuova", team=None)
    client.force_login(admin)
    worker_role = Group.objects.get(name=SOCIAL_WORKER)
    response = change(client, other, is_superuser="on", groups=[worker_role.pk], is_staff="")
    assert response.status_code == 302
    other = User.objects.get(pk=other.pk)
    assert list(other.groups.values_list("name", flat=True)) == [SOCIAL_WORKER]
    assert not other.is_superuser
