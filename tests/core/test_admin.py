import pytest
from django.urls import reverse

from tests.factories import ContactFactory, OpportunityFactory, ProtocolFactory, UserFactory

MODELS = [
    ("territory", "area"),
    ("territory", "organisation"),
    ("territory", "contact"),
    ("territory", "opportunity"),
    ("territory", "protocol"),
    ("territory", "targetgroup"),
    ("territory", "povertydimension"),
    ("accounts", "user"),
    ("accounts", "team"),
]


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="capo", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_every_model_has_a_searchable_admin_list(admin_client, app, model):
    ContactFactory()
    OpportunityFactory()
    ProtocolFactory()
    url = reverse(f"admin:{app}_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "a"}).status_code == 200


def test_a_social_worker_cannot_open_the_admin(worker_client):
    response = worker_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response.url
