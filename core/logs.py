"""Logs that several servers can be read by: one JSON object per line, each carrying the request id.

- RequestIdMiddleware (first in MIDDLEWARE) takes the id the proxy sent in X-Request-ID (nginx's
  $request_id, see deploy/nginx/rete.conf) or makes one, keeps it for the request's log records, sends it
  back in the X-Request-ID response header, and core.errors shows it on the 500 and 503 pages as the
  reference to quote to support.
- RequestContextFilter puts the request id and the signed-in user's id on every record: an id, never a
  name, an e-mail or anything about the people in charge.
- JsonFormatter writes a fixed set of fields. Whatever else a record carries (the request object Django
  attaches, arguments) is left out, so a form's contents cannot reach the log by that road.
- init_error_reporting: sentry-sdk (or a compatible server such as GlitchTip) when SENTRY_DSN is set, with
  personal data off.

No Django model is imported here: the logging configuration (and the settings, for Sentry) load this module.
"""

import contextvars
import json
import logging
import re
import secrets
from datetime import UTC, datetime

from django.core.signals import request_finished

# Read over the phone or copied from a screenshot: no 0/O or 1/I to confuse.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
# What a proxy may send: nginx's $request_id is 32 hex digits; anything else (too long, other characters,
# a header injection attempt) is replaced by an id of ours.
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
HEADER = "X-Request-ID"

_request = contextvars.ContextVar("rete_request", default=None)


def new_request_id() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def request_id_of(request) -> str:
    """The request's id (set by the middleware), or a new one for a request that never passed it."""
    if not getattr(request, "request_id", None):
        request.request_id = new_request_id()
    return request.request_id


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request.request_id = incoming if INCOMING_ID.fullmatch(incoming) else new_request_id()
        # Kept until the response is closed (request_finished, below): Django logs a 4xx or 5xx response
        # after the middleware has returned, and that record needs the id too.
        _request.set(request)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def _forget_request(**kwargs) -> None:
    _request.set(None)


request_finished.connect(_forget_request, dispatch_uid="core.logs.forget_request")


def _signed_in_user_id(request) -> int | None:
    # Only a user already loaded by the request: a log record never triggers a query of its own (it may be
    # written because the database is down).
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = _request.get()
        record.request_id = getattr(request, "request_id", None) if request is not None else None
        record.user_id = _signed_in_user_id(request) if request is not None else None
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("request_id", "user_id", "status_code")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in self.FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _scrub(event: dict, hint: dict) -> dict:
    """What may carry personal data leaves the event: bodies, query strings, cookies; the request id stays."""
    request = event.get("request") or {}
    for key in ("data", "query_string", "cookies", "env"):
        request.pop(key, None)
    headers = request.get("headers") or {}
    request_id = headers.get(HEADER) or headers.get(HEADER.lower())
    request["headers"] = {
        name: value for name, value in headers.items() if name.lower() in ("user-agent", "x-request-id")
    }
    current = _request.get()
    request_id = getattr(current, "request_id", None) or request_id
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def error_reporting_options(dsn: str, environment: str) -> dict:
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "integrations": [DjangoIntegration()],
        # No IP addresses, cookies, user names or e-mails; no request bodies; no local variables in stack
        # traces (they hold the records being worked on); no performance tracing.
        "send_default_pii": False,
        "max_request_body_size": "never",
        "include_local_variables": False,
        "traces_sample_rate": 0,
        "before_send": _scrub,
    }


def init_error_reporting(dsn: str, environment: str) -> None:
    import sentry_sdk

    sentry_sdk.init(**error_reporting_options(dsn, environment))
