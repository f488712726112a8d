"""A user's own API tokens: created with the secret shown once, stored hashed, revoked by POST."""

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from audit.models import AuditEvent
from partners.tokens import digest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_stored_as_a_hash(worker_client, worker):
    response = worker_client.post(reverse("api_pages:token_list"), {"name": "Il mio script", "scope": "read"})
    assert response.status_code == 200
    secret = response.context["created"].secret
    token = ApiToken.objects.get(owner=worker)
    assert (token.name, token.scope, token.token_hash) == ("Il mio script", "read", digest(secret))
    assert secret in response.content.decode()
    # Never again, and never in the audit trail.
    assert secret not in worker_client.get(reverse("api_pages:token_list")).content.decode()
    assert not AuditEvent.objects.filter(changes__icontains=secret).exists()
    assert not AuditEvent.objects.filter(changes__icontains=token.token_hash).exists()


def test_a_token_without_a_name_is_refused_with_a_message(worker_client):
    response = worker_client.post(reverse("api_pages:token_list"), {"name": "", "scope": "read"})
    assert response.status_code == 200
    assert "Questo campo è obbligatorio." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token_by_post_only(worker_client, worker, bearer):
    token = bearer(worker)["token"]
    url = reverse("api_pages:token_revoke", args=[token.pk])
    assert worker_client.get(url).status_code == 405
    assert worker_client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_answers_404(other_team_client, worker, bearer):
    token = bearer(worker)["token"]
    assert other_team_client.post(reverse("api_pages:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert other_team_client.get(reverse("api_pages:token_list")).context["tokens"].count() == 0


def test_the_tokens_page_costs_the_same_queries_whatever_the_tokens(
    worker_client, worker, bearer, django_assert_max_num_queries
):
    bearer(worker)
    with django_assert_max_num_queries(10):
        worker_client.get(reverse("api_pages:token_list"))
    for _ in range(20):
        bearer(worker)
    with django_assert_max_num_queries(10):
        assert worker_client.get(reverse("api_pages:token_list")).status_code == 200


def test_the_api_docs_need_a_signed_in_session(worker_client):
    assert Client().get("/api/v1/openapi.json").status_code == 302
    schema = worker_client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organisations" in schema["paths"]
    assert worker_client.get("/api/v1/docs/").status_code == 200


def test_a_user_without_a_role_still_has_no_rights_through_a_token(client, bearer):
    auth = bearer(UserFactory(username="nessuno", team=None))
    assert client.get("/api/v1/community-actions", HTTP_AUTHORIZATION=auth["HTTP_AUTHORIZATION"]).json()["count"] == 0
