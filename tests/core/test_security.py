import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from core.errors import server_error


def test_security_headers_on_every_page(worker_client):
    response = worker_client.get(reverse("territory:organisation_list"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_with_personal_data_are_not_cached(worker_client, worker):
    from tests.factories import CaseFactory

    case = CaseFactory(person__team=worker.team, responsible=worker)
    assert "no-store" in worker_client.get(case.get_absolute_url())["Cache-Control"]


def test_static_files_are_left_cacheable(worker_client):
    response = worker_client.get("/static/css/rete.css")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_unused_methods_answer_405(client, db, method):
    response = client.generic(method, reverse("login"))
    assert response.status_code == 405


def test_the_404_page_is_in_italian_without_details(worker_client):
    response = worker_client.get("/non-esiste/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Pagina non trovata" in content
    assert "Traceback" not in content and "urlpatterns" not in content


def test_the_500_page_is_in_italian_without_details(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Si è verificato un errore" in response.content.decode()


def test_a_locked_account_is_refused_even_with_the_right_password(client, worker, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"login": "sara", "password": "sbagliata"})
    response = client.post(reverse("login"), {"login": "sara", "password": "password-di-prova"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_unknown_user_and_wrong_password_read_the_same(client, worker):
    unknown = client.post(reverse("login"), {"login": "nessuno", "password": "x"}).content.decode()
    wrong = client.post(reverse("login"), {"login": "sara", "password": "x"}).content.decode()
    assert "Nome utente o password errati." in unknown
    assert "Nome utente o password errati." in wrong


def test_sessions_expire_after_inactivity(worker_client, monkeypatch):
    from core import sessions

    assert django_settings.SESSION_COOKIE_AGE <= 3600
    response = worker_client.get(reverse("home"))
    # Activity renews the expiry...
    assert response.cookies["sessionid"]["max-age"] == django_settings.SESSION_COOKIE_AGE
    # ...but at most once a minute, so ordinary pages do not write the session.
    assert "sessionid" not in worker_client.get(reverse("home")).cookies
    monkeypatch.setattr(sessions, "RESAVE_AFTER_SECONDS", 0)
    assert "sessionid" in worker_client.get(reverse("home")).cookies


@pytest.mark.parametrize("password", ["password", "12345678901", "corto", "qwertyuiop"])
def test_weak_passwords_are_refused(worker, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=worker)


def test_production_settings_pass_the_deploy_checks():
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 20 + "-production-like-key-" + "y" * 30,
        "ALLOWED_HOSTS": "rete.example.it",
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_serving_without_a_secret_key_fails_loudly_but_tools_still_run():
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings"}
    serve = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert serve.returncode != 0
    assert "SECRET_KEY must be set" in serve.stderr
    tool = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert tool.returncode == 0, tool.stderr
