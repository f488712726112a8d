"""Structured logs: one JSON object per line with the request id and the user's id, never personal data; the
same request id on the response header and the error page; error reporting with personal data off."""

import json
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from audit.middleware import client_ip
from core.logs import JsonFormatter, RequestContextFilter, _forget_request, _scrub, error_reporting_options
from tests.factories import PersonFactory


@pytest.fixture
def records():
    """Every record of the request, as the console handler would write it."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(self.format(record)))

    handler = Collect()
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lines
    root.removeHandler(handler)


def test_the_proxys_request_id_is_answered_and_on_every_record(worker_client, worker, records):
    response = worker_client.get("/nowhere/", HTTP_X_REQUEST_ID="0f3c9a1be2d84c55a1b2c3d4e5f60718")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "0f3c9a1be2d84c55a1b2c3d4e5f60718"
    logged = [r for r in records if r["logger"] == "django.request"]
    assert logged, records
    assert logged[0]["request_id"] == "0f3c9a1be2d84c55a1b2c3d4e5f60718"
    assert logged[0]["user_id"] == worker.pk
    assert logged[0]["level"] == "WARNING"


@pytest.mark.parametrize("incoming", ["", "short", "x" * 65, "bad id\r\nSet-Cookie: a=b"])
def test_a_missing_or_odd_request_id_is_replaced_by_one_of_ours(client, db, incoming):
    response = client.get(reverse("healthz"), HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[A-Z2-9]{8}", response["X-Request-ID"])


def test_each_request_gets_its_own_id(client, db):
    assert client.get(reverse("healthz"))["X-Request-ID"] != client.get(reverse("healthz"))["X-Request-ID"]


@pytest.mark.parametrize(("path", "status"), [("/prova-errore/bug/", 500), ("/prova-errore/outage/", 503)])
def test_the_error_page_shows_the_request_id(settings, db, records, path, status):
    """The reference to quote to support is the request id: in the page, the header and the log record."""
    settings.ROOT_URLCONF = "tests.core.test_error_pages"  # the site's URLs plus views that fail
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get(path, HTTP_X_REQUEST_ID="abcdef0123456789")
    assert response.status_code == status
    assert response["X-Request-ID"] == "abcdef0123456789"
    assert "<strong>abcdef0123456789</strong>" in response.content.decode()
    [error] = [r for r in records if r["level"] == "ERROR"]
    assert error["request_id"] == "abcdef0123456789"
    assert error["status_code"] == status
    assert "Traceback" in error["exception"]


def test_a_record_carries_no_request_contents(worker_client, records):
    """A person's name typed in a search reaches neither the message nor any other field."""
    PersonFactory(first_name="Giuseppina", last_name="Esposito")
    worker_client.get("/nowhere/", {"q": "Giuseppina Esposito"})
    assert records
    assert "Giuseppina" not in json.dumps(records)


def test_error_reporting_sends_no_personal_data():
    # Outside a request (a test client that raised leaves the last one behind): the header's id is used.
    _forget_request()
    options = error_reporting_options("https://key@glitchtip.example.it/1", "production")
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["include_local_variables"] is False
    event = {
        "request": {
            "url": "https://rete.example.it/casi/persone/",
            "query_string": "q=Giuseppina",
            "data": {"notes": "..."},
            "cookies": {"sessionid": "s"},
            "headers": {"X-Request-ID": "abcdef0123456789", "Cookie": "sessionid=s", "User-Agent": "Firefox"},
        },
        "user": {"id": 7, "username": "sara", "email": "sara@example.it", "ip_address": "10.0.0.1"},
    }
    scrubbed = _scrub(event, {})
    assert "Giuseppina" not in json.dumps(scrubbed)
    assert "sessionid" not in json.dumps(scrubbed)
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["tags"]["request_id"] == "abcdef0123456789"


@pytest.mark.parametrize(
    ("peer", "forwarded", "seen"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),
        # What the client wrote itself comes first and is ignored; the proxy appended the last address.
        ("127.0.0.1", "10.9.9.9, 203.0.113.7", "203.0.113.7"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        # Not from the proxy: the header is anyone's.
        ("198.51.100.2", "203.0.113.7", "198.51.100.2"),
    ],
)
def test_behind_a_trusted_proxy_the_app_sees_the_clients_address(client, db, settings, peer, forwarded, seen):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get(reverse("healthz"), REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(response.wsgi_request) == seen


def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, db):
    response = client.get(reverse("healthz"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(response.wsgi_request) == "127.0.0.1"
