"""The server error page: a 500 with a reference id also written to the log, a 503 when the database is down.

This module is also the URLconf of its tests: the site's own URLs and error handler, plus views that fail.
The real outage (PostgreSQL stopped under gunicorn) is in test_outage.py.
"""

import logging
import re

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.test import Client, RequestFactory
from django.urls import path
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from config.urls import handler500
from config.urls import urlpatterns as site_urlpatterns
from core import errors


@login_not_required
def bug(request):
    raise ZeroDivisionError("a bug, with a value from the database: Rossi Mario")


@login_not_required
def outage(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@login_not_required
def wrapped_outage(request):
    # Code that catches the database error and raises its own still answers 503.
    try:
        raise InterfaceError("connection already closed")
    except InterfaceError as error:
        raise RuntimeError("could not load the page") from error


urlpatterns = [
    *site_urlpatterns,
    path("prova-errore/bug/", bug),
    path("prova-errore/outage/", outage),
    path("prova-errore/wrapped/", wrapped_outage),
    path("prova-errore/export.json", outage),
]

REFERENCE = re.compile(r"<strong>([A-Z2-9]{8})</strong>")


@pytest.fixture
def failing_site(settings, db):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False


@pytest.fixture
def visitor(failing_site):
    """A client that gets the error page, as a visitor would, instead of the exception."""
    return Client(raise_request_exception=False)


def italian(message: str) -> str:
    with translation.override("it"):
        return gettext(message)


def test_the_site_uses_our_handler():
    assert handler500 == "core.errors.server_error"


def test_a_bug_answers_500_with_a_reference_that_is_in_the_log(visitor, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = visitor.get("/prova-errore/bug/")
    content = response.content.decode()
    assert response.status_code == 500
    reference = REFERENCE.search(content).group(1)
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert reference in record.getMessage()
    assert record.exc_info[0] is ZeroDivisionError
    # The page tells nothing of the error itself.
    assert "Traceback" not in content and "ZeroDivisionError" not in content and "Rossi" not in content
    assert "Retry-After" not in response


def test_the_500_page_is_italian_and_self_contained(visitor):
    response = visitor.get("/prova-errore/bug/")
    content = response.content.decode()
    assert '<html lang="it">' in content
    assert response["Content-Language"] == "it"
    assert italian("An error occurred") in content
    assert "Torna alla pagina iniziale" in content
    # No stylesheet, script or image: the page must render when static files are the problem.
    assert "/static/" not in content and "<script" not in content
    assert "no-store" in response["Cache-Control"]


def test_every_error_gets_its_own_reference(visitor):
    first = REFERENCE.search(visitor.get("/prova-errore/bug/").content.decode()).group(1)
    second = REFERENCE.search(visitor.get("/prova-errore/bug/").content.decode()).group(1)
    assert first != second


@pytest.mark.parametrize("url", ["/prova-errore/outage/", "/prova-errore/wrapped/"])
def test_a_database_outage_answers_503_in_italian(visitor, caplog, url):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = visitor.get(url)
    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="it">' in content
    assert italian("Service temporarily unavailable") in content
    assert "Torna alla pagina iniziale" in content
    assert "5432" not in content and "Traceback" not in content
    reference = REFERENCE.search(content).group(1)
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert reference in record.getMessage()
    assert record.exc_info is not None


def test_the_error_pages_speak_english_to_who_chose_it(visitor):
    visitor.cookies["django_language"] = "en"
    for url, heading in (
        ("/prova-errore/bug/", "An error occurred"),
        ("/prova-errore/outage/", "Service temporarily unavailable"),
    ):
        content = visitor.get(url).content.decode()
        assert '<html lang="en">' in content
        assert heading in content
        assert "Back to the home page" in content


def test_the_error_page_ignores_the_language_left_active_by_the_previous_request(visitor):
    # Worker threads keep the last activated language; an error raised before the language middleware
    # runs must not show the previous user's English to an Italian user.
    translation.activate("en")
    try:
        assert '<html lang="it">' in visitor.get("/prova-errore/outage/").content.decode()
    finally:
        translation.deactivate()


def test_after_an_outage_the_user_is_not_looked_up_again(failing_site):
    # When the user lookup itself failed (LoginRequiredMiddleware asks first), the middleware further out
    # must not ask again on the way back: SecurityHeadersMiddleware would fail a second time.
    def unreachable():
        raise OperationalError("server closed the connection unexpectedly")

    request = RequestFactory().get("/casi/")
    request.user = SimpleLazyObject(unreachable)
    try:
        unreachable()
    except OperationalError:
        response = errors.server_error(request)
    assert response.status_code == 503
    assert not request.user.is_authenticated


@pytest.mark.parametrize(
    ("url", "accept"),
    [("/prova-errore/export.json", "*/*"), ("/prova-errore/outage/", "application/json")],
)
def test_json_clients_get_a_json_503(visitor, url, accept):
    response = visitor.get(url, headers={"accept": accept})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    body = response.json()
    assert body["error"] == "service_unavailable"
    assert re.fullmatch(r"[A-Z2-9]{8}", body["reference"])
    assert body["message"] == italian("The service is temporarily unavailable.")


def test_browsers_accepting_anything_get_the_page(visitor):
    response = visitor.get("/prova-errore/outage/", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response["Content-Type"].startswith("text/html")


def test_json_clients_get_a_json_500(visitor):
    response = visitor.get("/prova-errore/bug/", headers={"accept": "application/json"})
    assert response.status_code == 500
    assert response.json()["error"] == "server_error"
